// Package analyticstest holds a small hand-checked data set for the
// reports and CompareBackends, which store backends' tests call to check
// that the reports come out the same on them as on another backend.
package analyticstest

import (
	"context"
	"github.com/exportscope/exportscope/analytics"
	"testing"
	"time"

	"github.com/exportscope/exportscope/store"
)

// Now is the generation time the tests give the reports.
var Now = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

// Flow makes a trade flow with its stable ID; weight <= 0 means none.
func Flow(reporter, partner, hs string, year int, flow string, value, weight float64) *store.TradeFlow {
	f := &store.TradeFlow{Reporter: reporter, Partner: partner, HS: hs, Year: year, Flow: flow, ValueUSD: value, Source: "test"}
	if weight > 0 {
		f.NetWeightKg = store.Float(weight)
	}
	f.ID = store.TradeFlowID(f)
	return f
}

// ListingSpec describes a listing of the data set.
type ListingSpec struct {
	ID, Country, Title, Brand, Seller, SellerCountry string
	PriceUSD, Rating                                 float64 // 0: none
	Reviews                                          int
	FirstSeen                                        time.Time
}

// Listing makes a listing of sector magnesium on a marketplace of its
// country.
func Listing(s ListingSpec) *store.Listing {
	l := &store.Listing{ID: s.ID, Marketplace: "shop." + s.Country, Country: s.Country, URL: "https://shop.example/" + s.ID,
		Title: s.Title, Brand: s.Brand, Seller: s.Seller, SellerCountry: s.SellerCountry, Sectors: []string{"magnesium"},
		ReviewCount: s.Reviews, FirstSeen: s.FirstSeen, LastSeen: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}
	if s.PriceUSD > 0 {
		l.Price, l.Currency, l.PriceUSD = store.Float(s.PriceUSD), "USD", store.Float(s.PriceUSD)
	}
	if s.Rating > 0 {
		l.Rating = store.Float(s.Rating)
	}
	l.NetWeightKg, l.USDPerKg = analytics.WeighListing(l) // as classification sets them
	return l
}

var (
	old    = time.Date(2018, 1, 10, 0, 0, 0, 0, time.UTC)
	recent = time.Date(2021, 3, 10, 0, 0, 0, 0, time.UTC)
)

// Magnesium is the hand-checked data set of sector magnesium (HS 251910,
// 251990), 2019-2021. The expected figures are worked out in
// analytics/market_test.go.
//
// Imports:
//
//	DE 2019: CN 100 (50 kg), US 300 (100 kg), World 400 (150 kg)
//	DE 2020: CN 150 (60 kg), US 250 (no weight)
//	DE 2021: CN 200 + 100 in two codes (60 + 40 kg), US 300 (120 kg), TR 400 (100 kg)
//	FR 2019: World 0; FR 2021: World 500 (only World totals)
//	JP 2021: CN 80 (10 kg), a single supplier
//	China's own reports, 2021: exports to DE 310, imports from DE 50
//
// Listings in DE: five (prices 100, 10, 30, 40, 20 USD); none in FR or JP.
func Magnesium() []store.Doc {
	imp := store.FlowImport
	docs := []store.Doc{
		Flow("DE", "CN", "251910", 2019, imp, 100, 50),
		Flow("DE", "US", "251910", 2019, imp, 300, 100),
		Flow("DE", store.World, "251910", 2019, imp, 400, 150),
		Flow("DE", "CN", "251910", 2020, imp, 150, 60),
		Flow("DE", "US", "251910", 2020, imp, 250, 0),
		Flow("DE", "CN", "251910", 2021, imp, 200, 60),
		Flow("DE", "CN", "251990", 2021, imp, 100, 40),
		Flow("DE", "US", "251910", 2021, imp, 300, 120),
		Flow("DE", "TR", "251990", 2021, imp, 400, 100),
		Flow("FR", store.World, "251910", 2019, imp, 0, 0),
		Flow("FR", store.World, "251910", 2021, imp, 500, 0),
		Flow("JP", "CN", "251910", 2021, imp, 80, 10),
		Flow("CN", "DE", "251910", 2021, store.FlowExport, 310, 0),
		Flow("CN", "DE", "251910", 2021, store.FlowImport, 50, 0),
		// Another sector's code, which must not count.
		Flow("DE", "CN", "030890", 2021, imp, 9999, 10),
	}
	for _, l := range []ListingSpec{
		{ID: "l1", Country: "DE", Title: "Magnesium Oxide Powder 25kg bag", Brand: "Acme", Seller: "GoodSeller", SellerCountry: "CN", PriceUSD: 100, Rating: 4.6, Reviews: 10, FirstSeen: recent},
		{ID: "l2", Country: "DE", Title: "Magnesia 500 g", Brand: "Acme", Seller: "Grey Trader", SellerCountry: "CN", PriceUSD: 10, Rating: 4.0, Reviews: 20, FirstSeen: recent},
		{ID: "l3", Country: "DE", Title: "Magnesite lumps", Brand: "Bolt", Seller: "Bolt GmbH", SellerCountry: "DE", PriceUSD: 30, Rating: 3.0, Reviews: 30, FirstSeen: old},
		{ID: "l4", Country: "DE", Title: "Magnesium ingot 2 x 1 kg", Brand: "Core", Seller: "Core Shop", PriceUSD: 40, FirstSeen: old},
		{ID: "l5", Country: "DE", Title: "Magnesia carbon brick", Seller: "Brick Co", SellerCountry: "US", PriceUSD: 20, Rating: 5.0, Reviews: 40, FirstSeen: old},
	} {
		docs = append(docs, Listing(l))
	}
	for i, r := range []struct{ text, lang string }{
		{"Great quality, fast delivery", "en"},
		{"质量很好，但是包装破损", "zh"},
		{"Schlechte Verpackung, aber gute Qualität", "de"},
	} {
		docs = append(docs, &store.Review{ID: "r" + string(rune('1'+i)), ListingID: "l1", Marketplace: "shop.DE", Country: "DE", Brand: "Acme",
			Sectors: []string{"magnesium"}, Rating: float64(5 - i), Text: r.text, Lang: r.lang, Date: time.Date(2021, 4, 1+i, 0, 0, 0, 0, time.UTC)})
	}
	return docs
}

