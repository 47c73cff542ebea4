package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
)

// TestMigratesSchema4 opens a file of schema 4 (snapshots without the
// search-position columns) that holds a price snapshot: the store adds the
// columns, keeps the snapshot and stores search snapshots.
func TestMigratesSchema4(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "market.db")
	st, err := sqlite.Open(ctx, sqlite.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	price := &store.Snapshot{ID: store.SnapshotID("l1", at), ListingID: "l1", Marketplace: "shop.DE", Country: "DE", Time: at,
		Price: store.Float(9.5), Currency: "EUR", ReviewCount: 2}
	if res, err := st.Bulk(ctx, []store.Doc{price}); err != nil || res.Err() != nil {
		t.Fatal(err, res.Err())
	}
	st.Close()
	// Turn the file back into schema 4.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"DROP INDEX snapshots_searchQuery",
		`ALTER TABLE snapshots DROP COLUMN "searchQuery"`, `ALTER TABLE snapshots DROP COLUMN "searchPage"`,
		`ALTER TABLE snapshots DROP COLUMN "searchPosition"`, `ALTER TABLE snapshots DROP COLUMN "brand"`,
		"PRAGMA user_version = 4",
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	db.Close()

	st, err = sqlite.Open(ctx, sqlite.Options{Path: path})
	if err != nil {
		t.Fatalf("open a schema-4 file: %v", err)
	}
	defer st.Close()
	search := &store.Snapshot{ID: store.SearchSnapshotID("l1", "shop.DE", "magnesia", 2, at), ListingID: "l1", Marketplace: "shop.DE",
		Country: "DE", Time: at, SearchQuery: "magnesia", SearchPage: 1, SearchPosition: 2, Brand: "Acme"}
	if res, err := st.Bulk(ctx, []store.Doc{search}); err != nil || res.Err() != nil {
		t.Fatalf("store a search snapshot after the migration: %v %v", err, res.Err())
	}
	res, err := st.Aggregate(ctx, store.AggQuery{Kind: store.KindSnapshot, GroupBy: []store.GroupBy{{Field: "searchQuery"}, {Field: "brand"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || res.Rows[0].Keys[0] != "magnesia" || res.Rows[0].Keys[1] != "Acme" || res.Rows[0].Count != 1 {
		t.Errorf("search snapshots by query and brand: %+v", res.Rows)
	}
	counts, err := st.Counts(ctx)
	if err != nil || counts[store.KindSnapshot] != 2 {
		t.Errorf("%d snapshots after the migration, want the old one and the new one (%v)", counts[store.KindSnapshot], err)
	}
}
