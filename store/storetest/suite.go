package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/store"
)

// Opener returns a fresh, empty store for one test; the test closes it.
type Opener func(t *testing.T) store.Store

// N is the number of public listings in the suite's data set.
const N = 240

// Run runs the whole conformance suite against the backend that open makes.
func Run(t *testing.T, open Opener) {
	t.Run("Bulk", func(t *testing.T) { testBulk(t, open) })
	t.Run("RejectsBadDocuments", func(t *testing.T) { testRejects(t, open) })
	t.Run("UpsertIsIdempotent", func(t *testing.T) { testUpsert(t, open) })
	t.Run("GetAndDelete", func(t *testing.T) { testGetDelete(t, open) })
	t.Run("ClosedStoreStoresNothing", func(t *testing.T) { testClosed(t, open) })

	// The read-only checks share one loaded store.
	data := Generate(N)
	st := open(t)
	t.Cleanup(func() { st.Close() })
	load(t, st, data.Docs())
	private := PrivateListings(data, "tenant-a", 10)
	var pdocs []store.Doc
	for _, l := range private {
		pdocs = append(pdocs, l)
	}
	load(t, st, pdocs)

	t.Run("ScopesAreSeparate", func(t *testing.T) { testScopes(t, st, data, private) })
	t.Run("SearchText", func(t *testing.T) { testSearchText(t, st, data) })
	t.Run("SearchFilters", func(t *testing.T) { testSearchFilters(t, st, data) })
	t.Run("SortAndPaginate", func(t *testing.T) { testSortPaginate(t, st, data) })
	t.Run("BadQueries", func(t *testing.T) { testBadQueries(t, st) })
	t.Run("AggregateTerms", func(t *testing.T) { testAggTerms(t, st, data) })
	t.Run("AggregateNested", func(t *testing.T) { testAggNested(t, st, data) })
	t.Run("AggregateDateHistogram", func(t *testing.T) { testAggDates(t, st, data) })
	t.Run("AggregateTradeFlows", func(t *testing.T) { testAggFlows(t, st, data) })
	t.Run("AggregatePercentiles", func(t *testing.T) { testAggPercentiles(t, st, data) })
	t.Run("AggregateSearchPositions", func(t *testing.T) { testAggSearch(t, st, data) })
	t.Run("AggregateNothing", func(t *testing.T) { testAggEmpty(t, st) })
	t.Run("Scan", func(t *testing.T) { testScan(t, st, data) })
	t.Run("Counts", func(t *testing.T) { testCounts(t, st, data, len(private)) })
}

func load(t *testing.T, st store.Store, docs []store.Doc) {
	t.Helper()
	for start := 0; start < len(docs); start += 500 {
		chunk := docs[start:min(start+500, len(docs))]
		res, err := st.Bulk(context.Background(), chunk)
		if err != nil {
			t.Fatalf("Bulk: %v", err)
		}
		if err := res.Err(); err != nil {
			t.Fatalf("Bulk: %v", err)
		}
		if len(res.Items) != len(chunk) {
			t.Fatalf("Bulk returned %d results for %d documents", len(res.Items), len(chunk))
		}
	}
}

func ctx() context.Context { return context.Background() }

func testBulk(t *testing.T, open Opener) {
	st := open(t)
	defer st.Close()
	d := Generate(30)
	docs := d.Docs()
	res, err := st.Bulk(ctx(), docs)
	if err != nil {
		t.Fatalf("Bulk: %v", err)
	}
	if res.Stored() != len(docs) {
		t.Fatalf("stored %d of %d: %v", res.Stored(), len(docs), res.Err())
	}
	for i, it := range res.Items {
		if it.ID != docs[i].DocID() || it.Kind != docs[i].Kind() {
			t.Errorf("item %d is %s %s, want %s %s (results must follow input order)", i, it.Kind, it.ID, docs[i].Kind(), docs[i].DocID())
		}
	}
	counts, err := st.Counts(ctx())
	if err != nil {
		t.Fatal(err)
	}
	want := map[store.Kind]int64{
		store.KindListing: int64(len(d.Listings)), store.KindSnapshot: int64(len(d.Snapshots)),
		store.KindReview: int64(len(d.Reviews)), store.KindTradeFlow: int64(len(d.Flows)),
		store.KindRate: int64(len(d.Rates)), store.KindReport: int64(len(d.Reports)),
	}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("Counts mismatch (-want +got):\n%s", diff)
	}
}

