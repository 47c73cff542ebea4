package analytics

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/exportscope/exportscope/analytics/sentiment"
	"github.com/exportscope/exportscope/store"
)

// BrandRequest asks for a brand report.
type BrandRequest struct {
	Tenant string `json:"tenant,omitempty"`
	Brand  string `json:"brand"`
	Sector string `json:"sector"`
	// From and To (years, inclusive) limit the reviews read; 0 is open.
	From int `json:"from,omitempty"`
	To   int `json:"to,omitempty"`
}

// BrandReport is the brand report document.
type BrandReport struct {
	Header
	Brand string `json:"brand"`
	// Window is the span of the listings' observation (months).
	Window Window `json:"window"`

	Summary      BrandSummary        `json:"summary"`
	Markets      []BrandMarket       `json:"markets"`
	ShareOfShelf ShelfSection        `json:"shareOfShelf"`
	Sentiment    SentimentSection    `json:"sentiment"`
	Unauthorised UnauthorisedSection `json:"unauthorisedSellers"`
	UnderMin     MinPriceSection     `json:"underMinimumPrice"`
}

// BrandSummary holds the brand's figures over all markets.
type BrandSummary struct {
	Listings Figure `json:"listings"`
	Markets  Figure `json:"markets"`
	// PriceIndex is the average of the markets' price indices weighted by
	// the brand's priced listings there.
	PriceIndex        Figure `json:"priceIndex"`
	AvgRating         Figure `json:"averageRating"`
	CategoryAvgRating Figure `json:"categoryAverageRating"`
	RatingVsCategory  Figure `json:"ratingVsCategory"`
}

// BrandMarket holds the brand's figures in one market.
type BrandMarket struct {
	Market   string `json:"market"`
	Listings Figure `json:"listings"`
	// ShareOfListings is the brand's listings / the sector's listings in
	// the market, in percent.
	ShareOfListings   Figure `json:"shareOfListings"`
	MedianPrice       Figure `json:"medianPrice"`
	CategoryMedian    Figure `json:"categoryMedianPrice"`
	PriceIndex        Figure `json:"priceIndex"`
	AvgRating         Figure `json:"averageRating"`
	CategoryAvgRating Figure `json:"categoryAverageRating"`
	RatingVsCategory  Figure `json:"ratingVsCategory"`
	Reviews           Figure `json:"reviews"`
}

// ShelfSection is the share of shelf on tracked keyword searches.
type ShelfSection struct {
	Share Figure `json:"share"`
	// InputNeeded describes the search-position data the figure is read
	// from.
	InputNeeded string `json:"inputNeeded"`
	// Searches breaks the figure down by tracked search.
	Searches []ShelfSearch `json:"searches"`
}

// SentimentSection reads the brand's reviews.
type SentimentSection struct {
	Method        string         `json:"method"`
	Reviews       Figure         `json:"reviews"`
	AvgRating     Figure         `json:"averageRating"`
	PositiveShare Figure         `json:"positiveShare"`
	NegativeShare Figure         `json:"negativeShare"`
	MeanScore     Figure         `json:"meanScore"`
	TopPositive   []AspectFigure `json:"topPositiveAspects"`
	TopNegative   []AspectFigure `json:"topNegativeAspects"`
	// ByLanguage counts the reviews read with each lexicon ("other" for
	// reviews read with the Latin-script mix).
	ByLanguage map[string]int `json:"byLanguage"`
}

// AspectFigure is an aspect with its praising and criticising mentions.
type AspectFigure struct {
	Aspect   string `json:"aspect"`
	Positive int    `json:"positive"`
	Negative int    `json:"negative"`
}

// UnauthorisedSection lists sellers of the brand not on the tenant's list.
type UnauthorisedSection struct {
	Sellers  Figure           `json:"sellers"`
	Listings Figure           `json:"listings"`
	List     []SellerListings `json:"list"`
}

// SellerListings is a seller with its listings of the brand.
type SellerListings struct {
	Seller      string `json:"seller"`
	Marketplace string `json:"marketplace"`
	Listings    int64  `json:"listings"`
}

