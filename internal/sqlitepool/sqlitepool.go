// Package sqlitepool opens an SQLite file the way ExportScope's databases
// use it: the pure-Go driver, WAL, a busy timeout, foreign keys, one
// writer connection (SQLite has one writer; immediate transactions so a
// writer never upgrades a read lock) and a pool of readers.
package sqlitepool

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Options configure Open.
type Options struct {
	// Path of the file; its folder is created if needed.
	Path string
	// Pragmas are added to the common ones, e.g. "cache_size(-65536)".
	Pragmas []string
	// Readers is the size of the read pool; 0 means 4.
	Readers int
	// ReadOnlyReaders makes the read pool refuse writes (query_only).
	ReadOnlyReaders bool
}

// Open returns the writer and the reader pool of the file.
func Open(o Options) (write, read *sql.DB, err error) {
	if o.Path == "" {
		return nil, nil, fmt.Errorf("sqlite: no path given")
	}
	if o.Readers <= 0 {
		o.Readers = 4
	}
	if err := os.MkdirAll(filepath.Dir(o.Path), 0o755); err != nil {
		return nil, nil, fmt.Errorf("sqlite %s: create folder: %w", o.Path, err)
	}
	pragmas := append([]string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)"}, o.Pragmas...)
	dsn := "file:" + o.Path + "?_pragma=" + strings.Join(pragmas, "&_pragma=")
	write, err = sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite %s: %w", o.Path, err)
	}
	write.SetMaxOpenConns(1)
	readDSN := dsn
	if o.ReadOnlyReaders {
		readDSN += "&_pragma=query_only(1)"
	}
	read, err = sql.Open("sqlite", readDSN)
	if err != nil {
		write.Close()
		return nil, nil, fmt.Errorf("sqlite %s: %w", o.Path, err)
	}
	read.SetMaxOpenConns(o.Readers)
	return write, read, nil
}