func testRejects(t *testing.T, open Opener) {
	st := open(t)
	defer st.Close()
	good := Generate(3).Listings
	bad := func(edit func(l *store.Listing)) *store.Listing {
		c := *good[0]
		edit(&c)
		return &c
	}
	flow := &store.TradeFlow{Reporter: "DE", Partner: "CN", HS: "25.19", Year: 2020, Flow: store.FlowImport, ValueUSD: 10}
	flow.ID = "bad-hs"
	docs := []store.Doc{
		good[0],
		bad(func(l *store.Listing) { l.ID = "no-title"; l.Title = "" }),
		bad(func(l *store.Listing) { l.ID = "neg-price"; l.Price = store.Float(-1) }),
		bad(func(l *store.Listing) { l.ID = "bad-currency"; l.Currency = "XXY" }),
		bad(func(l *store.Listing) { l.ID = "bad-country"; l.Country = "ZZ" }),
		good[1],
		flow,
		good[2],
		// A search snapshot needs its page and position; a price
		// snapshot takes none.
		&store.Snapshot{ID: "no-position", ListingID: good[0].ID, Marketplace: good[0].Marketplace, Country: good[0].Country,
			Time: Base, SearchQuery: "magnesia", SearchPage: 1},
		&store.Snapshot{ID: "position-no-query", ListingID: good[0].ID, Marketplace: good[0].Marketplace, Country: good[0].Country,
			Time: Base, SearchPosition: 3},
	}
	wantField := map[int]string{1: "title", 2: "price", 3: "currency", 4: "country", 6: "hs", 8: "searchPosition", 9: "searchQuery"}
	res, err := st.Bulk(ctx(), docs)
	if err != nil {
		t.Fatalf("Bulk: %v", err)
	}
	for i, it := range res.Items {
		field, wantErr := wantField[i]
		if !wantErr {
			if it.Err != nil {
				t.Errorf("item %d (%s): unexpected error %v", i, it.ID, it.Err)
			}
			continue
		}
		var ve *store.ValidationError
		if !errors.As(it.Err, &ve) {
			t.Errorf("item %d (%s): got %v, want a validation error on %s", i, it.ID, it.Err, field)
			continue
		}
		if ve.Field != field || ve.ID != docs[i].DocID() {
			t.Errorf("item %d: error names %s/%s, want %s/%s", i, ve.ID, ve.Field, docs[i].DocID(), field)
		}
	}
	counts, err := st.Counts(ctx())
	if err != nil {
		t.Fatal(err)
	}
	if counts[store.KindListing] != 3 || counts[store.KindTradeFlow] != 0 || counts[store.KindSnapshot] != 0 {
		t.Errorf("stored %d listings, %d flows and %d snapshots, want the 3 good listings only",
			counts[store.KindListing], counts[store.KindTradeFlow], counts[store.KindSnapshot])
	}
}

func testUpsert(t *testing.T, open Opener) {
	st := open(t)
	defer st.Close()
	d := Generate(20)
	load(t, st, d.Docs())
	changed := *d.Listings[3]
	changed.PriceUSD = store.Float(999.5)
	changed.Title = "magnesium ingot renamed"
	load(t, st, []store.Doc{&changed, d.Flows[0], d.Rates[0]})
	counts, err := st.Counts(ctx())
	if err != nil {
		t.Fatal(err)
	}
	if counts[store.KindListing] != 20 || counts[store.KindTradeFlow] != int64(len(d.Flows)) || counts[store.KindRate] != int64(len(d.Rates)) {
		t.Errorf("re-ingest duplicated documents: %v", counts)
	}
	got, err := st.Get(ctx(), store.Public, store.KindListing, []string{changed.ID})
	if err != nil || len(got) != 1 {
		t.Fatalf("Get: %v %v", got, err)
	}
	if l := got[0].(*store.Listing); *l.PriceUSD != 999.5 || l.Title != changed.Title {
		t.Errorf("after re-ingest got price %v title %q, want the new values", *l.PriceUSD, l.Title)
	}
	page, err := st.SearchListings(ctx(), store.ListingQuery{Text: "renamed"})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 {
		t.Errorf("search for the new title found %d listings, want 1", page.Total)
	}
	old := words(d.Listings[3].Title)
	delete(old, "magnesium")
	for w := range old {
		if _, err := strconv.Atoi(w); err == nil || len(w) < 3 {
			continue
		}
		page, err := st.SearchListings(ctx(), store.ListingQuery{Text: w, Filter: store.Filter{store.In("id", changed.ID)}})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 0 {
			t.Errorf("the old title's word %q still finds the re-ingested listing", w)
		}
	}
}