// MinPriceSection lists listings priced under the tenant's minimum.
type MinPriceSection struct {
	Listings Figure `json:"listings"`
	// NotComparable counts listings whose price is in another currency
	// than the minimum and has no USD/CNY equivalent to compare.
	NotComparable int64             `json:"notComparable"`
	List          []MinPriceListing `json:"list"`
}

// MinPriceListing is one listing under its minimum price.
type MinPriceListing struct {
	ListingID   string  `json:"listingId"`
	URL         string  `json:"url"`
	Market      string  `json:"market"`
	Marketplace string  `json:"marketplace"`
	Seller      string  `json:"seller"`
	Price       float64 `json:"price"`
	MinPrice    float64 `json:"minPrice"`
	Currency    string  `json:"currency"`
}

const (
	defBrandListings = "The brand's listings in the sector (latest state of each offer)"
	defBrandMarkets  = "Storefront countries with at least one listing of the brand"
	defBrandShare    = "The brand's listings / all listings of the sector in the market, in percent"
	defBrandMedian   = "Median USD price of the brand's listings in the market"
	defCatMedian     = "Median USD price of all the sector's listings in the market (the category)"
	defPriceIndex    = "Price index: brand median price / category median price x 100"
	defPriceIndexAll = "Price index over all markets: the markets' indices averaged with the brand's priced listings as weights"
	defBrandRating   = "Average star rating of the brand's rated listings"
	defCatRating     = "Average star rating of the sector's rated listings (the category)"
	defRatingGap     = "Brand average rating - category average rating, in stars"
	defBrandReviews  = "Reviews counted on the brand's listings (sum of review counts)"
	defShelf         = "Share of shelf: the brand's results / all organic results on the first page of each tracked keyword search (a crawled search whose query contains a sector keyword), in percent, averaged over the searches and the days they were crawled"
	defRevCount      = "Stored reviews of the brand's listings in the sector"
	defRevRating     = "Average rating of the stored reviews"
	defRevPos        = "Reviews read as positive by the lexicon / all reviews read, in percent"
	defRevNeg        = "Reviews read as negative by the lexicon / all reviews read, in percent"
	defRevScore      = "Mean lexicon score of the reviews, from -1 (all negative words) to 1"
	defUnauthSellers = "Sellers of the brand's listings that are not on the tenant's authorised-seller list (name matched ignoring case and width; a list entry without marketplace covers every marketplace)"
	defUnauthList    = "Listings of the brand offered by sellers not on the authorised list"
	defUnderMin      = "Listings of the brand priced under the tenant's minimum price (the most specific entry applies: GTIN, then SKU, then the whole brand; a country entry before an entry for all countries), compared in the minimum's currency"
)

// Brand builds a brand report.
func (s *Service) Brand(ctx context.Context, req BrandRequest, progress func(float64)) (*BrandReport, error) {
	if progress == nil {
		progress = func(float64) {}
	}
	set, err := s.cat.Sectors(ctx, req.Tenant)
	if err != nil {
		return nil, err
	}
	sec, err := set.Get(req.Sector)
	if err != nil {
		return nil, err
	}
	tag := sec.Tag()
	brand, err := s.findBrand(ctx, tag, sec.Slug, req.Brand)
	if err != nil {
		return nil, err
	}
	rep := &BrandReport{Header: Header{
		Type: TypeBrand, Version: Version, GeneratedAt: s.now().UTC(), Tenant: req.Tenant,
		Sector: SectorRef{Slug: sec.Slug, Name: sec.Name, HS: sec.HS, HSUsed: []string{}, Tag: tag, Tenant: sec.Tenant},
	}, Brand: brand}
	catF := store.Filter{store.In("sectors", tag)}
	brandF := store.Filter{store.In("sectors", tag), store.In("brand", brand)}
	rep.Window, err = listingWindow(ctx, s.st, brandF)
	if err != nil {
		return nil, err
	}
	prov := Prov{Window: rep.Window, Sources: []string{"store listing: sectors contains " + tag + ", brand = " + brand}}
	catProv := Prov{Window: rep.Window, Sources: []string{"store listing: sectors contains " + tag}}
	if err := s.brandMarkets(ctx, rep, brandF, catF, prov, catProv); err != nil {
		return nil, err
	}
	progress(0.3)
	if err := s.brandShelf(ctx, rep, sec, brand); err != nil {
		return nil, err
	}
	if err := s.brandSentiment(ctx, rep, req, tag); err != nil {
		return nil, err
	}
	progress(0.6)
	if err := s.brandSellers(ctx, rep, req.Tenant, brandF, prov); err != nil {
		return nil, err
	}
	progress(0.8)
	if err := s.brandMinPrices(ctx, rep, req.Tenant, brandF, prov); err != nil {
		return nil, err
	}
	rep.Sources = []string{
		fmt.Sprintf("marketplace listings tagged %s: %d, of them brand %s: %d", tag, rep.Records.Listings, brand, int64(rep.Summary.Listings.V())),
		fmt.Sprintf("reviews of brand %s tagged %s: %d", brand, tag, rep.Records.Reviews),
		fmt.Sprintf("first-page results of the sector's tracked keyword searches (search snapshots): %d", rep.Records.SearchResults),
	}
	if s.tenant != nil && req.Tenant != "" {
		rep.Sources = append(rep.Sources, "tenant uploads: authorised sellers, minimum prices")
	}
	progress(1)
	return rep, nil
}

