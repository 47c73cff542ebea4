package practice

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The Comtrade-shaped trade API: /comtrade/data/v1/get/C/A/HS answers like
// UN Comtrade's v1 data API, with annual import flows 2015–2024 of the
// sector HS codes into the plans' target markets, by partner, with a World
// row per reporter, code and year that is the sum of the partner rows.
// China's exports (reporter 156, flowCode X) mirror the target markets'
// imports from China, as real mirror statistics do, FOB and a little lower.

// flowRow is one figure: Reporter's Flow with Partner in HS and Year.
type flowRow struct {
	Reporter, Partner string // ISO3; Partner "W00" is the World
	HS                string
	Year              int
	Flow              string // "M" or "X"
	Value             float64
	NetWgt            float64
	Qty               float64
	QtyUnit           int
}

// worldISO is Comtrade's partnerISO of the World.
const worldISO = "W00"

type tradeData struct {
	seed      int64
	countries map[string]country // by ISO3
	byCode    map[int]country
	hs        map[string]*hsSpec
	codes     []string // 6-digit codes in order
	reporters map[string]reporter
	series    sync.Map // reporter/hs → [][]flowRow (one slice per year)
}

func newTradeData(seed int64) *tradeData {
	td := &tradeData{seed: seed, countries: map[string]country{}, byCode: map[int]country{},
		hs: map[string]*hsSpec{}, reporters: map[string]reporter{}}
	for _, c := range countryList {
		td.countries[c.ISO3] = c
		td.byCode[c.Code] = c
	}
	for i := range hsSpecs {
		td.hs[hsSpecs[i].Code] = &hsSpecs[i]
		td.codes = append(td.codes, hsSpecs[i].Code)
	}
	sort.Strings(td.codes)
	for _, r := range reporters {
		td.reporters[r.ISO3] = r
	}
	return td
}

// imports returns a target market's imports of one code, per year
// (index 0 is 2015): partner rows by partner, then the World row.
func (td *tradeData) imports(r reporter, h *hsSpec) [][]flowRow {
	k := r.ISO3 + "/" + h.Code
	if v, ok := td.series.Load(k); ok {
		return v.([][]flowRow)
	}
	v, _ := td.series.LoadOrStore(k, td.generate(r, h))
	return v.([][]flowRow)
}

func (td *tradeData) generate(r reporter, h *hsSpec) [][]flowRow {
	rg := rng(td.seed, "trade", r.ISO3, h.Code)
	v0 := h.World * r.Weight * logNormal(rg, 1, 0.6)
	partners := []string{"CHN"}
	for _, p := range h.Suppliers {
		if p != r.ISO3 && p != "CHN" {
			partners = append(partners, p)
		}
	}
	cs0 := clamp(h.ChinaShare*r.ChinaAffinity*logNormal(rg, 1, 0.3), 0.005, 0.9)
	slope := 0.004 + 0.012*rg.NormFloat64()
	base := make([]float64, len(partners))
	uvFactor := make([]float64, len(partners))
	for i, p := range partners {
		if i > 0 {
			base[i] = math.Pow(float64(i), -0.9) * logNormal(rg, 1, 0.5)
		}
		c := td.countries[p]
		switch {
		case p == "CHN":
			uvFactor[i] = 0.8
		case c.Rich:
			uvFactor[i] = 1.2
		default:
			uvFactor[i] = 1.0
		}
		uvFactor[i] *= logNormal(rg, 1, 0.1)
	}
	cycle := cycles[h.Cycle]
	out := make([][]flowRow, 0, lastTradeYear-firstTradeYear+1)
	for k := range lastTradeYear - firstTradeYear + 1 {
		year := firstTradeYear + k
		volume := math.Pow(1+h.Growth+r.Growth, float64(k)) * math.Exp(0.07*rg.NormFloat64())
		if year == 2020 {
			volume *= 0.92
		}
		total := v0 * volume * cycle[k]
		cs := clamp(cs0+slope*float64(k)+0.02*rg.NormFloat64(), 0.002, 0.95)
		if r.ISO3 == "RUS" && year >= 2022 {
			cs = math.Min(cs+0.15, 0.95) // sanctions: suppliers shift to China
		}
		if r.ISO3 == "USA" && year >= 2019 {
			cs *= 0.8 // tariffs
		}
		w := make([]float64, len(partners))
		others := 0.0
		for i := 1; i < len(partners); i++ {
			w[i] = base[i] * math.Exp(0.12*rg.NormFloat64())
			if r.ISO3 == "RUS" && year >= 2022 && td.countries[partners[i]].EU {
				w[i] *= 0.35
			}
			others += w[i]
		}
		world := flowRow{Reporter: r.ISO3, Partner: worldISO, HS: h.Code, Year: year, Flow: "M", QtyUnit: h.QtyUnit}
		var rows []flowRow
		for i, p := range partners {
			share := cs
			if i > 0 {
				share = (1 - cs) * w[i] / others
			}
			uv := h.UnitValue * cycle[k] * uvFactor[i] * math.Exp(0.05*rg.NormFloat64())
			value := math.Round(total * share)
			if value < 1000 {
				continue
			}
			row := flowRow{Reporter: r.ISO3, Partner: p, HS: h.Code, Year: year, Flow: "M", Value: value, QtyUnit: h.QtyUnit}
			row.NetWgt = math.Max(1, math.Round(value/uv))
			row.Qty = quantity(row.NetWgt, h)
			rows = append(rows, row)
			world.Value += row.Value
			world.NetWgt += row.NetWgt
			world.Qty += row.Qty
		}
		out = append(out, append([]flowRow{world}, rows...))
	}
	return out
}

