package analyticstest_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/exportscope/exportscope/analytics/analyticstest"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
)

func openSQLite(t *testing.T, name string) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(t.TempDir(), name)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Two SQLite stores until store/elastic calls CompareBackends with its own.
func TestCompareBackendsSQLite(t *testing.T) {
	analyticstest.CompareBackends(t, openSQLite(t, "a.db"), openSQLite(t, "b.db"))
}