// findBrand matches a brand name (ignoring case and width) against the
// brands of the sector's listings; an unknown one is an error with the
// nearest brands.
func (s *Service) findBrand(ctx context.Context, tag, slug, name string) (string, error) {
	rows, err := aggregate(ctx, s.st, "list brands", store.AggQuery{Scope: store.Public, Kind: store.KindListing,
		Filter: store.Filter{store.In("sectors", tag)}, GroupBy: []store.GroupBy{{Field: "brand", Size: 10000}}})
	if err != nil {
		return "", err
	}
	var brands []string
	key := sellerKey(name)
	for _, r := range rows {
		if r.Keys[0] == name {
			return name, nil
		}
		brands = append(brands, r.Keys[0])
	}
	for _, b := range brands {
		if sellerKey(b) == key {
			return b, nil
		}
	}
	if len(brands) == 0 {
		return "", fmt.Errorf("%w brand %q: the store has no branded listings in sector %s", ErrUnknown, name, slug)
	}
	return "", fmt.Errorf("%w brand %q in sector %s; nearest brands: %s", ErrUnknown, name, slug, strings.Join(nearest(name, brands, 10), ", "))
}

func (s *Service) brandMarkets(ctx context.Context, rep *BrandReport, brandF, catF store.Filter, prov, catProv Prov) error {
	byCountry := []store.GroupBy{{Field: "country", Size: 300}}
	q := func(what string, f store.Filter, metrics ...store.Metric) (map[string]vals, error) {
		rows, err := aggregate(ctx, s.st, what, store.AggQuery{Scope: store.Public, Kind: store.KindListing, Filter: f, GroupBy: byCountry, Metrics: metrics})
		if err != nil {
			return nil, err
		}
		return byKey1(rows, sumFill), nil
	}
	with := func(f store.Filter, c store.Cond) store.Filter { return append(append(store.Filter{}, f...), c) }
	metrics := []store.Metric{
		{Name: "p", Op: store.Percentiles, Field: "priceUSD", Percents: []float64{50}},
		{Name: "avg", Op: store.Avg, Field: "rating"},
		{Name: "v", Op: store.Sum, Field: "reviewCount"},
	}
	bm, err := q("brand listings by market", brandF, metrics...)
	if err != nil {
		return err
	}
	cm, err := q("sector listings by market", catF, metrics...)
	if err != nil {
		return err
	}
	bPriced, err := q("priced brand listings", with(brandF, store.Exists("priceUSD")))
	if err != nil {
		return err
	}
	cPriced, err := q("priced sector listings", with(catF, store.Exists("priceUSD")))
	if err != nil {
		return err
	}
	bRated, err := q("rated brand listings", with(brandF, store.Exists("rating")))
	if err != nil {
		return err
	}
	cRated, err := q("rated sector listings", with(catF, store.Exists("rating")))
	if err != nil {
		return err
	}
	var markets []string
	for c := range bm {
		markets = append(markets, c)
	}
	sort.Slice(markets, func(i, j int) bool {
		if bm[markets[i]].n != bm[markets[j]].n {
			return bm[markets[i]].n > bm[markets[j]].n
		}
		return markets[i] < markets[j]
	})
	rep.Markets = []BrandMarket{}
	var total, catTotal, idxWeight int64
	var idxSum float64
	var bRatedAll, cRatedAll int64
	var bRatingSum, cRatingSum float64
	for _, c := range cm {
		catTotal += c.n
	}
	for c, v := range cRated {
		if cm[c].hasAvg {
			cRatedAll += v.n
			cRatingSum += cm[c].avg * float64(v.n)
		}
	}
	for _, c := range markets {
		b, cat := bm[c], cm[c]
		total += b.n
		m := BrandMarket{Market: c}
		m.Listings = prov.ok(defBrandListings, UnitCount, b.n, float64(b.n))
		m.ShareOfListings = catProv.ok(defBrandShare, UnitPercent, cat.n, float64(b.n)/float64(cat.n)*100)
		m.Reviews = prov.ok(defBrandReviews, UnitCount, b.n, b.value)
		bp, cp := bPriced[c].n, cPriced[c].n
		if bp > 0 {
			m.MedianPrice = prov.ok(defBrandMedian, UnitUSD, bp, b.pct[50]).approx()
		} else {
			m.MedianPrice = prov.noData(defBrandMedian, UnitUSD, 0, "none of the brand's %d listings in %s has a USD price", b.n, c)
		}
		if cp > 0 {
			m.CategoryMedian = catProv.ok(defCatMedian, UnitUSD, cp, cat.pct[50]).approx()
		} else {
			m.CategoryMedian = catProv.noData(defCatMedian, UnitUSD, 0, "no listing of the sector in %s has a USD price", c)
		}
		switch {
		case !m.MedianPrice.OK():
			m.PriceIndex = prov.notDefined(defPriceIndex, UnitIndex, 0, "the brand's median price: %s", m.MedianPrice.Reason)
		case !m.CategoryMedian.OK() || m.CategoryMedian.V() <= 0:
			m.PriceIndex = prov.notDefined(defPriceIndex, UnitIndex, cp, "the category median price is missing or zero")
		default:
			m.PriceIndex = prov.ok(defPriceIndex, UnitIndex, bp+cp, m.MedianPrice.V()/m.CategoryMedian.V()*100).approx()
			idxSum += m.PriceIndex.V() * float64(bp)
			idxWeight += bp
		}
		br, cr := bRated[c].n, cRated[c].n
		if br > 0 && b.hasAvg {
			m.AvgRating = prov.ok(defBrandRating, UnitStars, br, b.avg)
			bRatedAll += br
			bRatingSum += b.avg * float64(br)
		} else {
			m.AvgRating = prov.noData(defBrandRating, UnitStars, 0, "none of the brand's listings in %s is rated", c)
		}
		if cr > 0 && cat.hasAvg {
			m.CategoryAvgRating = catProv.ok(defCatRating, UnitStars, cr, cat.avg)
		} else {
			m.CategoryAvgRating = catProv.noData(defCatRating, UnitStars, 0, "no listing of the sector in %s is rated", c)
		}
		if m.AvgRating.OK() && m.CategoryAvgRating.OK() {
			m.RatingVsCategory = prov.ok(defRatingGap, "stars", br+cr, m.AvgRating.V()-m.CategoryAvgRating.V())
		} else {
			m.RatingVsCategory = prov.notDefined(defRatingGap, "stars", br, "the brand or the category has no rated listings in %s", c)
		}
		rep.Markets = append(rep.Markets, m)
	}
	rep.Records.Listings = catTotal
	sum := &rep.Summary
	sum.Listings = prov.ok(defBrandListings, UnitCount, total, float64(total))
	sum.Markets = prov.ok(defBrandMarkets, UnitCount, total, float64(len(markets)))
	if idxWeight > 0 {
		sum.PriceIndex = prov.ok(defPriceIndexAll, UnitIndex, idxWeight, idxSum/float64(idxWeight)).approx()
	} else {
		sum.PriceIndex = prov.notDefined(defPriceIndexAll, UnitIndex, 0, "no market has both a brand and a category median price")
	}
	if bRatedAll > 0 {
		sum.AvgRating = prov.ok(defBrandRating, UnitStars, bRatedAll, bRatingSum/float64(bRatedAll))
	} else {
		sum.AvgRating = prov.noData(defBrandRating, UnitStars, 0, "none of the brand's listings is rated")
	}
	if cRatedAll > 0 {
		sum.CategoryAvgRating = catProv.ok(defCatRating, UnitStars, cRatedAll, cRatingSum/float64(cRatedAll))
	} else {
		sum.CategoryAvgRating = catProv.noData(defCatRating, UnitStars, 0, "no listing of the sector is rated")
	}
	if sum.AvgRating.OK() && sum.CategoryAvgRating.OK() {
		sum.RatingVsCategory = prov.ok(defRatingGap, "stars", bRatedAll+cRatedAll, sum.AvgRating.V()-sum.CategoryAvgRating.V())
	} else {
		sum.RatingVsCategory = prov.notDefined(defRatingGap, "stars", bRatedAll, "the brand or the category has no rated listings")
	}
	return nil
}