func testGetDelete(t *testing.T, open Opener) {
	st := open(t)
	defer st.Close()
	d := Generate(10)
	load(t, st, d.Docs())
	ids := []string{d.Listings[2].ID, "missing", d.Listings[5].ID}
	got, err := st.Get(ctx(), store.Public, store.KindListing, ids)
	if err != nil {
		t.Fatal(err)
	}
	var gotIDs []string
	for _, g := range got {
		gotIDs = append(gotIDs, g.DocID())
	}
	sort.Strings(gotIDs)
	if diff := cmp.Diff([]string{d.Listings[2].ID, d.Listings[5].ID}, gotIDs); diff != "" {
		t.Errorf("Get mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(d.Listings[2], got[0], cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("Get returned a changed document (-want +got):\n%s", diff)
	}
	rid := d.Rates[0].DocID()
	rates, err := st.Get(ctx(), store.Public, store.KindRate, []string{rid})
	if err != nil || len(rates) != 1 || rates[0].(*store.Rate).PerEUR != d.Rates[0].PerEUR {
		t.Errorf("Get rate %s: %v %v", rid, rates, err)
	}
	if err := st.Delete(ctx(), store.Public, store.KindListing, []string{d.Listings[2].ID, "missing"}); err != nil {
		t.Fatal(err)
	}
	page, err := st.SearchListings(ctx(), store.ListingQuery{Filter: store.Filter{store.In("id", d.Listings[2].ID)}})
	if err != nil || page.Total != 0 {
		t.Errorf("deleted listing still found: total %d, %v", page.Total, err)
	}
	text := words(d.Listings[2].Title)
	for w := range text {
		page, err := st.SearchListings(ctx(), store.ListingQuery{Text: w})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range page.Listings {
			if l.ID == d.Listings[2].ID {
				t.Errorf("deleted listing still found by text %q", w)
			}
		}
	}
}

func testClosed(t *testing.T, open Opener) {
	st := open(t)
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	d := Generate(5)
	res, err := st.Bulk(ctx(), d.Docs())
	if err == nil {
		t.Fatal("Bulk on a closed store returned no error")
	}
	if n := res.Stored(); n != 0 {
		t.Errorf("Bulk on a closed store reports %d documents stored", n)
	}
	if len(res.Items) != len(d.Docs()) {
		t.Errorf("Bulk on a closed store returned %d results for %d documents", len(res.Items), len(d.Docs()))
	}
	if !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("error %v is not ErrUnavailable", err)
	}
}

