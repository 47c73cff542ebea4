package elastic_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/elastic"
	"github.com/exportscope/exportscope/store/storetest"
)

// esURL is the node the tests run against: `deploy/es-dev/es start` prints
// it, and `make test` sets it.
func esURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("EXPORTSCOPE_ES_URL")
	if u == "" {
		const why = "EXPORTSCOPE_ES_URL is not set: start a node with deploy/es-dev/es start and set it to the URL printed"
		if os.Getenv("EXPORTSCOPE_ES_REQUIRED") != "" {
			t.Fatal(why + " (EXPORTSCOPE_ES_REQUIRED is set, so this is a failure)")
		}
		t.Skip(why)
	}
	return u
}

var seq atomic.Int64

// uniquePrefix names one test's indices, so tests do not see each other.
func uniquePrefix(t testing.TB) string {
	name := strings.ToLower(t.Name())
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, name)
	if len(name) > 40 {
		name = name[:40]
	}
	return fmt.Sprintf("test-%d-%d-%s", time.Now().UnixNano()%1e9, seq.Add(1), strings.Trim(name, "-"))
}

// open returns a store on fresh indices that are dropped after the test.
func open(t testing.TB, cfg elastic.Config) *elastic.Store {
	t.Helper()
	if len(cfg.URLs) == 0 {
		cfg.URLs = []string{esURL(t)}
	}
	if cfg.IndexPrefix == "" {
		cfg.IndexPrefix = uniquePrefix(t)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := elastic.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		// A second store on the same indices: the test may have closed its
		// own, or pointed it at a proxy.
		cfg.URLs = []string{esURL(t)}
		cfg.Transport = nil
		drop, err := elastic.Open(context.Background(), cfg)
		if err == nil {
			err = drop.Drop(context.Background())
			drop.Close()
		}
		if err != nil {
			t.Errorf("dropping indices %s-*: %v", cfg.IndexPrefix, err)
		}
	})
	return st
}

func TestConformance(t *testing.T) {
	esURL(t)
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, elastic.Config{}) })
}