// quantity converts a net weight into the code's quantity unit.
func quantity(kg float64, h *hsSpec) float64 {
	if h.QtyUnit == unitKg || h.KgPerUnit == 0 {
		return kg
	}
	return math.Max(1, math.Round(kg/h.KgPerUnit))
}

// exports returns China's exports of one code to the target markets in one
// year: one row per market and the World row (their sum).
func (td *tradeData) exports(h *hsSpec, k int) []flowRow {
	year := firstTradeYear + k
	world := flowRow{Reporter: "CHN", Partner: worldISO, HS: h.Code, Year: year, Flow: "X", QtyUnit: h.QtyUnit}
	var rows []flowRow
	for _, r := range reporters {
		for _, imp := range td.imports(r, h)[k] {
			if imp.Partner != "CHN" {
				continue
			}
			mirror := 0.82 + 0.15*unit(td.seed, "mirror", r.ISO3, h.Code, itoa(year))
			wgt := mirror * (0.95 + 0.1*unit(td.seed, "mirror-kg", r.ISO3, h.Code, itoa(year)))
			row := flowRow{Reporter: "CHN", Partner: r.ISO3, HS: h.Code, Year: year, Flow: "X", QtyUnit: h.QtyUnit,
				Value: math.Round(imp.Value * mirror), NetWgt: math.Max(1, math.Round(imp.NetWgt*wgt))}
			row.Qty = quantity(row.NetWgt, h)
			rows = append(rows, row)
			world.Value += row.Value
			world.NetWgt += row.NetWgt
			world.Qty += row.Qty
		}
	}
	sort.Slice(rows, func(i, j int) bool { return td.countries[rows[i].Partner].Code < td.countries[rows[j].Partner].Code })
	return append([]flowRow{world}, rows...)
}

// rowsFor returns the rows of one reporter, code (6-digit), flow and year.
func (td *tradeData) rowsFor(rep, code, flow string, year int) []flowRow {
	h := td.hs[code]
	k := year - firstTradeYear
	if h == nil || k < 0 || year > lastTradeYear {
		return nil
	}
	switch {
	case flow == "M" && rep != "CHN":
		r, ok := td.reporters[rep]
		if !ok {
			return nil
		}
		rows := append([]flowRow(nil), td.imports(r, h)[k]...)
		sort.SliceStable(rows[1:], func(i, j int) bool {
			return td.countries[rows[1+i].Partner].Code < td.countries[rows[1+j].Partner].Code
		})
		return rows
	case flow == "X" && rep == "CHN":
		return td.exports(h, k)
	}
	return nil
}

