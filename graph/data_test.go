package graph_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/store"
)

func TestMarkets(t *testing.T) { testMarkets(t, productOptions{}) }

func testMarkets(t *testing.T, o productOptions) {
	e := newProductEnv(t, o)
	a := e.tenant("alpha")
	want := map[string]bool{}
	for _, l := range e.data.Listings {
		want[l.Country] = true
	}
	for _, f := range e.data.Flows {
		want[f.Reporter] = true
	}
	var wantCodes []string
	for c := range want {
		wantCodes = append(wantCodes, c)
	}
	sort.Strings(wantCodes)

	var out struct {
		Markets []struct {
			Code string
			Name struct{ Zh, En string }
		}
	}
	e.ok(e.do(a.viewer, `{ markets { code name { zh en } } }`, nil), &out)
	var got []string
	for _, m := range out.Markets {
		got = append(got, m.Code)
		if m.Name.Zh == "" || m.Name.En == "" || m.Name.Zh == m.Name.En {
			t.Errorf("market %s is named %+v; want distinct Chinese and English names", m.Code, m.Name)
		}
		if m.Code == "DE" && (m.Name.Zh != "德国" || m.Name.En != "Germany") {
			t.Errorf("DE is named %+v, want 德国 / Germany", m.Name)
		}
	}
	if diff := cmp.Diff(wantCodes, got); diff != "" {
		t.Errorf("markets (-want +got):\n%s", diff)
	}
	e.expectCode("markets without a token", e.do("", `{ markets { code } }`, nil), "UNAUTHENTICATED")
}

const listingDetail = `query($id: ID!) { listing(id: $id) { listing { id title brand } history { time price { amount currency } reviewCount salesRank } } }`

type listingDetailOut struct {
	Listing struct {
		Listing struct{ ID, Title, Brand string }
		History []struct {
			Time        string
			Price       *struct{ Amount float64 }
			ReviewCount int
			SalesRank   *int
		}
	}
}

func TestListingDetail(t *testing.T) { testListingDetail(t, productOptions{}) }

func testListingDetail(t *testing.T, o productOptions) {
	e := newProductEnv(t, o)
	a, b := e.tenant("alpha"), e.tenant("beta")

	// The listing with the most snapshots, and its history by plain Go.
	counts := map[string]int{}
	for _, s := range e.data.Snapshots {
		if s.SearchQuery == "" {
			counts[s.ListingID]++
		}
	}
	id := ""
	for _, l := range e.data.Listings {
		if counts[l.ID] > counts[id] {
			id = l.ID
		}
	}
	var want []*store.Snapshot
	for _, s := range e.data.Snapshots {
		if s.ListingID == id && s.SearchQuery == "" { // search positions are not history
			want = append(want, s)
		}
	}
	slices.SortFunc(want, func(x, y *store.Snapshot) int { return x.Time.Compare(y.Time) })
	if len(want) < 2 {
		t.Fatalf("the data set has no listing with two snapshots")
	}

	var out listingDetailOut
	e.ok(e.do(a.viewer, listingDetail, map[string]any{"id": id}), &out)
	if out.Listing.Listing.ID != id || len(out.Listing.History) != len(want) {
		t.Fatalf("listing %s: got %+v, want %d snapshots", id, out.Listing, len(want))
	}
	for i, s := range want {
		got := out.Listing.History[i]
		if got.ReviewCount != s.ReviewCount || (s.Price != nil) != (got.Price != nil) || (s.Price != nil && got.Price.Amount != *s.Price) {
			t.Errorf("snapshot %d: got %+v, want %+v", i, got, s)
		}
		if got.Time != s.Time.UTC().Format("2006-01-02T15:04:05Z07:00") {
			t.Errorf("snapshot %d at %s, want %s (oldest first)", i, got.Time, s.Time)
		}
	}

	// A tenant's private listing is its own; another tenant cannot see it.
	seen := e.data.Listings[0].FirstSeen
	private := &store.Listing{ID: "own-1", Tenant: a.tenant, Marketplace: "shop.test", Country: "DE", URL: "https://shop.test/p/1",
		Title: "Alpha private magnesia", Brand: "AlphaOnly", FirstSeen: seen, LastSeen: seen}
	snap := &store.Snapshot{ID: store.SnapshotID("own-1", seen), Tenant: a.tenant, ListingID: "own-1", Marketplace: "shop.test", Country: "DE",
		Time: seen, Price: store.Float(12.5), Currency: "EUR", ReviewCount: 3}
	if res, err := e.store.Bulk(context.Background(), []store.Doc{private, snap}); err != nil || res.Err() != nil {
		t.Fatalf("store private listing: %v %v", err, res.Err())
	}
	out = listingDetailOut{}
	e.ok(e.do(a.viewer, listingDetail, map[string]any{"id": "own-1"}), &out)
	if out.Listing.Listing.Brand != "AlphaOnly" || len(out.Listing.History) != 1 || out.Listing.History[0].ReviewCount != 3 {
		t.Errorf("own private listing: %+v", out.Listing)
	}
	for _, id := range []string{"own-1", "no-such-listing"} {
		resp := e.do(b.viewer, listingDetail, map[string]any{"id": id})
		e.expectCode("listing "+id+" by another tenant", resp, "NOT_FOUND")
		if strings.Contains(resp.raw, "AlphaOnly") {
			t.Errorf("private listing leaked: %s", resp.raw)
		}
	}
	e.expectCode("listing without a token", e.do("", listingDetail, map[string]any{"id": id}), "UNAUTHENTICATED")
}

