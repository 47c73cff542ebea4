package analytics

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/exportscope/exportscope/store"
)

// China is the exporter whose position the reports describe.
const China = "CN"

// detailMarkets is how many markets get supplier detail (HHI, top
// suppliers, China's bilateral trade) when a report covers every market.
const detailMarkets = 10

// TradeSection is the trade-statistics side of a market report.
type TradeSection struct {
	// YearsAvailable lists the years the store has trade data for the
	// sector's codes (any market).
	YearsAvailable []int `json:"yearsAvailable"`
	// Markets are the importing markets, largest end-year imports first;
	// only the chosen one when the report names a market (the opportunity
	// ranking still covers them all).
	Markets []TradeMarket `json:"markets"`
}

// YearFigure is a figure for one year.
type YearFigure struct {
	Year   int    `json:"year"`
	Figure Figure `json:"figure"`
}

// TradeMarket holds one market's import figures.
type TradeMarket struct {
	Market string `json:"market"`
	// Size is V(c, to): the market's imports of the sector's codes in the
	// last year of the period; SizeStart is V(c, from).
	Size      Figure       `json:"size"`
	SizeStart Figure       `json:"sizeStart"`
	Trend     []YearFigure `json:"trend"`
	CAGR      Figure       `json:"cagr"`
	YoY       []YearFigure `json:"yoy"`
	// ChinaImports is the market's imports from China in the last year.
	ChinaImports     Figure `json:"chinaImports"`
	ChinaShare       Figure `json:"chinaShare"`
	ChinaShareStart  Figure `json:"chinaShareStart"`
	ChinaShareChange Figure `json:"chinaShareChange"`
	UnitValue        Figure `json:"unitValue"`
	ChinaUnitValue   Figure `json:"chinaUnitValue"`
	// ChinaUnitValueIndex is China's unit value against the market's
	// (market = 100).
	ChinaUnitValueIndex Figure `json:"chinaUnitValueIndex"`
	// Detail is set for the report's market, or for the largest markets
	// of a report over all markets.
	Detail *TradeDetail `json:"detail,omitempty"`
}

// TradeDetail is the supplier structure of one market and China's own
// reports of its trade with it.
type TradeDetail struct {
	HHI          Figure     `json:"hhi"`
	HHIStart     Figure     `json:"hhiStart"`
	TopSuppliers []Supplier `json:"topSuppliers"`
	Bilateral    *Bilateral `json:"chinaBilateral,omitempty"`
}

// Supplier is one partner country's imports into the market.
type Supplier struct {
	Partner    string `json:"partner"`
	Value      Figure `json:"value"`
	Share      Figure `json:"share"`
	ShareStart Figure `json:"shareStart"`
}

// Bilateral is China's trade with the market as China reports it, in the
// last year of the period: a mirror of the market's own statistics.
type Bilateral struct {
	ChinaExports Figure `json:"chinaExports"`
	ChinaImports Figure `json:"chinaImports"`
	// Balance is China's exports to the market minus its imports from it.
	Balance Figure `json:"balance"`
}

// yearTotals are a market's sums for one year: all partner rows, the World
// rows, the rows from China, and the same restricted to rows with a net
// weight.
type yearTotals struct {
	all, world, china    vals
	allW, worldW, chinaW vals
}

const (
	defSize     = "Market size V(c,t): import value in USD of the sector's HS codes reported by market c for year t, summed over partner countries (World excluded); where c reported only a World total, that total"
	defCAGR     = "Compound annual growth rate (V_end / V_start)^(1/n) - 1, n = end year - start year, in percent"
	defYoY      = "Year-on-year change V(c,t) / V(c,t-1) - 1, in percent"
	defChinaImp = "Imports of market c from China (partner CN) of the sector's HS codes, USD"
	defShare    = "China's share: imports from China / all imports V(c,t), in percent"
	defShareChg = "Change of China's share from the first to the last year of the period, in percentage points"
	defUV       = "Unit value: import value / net weight, USD per kg, over the rows that report a net weight"
	defUVChina  = "China's unit value: imports from China / their net weight, USD per kg"
	defUVIndex  = "China's unit value / the market's unit value x 100 (market = 100)"
	defHHI      = "Supplier concentration HHI = sum over partner countries (World excluded) of (share in percent)^2; 10,000 is a single supplier"
	defSupplier = "Imports of market c from this partner, USD, and its share of V(c,t) in percent"
	defBiExp    = "China's exports to the market as China reports them (reporter CN, flow export), USD"
	defBiImp    = "China's imports from the market as China reports them (reporter CN, flow import), USD"
	defBalance  = "China's trade balance with the market: China's exports to it - China's imports from it, as China reports them, USD"
)

