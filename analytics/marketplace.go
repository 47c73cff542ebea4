package analytics

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/exportscope/exportscope/store"
)

// Percents are the price percentiles the reports show.
var Percents = []float64{10, 25, 50, 75, 90}

// PriceBandEdges are the lower edges of the price bands, USD.
var PriceBandEdges = []float64{0, 5, 10, 25, 50, 100, 250, 500, 1000}

// starEdges are the lower edges of the rating bands: 1 star is a rating
// below 1.5, 2 stars 1.5 to below 2.5, and so on.
var starEdges = []float64{0, 1.5, 2.5, 3.5, 4.5}

// MarketplaceMarket is the marketplace landscape in one market (the
// storefront country of the listings).
type MarketplaceMarket struct {
	Market       string `json:"market"`
	Listings     Figure `json:"listings"`
	PriceP10     Figure `json:"priceP10"`
	PriceP25     Figure `json:"priceP25"`
	PriceMedian  Figure `json:"priceMedian"`
	PriceP75     Figure `json:"priceP75"`
	PriceP90     Figure `json:"priceP90"`
	PriceBands   []Band `json:"priceBands"`
	AvgRating    Figure `json:"averageRating"`
	RatingBands  []Band `json:"ratingDistribution"`
	ChinaSellers Figure `json:"chinaSellerShare"`
	Newcomers    Figure `json:"newcomers"`
	// NewcomerShare is newcomers / listings, in percent.
	NewcomerShare Figure `json:"newcomerShare"`
	// BrandHHI is the concentration of branded listings over brands.
	BrandHHI Figure `json:"brandHHI"`
	// TopBrandsByListings and TopBrandsByReviews list up to 10 brands.
	TopBrandsByListings []BrandShare `json:"topBrandsByListings"`
	TopBrandsByReviews  []BrandShare `json:"topBrandsByReviews"`
}

// Band is a range of prices or ratings with its listings. From is
// inclusive, To exclusive; a nil To is open.
type Band struct {
	From  float64  `json:"from"`
	To    *float64 `json:"to"`
	Label string   `json:"label"`
	Count Figure   `json:"count"`
	Share Figure   `json:"share"`
}

// BrandShare is one brand's listings and reviews in a market.
type BrandShare struct {
	Brand        string `json:"brand"`
	Listings     Figure `json:"listings"`
	ListingShare Figure `json:"listingShare"`
	Reviews      Figure `json:"reviews"`
	ReviewShare  Figure `json:"reviewShare"`
}

const (
	defListings   = "Listings of the sector on storefronts of the market (latest state of each offer)"
	defPricePct   = "Price percentile in USD over listings with a USD price (linear interpolation between order statistics)"
	defPriceBand  = "Listings with a USD price in the band, and their share of all priced listings in percent"
	defAvgRating  = "Average star rating over rated listings"
	defRatingBand = "Rated listings by stars (rating rounded to the nearest star), and their share in percent"
	defChinaSell  = "Share of listings whose seller country is China (CN) among listings with a known seller country, in percent"
	defNewcomers  = "Listings first seen within the period"
	defNewShare   = "Listings first seen within the period / all listings, in percent"
	defBrandHHI   = "Brand concentration HHI over branded listings: sum over brands of (listing share in percent)^2"
	defBrandList  = "A brand's listings and its share of branded listings in percent"
	defBrandRev   = "A brand's review count (sum over its listings) and its share of all reviews of branded listings in percent"
)

func (b *marketBuilder) listingProv(window Window) Prov {
	return Prov{Window: window, Sources: []string{"store listing: sectors contains " + b.sec.Tag()}}
}