func TestBrands(t *testing.T) { testBrands(t, productOptions{}) }

func testBrands(t *testing.T, o productOptions) {
	e := newProductEnv(t, o)
	a := e.tenant("alpha")

	// Brands of magnesium listings in DE, by plain Go.
	type agg struct {
		n       int
		reviews int
		prices  []float64
	}
	byBrand := map[string]*agg{}
	total := 0
	for _, l := range e.data.Listings {
		if l.Brand == "" || l.Country != "DE" || !slices.Contains(l.Sectors, "magnesium") {
			continue
		}
		total++
		g := byBrand[l.Brand]
		if g == nil {
			g = &agg{}
			byBrand[l.Brand] = g
		}
		g.n++
		g.reviews += l.ReviewCount
		if l.PriceUSD != nil {
			g.prices = append(g.prices, *l.PriceUSD)
		}
	}
	var out struct {
		Brands []struct {
			Brand          string
			Listings       int
			SharePct       float64
			MedianPriceUSD *float64
			Reviews        int
		}
	}
	e.ok(e.do(a.viewer, `{ brands(filter: {sector: "magnesium", market: "de"}, first: 100) { brand listings sharePct medianPriceUSD reviews } }`, nil), &out)
	if len(out.Brands) != len(byBrand) {
		t.Fatalf("got %d brands, want %d", len(out.Brands), len(byBrand))
	}
	for i, b := range out.Brands {
		g := byBrand[b.Brand]
		if g == nil {
			t.Errorf("unexpected brand %q", b.Brand)
			continue
		}
		if i > 0 && out.Brands[i-1].Listings < b.Listings {
			t.Errorf("brands are not ordered by listings: %v", out.Brands)
		}
		if b.Listings != g.n || b.Reviews != g.reviews || !near(b.SharePct, 100*float64(g.n)/float64(total)) {
			t.Errorf("brand %s: got %+v, want %d listings, %d reviews, share of %d", b.Brand, b, g.n, g.reviews, total)
		}
		if len(g.prices) == 0 {
			if b.MedianPriceUSD != nil {
				t.Errorf("brand %s has no prices but a median %v", b.Brand, *b.MedianPriceUSD)
			}
			continue
		}
		sort.Float64s(g.prices)
		if b.MedianPriceUSD == nil || *b.MedianPriceUSD < g.prices[0] || *b.MedianPriceUSD > g.prices[len(g.prices)-1] {
			t.Errorf("brand %s median %v outside its prices %v", b.Brand, b.MedianPriceUSD, g.prices)
		}
	}

	for _, tc := range []struct{ name, query, want string }{
		{"unknown sector", `{ brands(filter: {sector: "magnesum"}) { brand } }`, "magnesium"},
		{"bad market", `{ brands(filter: {market: "Germany"}) { brand } }`, "alpha-2"},
		{"huge first", `{ brands(first: 500) { brand } }`, "between 1 and 100"},
	} {
		resp := e.do(a.viewer, tc.query, nil)
		e.expectCode(tc.name, resp, "BAD_INPUT")
		if !strings.Contains(resp.raw, tc.want) {
			t.Errorf("%s: message should mention %q: %s", tc.name, tc.want, resp.raw)
		}
	}
}