// Load stores docs and fails the test on any error.
func Load(t testing.TB, st store.Store, docs []store.Doc) {
	t.Helper()
	res, err := st.Bulk(context.Background(), docs)
	if err != nil {
		t.Fatalf("Bulk: %v", err)
	}
	if err := res.Err(); err != nil {
		t.Fatalf("Bulk: %v", err)
	}
}

// SearchResult makes a search snapshot: listing id shown as organic
// result number pos (1-based, over all pages) on page page of the search
// query on country's shop, crawled on day, with the brand the page showed.
func SearchResult(country, query string, day time.Time, page, pos int, id, brand string) *store.Snapshot {
	mp := "shop." + country
	return &store.Snapshot{ID: store.SearchSnapshotID(id, mp, query, pos, day), ListingID: id, Marketplace: mp, Country: country,
		Time: day, SearchQuery: query, SearchPage: page, SearchPosition: pos, Brand: brand}
}

// MagnesiumSearches are the recorded keyword searches of the hand-checked
// data set:
//
//	"magnesium oxide" on shop.DE, 2024-04-01, page 1: l1 Acme, l3 Bolt,
//	  l2 ACME (the page's spelling), l5 (no brand); page 2: l4 Core
//	"magnesium oxide" on shop.DE, 2024-04-02, page 1: l3 Bolt, l1 Acme, l4 Core
//	"jellyfish" on shop.DE, 2024-04-01, page 1: l1 Acme (another sector's search)
//
// Acme's share of shelf in magnesium: (2/4 + 1/3) / 2 = 41.67 %.
func MagnesiumSearches() []store.Doc {
	d1 := time.Date(2024, 4, 1, 8, 0, 0, 0, time.UTC)
	d2 := time.Date(2024, 4, 2, 8, 0, 0, 0, time.UTC)
	return []store.Doc{
		SearchResult("DE", "magnesium oxide", d1, 1, 1, "l1", "Acme"),
		SearchResult("DE", "magnesium oxide", d1, 1, 2, "l3", "Bolt"),
		SearchResult("DE", "magnesium oxide", d1, 1, 3, "l2", "ACME"),
		SearchResult("DE", "magnesium oxide", d1, 1, 4, "l5", ""),
		SearchResult("DE", "magnesium oxide", d1, 2, 5, "l4", "Core"),
		SearchResult("DE", "magnesium oxide", d2, 1, 1, "l3", "Bolt"),
		SearchResult("DE", "magnesium oxide", d2, 1, 2, "l1", "Acme"),
		SearchResult("DE", "magnesium oxide", d2, 1, 3, "l4", "Core"),
		SearchResult("DE", "jellyfish", d1, 1, 1, "l1", "Acme"),
	}
}
