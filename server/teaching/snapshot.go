package teaching

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
)

// Snapshot describes a frozen copy of a class's data.
type Snapshot struct {
	ID        string
	Sectors   []string
	Listings  int
	Flows     int
	CreatedAt time.Time
}

// snapshotFile is where snapshot id's store lives.
func (s *Service) snapshotFile(id string) string {
	return filepath.Join(s.dir, "snapshots", id+".db")
}

// takeSnapshot copies the sectors' public listings and trade flows from
// the main store into a new snapshot store and records it.
func (s *Service) takeSnapshot(ctx context.Context, tenant string, secs []analytics.Sector) (string, error) {
	id := newID()
	file := s.snapshotFile(id)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return "", fmt.Errorf("snapshot %s: %w", id, err)
	}
	st, err := sqlite.Open(ctx, sqlite.Options{Path: file, Readers: 2, Logger: s.log})
	if err != nil {
		return "", fmt.Errorf("snapshot %s: open store: %w", id, err)
	}
	var tags, hs, slugs []string
	for _, sec := range secs {
		tags = append(tags, sec.Tag())
		hs = append(hs, sec.HS...)
		slugs = append(slugs, sec.Slug)
	}
	counts := map[store.Kind]int{}
	copyKind := func(kind store.Kind, f store.Filter) error {
		return s.src.Scan(ctx, store.ScanQuery{Scope: store.Public, Kind: kind, Filter: f}, func(docs []store.Doc) error {
			res, err := st.Bulk(ctx, docs)
			if err != nil {
				return err
			}
			if err := res.Err(); err != nil {
				return err
			}
			counts[kind] += len(docs)
			return nil
		})
	}
	err = copyKind(store.KindListing, store.Filter{store.In("sectors", tags...)})
	if err == nil && len(hs) > 0 {
		err = copyKind(store.KindTradeFlow, store.Filter{store.Prefix("hs", hs...)})
	}
	if err != nil {
		return "", errors.Join(fmt.Errorf("snapshot %s: copy: %w", id, err), st.Close(), os.Remove(file))
	}
	sj, _ := json.Marshal(slugs)
	if _, err := s.db.Writer().ExecContext(ctx, `INSERT INTO teaching_snapshots (id, tenant_id, file, sectors, listings, flows, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, tenant, filepath.Base(file), string(sj), counts[store.KindListing], counts[store.KindTradeFlow], millis(s.now())); err != nil {
		return "", errors.Join(fmt.Errorf("snapshot %s: record: %w", id, err), st.Close(), os.Remove(file))
	}
	s.mu.Lock()
	s.snaps[id] = st
	s.mu.Unlock()
	s.log.InfoContext(ctx, "snapshot taken", "tenant", tenant, "snapshot", id, "listings", counts[store.KindListing], "flows", counts[store.KindTradeFlow])
	return id, nil
}

// snapshot returns snapshot id's record, checking it belongs to tenant.
func (s *Service) snapshot(ctx context.Context, tenant, id string) (Snapshot, error) {
	var sn Snapshot
	var sectors string
	var created int64
	err := s.db.Reader().QueryRowContext(ctx, `SELECT id, sectors, listings, flows, created_at FROM teaching_snapshots WHERE id = ? AND tenant_id = ?`, id, tenant).
		Scan(&sn.ID, &sectors, &sn.Listings, &sn.Flows, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return sn, fmt.Errorf("snapshot %s of tenant %s: %w", id, tenant, store.ErrNotFound)
	}
	if err != nil {
		return sn, fmt.Errorf("load snapshot %s: %w", id, err)
	}
	if err := json.Unmarshal([]byte(sectors), &sn.Sectors); err != nil {
		return sn, fmt.Errorf("snapshot %s sectors: %w", id, err)
	}
	sn.CreatedAt = time.UnixMilli(created).UTC()
	return sn, nil
}

// snapshotStore opens (once) the store of snapshot id, which the caller
// has checked belongs to its tenant.
func (s *Service) snapshotStore(ctx context.Context, id string) (store.Store, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.snaps[id]; ok {
		return st, nil
	}
	file := s.snapshotFile(id)
	if _, err := os.Stat(file); err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", id, err)
	}
	st, err := sqlite.Open(ctx, sqlite.Options{Path: file, Readers: 2, Logger: s.log})
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", id, err)
	}
	s.snaps[id] = st
	return st, nil
}

// reports builds analytics on a snapshot store.
func (s *Service) reports(st store.Store, at time.Time) (*analytics.Service, error) {
	return analytics.NewService(analytics.ServiceOptions{Store: st, Catalogue: s.cat, Now: func() time.Time { return at }, Logger: s.log})
}

// dropSnapshot removes a snapshot nothing refers to yet (its class or
// assignment could not be created), so failed requests leave no files.
func (s *Service) dropSnapshot(ctx context.Context, id string) {
	s.mu.Lock()
	st := s.snaps[id]
	delete(s.snaps, id)
	s.mu.Unlock()
	var errs []error
	if st != nil {
		errs = append(errs, st.Close())
	}
	_, err := s.db.Writer().ExecContext(context.WithoutCancel(ctx), `DELETE FROM teaching_snapshots WHERE id = ?`, id)
	errs = append(errs, err)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(s.snapshotFile(id) + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		s.log.ErrorContext(ctx, "drop unused snapshot", "snapshot", id, "err", err)
	}
}
