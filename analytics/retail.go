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
	defRetailKg = "Median over listings of USD price / net weight; the weight is read from the title (\"25 kg\", \"500 g\", \"2 x 500 g\", \"per metric ton\"), as listings carry no weight field; titles with no or two different weights are left out"
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
		var perKg []float64
		var priced int64
		err := b.st.Scan(ctx, store.ScanQuery{Scope: store.Public, Kind: store.KindListing,
			Filter: store.Filter{store.In("sectors", b.sec.Tag()), store.In("country", c), store.Exists("priceUSD")}},
			func(docs []store.Doc) error {
				for _, d := range docs {
					l, ok := d.(*store.Listing)
					if !ok || l.PriceUSD == nil {
						continue
					}
					priced++
					if kg, ok := ParseNetWeight(l.Title); ok && kg > 0 {
						perKg = append(perKg, *l.PriceUSD/kg)
					}
				}
				return ctx.Err()
			})
		if err != nil {
			return fmt.Errorf("retail prices per kg in %s: %w", c, err)
		}
		switch {
		case priced == 0:
			g.RetailPerKg = prov.noData(defRetailKg, UnitUSDPerKg, 0, "no listings with a USD price in %s", c)
		case len(perKg) == 0:
			g.RetailPerKg = prov.notDefined(defRetailKg, UnitUSDPerKg, priced, "none of the %d priced listings in %s states a net weight in its title (the products are sold by the piece or the weight is not given)", priced, c)
		default:
			f := prov.ok(defRetailKg, UnitUSDPerKg, int64(len(perKg)), median(perKg))
			if int64(len(perKg)) < priced {
				f = f.withNote("%d of %d priced listings state a weight", len(perKg), priced)
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
