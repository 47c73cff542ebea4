package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/exportscope/exportscope/store"
)

// BenchListings generates listing i of a large synthetic catalogue
// deterministically, so a benchmark can stream millions of them without
// holding them in memory and two backends see identical rows.
func BenchListing(i int) *store.Listing {
	r := rand.New(rand.NewPCG(uint64(i), 99))
	sf := storefronts[i%len(storefronts)]
	p := r.IntN(len(phrases))
	sel := sellers[r.IntN(len(sellers))]
	// A long tail of brands: a few dominate, thousands appear rarely.
	brand := brands[r.IntN(len(brands))]
	if r.IntN(3) == 0 {
		brand = fmt.Sprintf("Brand%d", int(r.ExpFloat64()*400))
	}
	usd := float64(int(100*(3+r.ExpFloat64()*80))) / 100
	first := Base.Add(time.Duration(r.IntN(300*24)) * time.Hour)
	kg := 1 + r.IntN(50)
	l := &store.Listing{
		ID:            fmt.Sprintf("B%08d", i),
		Marketplace:   sf.marketplace,
		Country:       sf.country,
		URL:           fmt.Sprintf("https://%s/dp/B%08d", sf.marketplace, i),
		Title:         fmt.Sprintf("%s %s %d kg model %d", brand, phrases[p], kg, r.IntN(100000)),
		Brand:         brand,
		Seller:        sel.name,
		SellerCountry: sel.country,
		Category:      []string{"Industrial", "Food", "Home", "Auto", "Apparel"}[r.IntN(5)],
		Sectors:       sectorsOf[p],
		Price:         store.Float(usd),
		Currency:      "USD",
		PriceUSD:      store.Float(usd),
		PriceCNY:      store.Float(float64(int(usd*720)) / 100),
		Rating:        store.Float(float64(30+r.IntN(21)) / 10),
		ReviewCount:   int(r.ExpFloat64() * 200),
		NetWeightKg:   store.Float(float64(kg)), // as classification reads it from the title
		USDPerKg:      store.Float(usd / float64(kg)),
		FirstSeen:     first,
		LastSeen:      first.Add(time.Duration(r.IntN(60*24)) * time.Hour),
	}
	return l
}

// BenchBatch returns listings [start, start+n) as documents.
func BenchBatch(start, n int) []store.Doc {
	out := make([]store.Doc, n)
	for i := range out {
		out[i] = BenchListing(start + i)
	}
	return out
}

// Fill loads n bench listings into st in batches.
func Fill(ctx context.Context, st store.Store, n, batch int) error {
	for start := 0; start < n; start += batch {
		res, err := st.Bulk(ctx, BenchBatch(start, min(batch, n-start)))
		if err != nil {
			return err
		}
		if err := res.Err(); err != nil {
			return err
		}
	}
	return nil
}

// SearchMix is the faceted-search workload of the benchmarks: the queries a
// listing explorer sends, each with the explorer's five facets.
func SearchMix() []store.ListingQuery {
	facets := []string{"marketplace", "country", "brand", "sellerCountry", "sectors"}
	f := store.Float
	qs := []store.ListingQuery{
		{Text: "magnesium oxide"},
		{Text: "jellyfish", Filter: store.ListingFilter{Countries: []string{"DE"}}.Filter()},
		{Text: "氧化镁粉"},
		{Text: "cashmere", Filter: store.ListingFilter{MinPriceUSD: f(20), MaxPriceUSD: f(80)}.Filter(), Sort: []store.SortField{{Field: "priceUSD"}}},
		{Filter: store.ListingFilter{Sectors: []string{"magnesium"}, Countries: []string{"US"}}.Filter(), Sort: []store.SortField{{Field: "priceUSD", Desc: true}}},
		{Filter: store.ListingFilter{Brands: []string{"RHI"}, MinRating: f(4.5)}.Filter()},
		{Text: "car lift", Filter: store.ListingFilter{SellerCountries: []string{"CN"}}.Filter()},
		{Filter: store.ListingFilter{Marketplaces: []string{"ozon.ru"}, Sectors: []string{"seafood"}}.Filter(), Sort: []store.SortField{{Field: "rating", Desc: true}}},
	}
	for i := range qs {
		qs[i].Facets = facets
		qs[i].Limit = 20
	}
	return qs
}

// MeasureSearch runs the search mix b.N times and reports p50 and p95
// latency in milliseconds.
func MeasureSearch(b *testing.B, st store.Store) {
	ctx := context.Background()
	mix := SearchMix()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := st.SearchListings(ctx, mix[i%len(mix)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		return float64(lat[int(float64(len(lat)-1)*p)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
}
