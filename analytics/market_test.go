package analytics_test

import (
	"context"
	"errors"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/analyticstest"
)

// r7 is the percentile of sorted values by linear interpolation at rank
// (n-1)p/100, computed here independently of the store.
func r7(vs []float64, p float64) float64 {
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	pos := float64(len(s)-1) * p / 100
	lo := int(pos)
	if lo+1 >= len(s) {
		return s[lo]
	}
	return s[lo] + (pos-float64(lo))*(s[lo+1]-s[lo])
}

func market(rep *analytics.MarketReport, m string) *analytics.TradeMarket {
	for i := range rep.Trade.Markets {
		if rep.Trade.Markets[i].Market == m {
			return &rep.Trade.Markets[i]
		}
	}
	return nil
}

func TestMarketReportByHand(t *testing.T) {
	e := newEnv(t, analyticstest.Magnesium()...)
	rep, err := e.svc.Market(context.Background(), analytics.MarketRequest{Sector: "magnesium", From: 2019, To: 2021}, nil)
	if err != nil {
		t.Fatal(err)
	}
	noBadNumbers(t, rep)
	if rep.GeneratedAt != analyticstest.Now || rep.Period != (analytics.Window{From: "2019", To: "2021"}) {
		t.Errorf("generated %v period %v", rep.GeneratedAt, rep.Period)
	}
	if got := []string{rep.Trade.Markets[0].Market, rep.Trade.Markets[1].Market, rep.Trade.Markets[2].Market}; !cmp.Equal(got, []string{"DE", "FR", "JP"}) {
		t.Errorf("markets in order %v, want DE FR JP (by size)", got)
	}

	// DE: V(2019) = 100 + 300 (partner rows; the World row is not added),
	// V(2020) = 150 + 250, V(2021) = 200 + 100 + 300 + 400.
	de := market(rep, "DE")
	want(t, "DE size 2021", de.Size, 1000)
	want(t, "DE size 2019", de.SizeStart, 400)
	want(t, "DE CAGR", de.CAGR, (math.Sqrt(1000.0/400)-1)*100) // 58.11 %
	want(t, "DE YoY 2020", de.YoY[0].Figure, 0)
	want(t, "DE YoY 2021", de.YoY[1].Figure, 150)
	want(t, "DE imports from China 2021", de.ChinaImports, 300)
	want(t, "DE China share 2021", de.ChinaShare, 30)
	want(t, "DE China share 2019", de.ChinaShareStart, 25)
	want(t, "DE China share change", de.ChinaShareChange, 5)
	want(t, "DE unit value", de.UnitValue, 1000.0/320)           // weights 60+40+120+100
	want(t, "DE China unit value", de.ChinaUnitValue, 300.0/100) // 3 USD/kg
	want(t, "DE China unit value index", de.ChinaUnitValueIndex, 3/(1000.0/320)*100)
	if de.Size.Records != 4 || de.SizeStart.Records != 2 {
		t.Errorf("DE records %d and %d, want 4 and 2 partner rows", de.Size.Records, de.SizeStart.Records)
	}
	if de.Detail == nil {
		t.Fatal("DE has no supplier detail")
	}
	want(t, "DE HHI 2021", de.Detail.HHI, 30*30+30*30+40*40)
	want(t, "DE HHI 2019", de.Detail.HHIStart, 25*25+75*75)
	var sup []string
	for _, s := range de.Detail.TopSuppliers {
		sup = append(sup, s.Partner)
	}
	if !cmp.Equal(sup, []string{"TR", "CN", "US"}) {
		t.Errorf("top suppliers %v, want TR CN US", sup)
	}
	want(t, "TR share", de.Detail.TopSuppliers[0].Share, 40)
	want(t, "TR share 2019", de.Detail.TopSuppliers[0].ShareStart, 0)
	want(t, "US share 2019", de.Detail.TopSuppliers[2].ShareStart, 75)
	want(t, "China's exports to DE", de.Detail.Bilateral.ChinaExports, 310)
	want(t, "China's imports from DE", de.Detail.Bilateral.ChinaImports, 50)
	want(t, "China's balance with DE", de.Detail.Bilateral.Balance, 260)

	// FR reported only World totals, and zero in the start year.
	fr := market(rep, "FR")
	want(t, "FR size", fr.Size, 500)
	if !strings.Contains(fr.Size.Note, "World total") {
		t.Errorf("FR size note %q, want it to say the World total was used", fr.Size.Note)
	}
	wantStatus(t, "FR CAGR from zero", fr.CAGR, analytics.StatusNotDefined)
	wantStatus(t, "FR YoY 2020", fr.YoY[0].Figure, analytics.StatusNoData)
	wantStatus(t, "FR China share", fr.ChinaShare, analytics.StatusNotDefined)
	wantStatus(t, "FR unit value", fr.UnitValue, analytics.StatusNotDefined)

	// JP: one supplier, nothing in 2019.
	jp := market(rep, "JP")
	wantStatus(t, "JP CAGR", jp.CAGR, analytics.StatusNoData)
	want(t, "JP China share", jp.ChinaShare, 100)
	want(t, "JP HHI", jp.Detail.HHI, 10000)
	if !strings.Contains(jp.Detail.HHI.Note, "single supplier") {
		t.Errorf("JP HHI note %q, want it to say there is a single supplier", jp.Detail.HHI.Note)
	}
	wantStatus(t, "JP HHI 2019", jp.Detail.HHIStart, analytics.StatusNoData)

	// Opportunity: only DE has every part. Benchmark B = (300 + 80) / (1000 + 80).
	op := rep.Opportunity
	b := 380.0 / 1080 * 100
	want(t, "benchmark", op.Benchmark, b)
	if op.Markets[0].Market != "DE" || op.Markets[0].Rank != 1 || op.Markets[1].Rank != 0 || op.Markets[2].Rank != 0 {
		t.Errorf("ranking %+v, want DE first and the others unranked", op.Markets)
	}
	// size: DE is the largest (scaled 1); growth: 58 % clips to 20 % (1);
	// gap: (B - 30) / B.
	want(t, "DE score", op.Markets[0].Score, 100*(0.4*1+0.3*1+0.3*(b-30)/b))
	for _, m := range op.Markets[1:] {
		wantStatus(t, m.Market+" score", m.Score, analytics.StatusNotDefined)
	}

	// Marketplace in DE: prices 100, 10, 30, 40, 20.
	if len(rep.Marketplace) != 1 || rep.Marketplace[0].Market != "DE" {
		t.Fatalf("marketplace markets %+v, want DE only", rep.Marketplace)
	}
	mp := rep.Marketplace[0]
	prices := []float64{100, 10, 30, 40, 20}
	want(t, "listings", mp.Listings, 5)
	want(t, "p10", mp.PriceP10, r7(prices, 10))
	want(t, "p25", mp.PriceP25, r7(prices, 25))
	want(t, "median", mp.PriceMedian, r7(prices, 50))
	want(t, "p75", mp.PriceP75, r7(prices, 75))
	want(t, "p90", mp.PriceP90, r7(prices, 90))
	bandCounts := map[string]float64{}
	for _, bd := range mp.PriceBands {
		bandCounts[bd.Label] = bd.Count.V()
	}
	wantBands := map[string]float64{"0–5 USD": 0, "5–10 USD": 0, "10–25 USD": 2, "25–50 USD": 2, "50–100 USD": 0, "100–250 USD": 1, "250–500 USD": 0, "500–1000 USD": 0, "≥ 1000 USD": 0}
	if diff := cmp.Diff(wantBands, bandCounts); diff != "" {
		t.Errorf("price bands mismatch (-want +got):\n%s", diff)
	}
	want(t, "average rating", mp.AvgRating, (4.6+4.0+3.0+5.0)/4)
	stars := map[string]float64{}
	for _, bd := range mp.RatingBands {
		stars[bd.Label] = bd.Count.V()
	}
	if diff := cmp.Diff(map[string]float64{"1★": 0, "2★": 0, "3★": 1, "4★": 1, "5★": 2}, stars); diff != "" {
		t.Errorf("rating distribution mismatch (-want +got):\n%s", diff)
	}
	want(t, "Chinese sellers", mp.ChinaSellers, 50) // CN, CN of CN, CN, DE, US
	want(t, "newcomers", mp.Newcomers, 2)
	want(t, "newcomer share", mp.NewcomerShare, 40)
	want(t, "brand HHI", mp.BrandHHI, 50*50+25*25+25*25) // Acme 2, Bolt 1, Core 1 of 4 branded
	if mp.TopBrandsByListings[0].Brand != "Acme" {
		t.Errorf("top brand %s, want Acme", mp.TopBrandsByListings[0].Brand)
	}
	want(t, "Acme listing share", mp.TopBrandsByListings[0].ListingShare, 50)
	want(t, "Acme review share", mp.TopBrandsByListings[0].ReviewShare, 50) // 30 of 60
	if mp.TopBrandsByReviews[2].Brand != "Core" || mp.TopBrandsByReviews[2].ReviewShare.V() != 0 {
		t.Errorf("brands by reviews %+v, want Core last with 0 %%", mp.TopBrandsByReviews)
	}

	// Retail vs customs in DE: per kg 100/25 = 4, 10/0.5 = 20, 40/2 = 20; median 20.
	if len(rep.RetailGap) != 1 {
		t.Fatalf("retail gaps %+v", rep.RetailGap)
	}
	g := rep.RetailGap[0]
	want(t, "retail per kg", g.RetailPerKg, 20)
	want(t, "customs per kg", g.CustomsPerKg, 1000.0/320)
	want(t, "retail/customs", g.Ratio, 20/(1000.0/320))
	if g.RetailPerKg.Records != 3 {
		t.Errorf("retail per kg from %d listings, want 3", g.RetailPerKg.Records)
	}
	// 9 rows of DE, 2 of FR, 1 of JP, and China's import from DE (CN is a market too).
	if rep.Records.TradeFlows != 13 || rep.Records.Listings != 5 {
		t.Errorf("records %+v, want 13 import rows and 5 listings", rep.Records)
	}
}