// aggregate sums the rows of the modelled 6-digit codes under a chapter
// or heading, partner by partner.
func (td *tradeData) aggregate(rep, prefix, flow string, year int) []flowRow {
	byPartner := map[string]*flowRow{}
	var order []string
	for _, code := range td.codes {
		if !strings.HasPrefix(code, prefix) {
			continue
		}
		for _, row := range td.rowsFor(rep, code, flow, year) {
			a := byPartner[row.Partner]
			if a == nil {
				a = &flowRow{Reporter: rep, Partner: row.Partner, HS: prefix, Year: year, Flow: flow, QtyUnit: -1}
				byPartner[row.Partner] = a
				order = append(order, row.Partner)
			}
			a.Value += row.Value
			a.NetWgt += row.NetWgt
		}
	}
	sort.Slice(order, func(i, j int) bool { return td.partnerCode(order[i]) < td.partnerCode(order[j]) })
	out := make([]flowRow, 0, len(order))
	for _, p := range order {
		out = append(out, *byPartner[p])
	}
	return out
}

func (td *tradeData) partnerCode(iso string) int {
	if iso == worldISO {
		return 0
	}
	return td.countries[iso].Code
}

// comtradeRow is one record of the v1 data API, field for field in the
// order Comtrade sends them.
type comtradeRow struct {
	TypeCode                 string   `json:"typeCode"`
	FreqCode                 string   `json:"freqCode"`
	RefPeriodID              int      `json:"refPeriodId"`
	RefYear                  int      `json:"refYear"`
	RefMonth                 int      `json:"refMonth"`
	Period                   string   `json:"period"`
	ReporterCode             int      `json:"reporterCode"`
	ReporterISO              string   `json:"reporterISO"`
	ReporterDesc             *string  `json:"reporterDesc"`
	FlowCode                 string   `json:"flowCode"`
	FlowDesc                 *string  `json:"flowDesc"`
	PartnerCode              int      `json:"partnerCode"`
	PartnerISO               string   `json:"partnerISO"`
	PartnerDesc              *string  `json:"partnerDesc"`
	Partner2Code             int      `json:"partner2Code"`
	Partner2ISO              string   `json:"partner2ISO"`
	Partner2Desc             *string  `json:"partner2Desc"`
	ClassificationCode       string   `json:"classificationCode"`
	ClassificationSearchCode string   `json:"classificationSearchCode"`
	IsOriginalClassification bool     `json:"isOriginalClassification"`
	CmdCode                  string   `json:"cmdCode"`
	CmdDesc                  *string  `json:"cmdDesc"`
	AggrLevel                int      `json:"aggrLevel"`
	IsLeaf                   bool     `json:"isLeaf"`
	CustomsCode              string   `json:"customsCode"`
	CustomsDesc              *string  `json:"customsDesc"`
	MosCode                  string   `json:"mosCode"`
	MotCode                  int      `json:"motCode"`
	MotDesc                  *string  `json:"motDesc"`
	QtyUnitCode              int      `json:"qtyUnitCode"`
	QtyUnitAbbr              string   `json:"qtyUnitAbbr"`
	Qty                      *float64 `json:"qty"`
	IsQtyEstimated           bool     `json:"isQtyEstimated"`
	AltQtyUnitCode           int      `json:"altQtyUnitCode"`
	AltQtyUnitAbbr           string   `json:"altQtyUnitAbbr"`
	AltQty                   *float64 `json:"altQty"`
	IsAltQtyEstimated        bool     `json:"isAltQtyEstimated"`
	NetWgt                   *float64 `json:"netWgt"`
	IsNetWgtEstimated        bool     `json:"isNetWgtEstimated"`
	GrossWgt                 *float64 `json:"grossWgt"`
	IsGrossWgtEstimated      bool     `json:"isGrossWgtEstimated"`
	Cifvalue                 *float64 `json:"cifvalue"`
	Fobvalue                 *float64 `json:"fobvalue"`
	PrimaryValue             float64  `json:"primaryValue"`
	LegacyEstimationFlag     int      `json:"legacyEstimationFlag"`
	IsReported               bool     `json:"isReported"`
	IsAggregate              bool     `json:"isAggregate"`
}

