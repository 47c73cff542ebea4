package controldb_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/exportscope/exportscope/server/controldb"
)

func TestMigratesAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "control.db")
	files, err := os.ReadDir(filepath.Join("migrations", "sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	// The schema ends at the highest numbered migration (numbers may be
	// reserved for work on other branches, so there can be gaps).
	var want int64
	for _, f := range files {
		n, err := strconv.ParseInt(strings.SplitN(f.Name(), "_", 2)[0], 10, 64)
		if err != nil {
			t.Fatalf("migration %s is not named NNNNN_name.sql", f.Name())
		}
		want = max(want, n)
	}
	for i := 0; i < 2; i++ { // the second open finds the schema current
		db, err := controldb.Open(ctx, controldb.Options{Path: path})
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		v, err := db.Version(ctx)
		if err != nil || v != want {
			t.Errorf("open #%d: version %d, %v; want %d", i+1, v, err, want)
		}
		var mode string
		if err := db.Reader().QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal mode %q (%v), want wal", mode, err)
		}
		for _, table := range []string{"tenants", "users", "jobs", "crawl_urls", "reports"} {
			var n int
			if err := db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
				t.Errorf("table %s: %v", table, err)
			}
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRejectsBadTenantKind(t *testing.T) {
	ctx := context.Background()
	db, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(t.TempDir(), "control.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Writer().ExecContext(ctx, "INSERT INTO tenants (id, name, kind, created_at) VALUES ('t1', 'Acme', 'pirate', 0)")
	if err == nil {
		t.Error("a tenant of kind 'pirate' was accepted")
	}
}