func TestMarketReportOneMarket(t *testing.T) {
	e := newEnv(t, analyticstest.Magnesium()...)
	rep, err := e.svc.Market(context.Background(), analytics.MarketRequest{Sector: "Magnesium", Market: "de", From: 2019, To: 2021}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Market != "DE" || market(rep, "DE").Detail == nil {
		t.Errorf("market %q, detail %v", rep.Market, market(rep, "DE").Detail)
	}
	if len(rep.Trade.Markets) != 1 {
		t.Errorf("trade section has %d markets, want only DE", len(rep.Trade.Markets))
	}
	var ranked []string
	for _, m := range rep.Opportunity.Markets {
		ranked = append(ranked, m.Market)
	}
	if !cmp.Equal(ranked, []string{"DE", "CN", "FR", "JP"}) {
		t.Errorf("the ranking covers %v, want every market (DE ranked, the others unranked)", ranked)
	}

	// A one-year period: growth is not defined.
	rep, err = e.svc.Market(context.Background(), analytics.MarketRequest{Sector: "magnesium", Market: "DE", From: 2021, To: 2021}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "one-year CAGR", market(rep, "DE").CAGR, analytics.StatusNotDefined)
	noBadNumbers(t, rep)
}

func TestMarketReportErrors(t *testing.T) {
	e := newEnv(t, analyticstest.Magnesium()...)
	tests := []struct {
		req  analytics.MarketRequest
		want []string
	}{
		{analytics.MarketRequest{Sector: "magnesum"}, []string{"unknown sector", "magnesium, "}},
		{analytics.MarketRequest{Sector: "magnesium", Market: "XX"}, []string{"not an ISO", "DE"}},
		{analytics.MarketRequest{Sector: "magnesium", Market: "BR"}, []string{"no trade statistics or listings", "DE, FR, JP"}},
		{analytics.MarketRequest{Sector: "magnesium", From: 2030, To: 2031}, []string{"no trade data", "years with data: 2019-2021"}},
		{analytics.MarketRequest{Sector: "magnesium", From: 2021, To: 2019}, []string{"after"}},
	}
	for _, tt := range tests {
		_, err := e.svc.Market(context.Background(), tt.req, nil)
		if !errors.Is(err, analytics.ErrUnknown) {
			t.Errorf("%+v: error %v, want ErrUnknown", tt.req, err)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%+v: error %q does not say %q", tt.req, err, w)
			}
		}
	}
}

