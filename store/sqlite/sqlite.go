// Package sqlite is the embedded backend of the market-data store: one
// SQLite file (pure-Go driver, WAL) with FTS5 for listing text. It is the
// default on a single machine.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/exportscope/exportscope/internal/sqlitepool"
	"github.com/exportscope/exportscope/store"
)

// schemaVersion changes whenever the tables' layout does; a file written by
// another version is refused with a clear message instead of misread.
const schemaVersion = 5

// Store is the SQLite market-data store.
type Store struct {
	write  *sql.DB // one connection: SQLite has one writer
	read   *sql.DB // several read-only connections
	tables map[store.Kind]*table
	index  *listingIndex
	log    *slog.Logger

	mu     sync.RWMutex // held for reading by every call, for writing by Close
	closed bool
}

var _ store.Store = (*Store)(nil)

// Options configure Open.
type Options struct {
	// Path of the database file; its folder is created if needed.
	Path string
	// Readers is the size of the read pool; 0 means 4.
	Readers int
	Logger  *slog.Logger
}

// Open opens (creating if needed) the store at opts.Path.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.Path == "" {
		return nil, errors.New("sqlite store: no path given")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	tables, err := newTables()
	if err != nil {
		return nil, err
	}
	write, read, err := sqlitepool.Open(sqlitepool.Options{Path: opts.Path, Readers: opts.Readers, ReadOnlyReaders: true,
		Pragmas: []string{"cache_size(-65536)", "temp_store(MEMORY)"}})
	if err != nil {
		return nil, fmt.Errorf("market store: %w", err)
	}
	s := &Store{write: write, read: read, tables: tables, index: newListingIndex(tables[store.KindListing]), log: opts.Logger}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", opts.Path, err)
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version == 3 {
		// Version 4 added the listings' net weight and price per kg.
		for _, col := range []string{"netWeightKg", "usdPerKg"} {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("ALTER TABLE listings ADD COLUMN %s REAL", quote(col))); err != nil {
				return fmt.Errorf("migrate schema 3 to 4: %w", err)
			}
		}
		version = 4
	}
	if version == 4 {
		// Version 5 added the snapshots' search position fields.
		for _, col := range []string{"searchQuery TEXT", "searchPage REAL", "searchPosition REAL", "brand TEXT"} {
			name, typ, _ := strings.Cut(col, " ")
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("ALTER TABLE snapshots ADD COLUMN %s %s", quote(name), typ)); err != nil {
				return fmt.Errorf("migrate schema 4 to 5: %w", err)
			}
		}
		version = schemaVersion
	}
	if version != 0 && version != schemaVersion {
		return fmt.Errorf("the file has market-store schema version %d, this build expects %d", version, schemaVersion)
	}
	var stmts []string
	for _, kind := range store.Kinds {
		stmts = append(stmts, s.tables[kind].ddl()...)
	}
	stmts = append(stmts,
		`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)`,
		`INSERT OR IGNORE INTO meta (key, value) VALUES ('listings_gen', 0)`,
		`CREATE TABLE IF NOT EXISTS listing_tombstones (rowid INTEGER PRIMARY KEY, gen INTEGER NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS listing_tombstones_gen ON listing_tombstones (gen)`,
		`CREATE VIRTUAL TABLE IF NOT EXISTS listings_fts USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`,
		fmt.Sprintf("PRAGMA user_version = %d", schemaVersion))
	for _, stmt := range stmts {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("create schema: %w\n%s", err, stmt)
		}
	}
	return tx.Commit()
}

// enter guards a call against a concurrent Close; the caller must call the
// returned func when done.
func (s *Store) enter() (func(), error) {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil, fmt.Errorf("%w: store is closed", store.ErrUnavailable)
	}
	return s.mu.RUnlock, nil
}

// Close waits for in-flight calls (a bulk write finishes and commits) and
// closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return errors.Join(s.read.Close(), s.write.Close())
}

