package analyticstest

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/store"
)

// Larger is a generated data set (fixed seed) with many markets, partners,
// years, brands and prices, to compare backends on more than a handful of
// rows.
func Larger() []store.Doc {
	rng := rand.New(rand.NewPCG(7, 11))
	var docs []store.Doc
	reporters := []string{"DE", "FR", "IT", "ES", "PL", "RU", "JP", "KR", "BR", "US"}
	partners := []string{"CN", "US", "DE", "TR", "IN", "BR", "AT", "NL"}
	for _, r := range reporters {
		for y := 2015; y <= 2022; y++ {
			var total float64
			for _, p := range partners {
				if p == r || rng.IntN(5) == 0 {
					continue
				}
				v := math.Round(rng.Float64() * 1e7)
				total += v
				w := 0.0
				if rng.IntN(4) > 0 {
					w = math.Round(v / (0.3 + rng.Float64()))
				}
				hs := "251990"
				if rng.IntN(2) == 0 {
					hs = "810411"
				}
				docs = append(docs, Flow(r, p, hs, y, store.FlowImport, v, w))
			}
			docs = append(docs, Flow(r, store.World, "251990", y, store.FlowImport, total, 0))
			docs = append(docs, Flow("CN", r, "251990", y, store.FlowExport, math.Round(rng.Float64()*1e6), 0))
		}
	}
	brands := []string{"Acme", "Bolt", "Core", "Delta", "Eon", ""}
	countries := []string{"DE", "FR", "JP", "US", "PL"}
	sellerCountries := []string{"CN", "CN", "DE", "US", ""}
	for i := range 300 {
		kg := []string{"25kg", "500 g", "1 t", "", "10 lb"}[rng.IntN(5)]
		l := Listing(ListingSpec{
			ID: fmt.Sprintf("g%03d", i), Country: countries[rng.IntN(len(countries))],
			Title: "Magnesium oxide " + kg, Brand: brands[rng.IntN(len(brands))], Seller: fmt.Sprintf("seller %d", rng.IntN(20)),
			SellerCountry: sellerCountries[rng.IntN(len(sellerCountries))],
			PriceUSD:      math.Round(math.Exp(rng.NormFloat64()+3)*100) / 100,
			Rating:        []float64{0, 3.2, 4.1, 4.5, 4.8, 1.4}[rng.IntN(6)], Reviews: rng.IntN(500),
			FirstSeen: time.Date(2016+rng.IntN(7), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC),
		})
		docs = append(docs, l)
	}
	// Keyword searches on each country's shop over a few days: 8 results
	// a page, two pages, brands drawn from the listings'.
	queries := []string{"Magnesium Oxide", "magnesia 25kg", "氧化镁", "river crab"}
	for _, c := range countries {
		for _, q := range queries {
			for day := range 3 {
				at := time.Date(2022, 3, 1+day, 6, 0, 0, 0, time.UTC)
				for pos := 1; pos <= 16; pos++ {
					id := fmt.Sprintf("g%03d", rng.IntN(300))
					docs = append(docs, SearchResult(c, q, at, 1+(pos-1)/8, pos, id, brands[rng.IntN(len(brands))]))
				}
			}
		}
	}
	return docs
}

// CompareBackends loads the same data into two empty stores, builds the
// same market and brand reports on each, and fails the test where they
// differ: exact figures must agree to a relative 1e-9, figures marked
// approximate (percentiles) to 2 %. Store backends call it with a store
// of theirs and an SQLite store.
func CompareBackends(t *testing.T, a, b store.Store) {
	t.Helper()
	docs := append(append(Magnesium(), MagnesiumSearches()...), Larger()...)
	Load(t, a, docs)
	Load(t, b, docs)
	if r, ok := a.(interface{ Refresh(context.Context) error }); ok {
		_ = r.Refresh(context.Background())
	}
	if r, ok := b.(interface{ Refresh(context.Context) error }); ok {
		_ = r.Refresh(context.Background())
	}
	services := make([]*analytics.Service, 2)
	for i, st := range []store.Store{a, b} {
		cat, err := analytics.NewCatalogue(nil)
		if err != nil {
			t.Fatal(err)
		}
		services[i], err = analytics.NewService(analytics.ServiceOptions{Store: st, Catalogue: cat, Now: func() time.Time { return Now }})
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	opt := cmp.Comparer(sameFigure)
	for _, req := range []analytics.MarketRequest{
		{Sector: "magnesium"},
		{Sector: "magnesium", Market: "DE", From: 2019, To: 2021},
		{Sector: "magnesium", Market: "JP", From: 2015, To: 2022},
		{Sector: "seafood"},
	} {
		t.Run(fmt.Sprintf("market %s %s %d-%d", req.Sector, req.Market, req.From, req.To), func(t *testing.T) {
			ra, err := services[0].Market(ctx, req, nil)
			if err != nil {
				t.Fatal(err)
			}
			rb, err := services[1].Market(ctx, req, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ra, rb, opt); diff != "" {
				t.Errorf("market report differs between the backends (-first +second):\n%s", diff)
			}
		})
	}
	for _, req := range []analytics.BrandRequest{{Sector: "magnesium", Brand: "Acme"}, {Sector: "magnesium", Brand: "bolt"}} {
		t.Run("brand "+req.Brand, func(t *testing.T) {
			ra, err := services[0].Brand(ctx, req, nil)
			if err != nil {
				t.Fatal(err)
			}
			rb, err := services[1].Brand(ctx, req, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ra, rb, opt); diff != "" {
				t.Errorf("brand report differs between the backends (-first +second):\n%s", diff)
			}
		})
	}
}

func sameFigure(x, y analytics.Figure) bool {
	tol := 1e-9
	if x.Approximate || y.Approximate {
		tol = 0.02
	}
	if (x.Value == nil) != (y.Value == nil) {
		return false
	}
	if x.Value != nil && !close(*x.Value, *y.Value, tol) {
		return false
	}
	x.Value, y.Value = nil, nil
	return cmp.Equal(x, y)
}

func close(a, b, rel float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}