const tradeFlows = `query($f: TradeFlowFilter!, $first: Int, $after: String) {
  tradeFlows(filter: $f, first: $first, after: $after) { totalCount edges { node { id reporter partner hs year flow valueUSD } } pageInfo { hasNextPage endCursor } } }`

type tradeFlowsOut struct {
	TradeFlows struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				ID, Reporter, Partner, Hs, Flow string
				Year                            int
				ValueUSD                        float64
			}
		}
		PageInfo struct {
			HasNextPage bool
			EndCursor   *string
		}
	}
}

func TestTradeFlows(t *testing.T) { testTradeFlows(t, productOptions{}) }

func testTradeFlows(t *testing.T, o productOptions) {
	e := newProductEnv(t, o)
	a := e.tenant("alpha")

	magnesium := []string{"251910", "251990", "810411", "810419", "810430", "810490", "281610", "282731", "283321", "690210", "681591"}
	var want []*store.TradeFlow
	for _, f := range e.data.Flows {
		if f.Reporter == "DE" && f.Flow == "import" && f.Year >= 2020 && slices.Contains(magnesium, f.HS) {
			want = append(want, f)
		}
	}
	slices.SortFunc(want, func(x, y *store.TradeFlow) int {
		if x.Year != y.Year {
			return y.Year - x.Year
		}
		return strings.Compare(x.ID, y.ID)
	})
	if len(want) < 10 {
		t.Fatalf("too few flows in the data set: %d", len(want))
	}

	filter := map[string]any{"sector": "magnesium", "reporters": []string{"de"}, "flow": "import", "fromYear": 2020}
	var got []string
	var after any
	pages := 0
	for {
		var out tradeFlowsOut
		e.ok(e.do(a.viewer, tradeFlows, map[string]any{"f": filter, "first": 7, "after": after}), &out)
		pages++
		if out.TradeFlows.TotalCount != len(want) {
			t.Fatalf("totalCount %d, want %d", out.TradeFlows.TotalCount, len(want))
		}
		for _, ed := range out.TradeFlows.Edges {
			got = append(got, ed.Node.ID)
		}
		if !out.TradeFlows.PageInfo.HasNextPage {
			break
		}
		if len(out.TradeFlows.Edges) != 7 || pages > 100 {
			t.Fatalf("page %d has %d flows and more to come", pages, len(out.TradeFlows.Edges))
		}
		after = *out.TradeFlows.PageInfo.EndCursor
	}
	var wantIDs []string
	for _, f := range want {
		wantIDs = append(wantIDs, f.ID)
	}
	if diff := cmp.Diff(wantIDs, got); diff != "" {
		t.Errorf("flows across pages (-want +got):\n%s", diff)
	}

	for _, tc := range []struct {
		name   string
		filter map[string]any
		after  any
	}{
		{"unknown sector", map[string]any{"sector": "unobtainium"}, nil},
		{"bad flow", map[string]any{"flow": "smuggled"}, nil},
		{"bad reporter", map[string]any{"reporters": []string{"Germany"}}, nil},
		{"bad hs", map[string]any{"hs": []string{"25x9"}}, nil},
		{"years reversed", map[string]any{"fromYear": 2023, "toYear": 2020}, nil},
		{"forged cursor", map[string]any{}, "not-a-cursor!"},
	} {
		e.expectCode(tc.name, e.do(a.viewer, tradeFlows, map[string]any{"f": tc.filter, "after": tc.after}), "BAD_INPUT")
	}
}

func TestMarketFigures(t *testing.T) { testMarketFigures(t, productOptions{}) }