// Ping checks that the database file can be read.
func (s *Store) Ping(ctx context.Context) error {
	done, err := s.enter()
	if err != nil {
		return err
	}
	defer done()
	if err := s.read.PingContext(ctx); err != nil {
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	var n int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	return nil
}

// Bulk validates docs and upserts the valid ones in one transaction.
func (s *Store) Bulk(ctx context.Context, docs []store.Doc) (store.BulkResult, error) {
	res := store.BulkResult{Items: make([]store.ItemResult, len(docs))}
	valid := make([]int, 0, len(docs))
	for i, d := range docs {
		res.Items[i] = store.ItemResult{Kind: d.Kind(), ID: d.DocID()}
		if err := d.Validate(); err != nil {
			res.Items[i].Err = err
			continue
		}
		valid = append(valid, i)
	}
	if len(valid) == 0 {
		return res, nil
	}
	done, err := s.enter()
	if err != nil {
		return res.FailAll(valid, err), err
	}
	defer done()
	if err := s.upsert(ctx, docs, valid, &res); err != nil {
		err = fmt.Errorf("%w: bulk write of %d documents: %v", store.ErrUnavailable, len(valid), err)
		return res.FailAll(valid, err), err
	}
	return res, nil
}

func (s *Store) upsert(ctx context.Context, docs []store.Doc, valid []int, res *store.BulkResult) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmts := map[store.Kind]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	var fts *sql.Stmt
	changed := map[int64]*store.Listing{}
	args := make([]any, 0, 32)
	// A write that touches listings takes the next generation first and
	// stamps its rows with it.
	var gen int64
	for _, i := range valid {
		if docs[i].Kind() == store.KindListing {
			if gen, err = nextGeneration(ctx, tx); err != nil {
				return err
			}
			break
		}
	}
	for _, i := range valid {
		d := docs[i]
		t := s.tables[d.Kind()]
		st := stmts[d.Kind()]
		if st == nil {
			if st, err = tx.PrepareContext(ctx, t.upsert); err != nil {
				return err
			}
			stmts[d.Kind()] = st
		}
		body, err := json.Marshal(d)
		if err != nil {
			res.Items[i].Err = fmt.Errorf("%s %s: encode: %w", d.Kind(), d.DocID(), err)
			continue
		}
		args = append(args[:0], d.DocTenant(), d.DocID())
		args = append(args, t.values(d)...)
		var text string
		if l, ok := d.(*store.Listing); ok {
			text = listingText(l)
			args = append(args, len(tokens(text)), gen)
		}
		args = append(args, body)
		var rowid int64
		if err := st.QueryRowContext(ctx, args...).Scan(&rowid); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			res.Items[i].Err = fmt.Errorf("%s %s: %w", d.Kind(), d.DocID(), err)
			continue
		}
		if l, ok := d.(*store.Listing); ok {
			if fts == nil {
				if fts, err = tx.PrepareContext(ctx, "INSERT OR REPLACE INTO listings_fts (rowid, text) VALUES (?, ?)"); err != nil {
					return err
				}
				defer fts.Close()
			}
			if _, err := fts.ExecContext(ctx, rowid, indexTokens(text)); err != nil {
				return fmt.Errorf("index listing %s: %w", l.ID, err)
			}
			changed[rowid] = l
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if gen > 0 {
		s.index.applied(gen, changed, nil)
	}
	return nil
}

// nextGeneration takes the next listings generation inside tx.
func nextGeneration(ctx context.Context, tx *sql.Tx) (int64, error) {
	var gen int64
	err := tx.QueryRowContext(ctx, "UPDATE meta SET value = value + 1 WHERE key = 'listings_gen' RETURNING value").Scan(&gen)
	return gen, err
}

// listingText is the text a listing is found by.
func listingText(l *store.Listing) string {
	return strings.Join([]string{l.Title, l.Brand, l.Seller, l.Category}, " ")
}

// Get fetches documents by ID within scope.
func (s *Store) Get(ctx context.Context, scope store.Scope, kind store.Kind, ids []string) ([]store.Doc, error) {
	t, ok := s.tables[kind]
	if !ok {
		return nil, fmt.Errorf("%w: unknown kind %q", store.ErrBadQuery, kind)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	var out []store.Doc
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := []any{scope.Tenant}
		for _, id := range chunk {
			args = append(args, id)
		}
		q := fmt.Sprintf("SELECT doc FROM %s WHERE tenant = ? AND id IN (%s) ORDER BY id", t.name, placeholders(len(chunk)))
		docs, err := s.queryDocs(ctx, kind, q, args...)
		if err != nil {
			return nil, err
		}
		out = append(out, docs...)
	}
	return out, nil
}

// Delete removes documents by ID within scope.
func (s *Store) Delete(ctx context.Context, scope store.Scope, kind store.Kind, ids []string) error {
	t, ok := s.tables[kind]
	if !ok {
		return fmt.Errorf("%w: unknown kind %q", store.ErrBadQuery, kind)
	}
	done, err := s.enter()
	if err != nil {
		return err
	}
	defer done()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	defer tx.Rollback()
	var removed []int64
	var gen int64
	if kind == store.KindListing && len(ids) > 0 {
		if gen, err = nextGeneration(ctx, tx); err != nil {
			return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
		}
	}
	for _, id := range ids {
		var rowid int64
		err := tx.QueryRowContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE tenant = ? AND id = ? RETURNING rowid", t.name), scope.Tenant, id).Scan(&rowid)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("delete %s %s: %w", kind, id, err)
		}
		if kind == store.KindListing {
			if _, err := tx.ExecContext(ctx, "DELETE FROM listings_fts WHERE rowid = ?", rowid); err != nil {
				return fmt.Errorf("delete %s %s from text index: %w", kind, id, err)
			}
			if _, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO listing_tombstones (rowid, gen) VALUES (?, ?)", rowid, gen); err != nil {
				return fmt.Errorf("delete %s %s: %w", kind, id, err)
			}
			removed = append(removed, rowid)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	if gen > 0 {
		s.index.applied(gen, nil, removed)
	}
	return nil
}

// Counts reports documents per kind over all tenants.
func (s *Store) Counts(ctx context.Context) (map[store.Kind]int64, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	out := map[store.Kind]int64{}
	for _, kind := range store.Kinds {
		var n int64
		if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM "+s.tables[kind].name).Scan(&n); err != nil {
			return nil, fmt.Errorf("%w: count %s: %v", store.ErrUnavailable, kind, err)
		}
		out[kind] = n
	}
	return out, nil
}

func (s *Store) queryDocs(ctx context.Context, kind store.Kind, q string, args ...any) ([]store.Doc, error) {
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%w: query %s: %v", store.ErrUnavailable, kind, err)
	}
	defer rows.Close()
	var out []store.Doc
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("read %s: %w", kind, err)
		}
		d, err := decode(kind, body)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%w: query %s: %v", store.ErrUnavailable, kind, err)
	}
	return out, nil
}

func decode(kind store.Kind, body []byte) (store.Doc, error) {
	d, err := store.NewDoc(kind)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(body, d); err != nil {
		return nil, fmt.Errorf("decode stored %s: %w", kind, err)
	}
	return d, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