// comtradeResponse is the v1 envelope.
type comtradeResponse struct {
	ElapsedTime string        `json:"elapsedTime"`
	Count       int           `json:"count"`
	Data        []comtradeRow `json:"data"`
	Error       string        `json:"error"`
}

// hsRevision is the HS edition Comtrade reports a year in.
func hsRevision(year int) string {
	switch {
	case year >= 2022:
		return "H6"
	case year >= 2017:
		return "H5"
	}
	return "H4"
}

func (td *tradeData) toComtrade(f flowRow, desc bool) comtradeRow {
	str := func(s string) *string {
		if !desc {
			return nil
		}
		return &s
	}
	num := func(v float64) *float64 { return &v }
	rep := td.countries[f.Reporter]
	row := comtradeRow{
		TypeCode: "C", FreqCode: "A", RefPeriodID: f.Year*10000 + 101, RefYear: f.Year, RefMonth: 52,
		Period: strconv.Itoa(f.Year), ReporterCode: rep.Code, ReporterISO: rep.ISO3, ReporterDesc: str(rep.Name),
		FlowCode: f.Flow, Partner2Code: 0, Partner2ISO: worldISO, Partner2Desc: str("World"),
		ClassificationCode: hsRevision(f.Year), ClassificationSearchCode: "HS", IsOriginalClassification: true,
		CmdCode: f.HS, AggrLevel: len(f.HS), IsLeaf: len(f.HS) == 6,
		CustomsCode: "C00", CustomsDesc: str("TOTAL CPC"), MosCode: "0", MotCode: 0, MotDesc: str("TOTAL MOT"),
		QtyUnitCode: -1, QtyUnitAbbr: "N/A", AltQtyUnitCode: -1, AltQtyUnitAbbr: "N/A",
		NetWgt: num(f.NetWgt), PrimaryValue: f.Value, IsReported: true, IsAggregate: len(f.HS) < 6,
	}
	if f.Flow == "M" {
		row.FlowDesc, row.Cifvalue = str("Import"), num(f.Value)
	} else {
		row.FlowDesc, row.Fobvalue = str("Export"), num(f.Value)
	}
	if f.Partner == worldISO {
		row.PartnerCode, row.PartnerISO, row.PartnerDesc = 0, worldISO, str("World")
	} else {
		p := td.countries[f.Partner]
		row.PartnerCode, row.PartnerISO, row.PartnerDesc = p.Code, p.ISO3, str(p.Name)
	}
	if h := td.hs[f.HS]; h != nil {
		row.CmdDesc = str(h.Desc)
	} else {
		row.CmdDesc = str(aggregateDescs[f.HS])
	}
	if f.QtyUnit > 0 {
		row.QtyUnitCode, row.QtyUnitAbbr, row.Qty = f.QtyUnit, unitAbbr[f.QtyUnit], num(f.Qty)
		row.AltQtyUnitCode, row.AltQtyUnitAbbr, row.AltQty = unitKg, "kg", num(f.NetWgt)
	}
	return row
}

// comtradeQuery is a parsed request.
type comtradeQuery struct {
	reporters []string // ISO3; nil: all
	years     []int
	codes     []string
	flows     []string
	partners  map[int]bool // nil: all
	desc      bool
	max       int
}

