// Package controldb is the control-plane database: tenants, users, jobs,
// crawl frontiers and the report index. It runs on SQLite (pure-Go driver,
// WAL) with versioned migrations applied by goose at start-up; the SQL sits
// in migrations/<dialect>/ so that a PostgreSQL dialect can be added beside
// it without touching the callers.
package controldb

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/exportscope/exportscope/internal/sqlitepool"
)

//go:embed migrations
var migrations embed.FS

// DB is the control-plane database. Writes go through one connection
// (SQLite has one writer), reads through a small pool.
type DB struct {
	write *sql.DB
	read  *sql.DB
	log   *slog.Logger
}

// Options configure Open.
type Options struct {
	Path   string // the SQLite file; its folder is created if needed
	Logger *slog.Logger
}

// Open opens the database and brings its schema to the newest version.
func Open(ctx context.Context, opts Options) (*DB, error) {
	if opts.Path == "" {
		return nil, errors.New("control db: no path given")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	write, read, err := sqlitepool.Open(sqlitepool.Options{Path: opts.Path})
	if err != nil {
		return nil, fmt.Errorf("control db: %w", err)
	}
	db := &DB{write: write, read: read, log: opts.Logger}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("control db %s: %w", opts.Path, err)
	}
	return db, nil
}

func (db *DB) migrate(ctx context.Context) error {
	dir, err := fs.Sub(migrations, "migrations/sqlite")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.write, dir)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		db.log.Info("control db migrated", "version", r.Source.Version, "file", r.Source.Path, "took", r.Duration)
	}
	return nil
}

// Version is the schema version the database is at.
func (db *DB) Version(ctx context.Context) (int64, error) {
	var v int64
	err := db.read.QueryRowContext(ctx, "SELECT max(version_id) FROM goose_db_version WHERE is_applied").Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("control db version: %w", err)
	}
	return v, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("control db: %w", err)
	}
	return nil
}

// Close closes the database.
func (db *DB) Close() error { return errors.Join(db.read.Close(), db.write.Close()) }

// Writer and Reader give the subsystems that own tables in this database
// (accounts, jobs, crawl frontiers) their connections. Writes must go
// through Writer.
func (db *DB) Writer() *sql.DB { return db.write }

// Reader is the read pool.
func (db *DB) Reader() *sql.DB { return db.read }

// IsBusy reports whether err is SQLite's "database is locked", which a
// caller may retry.
func IsBusy(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked"))
}

// Millis converts a time to the integer milliseconds the tables store.
func Millis(t time.Time) int64 { return t.UnixMilli() }