func testMarketFigures(t *testing.T, o productOptions) {
	e := newProductEnv(t, o)
	a := e.tenant("alpha")
	magnesium := []string{"251910", "251990", "810411", "810419", "810430", "810490", "281610", "282731", "283321", "690210", "681591"}
	world, china := map[int]float64{}, map[int]float64{}
	for _, f := range e.data.Flows {
		if f.Reporter != "DE" || f.Flow != "import" || !slices.Contains(magnesium, f.HS) {
			continue
		}
		switch f.Partner {
		case store.World:
			world[f.Year] += f.ValueUSD
		case "CN":
			china[f.Year] += f.ValueUSD
		}
	}
	var out struct {
		MarketFigures struct {
			Market, Sector string
			Years          []struct {
				Year          int
				ImportsUSD    float64
				FromChinaUSD  *float64
				ChinaSharePct *float64
			}
		}
	}
	e.ok(e.do(a.viewer, `{ marketFigures(sector: "magnesium", market: "de") { market sector years { year importsUSD fromChinaUSD chinaSharePct } } }`, nil), &out)
	mf := out.MarketFigures
	if mf.Market != "DE" || mf.Sector != "magnesium" || len(mf.Years) != len(world) {
		t.Fatalf("got %+v, want DE magnesium over %d years", mf, len(world))
	}
	for i, y := range mf.Years {
		if i > 0 && mf.Years[i-1].Year >= y.Year {
			t.Errorf("years not oldest first: %+v", mf.Years)
		}
		if !near(y.ImportsUSD, world[y.Year]) {
			t.Errorf("%d: imports %v, want %v", y.Year, y.ImportsUSD, world[y.Year])
		}
		c, ok := china[y.Year]
		if !ok {
			if y.FromChinaUSD != nil {
				t.Errorf("%d: China %v, want none", y.Year, *y.FromChinaUSD)
			}
			continue
		}
		if y.FromChinaUSD == nil || !near(*y.FromChinaUSD, c) || y.ChinaSharePct == nil || !near(*y.ChinaSharePct, 100*c/world[y.Year]) {
			t.Errorf("%d: China %v share %v, want %v and %v%%", y.Year, y.FromChinaUSD, y.ChinaSharePct, c, 100*c/world[y.Year])
		}
	}
	for _, tc := range []struct{ q, want string }{
		{`{ marketFigures(sector: "magnesium", market: "XX") { market } }`, "alpha-2"},
		{`{ marketFigures(sector: "magnesum", market: "DE") { market } }`, "valid sectors: magnesium"},
		{`{ marketFigures(sector: "magnesium", market: "FR") { market } }`, "markets with data: BR, DE, JP, PL, RU"},
	} {
		resp := e.do(a.viewer, tc.q, nil)
		e.expectCode(tc.q, resp, "BAD_INPUT")
		if !strings.Contains(resp.raw, tc.want) {
			t.Errorf("%s: message should mention %q: %s", tc.q, tc.want, resp.raw)
		}
	}
}

func TestListComplexity(t *testing.T) {
	e := newProductEnv(t, productOptions{})
	a := e.tenant("alpha")
	var q strings.Builder
	q.WriteString("{")
	for i := range 8 {
		fmt.Fprintf(&q, ` f%d: tradeFlows(filter: {}, first: 100) { edges { node { id reporter partner hs year flow valueUSD } } }`, i)
	}
	q.WriteString("}")
	resp := e.do(a.viewer, q.String(), nil)
	e.expectCode("eight full pages of trade flows", resp, "BAD_INPUT")
	if !strings.Contains(resp.raw, "complexity") {
		t.Errorf("the refusal should name the complexity limit: %s", resp.raw)
	}
	// One such page is fine.
	e.ok(e.do(a.viewer, `{ tradeFlows(filter: {}, first: 100) { edges { node { id reporter partner hs year flow valueUSD } } } }`, nil), &tradeFlowsOut{})
}

// near compares sums that two backends may add up in different orders.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }

// The data operations answer the same on Elasticsearch.
func TestDataOnElasticsearch(t *testing.T) {
	o := productOptions{elastic: true}
	t.Run("markets", func(t *testing.T) { testMarkets(t, o) })
	t.Run("listing", func(t *testing.T) { testListingDetail(t, o) })
	t.Run("brands", func(t *testing.T) { testBrands(t, o) })
	t.Run("tradeFlows", func(t *testing.T) { testTradeFlows(t, o) })
	t.Run("marketFigures", func(t *testing.T) { testMarketFigures(t, o) })
}