func (td *tradeData) parseQuery(r *http.Request, rowCap int) (comtradeQuery, error) {
	v := r.URL.Query()
	q := comtradeQuery{desc: v.Get("includeDesc") != "false", max: rowCap}
	list := func(name string) []string {
		var out []string
		for _, s := range strings.Split(v.Get(name), ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	ints := func(name string) ([]int, error) {
		var out []int
		for _, s := range list(name) {
			n, err := strconv.Atoi(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %q is not a number", name, s)
			}
			out = append(out, n)
		}
		return out, nil
	}
	codes, err := ints("reporterCode")
	if err != nil {
		return q, err
	}
	for _, c := range codes {
		if ctry, ok := td.byCode[c]; ok {
			q.reporters = append(q.reporters, ctry.ISO3)
		} else {
			q.reporters = append(q.reporters, "?") // matches nothing
		}
	}
	if len(codes) == 0 {
		q.reporters = []string{"CHN"}
		for _, r := range reporters {
			q.reporters = append(q.reporters, r.ISO3)
		}
	}
	if q.years, err = ints("period"); err != nil {
		return q, err
	}
	if len(q.years) == 0 {
		for y := firstTradeYear; y <= lastTradeYear; y++ {
			q.years = append(q.years, y)
		}
	}
	q.codes = list("cmdCode")
	if len(q.codes) == 0 {
		q.codes = td.codes
	}
	q.flows = list("flowCode")
	if len(q.flows) == 0 {
		q.flows = []string{"M", "X"}
	}
	ps, err := ints("partnerCode")
	if err != nil {
		return q, err
	}
	if len(ps) > 0 {
		q.partners = map[int]bool{}
		for _, p := range ps {
			q.partners[p] = true
		}
	}
	// Breakdowns the simulation does not have: only their totals exist.
	for name, total := range map[string]string{"partner2Code": "0", "customsCode": "C00", "motCode": "0"} {
		for _, s := range list(name) {
			if s != total {
				q.reporters = nil
			}
		}
	}
	if s := v.Get("maxRecords"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return q, fmt.Errorf("maxRecords: %q is not a positive number", s)
		}
		q.max = min(n, rowCap)
	}
	return q, nil
}

func (m *Market) serveComtrade(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, msg string) {
		writeJSON(w, status, comtradeResponse{ElapsedTime: "0.00 secs", Data: []comtradeRow{}, Error: msg})
	}
	if r.PathValue("type") != "C" || r.PathValue("class") != "HS" {
		fail(http.StatusBadRequest, "only typeCode C and classification HS are simulated")
		return
	}
	if r.PathValue("freq") != "A" {
		fail(http.StatusBadRequest, "only annual data (freqCode A) is simulated")
		return
	}
	td := m.trade
	q, err := td.parseQuery(r, m.opts.TradeRowCap)
	if err != nil {
		fail(http.StatusBadRequest, err.Error())
		return
	}
	reps := slices.Clone(q.reporters)
	sort.Slice(reps, func(i, j int) bool { return td.countries[reps[i]].Code < td.countries[reps[j]].Code })
	codes := slices.Clone(q.codes)
	sort.Strings(codes)
	years := slices.Clone(q.years)
	sort.Ints(years)
	flows := slices.Clone(q.flows)
	sort.Strings(flows)
	data := []comtradeRow{}
	truncated := false
collect:
	for _, rep := range reps {
		for _, code := range codes {
			for _, year := range years {
				for _, flow := range flows {
					var rows []flowRow
					if len(code) == 6 {
						rows = td.rowsFor(rep, code, flow, year)
					} else if _, ok := aggregateDescs[code]; ok || len(code) == 2 || len(code) == 4 {
						rows = td.aggregate(rep, code, flow, year)
					}
					for _, f := range rows {
						if q.partners != nil && !q.partners[td.partnerCode(f.Partner)] {
							continue
						}
						if len(data) == q.max {
							truncated = true
							break collect
						}
						data = append(data, td.toComtrade(f, q.desc))
					}
				}
			}
		}
	}
	if truncated {
		m.log.Info("comtrade row cap reached", "path", r.URL.RequestURI(), "cap", q.max)
	}
	writeJSON(w, http.StatusOK, comtradeResponse{
		ElapsedTime: fmt.Sprintf("%.2f secs", 0.02+0.00002*float64(len(data))),
		Count:       len(data), Data: data, Error: "",
	})
}