func (b *marketBuilder) tradeProv(market string, years ...int) Prov {
	w := Window{From: strconv.Itoa(b.from), To: strconv.Itoa(b.to)}
	if len(years) == 1 {
		w = Window{From: strconv.Itoa(years[0]), To: strconv.Itoa(years[0])}
	} else if len(years) == 2 {
		w = Window{From: strconv.Itoa(years[0]), To: strconv.Itoa(years[1])}
	}
	who := "reported by each market"
	if market != "" {
		who = "reported by " + market
	}
	return Prov{Window: w, Sources: []string{fmt.Sprintf("store tradeflow: flow=import, %s, hs in [%s]", who, strings.Join(b.codes, " "))}}
}

func (b *marketBuilder) trade(ctx context.Context, sec *TradeSection) error {
	sec.YearsAvailable = append([]int{}, b.years...)
	sec.Markets = []TradeMarket{}
	if len(b.years) == 0 {
		if b.market != "" {
			sec.Markets = append(sec.Markets, b.emptyMarket(b.market))
		}
		return nil
	}
	base := store.Filter{
		store.In("flow", store.FlowImport),
		store.In("hs", b.codes...),
		store.Range("year", fptr(float64(b.from)), fptr(float64(b.to))),
	}
	groups := []store.GroupBy{{Field: "reporter", Size: 1000}, {Field: "year", Size: 1000}}
	metrics := []store.Metric{{Name: "v", Op: store.Sum, Field: "valueUSD"}, {Name: "w", Op: store.Sum, Field: "netWeightKg"}}
	// Six independent queries, run side by side.
	var all, world, china, allW, worldW, chinaW map[string]map[int]vals
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(parallelQueries)
	run := func(dst *map[string]map[int]vals, what string, extra ...store.Cond) {
		g.Go(func() error {
			f := append(append(store.Filter{}, base...), extra...)
			rows, err := aggregate(gctx, b.st, what, store.AggQuery{Scope: store.Public, Kind: store.KindTradeFlow, Filter: f, GroupBy: groups, Metrics: metrics})
			if err != nil {
				return err
			}
			*dst = byKey2(rows, yearKey, sumFill)
			return nil
		})
	}
	hasW := store.Exists("netWeightKg")
	run(&all, "imports by market and year")
	run(&world, "World imports by market and year", store.In("partner", store.World))
	run(&china, "imports from China by market and year", store.In("partner", China))
	run(&allW, "weighed imports by market and year", hasW)
	run(&worldW, "weighed World imports", hasW, store.In("partner", store.World))
	run(&chinaW, "weighed imports from China", hasW, store.In("partner", China))
	g.Go(func() error { return b.countSources(gctx, base) })
	if err := g.Wait(); err != nil {
		return err
	}
	for _, ys := range all {
		for _, v := range ys {
			b.tradeRecords += v.n
		}
	}

	for market, ys := range all {
		tot := map[int]yearTotals{}
		for y, v := range ys {
			tot[y] = yearTotals{all: v, world: world[market][y], china: china[market][y],
				allW: allW[market][y], worldW: worldW[market][y], chinaW: chinaW[market][y]}
		}
		sec.Markets = append(sec.Markets, b.marketFigures(market, tot))
	}
	if b.market != "" {
		found := false
		for _, m := range sec.Markets {
			found = found || m.Market == b.market
		}
		if !found {
			sec.Markets = append(sec.Markets, b.emptyMarket(b.market))
		}
	}
	sort.SliceStable(sec.Markets, func(i, j int) bool {
		a, c := sec.Markets[i].Size, sec.Markets[j].Size
		if a.OK() != c.OK() {
			return a.OK()
		}
		if a.V() != c.V() {
			return a.V() > c.V()
		}
		return sec.Markets[i].Market < sec.Markets[j].Market
	})
	// Supplier detail for the chosen market or the largest ones, side by
	// side.
	n := 0
	g, gctx = errgroup.WithContext(ctx)
	g.SetLimit(parallelQueries)
	for i := range sec.Markets {
		m := &sec.Markets[i]
		if b.market != "" && m.Market != b.market {
			continue
		}
		if b.market == "" && (n >= detailMarkets || !m.Size.OK()) {
			continue
		}
		n++
		g.Go(func() error {
			d, err := b.detail(gctx, m.Market, base)
			if err != nil {
				return err
			}
			m.Detail = d
			return nil
		})
	}
	return g.Wait()
}

