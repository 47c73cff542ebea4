package elastic

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/storetest"
)

// TestMigrate raises the listing mapping's version and checks that Migrate
// moves the documents to the new index and the alias with them.
func TestMigrate(t *testing.T) {
	u := os.Getenv("EXPORTSCOPE_ES_URL")
	if u == "" {
		const why = "EXPORTSCOPE_ES_URL is not set: start a node with deploy/es-dev/es start and set it to the URL printed"
		if os.Getenv("EXPORTSCOPE_ES_REQUIRED") != "" {
			t.Fatal(why + " (EXPORTSCOPE_ES_REQUIRED is set, so this is a failure)")
		}
		t.Skip(why)
	}
	ctx := context.Background()
	st, err := Open(ctx, Config{URLs: []string{u}, IndexPrefix: fmt.Sprintf("test-migrate-%d", time.Now().UnixNano()%1e9)})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := st.Drop(ctx); err != nil {
			t.Error(err)
		}
		st.Close()
	}()
	docs := storetest.BenchBatch(0, 2500)
	if res, err := st.Bulk(ctx, docs); err != nil || res.Err() != nil {
		t.Fatalf("Bulk: %v %v", err, res.Err())
	}

	old := mappingVersion[store.KindListing]
	mappingVersion[store.KindListing] = old + 1
	defer func() { mappingVersion[store.KindListing] = old }()
	if err := st.Migrate(ctx, true); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	targets, err := st.aliasTargets(ctx, store.KindListing)
	if err != nil {
		t.Fatal(err)
	}
	if want := st.indexName(store.KindListing, old+1); len(targets) != 1 || targets[0] != want {
		t.Fatalf("alias points to %v, want [%s]", targets, want)
	}
	if err := st.refresh(ctx, map[store.Kind]bool{store.KindListing: true}); err != nil {
		t.Fatal(err)
	}
	counts, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts[store.KindListing] != int64(len(docs)) {
		t.Errorf("%d listings after the migration, want %d", counts[store.KindListing], len(docs))
	}
	page, err := st.SearchListings(ctx, store.ListingQuery{Text: "magnesium oxide", Limit: 1})
	if err != nil || page.Total == 0 {
		t.Errorf("text search after the migration: %d found, %v", page.Total, err)
	}
	// A second Migrate has nothing to do.
	if err := st.Migrate(ctx, true); err != nil {
		t.Errorf("second Migrate: %v", err)
	}
}