func (s *Service) brandSentiment(ctx context.Context, rep *BrandReport, req BrandRequest, tag string) error {
	f := store.Filter{store.In("sectors", tag), store.In("brand", rep.Brand)}
	w := Window{From: "open", To: "open"}
	if req.From != 0 || req.To != 0 {
		var from, to time.Time
		if req.From != 0 {
			from = yearStart(req.From)
			w.From = strconv.Itoa(req.From)
		}
		if req.To != 0 {
			to = yearStart(req.To + 1)
			w.To = strconv.Itoa(req.To)
		}
		f = append(f, store.Between("date", from, to))
	}
	prov := Prov{Window: w, Sources: []string{"store review: sectors contains " + tag + ", brand = " + rep.Brand}}
	sec := &rep.Sentiment
	sec.Method = "lexicon: word lists for " + strings.Join(sentiment.Languages, ", ") +
		"; each clause scores +1 per positive and -1 per negative word, negators flip; a clause's sign goes to the aspects it names; other languages are read with the en/de/es lists"
	sec.TopPositive, sec.TopNegative = []AspectFigure{}, []AspectFigure{}
	sec.ByLanguage = map[string]int{}
	rows, err := aggregate(ctx, s.st, "count reviews", store.AggQuery{Scope: store.Public, Kind: store.KindReview, Filter: f,
		Metrics: []store.Metric{{Name: "avg", Op: store.Avg, Field: "rating"}}})
	if err != nil {
		return err
	}
	var n int64
	var avg float64
	var hasAvg bool
	if len(rows) > 0 {
		n = rows[0].Count
		avg, hasAvg = rows[0].Values["avg"]
	}
	rep.Records.Reviews = n
	if n == 0 {
		reason := fmt.Sprintf("no stored reviews of brand %s in sector %s", rep.Brand, rep.Sector.Slug)
		nd := func(def, unit string) Figure { return prov.noData(def, unit, 0, "%s", reason) }
		sec.Reviews = nd(defRevCount, UnitCount)
		sec.AvgRating = nd(defRevRating, UnitStars)
		sec.PositiveShare = nd(defRevPos, UnitPercent)
		sec.NegativeShare = nd(defRevNeg, UnitPercent)
		sec.MeanScore = nd(defRevScore, "score (-1..1)")
		return nil
	}
	var sum sentiment.Summary
	err = s.st.Scan(ctx, store.ScanQuery{Scope: store.Public, Kind: store.KindReview, Filter: f}, func(docs []store.Doc) error {
		for _, d := range docs {
			if r, ok := d.(*store.Review); ok {
				sum.Add(strings.TrimSpace(r.Title+". "+r.Text), r.Lang)
			}
		}
		return ctx.Err()
	})
	if err != nil {
		return fmt.Errorf("read reviews: %w", err)
	}
	sec.Reviews = prov.ok(defRevCount, UnitCount, n, float64(n))
	if hasAvg {
		sec.AvgRating = prov.ok(defRevRating, UnitStars, n, avg)
	} else {
		sec.AvgRating = prov.noData(defRevRating, UnitStars, n, "the reviews carry no rating")
	}
	read := int64(sum.Reviews)
	sec.PositiveShare = prov.ok(defRevPos, UnitPercent, read, float64(sum.Positive)/float64(read)*100)
	sec.NegativeShare = prov.ok(defRevNeg, UnitPercent, read, float64(sum.Negative)/float64(read)*100)
	sec.MeanScore = prov.ok(defRevScore, "score (-1..1)", read, sum.MeanScore)
	for _, a := range sum.TopPositive(5) {
		sec.TopPositive = append(sec.TopPositive, AspectFigure{a.Aspect, a.Positive, a.Negative})
	}
	for _, a := range sum.TopNegative(5) {
		sec.TopNegative = append(sec.TopNegative, AspectFigure{a.Aspect, a.Positive, a.Negative})
	}
	for l, c := range sum.ByLang {
		if l == "" {
			l = "other"
		}
		sec.ByLanguage[l] += c
	}
	return nil
}