func (b *marketBuilder) countSources(ctx context.Context, base store.Filter) error {
	rows, err := aggregate(ctx, b.st, "count trade sources", store.AggQuery{
		Scope: store.Public, Kind: store.KindTradeFlow, Filter: base,
		GroupBy: []store.GroupBy{{Field: "source", Size: 100}},
	})
	if err != nil {
		return err
	}
	b.tradeSources = map[string]int64{}
	var named int64
	for _, r := range rows {
		b.tradeSources[r.Keys[0]] = r.Count
		named += r.Count
	}
	total, err := count(ctx, b.st, store.AggQuery{Scope: store.Public, Kind: store.KindTradeFlow, Filter: base})
	if err != nil {
		return err
	}
	if total > named {
		b.tradeSources["an unnamed source"] = total - named
	}
	return nil
}

func (b *marketBuilder) emptyMarket(market string) TradeMarket {
	return b.marketFigures(market, map[int]yearTotals{})
}

// size is V(c,t) with the rows behind it and a note on how it was taken.
type size struct {
	v, cn    float64
	n, cnN   int64
	fromWLD  bool
	partners bool // partner rows exist (not only World)
	// weighed sums
	wv, ww, wn    float64
	cwv, cww, cwn float64
}

func sizeOf(t yearTotals) (size, bool) {
	var s size
	countries := t.all.n - t.world.n
	switch {
	case countries > 0:
		s.v, s.n, s.partners = t.all.value-t.world.value, countries, true
		s.wv, s.ww, s.wn = t.allW.value-t.worldW.value, t.allW.weight-t.worldW.weight, float64(t.allW.n-t.worldW.n)
	case t.world.n > 0:
		s.v, s.n, s.fromWLD = t.world.value, t.world.n, true
		s.wv, s.ww, s.wn = t.worldW.value, t.worldW.weight, float64(t.worldW.n)
	default:
		return s, false
	}
	s.cn, s.cnN = t.china.value, t.china.n
	s.cwv, s.cww, s.cwn = t.chinaW.value, t.chinaW.weight, float64(t.chinaW.n)
	if s.v < 0 { // float subtraction of equal sums
		s.v = 0
	}
	return s, true
}

