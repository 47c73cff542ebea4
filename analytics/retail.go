package analytics

import (
	"context"
	"fmt"
	"sort"

	"github.com/exportscope/exportscope/store"
)

// retailMarkets is how many storefront countries get the retail-versus-
// customs comparison when a report covers every market.
const retailMarkets = 5

// RetailGap compares marketplace prices per kg with the customs unit value
// of the market's imports.
type RetailGap struct {
	Market string `json:"market"`
	// RetailPerKg is the median over listings of USD price / net weight.
	RetailPerKg Figure `json:"retailPerKg"`
	// CustomsPerKg is the market's import unit value in the end year.
	CustomsPerKg Figure `json:"customsPerKg"`
	// Ratio is RetailPerKg / CustomsPerKg: how many times the import value
	// a kilogram sells for.
	Ratio Figure `json:"ratio"`
}

const (
	defRetailKg = "Median over listings of USD price / net weight (the listing's usdPerKg); the weight is the page's, else read from the title (\"25 kg\", \"500 g\", \"2 x 500 g\", \"per metric ton\") when listings are classified; titles with no or two different weights are left out"
	defRatio    = "Retail price per kg / import unit value per kg"
)

func (b *marketBuilder) retailGaps(ctx context.Context, rep *MarketReport) error {
	rep.RetailGap = []RetailGap{}
	customs := map[string]Figure{}
	for _, m := range rep.Trade.Markets {
		customs[m.Market] = m.UnitValue
	}
	var markets []string
	for _, mm := range rep.Marketplace {
		if b.market == "" && len(markets) == retailMarkets {
			break
		}
		markets = append(markets, mm.Market)
	}
	window := Window{}
	if len(rep.Marketplace) > 0 {
		window = rep.Marketplace[0].Listings.Window
	}
	prov := b.listingProv(window)
	for _, c := range markets {
		g := RetailGap{Market: c}
		base := store.Filter{store.In("sectors", b.sec.Tag()), store.In("country", c), store.Exists("priceUSD")}
		priced, err := count(ctx, b.st, store.AggQuery{Scope: store.Public, Kind: store.KindListing, Filter: base})
		if err != nil {
			return fmt.Errorf("retail prices per kg in %s: %w", c, err)
		}
		rows, err := aggregate(ctx, b.st, "retail price per kg", store.AggQuery{Scope: store.Public, Kind: store.KindListing,
			Filter:  append(base, store.Exists("usdPerKg")),
			Metrics: []store.Metric{{Name: "median", Op: store.Percentiles, Field: "usdPerKg", Percents: []float64{50}}}})
		if err != nil {
			return fmt.Errorf("retail prices per kg in %s: %w", c, err)
		}
		weighed := rows[0].Count
		switch {
		case priced == 0:
			g.RetailPerKg = prov.noData(defRetailKg, UnitUSDPerKg, 0, "no listings with a USD price in %s", c)
		case weighed == 0:
			g.RetailPerKg = prov.notDefined(defRetailKg, UnitUSDPerKg, priced, "none of the %d priced listings in %s states a net weight (the products are sold by the piece or the weight is not given)", priced, c)
		default:
			f := prov.ok(defRetailKg, UnitUSDPerKg, weighed, rows[0].Percentiles["median"][50]).approx()
			if weighed < priced {
				f = f.withNote("%d of %d priced listings state a weight", weighed, priced)
			}
			g.RetailPerKg = f
		}
		cu, ok := customs[c]
		if !ok {
			cu = b.tradeProv(c, b.to).noData(defUV, UnitUSDPerKg, 0, "%s reported no imports of these HS codes for %d", c, b.to)
		}
		g.CustomsPerKg = cu
		pr := Prov{Window: Window{From: window.From, To: window.To}, Sources: append(append([]string{}, prov.Sources...), b.tradeProv(c, b.to).Sources...)}
		switch {
		case !g.RetailPerKg.OK():
			g.Ratio = pr.notDefined(defRatio, UnitRatio, g.RetailPerKg.Records, "retail price per kg: %s", g.RetailPerKg.Reason)
		case !cu.OK():
			g.Ratio = pr.notDefined(defRatio, UnitRatio, cu.Records, "customs unit value: %s", cu.Reason)
		case cu.V() <= 0:
			g.Ratio = pr.notDefined(defRatio, UnitRatio, cu.Records, "the customs unit value is zero")
		default:
			g.Ratio = pr.ok(defRatio, UnitRatio, g.RetailPerKg.Records+cu.Records, g.RetailPerKg.V()/cu.V())
		}
		rep.RetailGap = append(rep.RetailGap, g)
	}
	return nil
}

// median of values (not empty); the mean of the two middle ones for an
// even count.
func median(vs []float64) float64 {
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
