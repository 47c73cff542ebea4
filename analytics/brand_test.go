package analytics_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/analyticstest"
	"github.com/exportscope/exportscope/store"
)

func TestBrandReport(t *testing.T) {
	e := newEnv(t, append(analyticstest.Magnesium(), analyticstest.MagnesiumSearches()...)...)
	ctx := context.Background()
	sellers, bad, err := analytics.ParseAuthorisedSellers(strings.NewReader("brand,seller,marketplace\nAcme,goodseller,\n"))
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	if err := e.tenant.ReplaceAuthorisedSellers(ctx, "t1", sellers); err != nil {
		t.Fatal(err)
	}
	mins, _, _ := analytics.ParseMinPrices(strings.NewReader("brand,min_price,currency\nAcme,50,USD\n"))
	if err := e.tenant.ReplaceMinPrices(ctx, "t1", mins); err != nil {
		t.Fatal(err)
	}

	rep, err := e.svc.Brand(ctx, analytics.BrandRequest{Tenant: "t1", Brand: "ACME", Sector: "magnesium"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	noBadNumbers(t, rep)
	if rep.Brand != "Acme" {
		t.Errorf("brand %q, want the stored spelling Acme", rep.Brand)
	}
	// Acme in DE: listings l1 (100 USD, 4.6) and l2 (10 USD, 4.0); the
	// sector in DE: prices 100, 10, 30, 40, 20 (median 30), ratings 4.6,
	// 4.0, 3.0, 5.0.
	de := rep.Markets[0]
	want(t, "listings", de.Listings, 2)
	want(t, "share of listings", de.ShareOfListings, 40)
	want(t, "brand median", de.MedianPrice, 55)
	want(t, "category median", de.CategoryMedian, 30)
	want(t, "price index", de.PriceIndex, 55.0/30*100)
	want(t, "rating", de.AvgRating, 4.3)
	want(t, "category rating", de.CategoryAvgRating, 4.15)
	want(t, "rating vs category", de.RatingVsCategory, 4.3-4.15)
	want(t, "reviews", de.Reviews, 30)
	want(t, "summary price index", rep.Summary.PriceIndex, 55.0/30*100)
	want(t, "markets", rep.Summary.Markets, 1)

	// Share of shelf: by hand (2/4 + 1/3) / 2, and by a plain computation
	// over the raw search records, with "magnesium oxide" the one search
	// of the sector ("jellyfish" is seafood's).
	want(t, "share of shelf", rep.ShareOfShelf.Share, (50+100.0/3)/2)
	want(t, "share of shelf", rep.ShareOfShelf.Share, plainShelf(analyticstest.MagnesiumSearches(), map[string]bool{"magnesium oxide": true}, "acme"))
	if rep.ShareOfShelf.Share.Records != 7 {
		t.Errorf("share of shelf rests on %d records, want the 7 first-page results", rep.ShareOfShelf.Share.Records)
	}
	if w := rep.ShareOfShelf.Share.Window; w.From != "2024-04-01" || w.To != "2024-04-02" {
		t.Errorf("share of shelf window %+v, want the two crawl days", w)
	}
	if ss := rep.ShareOfShelf.Searches; len(ss) != 1 || ss[0].Query != "magnesium oxide" || ss[0].Crawls != 2 || ss[0].Results != 7 || ss[0].BrandResults != 3 {
		t.Errorf("share of shelf searches %+v, want magnesium oxide: 2 crawls, 7 results, 3 of Acme", ss)
	}

	// Reviews: "Great quality, fast delivery" (+), "质量很好，但是包装破损"
	// (quality +, packaging -), "Schlechte Verpackung, aber gute Qualität"
	// (packaging -, quality +).
	s := rep.Sentiment
	want(t, "reviews read", s.Reviews, 3)
	want(t, "review rating", s.AvgRating, 4) // 5, 4, 3
	wantPos := []analytics.AspectFigure{{Aspect: "quality", Positive: 3}, {Aspect: "delivery", Positive: 1}}
	if diff := cmp.Diff(wantPos, s.TopPositive); diff != "" {
		t.Errorf("top positive aspects mismatch (-want +got):\n%s", diff)
	}
	wantNeg := []analytics.AspectFigure{{Aspect: "packaging", Negative: 2}}
	if diff := cmp.Diff(wantNeg, s.TopNegative); diff != "" {
		t.Errorf("top negative aspects mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"en": 1, "zh": 1, "de": 1}, s.ByLanguage); diff != "" {
		t.Errorf("languages mismatch (-want +got):\n%s", diff)
	}

	// Sellers: GoodSeller is authorised (case ignored), Grey Trader is not.
	want(t, "unauthorised sellers", rep.Unauthorised.Sellers, 1)
	want(t, "their listings", rep.Unauthorised.Listings, 1)
	if diff := cmp.Diff([]analytics.SellerListings{{Seller: "Grey Trader", Marketplace: "shop.DE", Listings: 1}}, rep.Unauthorised.List); diff != "" {
		t.Errorf("unauthorised sellers mismatch (-want +got):\n%s", diff)
	}
	// Minimum 50 USD: l2 at 10 USD is under it.
	want(t, "under minimum", rep.UnderMin.Listings, 1)
	if len(rep.UnderMin.List) != 1 || rep.UnderMin.List[0].ListingID != "l2" || rep.UnderMin.List[0].Price != 10 {
		t.Errorf("under-minimum listings %+v, want l2 at 10", rep.UnderMin.List)
	}
}

func TestBrandReportEdges(t *testing.T) {
	e := newEnv(t, analyticstest.Magnesium()...)
	ctx := context.Background()
	// Bolt has no reviews, and the report is made without a tenant.
	rep, err := e.svc.Brand(ctx, analytics.BrandRequest{Brand: "Bolt", Sector: "magnesium"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	noBadNumbers(t, rep)
	for name, f := range map[string]analytics.Figure{"reviews": rep.Sentiment.Reviews, "positive share": rep.Sentiment.PositiveShare, "mean score": rep.Sentiment.MeanScore} {
		wantStatus(t, name, f, analytics.StatusNoData)
	}
	wantStatus(t, "unauthorised sellers", rep.Unauthorised.Sellers, analytics.StatusNotDefined)
	// No search was crawled: share of shelf says so.
	wantStatus(t, "share of shelf", rep.ShareOfShelf.Share, analytics.StatusNoData)
	if !strings.Contains(rep.ShareOfShelf.Share.Reason, "no keyword search") {
		t.Errorf("share of shelf without searches: reason %q", rep.ShareOfShelf.Share.Reason)
	}
	wantStatus(t, "under minimum", rep.UnderMin.Listings, analytics.StatusNotDefined)
	// Core's only listing has no rating.
	rep, err = e.svc.Brand(ctx, analytics.BrandRequest{Brand: "Core", Sector: "magnesium"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "Core rating", rep.Markets[0].AvgRating, analytics.StatusNoData)
	wantStatus(t, "Core rating vs category", rep.Markets[0].RatingVsCategory, analytics.StatusNotDefined)

	_, err = e.svc.Brand(ctx, analytics.BrandRequest{Brand: "Acne", Sector: "magnesium"}, nil)
	if !errors.Is(err, analytics.ErrUnknown) || !strings.Contains(err.Error(), "nearest brands: Acme") {
		t.Errorf("unknown brand: %v, want ErrUnknown naming Acme first", err)
	}
	_, err = e.svc.Brand(ctx, analytics.BrandRequest{Brand: "Acme", Sector: "silk"}, nil)
	if !errors.Is(err, analytics.ErrUnknown) || !strings.Contains(err.Error(), "no branded listings") {
		t.Errorf("brand in a sector without listings: %v", err)
	}
}

// plainShelf is the share of shelf computed directly from search records:
// for each (marketplace, query, day) of a tracked query, the brand's share
// of the first page; then the mean.
func plainShelf(docs []store.Doc, tracked map[string]bool, brand string) float64 {
	type key struct{ mp, q, day string }
	all, mine := map[key]float64{}, map[key]float64{}
	for _, d := range docs {
		s, ok := d.(*store.Snapshot)
		if !ok || !tracked[s.SearchQuery] || s.SearchPage != 1 {
			continue
		}
		k := key{s.Marketplace, s.SearchQuery, s.Time.Format("2006-01-02")}
		all[k]++
		if strings.EqualFold(s.Brand, brand) {
			mine[k]++
		}
	}
	sum := 0.0
	for k, n := range all {
		sum += 100 * mine[k] / n
	}
	return sum / float64(len(all))
}