func (b *marketBuilder) marketFigures(market string, tot map[int]yearTotals) TradeMarket {
	m := TradeMarket{Market: market}
	prov := b.tradeProv(market)
	sizeFig := func(y int) (Figure, size, bool) {
		p := b.tradeProv(market, y)
		t, ok := tot[y]
		s, ok2 := sizeOf(t)
		if !ok || !ok2 {
			return p.noData(defSize, UnitUSD, 0, "%s reported no imports of these HS codes for %d", market, y), s, false
		}
		f := p.ok(defSize, UnitUSD, s.n, s.v)
		if s.fromWLD {
			f = f.withNote("%s reported only its World total for %d, no partner breakdown", market, y)
		}
		return f, s, true
	}
	var sEnd, sStart size
	var okEnd, okStart bool
	m.Size, sEnd, okEnd = sizeFig(b.to)
	m.SizeStart, sStart, okStart = sizeFig(b.from)
	m.Trend = []YearFigure{}
	m.YoY = []YearFigure{}
	for y := b.from; y <= b.to; y++ {
		f, _, _ := sizeFig(y)
		m.Trend = append(m.Trend, YearFigure{Year: y, Figure: f})
		if y == b.from {
			continue
		}
		prev, sp, okp := sizeFig(y - 1)
		cur, sc, okc := sizeFig(y)
		p := b.tradeProv(market, y-1, y)
		var yoy Figure
		switch {
		case !okp:
			yoy = p.noData(defYoY, UnitPercent, sc.n, "no imports reported for %d: %s", y-1, prev.Reason)
		case !okc:
			yoy = p.noData(defYoY, UnitPercent, sp.n, "no imports reported for %d", y)
		case sp.v == 0:
			yoy = p.notDefined(defYoY, UnitPercent, sp.n+sc.n, "imports in %d were zero; a change from zero is not defined", y-1)
		default:
			yoy = p.ok(defYoY, UnitPercent, sp.n+sc.n, (cur.V()/prev.V()-1)*100)
		}
		m.YoY = append(m.YoY, YearFigure{Year: y, Figure: yoy})
	}

	// CAGR.
	n := b.to - b.from
	switch {
	case n == 0:
		m.CAGR = prov.notDefined(defCAGR, UnitPercent, sEnd.n, "the period is one year (%d); growth needs two", b.to)
	case !okStart:
		m.CAGR = prov.noData(defCAGR, UnitPercent, sEnd.n, "no imports reported for the start year %d", b.from)
	case !okEnd:
		m.CAGR = prov.noData(defCAGR, UnitPercent, sStart.n, "no imports reported for the end year %d", b.to)
	case sStart.v == 0:
		m.CAGR = prov.notDefined(defCAGR, UnitPercent, sStart.n+sEnd.n, "imports in the start year %d were zero; growth from zero is not defined", b.from)
	default:
		m.CAGR = prov.ok(defCAGR, UnitPercent, sStart.n+sEnd.n, (math.Pow(sEnd.v/sStart.v, 1/float64(n))-1)*100)
	}

	// China's imports and share.
	share := func(y int, s size, ok bool) Figure {
		p := b.tradeProv(market, y)
		switch {
		case market == China:
			return p.notDefined(defShare, UnitPercent, s.n, "the market is China; China's share of its own imports is not defined")
		case !ok:
			return p.noData(defShare, UnitPercent, 0, "%s reported no imports of these HS codes for %d", market, y)
		case s.fromWLD && s.cnN == 0:
			return p.notDefined(defShare, UnitPercent, s.n, "%s reported only its World total for %d, so imports from China are not known", market, y)
		case s.v == 0:
			return p.notDefined(defShare, UnitPercent, s.n, "imports in %d were zero", y)
		}
		f := p.ok(defShare, UnitPercent, s.n, s.cn/s.v*100)
		if s.cnN == 0 {
			f = f.withNote("%s reported imports from %d partner rows, none from China", market, s.n)
		}
		return f
	}
	pEnd := b.tradeProv(market, b.to)
	switch {
	case market == China:
		m.ChinaImports = pEnd.notDefined(defChinaImp, UnitUSD, 0, "the market is China")
	case !okEnd:
		m.ChinaImports = pEnd.noData(defChinaImp, UnitUSD, 0, "%s reported no imports of these HS codes for %d", market, b.to)
	case sEnd.fromWLD && sEnd.cnN == 0:
		m.ChinaImports = pEnd.notDefined(defChinaImp, UnitUSD, 0, "%s reported only its World total for %d", market, b.to)
	default:
		m.ChinaImports = pEnd.ok(defChinaImp, UnitUSD, sEnd.cnN, sEnd.cn)
	}
	m.ChinaShare = share(b.to, sEnd, okEnd)
	m.ChinaShareStart = share(b.from, sStart, okStart)
	switch {
	case n == 0:
		m.ChinaShareChange = prov.notDefined(defShareChg, UnitPoints, sEnd.n, "the period is one year (%d)", b.to)
	case !m.ChinaShare.OK():
		m.ChinaShareChange = prov.notDefined(defShareChg, UnitPoints, sEnd.n, "China's share in %d: %s", b.to, m.ChinaShare.Reason)
	case !m.ChinaShareStart.OK():
		m.ChinaShareChange = prov.notDefined(defShareChg, UnitPoints, sStart.n, "China's share in %d: %s", b.from, m.ChinaShareStart.Reason)
	default:
		m.ChinaShareChange = prov.ok(defShareChg, UnitPoints, sStart.n+sEnd.n, m.ChinaShare.V()-m.ChinaShareStart.V())
	}

	// Unit values in the last year.
	uv := func(def string, value, weight, rows float64, total int64, who string) Figure {
		switch {
		case !okEnd:
			return pEnd.noData(def, UnitUSDPerKg, 0, "%s reported no imports of these HS codes for %d", market, b.to)
		case rows == 0 && total == 0:
			return pEnd.noData(def, UnitUSDPerKg, 0, "no import rows %s for %d", who, b.to)
		case rows == 0:
			return pEnd.notDefined(def, UnitUSDPerKg, total, "none of the %d import rows %s for %d reports a net weight", total, who, b.to)
		case weight <= 0:
			return pEnd.notDefined(def, UnitUSDPerKg, int64(rows), "the reported net weights %s sum to zero", who)
		}
		f := pEnd.ok(def, UnitUSDPerKg, int64(rows), value/weight)
		if int64(rows) < total {
			f = f.withNote("over the %d of %d rows that report a net weight", int64(rows), total)
		}
		return f
	}
	m.UnitValue = uv(defUV, sEnd.wv, sEnd.ww, sEnd.wn, sEnd.n, "")
	if market == China {
		m.ChinaUnitValue = pEnd.notDefined(defUVChina, UnitUSDPerKg, 0, "the market is China")
	} else {
		m.ChinaUnitValue = uv(defUVChina, sEnd.cwv, sEnd.cww, sEnd.cwn, sEnd.cnN, "from China")
	}
	switch {
	case !m.ChinaUnitValue.OK():
		m.ChinaUnitValueIndex = pEnd.notDefined(defUVIndex, UnitIndex, 0, "China's unit value: %s", m.ChinaUnitValue.Reason)
	case !m.UnitValue.OK():
		m.ChinaUnitValueIndex = pEnd.notDefined(defUVIndex, UnitIndex, 0, "the market's unit value: %s", m.UnitValue.Reason)
	case m.UnitValue.V() == 0:
		m.ChinaUnitValueIndex = pEnd.notDefined(defUVIndex, UnitIndex, 0, "the market's unit value is zero")
	default:
		m.ChinaUnitValueIndex = pEnd.ok(defUVIndex, UnitIndex, m.ChinaUnitValue.Records+m.UnitValue.Records, m.ChinaUnitValue.V()/m.UnitValue.V()*100)
	}
	return m
}

