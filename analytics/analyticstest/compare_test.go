package analyticstest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/exportscope/exportscope/analytics/analyticstest"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/elastic"
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

// Two SQLite stores: the comparison itself is sound.
func TestCompareBackendsSQLite(t *testing.T) {
	analyticstest.CompareBackends(t, openSQLite(t, "a.db"), openSQLite(t, "b.db"))
}

// The same reports on the embedded store and on a real Elasticsearch node
// (make test starts one; a plain go test without EXPORTSCOPE_ES_URL skips).
func TestCompareBackendsElastic(t *testing.T) {
	url := os.Getenv("EXPORTSCOPE_ES_URL")
	if url == "" {
		const why = "EXPORTSCOPE_ES_URL is not set: start a node with deploy/es-dev/es start and set it to the URL printed"
		if os.Getenv("EXPORTSCOPE_ES_REQUIRED") != "" {
			t.Fatal(why + " (EXPORTSCOPE_ES_REQUIRED is set, so this is a failure)")
		}
		t.Skip(why)
	}
	ctx := context.Background()
	es, err := elastic.Open(ctx, elastic.Config{URLs: []string{url}, IndexPrefix: fmt.Sprintf("cmp-%d", time.Now().UnixNano())})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		es.Drop(ctx)
		es.Close()
	})
	analyticstest.CompareBackends(t, es, openSQLite(t, "embedded.db"))
}