func (s *Service) brandSellers(ctx context.Context, rep *BrandReport, tenant string, brandF store.Filter, prov Prov) error {
	sec := &rep.Unauthorised
	sec.List = []SellerListings{}
	var list []AuthorisedSeller
	reason := ""
	switch {
	case tenant == "":
		reason = "the report was made without a tenant, so there is no authorised-seller list"
	case s.tenant == nil:
		reason = "no tenant data store is configured"
	default:
		var err error
		if list, err = s.tenant.AuthorisedSellers(ctx, tenant, rep.Brand); err != nil {
			return err
		}
		if len(list) == 0 {
			reason = fmt.Sprintf("tenant %s has uploaded no authorised-seller list for brand %s", tenant, rep.Brand)
		}
	}
	tp := Prov{Window: prov.Window, Sources: append(append([]string{}, prov.Sources...), "tenant upload: authorised sellers")}
	if reason != "" {
		sec.Sellers = tp.notDefined(defUnauthSellers, UnitCount, 0, "%s", reason)
		sec.Listings = tp.notDefined(defUnauthList, UnitCount, 0, "%s", reason)
		return nil
	}
	rows, err := aggregate(ctx, s.st, "sellers of the brand", store.AggQuery{Scope: store.Public, Kind: store.KindListing, Filter: brandF,
		GroupBy: []store.GroupBy{{Field: "seller", Size: 10000}, {Field: "marketplace", Size: 100}}})
	if err != nil {
		return err
	}
	allowed := map[string]map[string]bool{}
	for _, a := range list {
		k := sellerKey(a.Seller)
		if allowed[k] == nil {
			allowed[k] = map[string]bool{}
		}
		allowed[k][strings.ToLower(a.Marketplace)] = true
	}
	var listed int64
	sellers := map[string]bool{}
	for _, r := range rows {
		listed += r.Count
		mk := allowed[sellerKey(r.Keys[0])]
		if mk != nil && (mk[""] || mk[strings.ToLower(r.Keys[1])]) {
			continue
		}
		sellers[sellerKey(r.Keys[0])] = true
		sec.List = append(sec.List, SellerListings{Seller: r.Keys[0], Marketplace: r.Keys[1], Listings: r.Count})
	}
	sort.SliceStable(sec.List, func(i, j int) bool {
		a, b := sec.List[i], sec.List[j]
		if a.Listings != b.Listings {
			return a.Listings > b.Listings
		}
		if a.Seller != b.Seller {
			return a.Seller < b.Seller
		}
		return a.Marketplace < b.Marketplace
	})
	var unauth int64
	for _, x := range sec.List {
		unauth += x.Listings
	}
	sec.Sellers = tp.ok(defUnauthSellers, UnitCount, listed, float64(len(sellers)))
	sec.Listings = tp.ok(defUnauthList, UnitCount, listed, float64(unauth))
	if total := int64(rep.Summary.Listings.V()); listed < total {
		note := fmt.Sprintf("%d of the brand's %d listings name no seller and are not checked", total-listed, total)
		sec.Sellers.Note, sec.Listings.Note = note, note
	}
	return nil
}

