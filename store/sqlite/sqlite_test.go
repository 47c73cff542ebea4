package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
	"github.com/exportscope/exportscope/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		st, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(t.TempDir(), "market.db")})
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}

// Two stores on one file stand for the server and a crawl in another
// process: what one writes, the other's searches must see.
func TestSearchSeesWritesOfAnotherConnection(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "market.db")
	server, err := sqlite.Open(ctx, sqlite.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	crawler, err := sqlite.Open(ctx, sqlite.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer crawler.Close()

	d := storetest.Generate(20)
	if _, err := server.Bulk(ctx, []store.Doc{d.Listings[0], d.Listings[1]}); err != nil {
		t.Fatal(err)
	}
	total := func() int64 {
		t.Helper()
		page, err := server.SearchListings(ctx, store.ListingQuery{})
		if err != nil {
			t.Fatal(err)
		}
		return page.Total
	}
	if got := total(); got != 2 {
		t.Fatalf("total %d, want 2", got)
	}
	var docs []store.Doc
	for _, l := range d.Listings[2:] {
		docs = append(docs, l)
	}
	if _, err := crawler.Bulk(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 20 {
		t.Errorf("after another connection wrote 18 listings: total %d, want 20", got)
	}
	if err := crawler.Delete(ctx, store.Public, store.KindListing, []string{d.Listings[5].ID}); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 19 {
		t.Errorf("after another connection deleted one: total %d, want 19", got)
	}
	// The server's own writes keep its index current too, including the
	// per-value slot lists a filtered search builds.
	if _, err := server.SearchListings(ctx, store.ListingQuery{Filter: store.Filter{store.In("brand", d.Listings[3].Brand)}}); err != nil {
		t.Fatal(err)
	}
	changed := *d.Listings[3]
	changed.Brand = "Renamed"
	if _, err := server.Bulk(ctx, []store.Doc{&changed}); err != nil {
		t.Fatal(err)
	}
	page, err := server.SearchListings(ctx, store.ListingQuery{Filter: store.Filter{store.In("brand", "Renamed")}})
	if err != nil || page.Total != 1 {
		t.Errorf("own update not searchable: total %d, %v", page.Total, err)
	}
}

func TestRefusesFileOfAnotherSchemaVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "market.db")
	st, err := sqlite.Open(ctx, sqlite.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := sqlite.Open(ctx, sqlite.Options{Path: path}); err == nil || !strings.Contains(err.Error(), "schema version 99") {
		t.Errorf("opening a file of schema 99: %v, want a clear refusal", err)
	}
}

// Close during a bulk write lets the write finish: what Bulk reports as
// stored is in the file afterwards.
func TestCloseFinishesInFlightBulk(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "market.db")
	st, err := sqlite.Open(ctx, sqlite.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	docs := storetest.BenchBatch(0, 5000)
	type result struct {
		res store.BulkResult
		err error
	}
	done := make(chan result, 1)
	started := make(chan struct{})
	go func() {
		close(started)
		res, err := st.Bulk(ctx, docs)
		done <- result{res, err}
	}()
	<-started
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	r := <-done
	reopened, err := sqlite.Open(ctx, sqlite.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	counts, err := reopened.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if int(counts[store.KindListing]) != r.res.Stored() {
		t.Errorf("Bulk reported %d stored (err %v), the file holds %d", r.res.Stored(), r.err, counts[store.KindListing])
	}
}