// detail computes a market's supplier structure in the first and last
// year of the period and China's reports of its trade with the market.
func (b *marketBuilder) detail(ctx context.Context, market string, base store.Filter) (*TradeDetail, error) {
	partners := func(y int) (map[string]vals, error) {
		f := append(store.Filter{}, base[:2]...)
		f = append(f, store.In("reporter", market), store.Range("year", fptr(float64(y)), fptr(float64(y))))
		rows, err := aggregate(ctx, b.st, "imports of "+market+" by partner", store.AggQuery{
			Scope: store.Public, Kind: store.KindTradeFlow, Filter: f,
			GroupBy: []store.GroupBy{{Field: "partner", Size: 1000}},
			Metrics: []store.Metric{{Name: "v", Op: store.Sum, Field: "valueUSD"}},
		})
		if err != nil {
			return nil, err
		}
		out := byKey1(rows, sumFill)
		delete(out, store.World)
		return out, nil
	}
	end, err := partners(b.to)
	if err != nil {
		return nil, err
	}
	start, err := partners(b.from)
	if err != nil {
		return nil, err
	}
	d := &TradeDetail{TopSuppliers: []Supplier{}}
	d.HHI = hhi(b.tradeProv(market, b.to), market, b.to, end)
	d.HHIStart = hhi(b.tradeProv(market, b.from), market, b.from, start)
	totalEnd, totalStart := sumVals(end), sumVals(start)
	type pv struct {
		partner string
		v       vals
	}
	var list []pv
	for p, v := range end {
		list = append(list, pv{p, v})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].v.value != list[j].v.value {
			return list[i].v.value > list[j].v.value
		}
		return list[i].partner < list[j].partner
	})
	pe, ps := b.tradeProv(market, b.to), b.tradeProv(market, b.from)
	for i, x := range list {
		if i == 10 {
			break
		}
		s := Supplier{Partner: x.partner, Value: pe.ok(defSupplier, UnitUSD, x.v.n, x.v.value)}
		if totalEnd.value > 0 {
			s.Share = pe.ok(defSupplier, UnitPercent, totalEnd.n, x.v.value/totalEnd.value*100)
		} else {
			s.Share = pe.notDefined(defSupplier, UnitPercent, totalEnd.n, "imports in %d were zero", b.to)
		}
		sv, had := start[x.partner]
		switch {
		case totalStart.n == 0:
			s.ShareStart = ps.noData(defSupplier, UnitPercent, 0, "no partner rows for %d", b.from)
		case totalStart.value <= 0:
			s.ShareStart = ps.notDefined(defSupplier, UnitPercent, totalStart.n, "imports in %d were zero", b.from)
		default:
			f := ps.ok(defSupplier, UnitPercent, totalStart.n, sv.value/totalStart.value*100)
			if !had {
				f = f.withNote("no imports from %s reported for %d", x.partner, b.from)
			}
			s.ShareStart = f
		}
		d.TopSuppliers = append(d.TopSuppliers, s)
	}
	if market != China {
		bi, err := b.bilateral(ctx, market)
		if err != nil {
			return nil, err
		}
		d.Bilateral = bi
	}
	return d, nil
}