func testScopes(t *testing.T, st store.Store, d *Data, private []*store.Listing) {
	tenant := store.TenantScope("tenant-a")
	other := store.TenantScope("tenant-b")
	id := private[0].ID
	for _, tc := range []struct {
		scope      store.Scope
		wantTotal  int64
		wantSecret bool
	}{
		{store.Public, int64(len(d.Listings)), false},
		{tenant, int64(len(private)), true},
		{other, 0, false},
	} {
		page, err := st.SearchListings(ctx(), store.ListingQuery{Scope: tc.scope, Facets: []string{"brand"}, FacetSize: 100, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != tc.wantTotal || int64(len(page.Listings)) != tc.wantTotal {
			t.Errorf("scope %q: total %d (%d listed), want %d", tc.scope.Tenant, page.Total, len(page.Listings), tc.wantTotal)
		}
		secret := false
		for _, b := range page.Facets[0].Buckets {
			secret = secret || b.Key == "Secret-tenant-a"
		}
		for _, l := range page.Listings {
			if l.Tenant != tc.scope.Tenant {
				t.Errorf("scope %q returned listing of tenant %q", tc.scope.Tenant, l.Tenant)
			}
		}
		if secret != tc.wantSecret {
			t.Errorf("scope %q: private brand in facets = %v, want %v", tc.scope.Tenant, secret, tc.wantSecret)
		}
		got, err := st.Get(ctx(), tc.scope, store.KindListing, []string{id})
		if err != nil {
			t.Fatal(err)
		}
		if tc.scope == other && len(got) != 0 {
			t.Errorf("tenant-b can Get tenant-a's listing")
		}
		if len(got) == 1 && got[0].DocTenant() != tc.scope.Tenant {
			t.Errorf("Get in scope %q returned a document of %q", tc.scope.Tenant, got[0].DocTenant())
		}
		agg, err := st.Aggregate(ctx(), store.AggQuery{Scope: tc.scope, Kind: store.KindListing, Metrics: []store.Metric{{Name: "n", Op: store.Count}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(agg.Rows) != 1 || agg.Rows[0].Count != tc.wantTotal {
			t.Errorf("scope %q: aggregate count %+v, want %d", tc.scope.Tenant, agg.Rows, tc.wantTotal)
		}
		var scanned int64
		err = st.Scan(ctx(), store.ScanQuery{Scope: tc.scope, Kind: store.KindListing}, func(docs []store.Doc) error {
			for _, doc := range docs {
				if doc.DocTenant() != tc.scope.Tenant {
					t.Errorf("scan in scope %q returned a document of %q", tc.scope.Tenant, doc.DocTenant())
				}
			}
			scanned += int64(len(docs))
			return nil
		})
		if err != nil || scanned != tc.wantTotal {
			t.Errorf("scope %q: scanned %d, want %d (%v)", tc.scope.Tenant, scanned, tc.wantTotal, err)
		}
	}
	// Deleting in the wrong scope leaves the document alone.
	if err := st.Delete(ctx(), other, store.KindListing, []string{id}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Get(ctx(), tenant, store.KindListing, []string{id})
	if err != nil || len(got) != 1 {
		t.Errorf("a delete in another tenant's scope removed the document: %v %v", got, err)
	}
}

func idsOf(ls []store.Listing) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.ID
	}
	return out
}

func wantIDs(ls []*store.Listing) []string {
	var out []string
	if len(ls) > 0 {
		out = make([]string, len(ls))
	}
	for i, l := range ls {
		out[i] = l.ID
	}
	return out
}

func testSearchText(t *testing.T, st store.Store, d *Data) {
	for _, q := range []string{"magnesium", "MAGNESIUM oxide", "magnesia carbon brick", "氧化镁", "海蜇", "магния", "оксид магния",
		"マグネシウム", "jellyfish", "Jinlong", "Dalian", "sweater cashmere", "lift car", "nonexistentword"} {
		t.Run(q, func(t *testing.T) {
			var want []*store.Listing
			for _, l := range d.Listings {
				if textMatch(l, q) {
					want = append(want, l)
				}
			}
			if len(want) == 0 && q != "nonexistentword" {
				t.Fatalf("the data set has no listing for %q: the check would prove nothing", q)
			}
			sortListings(want, "priceUSD", false)
			got := searchAll(t, st, store.ListingQuery{Text: q, Sort: []store.SortField{{Field: "priceUSD"}}, Facets: []string{"marketplace"}, FacetSize: 20})
			if diff := cmp.Diff(wantIDs(want), got.ids); diff != "" {
				t.Errorf("text %q mismatch (-want +got):\n%s", q, diff)
			}
			if diff := cmp.Diff(facetOf(want, "marketplace", 20), got.facets[0]); diff != "" {
				t.Errorf("text %q facet mismatch (-want +got):\n%s", q, diff)
			}
			// Relevance order is the backend's own; the set must be the same.
			rel := searchAll(t, st, store.ListingQuery{Text: q})
			sort.Strings(rel.ids)
			w := wantIDs(want)
			sort.Strings(w)
			if diff := cmp.Diff(w, rel.ids); diff != "" {
				t.Errorf("text %q by relevance mismatch (-want +got):\n%s", q, diff)
			}
		})
	}
}

type allPages struct {
	ids    []string
	total  int64
	facets []store.Facet
}

// searchAll follows the cursor through every page and checks that the
// total and facets stay the same on each page.
func searchAll(t *testing.T, st store.Store, q store.ListingQuery) allPages {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 7
	}
	var out allPages
	seen := map[string]bool{}
	for page := 0; ; page++ {
		res, err := st.SearchListings(ctx(), q)
		if err != nil {
			t.Fatalf("SearchListings page %d: %v", page, err)
		}
		if page == 0 {
			out.total, out.facets = res.Total, res.Facets
		} else if res.Total != out.total {
			t.Fatalf("page %d total %d, first page said %d", page, res.Total, out.total)
		}
		if len(res.Listings) > q.Limit {
			t.Fatalf("page %d has %d listings, limit %d", page, len(res.Listings), q.Limit)
		}
		for _, id := range idsOf(res.Listings) {
			if seen[id] {
				t.Fatalf("listing %s appears on two pages", id)
			}
			seen[id] = true
			out.ids = append(out.ids, id)
		}
		if res.Next == "" {
			break
		}
		if len(res.Listings) != q.Limit {
			t.Fatalf("page %d is short (%d) but has a next cursor", page, len(res.Listings))
		}
		if page > 1000 {
			t.Fatal("pagination does not end")
		}
		q.After = res.Next
	}
	if int64(len(out.ids)) != out.total {
		t.Errorf("pages held %d listings, total says %d", len(out.ids), out.total)
	}
	return out
}

func testSearchFilters(t *testing.T, st store.Store, d *Data) {
	f := store.Float
	for _, tc := range []struct {
		name string
		lf   store.ListingFilter
	}{
		{"marketplace", store.ListingFilter{Marketplaces: []string{"amazon.de"}}},
		{"two countries", store.ListingFilter{Countries: []string{"RU", "JP"}}},
		{"sector", store.ListingFilter{Sectors: []string{"magnesium"}}},
		{"multi-sector listing", store.ListingFilter{Sectors: []string{"silk"}}},
		{"brand", store.ListingFilter{Brands: []string{"海宝", "RHI"}}},
		{"seller country", store.ListingFilter{SellerCountries: []string{"CN"}}},
		{"price range", store.ListingFilter{MinPriceUSD: f(10), MaxPriceUSD: f(40)}},
		{"price floor", store.ListingFilter{MinPriceUSD: f(100)}},
		{"rating", store.ListingFilter{MinRating: f(4.5)}},
		{"combined", store.ListingFilter{Countries: []string{"DE", "US"}, SellerCountries: []string{"CN"}, MaxPriceUSD: f(60), MinRating: f(3.5)}},
		{"no match", store.ListingFilter{Brands: []string{"Nobody"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want []*store.Listing
			for _, l := range d.Listings {
				if listingMatches(l, tc.lf) {
					want = append(want, l)
				}
			}
			sortListings(want, "lastSeen", true)
			facets := []string{"marketplace", "country", "brand", "sellerCountry", "sectors"}
			got := searchAll(t, st, store.ListingQuery{Filter: tc.lf.Filter(), Facets: facets, FacetSize: 5, Limit: 11})
			if diff := cmp.Diff(wantIDs(want), got.ids); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			for i, field := range facets {
				if diff := cmp.Diff(facetOf(want, field, 5), got.facets[i]); diff != "" {
					t.Errorf("facet %s mismatch (-want +got):\n%s", field, diff)
				}
			}
		})
	}
}

func testSortPaginate(t *testing.T, st store.Store, d *Data) {
	for _, field := range []string{"priceUSD", "rating", "reviewCount", "lastSeen"} {
		for _, desc := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s desc=%v", field, desc), func(t *testing.T) {
				want := append([]*store.Listing(nil), d.Listings...)
				sortListings(want, field, desc)
				got := searchAll(t, st, store.ListingQuery{Sort: []store.SortField{{Field: field, Desc: desc}}, Limit: 13})
				if diff := cmp.Diff(wantIDs(want), got.ids); diff != "" {
					t.Errorf("mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func testBadQueries(t *testing.T, st store.Store) {
	for _, tc := range []struct {
		name string
		q    store.ListingQuery
		want error
	}{
		{"unknown filter field", store.ListingQuery{Filter: store.Filter{store.In("colour", "red")}}, store.ErrBadQuery},
		{"facet on a number", store.ListingQuery{Facets: []string{"priceUSD"}}, store.ErrBadQuery},
		{"sort on text", store.ListingQuery{Sort: []store.SortField{{Field: "brand"}}}, store.ErrBadQuery},
		{"huge page", store.ListingQuery{Limit: store.MaxLimit + 1}, store.ErrBadQuery},
		{"garbage cursor", store.ListingQuery{After: "not-a-cursor"}, store.ErrBadCursor},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := st.SearchListings(ctx(), tc.q)
			if !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("cursor of another query", func(t *testing.T) {
		page, err := st.SearchListings(ctx(), store.ListingQuery{Limit: 3, Sort: []store.SortField{{Field: "priceUSD"}}})
		if err != nil || page.Next == "" {
			t.Fatalf("first page: %v", err)
		}
		_, err = st.SearchListings(ctx(), store.ListingQuery{Limit: 3, Sort: []store.SortField{{Field: "rating"}}, After: page.Next})
		if !errors.Is(err, store.ErrBadCursor) {
			t.Errorf("got %v, want ErrBadCursor", err)
		}
	})
	t.Run("bad aggregation", func(t *testing.T) {
		_, err := st.Aggregate(ctx(), store.AggQuery{Kind: store.KindListing, Metrics: []store.Metric{{Name: "x", Op: store.Sum, Field: "brand"}}})
		if !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("sum of a keyword: got %v, want ErrBadQuery", err)
		}
	})
}

// approx compares floats to a relative 1e-9, for sums whose order of
// addition differs between engines.
var approx = cmp.Comparer(func(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
})

func testAggTerms(t *testing.T, st store.Store, d *Data) {
	q := store.AggQuery{
		Kind:    store.KindListing,
		Filter:  store.Filter{store.Exists("priceUSD")},
		GroupBy: []store.GroupBy{{Field: "brand", Size: 6}},
		Metrics: []store.Metric{
			{Name: "n", Op: store.Count},
			{Name: "sum", Op: store.Sum, Field: "priceUSD"},
			{Name: "avg", Op: store.Avg, Field: "priceUSD"},
			{Name: "min", Op: store.Min, Field: "priceUSD"},
			{Name: "max", Op: store.Max, Field: "priceUSD"},
			{Name: "reviews", Op: store.Sum, Field: "reviewCount"},
			{Name: "rating", Op: store.Avg, Field: "rating"},
			{Name: "sellers", Op: store.Distinct, Field: "seller"},
		},
	}
	got, err := st.Aggregate(ctx(), q)
	if err != nil {
		t.Fatal(err)
	}
	type acc struct {
		n                      int64
		sum, min, max, reviews float64
		ratingSum              float64
		ratingN                int
		sellers                map[string]bool
	}
	by := map[string]*acc{}
	counts := map[string]int64{}
	for _, l := range d.Listings {
		if l.PriceUSD == nil || l.Brand == "" {
			continue
		}
		a := by[l.Brand]
		if a == nil {
			a = &acc{min: math.Inf(1), max: math.Inf(-1), sellers: map[string]bool{}}
			by[l.Brand] = a
		}
		p := *l.PriceUSD
		a.n++
		a.sum += p
		a.min = math.Min(a.min, p)
		a.max = math.Max(a.max, p)
		a.reviews += float64(l.ReviewCount)
		if l.Rating != nil {
			a.ratingSum += *l.Rating
			a.ratingN++
		}
		if l.Seller != "" {
			a.sellers[l.Seller] = true
		}
		counts[l.Brand]++
	}
	var want []store.AggRow
	for _, b := range topBuckets(counts, 6) {
		a := by[b.Key]
		vals := map[string]float64{"n": float64(a.n), "sum": a.sum, "avg": a.sum / float64(a.n), "min": a.min, "max": a.max,
			"reviews": a.reviews, "sellers": float64(len(a.sellers))}
		if a.ratingN > 0 {
			vals["rating"] = a.ratingSum / float64(a.ratingN)
		}
		want = append(want, store.AggRow{Keys: []string{b.Key}, Count: a.n, Values: vals})
	}
	if diff := cmp.Diff(want, got.Rows, approx); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}

	// A multi-valued field counts a listing in each of its groups.
	got, err = st.Aggregate(ctx(), store.AggQuery{Kind: store.KindListing, GroupBy: []store.GroupBy{{Field: "sectors"}}})
	if err != nil {
		t.Fatal(err)
	}
	var wantRows []store.AggRow
	for _, b := range facetOf(d.Listings, "sectors", 100).Buckets {
		wantRows = append(wantRows, store.AggRow{Keys: []string{b.Key}, Count: b.Count})
	}
	if diff := cmp.Diff(wantRows, got.Rows); diff != "" {
		t.Errorf("sectors mismatch (-want +got):\n%s", diff)
	}
}

func testAggNested(t *testing.T, st store.Store, d *Data) {
	got, err := st.Aggregate(ctx(), store.AggQuery{
		Kind:    store.KindListing,
		GroupBy: []store.GroupBy{{Field: "country", Size: 3}, {Field: "sellerCountry", Size: 2}},
		Metrics: []store.Metric{{Name: "reviews", Op: store.Sum, Field: "reviewCount"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	countryCounts := map[string]int64{}
	inner := map[string]map[string]int64{}
	reviews := map[[2]string]float64{}
	for _, l := range d.Listings {
		countryCounts[l.Country]++
		if l.SellerCountry == "" {
			continue
		}
		if inner[l.Country] == nil {
			inner[l.Country] = map[string]int64{}
		}
		inner[l.Country][l.SellerCountry]++
		reviews[[2]string{l.Country, l.SellerCountry}] += float64(l.ReviewCount)
	}
	var want []store.AggRow
	for _, c := range topBuckets(countryCounts, 3) {
		for _, s := range topBuckets(inner[c.Key], 2) {
			want = append(want, store.AggRow{Keys: []string{c.Key, s.Key}, Count: s.Count,
				Values: map[string]float64{"reviews": reviews[[2]string{c.Key, s.Key}]}})
		}
	}
	if diff := cmp.Diff(want, got.Rows, approx); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func testAggDates(t *testing.T, st store.Store, d *Data) {
	got, err := st.Aggregate(ctx(), store.AggQuery{
		Kind:    store.KindListing,
		Filter:  store.Filter{store.Between("lastSeen", Base.AddDate(0, 2, 0), Base.AddDate(0, 9, 0)), store.In("country", "DE")},
		GroupBy: []store.GroupBy{{Field: "lastSeen", Interval: store.Month}},
		Metrics: []store.Metric{{Name: "max", Op: store.Max, Field: "priceUSD"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int64{}
	maxes := map[string]float64{}
	for _, l := range d.Listings {
		if l.Country != "DE" || l.LastSeen.Before(Base.AddDate(0, 2, 0)) || !l.LastSeen.Before(Base.AddDate(0, 9, 0)) {
			continue
		}
		k := l.LastSeen.UTC().Format("2006-01")
		counts[k]++
		if l.PriceUSD != nil {
			if m, ok := maxes[k]; !ok || *l.PriceUSD > m {
				maxes[k] = *l.PriceUSD
			}
		}
	}
	var keys []string
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var want []store.AggRow
	for _, k := range keys {
		row := store.AggRow{Keys: []string{k}, Count: counts[k]}
		if m, ok := maxes[k]; ok {
			row.Values = map[string]float64{"max": m}
		}
		want = append(want, row)
	}
	if diff := cmp.Diff(want, got.Rows, approx); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func testAggFlows(t *testing.T, st store.Store, d *Data) {
	got, err := st.Aggregate(ctx(), store.AggQuery{
		Kind: store.KindTradeFlow,
		Filter: store.Filter{store.Prefix("hs", "2519"), store.In("flow", store.FlowImport),
			store.In("partner", "CN", "TR", "AT", "BR", "US", "IN"), store.Range("year", store.Float(2020), store.Float(2022))},
		GroupBy: []store.GroupBy{{Field: "reporter"}, {Field: "year"}},
		Metrics: []store.Metric{
			{Name: "value", Op: store.Sum, Field: "valueUSD"},
			{Name: "kg", Op: store.Sum, Field: "netWeightKg"},
			{Name: "partners", Op: store.Distinct, Field: "partner"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	type acc struct {
		n         int64
		value, kg float64
		hasKg     bool
		partners  map[string]bool
	}
	by := map[[2]string]*acc{}
	repCounts := map[string]int64{}
	for _, f := range d.Flows {
		if f.HS[:4] != "2519" || f.Partner == store.World || f.Year < 2020 || f.Year > 2022 {
			continue
		}
		k := [2]string{f.Reporter, strconv.Itoa(f.Year)}
		a := by[k]
		if a == nil {
			a = &acc{partners: map[string]bool{}}
			by[k] = a
		}
		a.n++
		a.value += f.ValueUSD
		if f.NetWeightKg != nil {
			a.kg += *f.NetWeightKg
			a.hasKg = true
		}
		a.partners[f.Partner] = true
		repCounts[f.Reporter]++
	}
	var want []store.AggRow
	for _, r := range topBuckets(repCounts, 100) {
		yearCounts := map[string]int64{}
		for k, a := range by {
			if k[0] == r.Key {
				yearCounts[k[1]] = a.n
			}
		}
		for _, y := range topBuckets(yearCounts, 100) {
			a := by[[2]string{r.Key, y.Key}]
			vals := map[string]float64{"value": a.value, "partners": float64(len(a.partners))}
			if a.hasKg {
				vals["kg"] = a.kg
			}
			want = append(want, store.AggRow{Keys: []string{r.Key, y.Key}, Count: a.n, Values: vals})
		}
	}
	if diff := cmp.Diff(want, got.Rows, approx); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func testAggPercentiles(t *testing.T, st store.Store, d *Data) {
	percents := []float64{10, 25, 50, 75, 90}
	got, err := st.Aggregate(ctx(), store.AggQuery{
		Kind:    store.KindListing,
		GroupBy: []store.GroupBy{{Field: "country"}},
		Metrics: []store.Metric{{Name: "price", Op: store.Percentiles, Field: "priceUSD", Percents: percents}},
	})
	if err != nil {
		t.Fatal(err)
	}
	values := map[string][]float64{}
	for _, l := range d.Listings {
		if l.PriceUSD != nil {
			values[l.Country] = append(values[l.Country], *l.PriceUSD)
		}
	}
	if len(got.Rows) != len(values) {
		t.Fatalf("got %d groups, want %d", len(got.Rows), len(values))
	}
	for _, row := range got.Rows {
		vs := values[row.Keys[0]]
		ps := row.Percentiles["price"]
		for _, p := range percents {
			v, ok := ps[p]
			if !ok {
				t.Errorf("%s: percentile %g missing", row.Keys[0], p)
				continue
			}
			lo, hi := percentileBounds(vs, p)
			if v < lo || v > hi {
				t.Errorf("%s: p%g = %g, want within [%g, %g]", row.Keys[0], p, v, lo, hi)
			}
		}
		prev := math.Inf(-1)
		for _, p := range percents {
			if ps[p] < prev {
				t.Errorf("%s: percentiles decrease at p%g", row.Keys[0], p)
			}
			prev = ps[p]
		}
	}
}

// testAggSearch counts first-page search results by query and brand, the
// share-of-shelf grouping, against a count over the raw snapshots.
func testAggSearch(t *testing.T, st store.Store, d *Data) {
	one := 1.0
	got, err := st.Aggregate(ctx(), store.AggQuery{
		Kind:    store.KindSnapshot,
		Filter:  store.Filter{store.Exists("searchQuery"), store.Range("searchPage", &one, &one)},
		GroupBy: []store.GroupBy{{Field: "searchQuery", Size: 100}, {Field: "brand", Size: 100}},
		Metrics: []store.Metric{{Name: "best", Op: store.Min, Field: "searchPosition"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ q, brand string }
	want := map[key]int64{}
	best := map[key]float64{}
	for _, s := range d.Snapshots {
		if s.SearchQuery == "" || s.SearchPage != 1 || s.Brand == "" {
			continue
		}
		k := key{s.SearchQuery, s.Brand}
		want[k]++
		if b, ok := best[k]; !ok || float64(s.SearchPosition) < b {
			best[k] = float64(s.SearchPosition)
		}
	}
	if len(want) == 0 {
		t.Fatal("the data set has no first-page search results")
	}
	gotCounts := map[key]int64{}
	for _, r := range got.Rows {
		k := key{r.Keys[0], r.Keys[1]}
		gotCounts[k] = r.Count
		if r.Values["best"] != best[k] {
			t.Errorf("%v: best position %v, want %v", k, r.Values["best"], best[k])
		}
	}
	if diff := cmp.Diff(want, gotCounts); diff != "" {
		t.Errorf("first-page results by query and brand (-want +got):\n%s", diff)
	}
}

func testAggEmpty(t *testing.T, st store.Store) {
	got, err := st.Aggregate(ctx(), store.AggQuery{
		Kind:    store.KindListing,
		Filter:  store.Filter{store.In("brand", "Nobody")},
		Metrics: []store.Metric{{Name: "n", Op: store.Count}, {Name: "avg", Op: store.Avg, Field: "priceUSD"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []store.AggRow{{Keys: []string{}, Count: 0, Values: map[string]float64{"n": 0}}}
	if diff := cmp.Diff(want, got.Rows); diff != "" {
		t.Errorf("an empty match must give one row with count 0 and no average (-want +got):\n%s", diff)
	}
	got, err = st.Aggregate(ctx(), store.AggQuery{
		Kind: store.KindListing, Filter: store.Filter{store.In("brand", "Nobody")},
		GroupBy: []store.GroupBy{{Field: "country"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != 0 {
		t.Errorf("grouping nothing gave %d rows, want none", len(got.Rows))
	}
}

func testScan(t *testing.T, st store.Store, d *Data) {
	for _, tc := range []struct {
		kind   store.Kind
		filter store.Filter
		want   []string
	}{
		{store.KindListing, nil, func() []string {
			var ids []string
			for _, l := range d.Listings {
				ids = append(ids, l.ID)
			}
			return ids
		}()},
		{store.KindListing, store.Filter{store.In("sectors", "seafood")}, func() []string {
			var ids []string
			for _, l := range d.Listings {
				for _, s := range l.Sectors {
					if s == "seafood" {
						ids = append(ids, l.ID)
					}
				}
			}
			return ids
		}()},
		{store.KindTradeFlow, store.Filter{store.In("reporter", "JP"), store.Prefix("hs", "81")}, func() []string {
			var ids []string
			for _, f := range d.Flows {
				if f.Reporter == "JP" && f.HS[:2] == "81" {
					ids = append(ids, f.ID)
				}
			}
			return ids
		}()},
		{store.KindRate, store.Filter{store.In("currency", "CNY")}, func() []string {
			var ids []string
			for _, r := range d.Rates {
				if r.Currency == "CNY" {
					ids = append(ids, r.DocID())
				}
			}
			return ids
		}()},
	} {
		sort.Strings(tc.want)
		var got []string
		err := st.Scan(ctx(), store.ScanQuery{Kind: tc.kind, Filter: tc.filter, BatchSize: 17}, func(docs []store.Doc) error {
			if len(docs) > 17 {
				t.Errorf("batch of %d, asked for 17", len(docs))
			}
			for _, doc := range docs {
				if doc.Kind() != tc.kind {
					t.Errorf("scan of %s returned a %s", tc.kind, doc.Kind())
				}
				got = append(got, doc.DocID())
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("scan %s mismatch (-want +got):\n%s", tc.kind, diff)
		}
	}
	stop := errors.New("stop")
	calls := 0
	err := st.Scan(ctx(), store.ScanQuery{Kind: store.KindListing, BatchSize: 10}, func([]store.Doc) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("scan did not stop at the callback's error: %v after %d calls", err, calls)
	}
}

func testCounts(t *testing.T, st store.Store, d *Data, private int) {
	got, err := st.Counts(ctx())
	if err != nil {
		t.Fatal(err)
	}
	want := map[store.Kind]int64{
		store.KindListing: int64(len(d.Listings) + private), store.KindSnapshot: int64(len(d.Snapshots)),
		store.KindReview: int64(len(d.Reviews)), store.KindTradeFlow: int64(len(d.Flows)),
		store.KindRate: int64(len(d.Rates)), store.KindReport: int64(len(d.Reports)),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Counts mismatch (-want +got):\n%s", diff)
	}
}