func TestMarketReportNoData(t *testing.T) {
	// A sector with neither trade data nor listings: every figure says so.
	e := newEnv(t, analyticstest.Magnesium()...)
	rep, err := e.svc.Market(context.Background(), analytics.MarketRequest{Sector: "silk"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	noBadNumbers(t, rep)
	if len(rep.Trade.Markets) != 0 || len(rep.Marketplace) != 0 || len(rep.Notes) == 0 {
		t.Errorf("trade %v marketplace %v notes %v, want nothing but a note", rep.Trade.Markets, rep.Marketplace, rep.Notes)
	}
	// With a market named, the market's figures say "no data".
	e2 := newEnv(t, analyticstest.Listing(analyticstest.ListingSpec{ID: "x", Country: "DE", Title: "Magnesia", FirstSeen: analyticstest.Now.AddDate(-1, 0, 0)}))
	rep, err = e2.svc.Market(context.Background(), analytics.MarketRequest{Sector: "magnesium", Market: "DE"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	noBadNumbers(t, rep)
	de := market(rep, "DE")
	wantStatus(t, "size", de.Size, analytics.StatusNoData)
	wantStatus(t, "CAGR", de.CAGR, analytics.StatusNoData)
	mp := rep.Marketplace[0]
	want(t, "listings", mp.Listings, 1)
	wantStatus(t, "median price", mp.PriceMedian, analytics.StatusNoData)
	wantStatus(t, "rating", mp.AvgRating, analytics.StatusNoData)
	wantStatus(t, "brand HHI", mp.BrandHHI, analytics.StatusNotDefined)
	wantStatus(t, "Chinese sellers", mp.ChinaSellers, analytics.StatusNotDefined)
	wantStatus(t, "retail per kg", rep.RetailGap[0].RetailPerKg, analytics.StatusNoData)
}