func (s *Service) brandMinPrices(ctx context.Context, rep *BrandReport, tenant string, brandF store.Filter, prov Prov) error {
	sec := &rep.UnderMin
	sec.List = []MinPriceListing{}
	var mins []MinPrice
	reason := ""
	switch {
	case tenant == "":
		reason = "the report was made without a tenant, so there are no minimum prices"
	case s.tenant == nil:
		reason = "no tenant data store is configured"
	default:
		var err error
		if mins, err = s.tenant.MinPrices(ctx, tenant, rep.Brand); err != nil {
			return err
		}
		if len(mins) == 0 {
			reason = fmt.Sprintf("tenant %s has uploaded no minimum prices for brand %s", tenant, rep.Brand)
		}
	}
	tp := Prov{Window: prov.Window, Sources: append(append([]string{}, prov.Sources...), "tenant upload: minimum prices")}
	if reason != "" {
		sec.Listings = tp.notDefined(defUnderMin, UnitCount, 0, "%s", reason)
		return nil
	}
	var checked, under int64
	err := s.st.Scan(ctx, store.ScanQuery{Scope: store.Public, Kind: store.KindListing, Filter: brandF}, func(docs []store.Doc) error {
		for _, d := range docs {
			l, ok := d.(*store.Listing)
			if !ok {
				continue
			}
			mp, ok := applicableMin(l, mins)
			if !ok {
				continue
			}
			price, ok := priceIn(l, mp.Currency)
			if !ok {
				sec.NotComparable++
				continue
			}
			checked++
			if price < mp.Price {
				under++
				sec.List = append(sec.List, MinPriceListing{ListingID: l.ID, URL: l.URL, Market: l.Country, Marketplace: l.Marketplace,
					Seller: l.Seller, Price: price, MinPrice: mp.Price, Currency: mp.Currency})
			}
		}
		return ctx.Err()
	})
	if err != nil {
		return fmt.Errorf("check minimum prices: %w", err)
	}
	sort.SliceStable(sec.List, func(i, j int) bool {
		a, b := sec.List[i], sec.List[j]
		ra, rb := a.Price/a.MinPrice, b.Price/b.MinPrice
		if ra != rb {
			return ra < rb
		}
		return a.ListingID < b.ListingID
	})
	if len(sec.List) > 100 {
		sec.List = sec.List[:100]
	}
	if checked == 0 {
		sec.Listings = tp.notDefined(defUnderMin, UnitCount, 0, "no listing of the brand has a price comparable with a minimum price (%d in other currencies)", sec.NotComparable)
		return nil
	}
	sec.Listings = tp.ok(defUnderMin, UnitCount, checked, float64(under))
	if sec.NotComparable > 0 {
		sec.Listings.Note = fmt.Sprintf("%d listings priced in another currency without a USD/CNY equivalent were not compared", sec.NotComparable)
	}
	return nil
}

// applicableMin picks the most specific minimum price for a listing.
func applicableMin(l *store.Listing, mins []MinPrice) (MinPrice, bool) {
	best, bestRank := MinPrice{}, -1
	for _, m := range mins {
		if m.Country != "" && m.Country != l.Country {
			continue
		}
		rank := 0
		switch {
		case m.GTIN != "":
			if m.GTIN != l.GTIN {
				continue
			}
			rank = 4
		case m.SKU != "":
			if m.SKU != l.SKU {
				continue
			}
			rank = 2
		}
		if m.Country != "" {
			rank++
		}
		if rank > bestRank {
			best, bestRank = m, rank
		}
	}
	return best, bestRank >= 0
}

// priceIn gives the listing's price in currency when the listing states it.
func priceIn(l *store.Listing, currency string) (float64, bool) {
	switch {
	case l.Price != nil && l.Currency == currency:
		return *l.Price, true
	case currency == "USD" && l.PriceUSD != nil:
		return *l.PriceUSD, true
	case currency == "CNY" && l.PriceCNY != nil:
		return *l.PriceCNY, true
	}
	return 0, false
}