// marketplace fills the marketplace side for every storefront country
// with listings of the sector (or the chosen market).
func (b *marketBuilder) marketplace(ctx context.Context, rep *MarketReport) error {
	rep.Marketplace = []MarketplaceMarket{}
	base := store.Filter{store.In("sectors", b.sec.Tag())}
	if b.market != "" {
		base = append(base, store.In("country", b.market))
	}
	window, err := listingWindow(ctx, b.st, base)
	if err != nil {
		return err
	}
	prov := b.listingProv(window)
	byCountry := []store.GroupBy{{Field: "country", Size: 300}}
	// The queries are independent: they run side by side (Elasticsearch
	// answers them in parallel; SQLite's read pool has several
	// connections), a few at a time.
	var (
		main                           map[string]vals
		priced                         = make([]map[string]vals, len(PriceBandEdges))
		rated                          = make([]map[string]vals, len(starEdges))
		knownSeller, cnSeller, newcome map[string]vals
		brandRows                      []store.AggRow
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(parallelQueries)
	run := func(dst *map[string]vals, what string, extra store.Filter, metrics ...store.Metric) {
		g.Go(func() error {
			f := append(append(store.Filter{}, base...), extra...)
			rows, err := aggregate(gctx, b.st, what, store.AggQuery{Scope: store.Public, Kind: store.KindListing, Filter: f, GroupBy: byCountry, Metrics: metrics})
			if err != nil {
				return err
			}
			*dst = byKey1(rows, sumFill)
			return nil
		})
	}
	run(&main, "listings by market", nil,
		store.Metric{Name: "p", Op: store.Percentiles, Field: "priceUSD", Percents: Percents},
		store.Metric{Name: "avg", Op: store.Avg, Field: "rating"})
	for i, e := range PriceBandEdges {
		run(&priced[i], "priced listings", store.Filter{store.Range("priceUSD", fptr(e), nil)})
	}
	for i, e := range starEdges {
		run(&rated[i], "rated listings", store.Filter{store.Range("rating", fptr(e), nil)})
	}
	run(&knownSeller, "listings with a seller country", store.Filter{store.Exists("sellerCountry")})
	run(&cnSeller, "listings of Chinese sellers", store.Filter{store.In("sellerCountry", China)})
	pFrom, pTo := yearStart(b.from), yearStart(b.to+1)
	run(&newcome, "newcomers", store.Filter{store.Between("firstSeen", pFrom, pTo)})
	g.Go(func() error {
		var err error
		brandRows, err = aggregate(gctx, b.st, "brands by market", store.AggQuery{
			Scope: store.Public, Kind: store.KindListing, Filter: base,
			GroupBy: []store.GroupBy{{Field: "country", Size: 50}, {Field: "brand", Size: 1000}},
			Metrics: []store.Metric{{Name: "v", Op: store.Sum, Field: "reviewCount"}},
		})
		return err
	})
	if err := g.Wait(); err != nil {
		return err
	}
	newcomers := newcome
	brands := byKey2(brandRows, func(s string) (string, bool) { return s, true }, sumFill)

	markets := make([]string, 0, len(main))
	for c := range main {
		markets = append(markets, c)
	}
	if b.market != "" && len(markets) == 0 {
		markets = append(markets, b.market)
	}
	sort.Slice(markets, func(i, j int) bool {
		if main[markets[i]].n != main[markets[j]].n {
			return main[markets[i]].n > main[markets[j]].n
		}
		return markets[i] < markets[j]
	})
	for _, c := range markets {
		b.listingRecords += main[c].n
		mm := MarketplaceMarket{Market: c}
		m := main[c]
		if m.n == 0 {
			nd := func(def, unit string) Figure {
				return prov.noData(def, unit, 0, "no listings of sector %s on storefronts of %s", b.sec.Slug, c)
			}
			mm.Listings = nd(defListings, UnitCount)
			mm.PriceP10, mm.PriceP25, mm.PriceMedian, mm.PriceP75, mm.PriceP90 = nd(defPricePct, UnitUSD), nd(defPricePct, UnitUSD), nd(defPricePct, UnitUSD), nd(defPricePct, UnitUSD), nd(defPricePct, UnitUSD)
			mm.AvgRating = nd(defAvgRating, UnitStars)
			mm.ChinaSellers = nd(defChinaSell, UnitPercent)
			mm.Newcomers = nd(defNewcomers, UnitCount)
			mm.NewcomerShare = nd(defNewShare, UnitPercent)
			mm.BrandHHI = nd(defBrandHHI, UnitHHI)
			mm.PriceBands, mm.RatingBands = []Band{}, []Band{}
			mm.TopBrandsByListings, mm.TopBrandsByReviews = []BrandShare{}, []BrandShare{}
			rep.Marketplace = append(rep.Marketplace, mm)
			continue
		}
		mm.Listings = prov.ok(defListings, UnitCount, m.n, float64(m.n))
		nPriced := priced[0][c].n
		pct := []*Figure{&mm.PriceP10, &mm.PriceP25, &mm.PriceMedian, &mm.PriceP75, &mm.PriceP90}
		for i, p := range Percents {
			v, ok := m.pct[p]
			if nPriced == 0 || !ok {
				*pct[i] = prov.noData(defPricePct, UnitUSD, 0, "none of the %d listings in %s has a USD price", m.n, c)
				continue
			}
			*pct[i] = prov.ok(defPricePct, UnitUSD, nPriced, v).approx()
		}
		mm.PriceBands = bands(prov, defPriceBand, PriceBandEdges, priced, c, func(lo float64, hi *float64) string {
			if hi == nil {
				return fmt.Sprintf("≥ %g USD", lo)
			}
			return fmt.Sprintf("%g–%g USD", lo, *hi)
		}, "priced")
		if nRated := rated[0][c].n; nRated > 0 && m.hasAvg {
			mm.AvgRating = prov.ok(defAvgRating, UnitStars, nRated, m.avg)
		} else {
			mm.AvgRating = prov.noData(defAvgRating, UnitStars, 0, "none of the %d listings in %s has a rating", m.n, c)
		}
		mm.RatingBands = bands(prov, defRatingBand, starEdges, rated, c, func(lo float64, _ *float64) string {
			return fmt.Sprintf("%d★", int(math.Round(lo+0.5)))
		}, "rated")
		if k := knownSeller[c].n; k > 0 {
			f := prov.ok(defChinaSell, UnitPercent, k, float64(cnSeller[c].n)/float64(k)*100)
			if k < m.n {
				f = f.withNote("%d of %d listings state no seller country and are left out", m.n-k, m.n)
			}
			mm.ChinaSellers = f
		} else {
			mm.ChinaSellers = prov.notDefined(defChinaSell, UnitPercent, 0, "none of the %d listings in %s states a seller country", m.n, c)
		}
		np := Prov{Window: Window{From: pFrom.Format(time.DateOnly), To: pTo.AddDate(0, 0, -1).Format(time.DateOnly)}, Sources: prov.Sources}
		mm.Newcomers = np.ok(defNewcomers, UnitCount, m.n, float64(newcomers[c].n))
		mm.NewcomerShare = np.ok(defNewShare, UnitPercent, m.n, float64(newcomers[c].n)/float64(m.n)*100)
		mm.BrandHHI, mm.TopBrandsByListings, mm.TopBrandsByReviews = brandFigures(prov, c, m.n, brands[c])
		rep.Marketplace = append(rep.Marketplace, mm)
	}
	return nil
}

// bands turns cumulative counts (listings with value >= edge) into bands.
func bands(prov Prov, def string, edges []float64, cum []map[string]vals, c string, label func(float64, *float64) string, what string) []Band {
	total := cum[0][c].n
	out := []Band{}
	for i, lo := range edges {
		var hi *float64
		n := cum[i][c].n
		if i+1 < len(edges) {
			hi = fptr(edges[i+1])
			n -= cum[i+1][c].n
		}
		bd := Band{From: lo, To: hi, Label: label(lo, hi)}
		if total == 0 {
			bd.Count = prov.noData(def, UnitCount, 0, "no %s listings in %s", what, c)
			bd.Share = bd.Count
			bd.Share.Unit = UnitPercent
		} else {
			bd.Count = prov.ok(def, UnitCount, total, float64(n))
			bd.Share = prov.ok(def, UnitPercent, total, float64(n)/float64(total)*100)
		}
		out = append(out, bd)
	}
	return out
}

func brandFigures(prov Prov, c string, listings int64, brands map[string]vals) (Figure, []BrandShare, []BrandShare) {
	var branded, reviews int64
	for _, v := range brands {
		branded += v.n
		reviews += int64(v.value)
	}
	if branded == 0 {
		return prov.notDefined(defBrandHHI, UnitHHI, 0, "none of the %d listings in %s names a brand", listings, c), []BrandShare{}, []BrandShare{}
	}
	var h float64
	type bv struct {
		name string
		v    vals
	}
	var list []bv
	for name, v := range brands {
		s := float64(v.n) / float64(branded) * 100
		h += s * s
		list = append(list, bv{name, v})
	}
	hf := prov.ok(defBrandHHI, UnitHHI, branded, h)
	if len(brands) == 1 {
		hf = hf.withNote("a single brand: complete concentration")
	}
	if branded < listings {
		hf = hf.withNote("%s%d of %d listings name no brand and are left out", prefixNote(hf.Note), listings-branded, listings)
	}
	share := func(x bv) BrandShare {
		s := BrandShare{Brand: x.name,
			Listings:     prov.ok(defBrandList, UnitCount, x.v.n, float64(x.v.n)),
			ListingShare: prov.ok(defBrandList, UnitPercent, branded, float64(x.v.n)/float64(branded)*100),
			Reviews:      prov.ok(defBrandRev, UnitCount, x.v.n, x.v.value),
		}
		if reviews > 0 {
			s.ReviewShare = prov.ok(defBrandRev, UnitPercent, branded, x.v.value/float64(reviews)*100)
		} else {
			s.ReviewShare = prov.notDefined(defBrandRev, UnitPercent, branded, "the branded listings in %s have no reviews", c)
		}
		return s
	}
	top := func(less func(a, b bv) bool) []BrandShare {
		sort.Slice(list, func(i, j int) bool { return less(list[i], list[j]) })
		out := []BrandShare{}
		for i, x := range list {
			if i == 10 {
				break
			}
			out = append(out, share(x))
		}
		return out
	}
	byListings := top(func(a, b bv) bool {
		if a.v.n != b.v.n {
			return a.v.n > b.v.n
		}
		return a.name < b.name
	})
	byReviews := top(func(a, b bv) bool {
		if a.v.value != b.v.value {
			return a.v.value > b.v.value
		}
		return a.name < b.name
	})
	return hf, byListings, byReviews
}

func prefixNote(n string) string {
	if n == "" {
		return ""
	}
	return n + "; "
}

// listingWindow is the span of the listings' observation: the month of
// the earliest firstSeen to the month of the latest lastSeen.
func listingWindow(ctx context.Context, st store.Store, f store.Filter) (Window, error) {
	ends := func(field string) ([]string, error) {
		rows, err := aggregate(ctx, st, "listing window", store.AggQuery{Scope: store.Public, Kind: store.KindListing, Filter: f,
			GroupBy: []store.GroupBy{{Field: field, Interval: store.Month}}})
		if err != nil {
			return nil, err
		}
		var keys []string
		for _, r := range rows {
			keys = append(keys, r.Keys[0])
		}
		sort.Strings(keys)
		return keys, nil
	}
	first, err := ends("firstSeen")
	if err != nil {
		return Window{}, err
	}
	last, err := ends("lastSeen")
	if err != nil {
		return Window{}, err
	}
	if len(first) == 0 || len(last) == 0 {
		return Window{}, nil
	}
	return Window{From: first[0], To: last[len(last)-1]}, nil
}