func sumVals(m map[string]vals) vals {
	var t vals
	for _, v := range m {
		t.value += v.value
		t.n += v.n
	}
	return t
}

func hhi(p Prov, market string, year int, partners map[string]vals) Figure {
	tot := sumVals(partners)
	switch {
	case len(partners) == 0:
		return p.noData(defHHI, UnitHHI, 0, "%s reported no imports by partner country for %d", market, year)
	case tot.value <= 0:
		return p.notDefined(defHHI, UnitHHI, tot.n, "imports by partner in %d sum to zero", year)
	}
	var h float64
	for _, v := range partners {
		s := v.value / tot.value * 100
		h += s * s
	}
	f := p.ok(defHHI, UnitHHI, tot.n, h)
	if len(partners) == 1 {
		for k := range partners {
			f = f.withNote("a single supplier (%s) reported for %d: complete concentration", k, year)
		}
	}
	return f
}

func (b *marketBuilder) bilateral(ctx context.Context, market string) (*Bilateral, error) {
	rows, err := aggregate(ctx, b.st, "China's trade with "+market, store.AggQuery{
		Scope: store.Public, Kind: store.KindTradeFlow,
		Filter: store.Filter{
			store.In("reporter", China), store.In("partner", market), store.In("hs", b.codes...),
			store.In("flow", store.FlowImport, store.FlowExport),
			store.Range("year", fptr(float64(b.to)), fptr(float64(b.to))),
		},
		GroupBy: []store.GroupBy{{Field: "flow", Size: 10}},
		Metrics: []store.Metric{{Name: "v", Op: store.Sum, Field: "valueUSD"}},
	})
	if err != nil {
		return nil, err
	}
	flows := byKey1(rows, sumFill)
	p := Prov{Window: Window{From: strconv.Itoa(b.to), To: strconv.Itoa(b.to)},
		Sources: []string{fmt.Sprintf("store tradeflow: reporter=CN, partner=%s, hs in [%s]", market, strings.Join(b.codes, " "))}}
	bi := &Bilateral{}
	ex, okx := flows[store.FlowExport]
	im, okm := flows[store.FlowImport]
	if okx {
		bi.ChinaExports = p.ok(defBiExp, UnitUSD, ex.n, ex.value)
	} else {
		bi.ChinaExports = p.noData(defBiExp, UnitUSD, 0, "China reported no exports of these HS codes to %s for %d", market, b.to)
	}
	if okm {
		bi.ChinaImports = p.ok(defBiImp, UnitUSD, im.n, im.value)
	} else {
		bi.ChinaImports = p.noData(defBiImp, UnitUSD, 0, "China reported no imports of these HS codes from %s for %d", market, b.to)
	}
	switch {
	case okx && okm:
		bi.Balance = p.ok(defBalance, UnitUSD, ex.n+im.n, ex.value-im.value)
	case !okx && !okm:
		bi.Balance = p.noData(defBalance, UnitUSD, 0, "China reported no trade of these HS codes with %s for %d", market, b.to)
	default:
		bi.Balance = p.notDefined(defBalance, UnitUSD, ex.n+im.n, "China reported only one direction of its trade with %s for %d", market, b.to)
	}
	return bi, nil
}
