package analytics

import (
	"fmt"
	"math"
	"sort"
)

// The opportunity score's weights and scales. They are part of the report
// (OpportunitySection.Method) so that a reader can redo the arithmetic.
const (
	weightSize   = 0.4
	weightGrowth = 0.3
	weightGap    = 0.3
	// Growth is read on a fixed scale: a CAGR of growthLow % or less
	// scores 0, growthHigh % or more scores 1.
	growthLow  = -10.0
	growthHigh = 20.0
)

// OpportunityMethod explains the score in words.
const OpportunityMethod = "score = 100 x (0.4 x size + 0.3 x growth + 0.3 x gap). " +
	"size = (log10 V_end - min log10 V_end) / (max - min) over the ranked markets (1 when all are equal). " +
	"growth = (CAGR% clipped to [-10, 20] + 10) / 30. " +
	"gap = (B - s) / B clipped to [0, 1], where s is China's share in the market in the end year and " +
	"B is China's share of all ranked markets' imports together (its benchmark): room for China to grow. " +
	"Markets where a part is not defined (no start year, China itself, no partner breakdown) are listed unranked with the reason."

// OpportunitySection ranks the markets.
type OpportunitySection struct {
	Method  string  `json:"method"`
	Weights Weights `json:"weights"`
	// Benchmark is B: China's share of the ranked markets' imports.
	Benchmark Figure           `json:"benchmark"`
	Markets   []OpportunityRow `json:"markets"`
}

// Weights of the score's parts.
type Weights struct {
	Size   float64 `json:"size"`
	Growth float64 `json:"growth"`
	Gap    float64 `json:"gap"`
}

// OpportunityRow is one market's score with its parts.
type OpportunityRow struct {
	Market string `json:"market"`
	// Rank is 1 for the best market; 0 when the score is not defined.
	Rank  int         `json:"rank"`
	Score Figure      `json:"score"`
	Parts []ScorePart `json:"parts"`
}

// ScorePart is one part of a score: the input figure, its value on the
// 0..1 scale, the weight, and the points it adds (weight x scaled x 100).
type ScorePart struct {
	Name         string   `json:"name"` // "size", "growth", "gap"
	Input        Figure   `json:"input"`
	Scaled       *float64 `json:"scaled"`
	Weight       float64  `json:"weight"`
	Contribution *float64 `json:"contribution"`
}

const defScore = "Opportunity score 0-100: see the section's method"
const defLogSize = "log10 of the market size V(c, end year) in USD"

func opportunity(markets []TradeMarket, prov Prov) OpportunitySection {
	sec := OpportunitySection{Method: OpportunityMethod, Weights: Weights{weightSize, weightGrowth, weightGap}, Markets: []OpportunityRow{}}
	// Benchmark over markets whose share is defined.
	var cn, tot float64
	var recs int64
	for _, m := range markets {
		if m.ChinaShare.OK() && m.Size.OK() {
			cn += m.ChinaShare.V() / 100 * m.Size.V()
			tot += m.Size.V()
			recs += m.Size.Records
		}
	}
	if tot > 0 {
		sec.Benchmark = prov.ok("China's share of the imports of all markets with a defined China share, end year, in percent", UnitPercent, recs, cn/tot*100)
	} else {
		sec.Benchmark = prov.noData("China's share of the imports of all markets with a defined China share, end year, in percent", UnitPercent, 0, "no market has a defined China share")
	}
	// Size scale.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, m := range markets {
		if m.Size.OK() && m.Size.V() > 0 {
			l := math.Log10(m.Size.V())
			lo, hi = math.Min(lo, l), math.Max(hi, l)
		}
	}
	for _, m := range markets {
		row := OpportunityRow{Market: m.Market}
		var reasons []string
		// size
		sizeIn := m.Size
		var sizeScaled *float64
		switch {
		case !m.Size.OK():
			reasons = append(reasons, "size: "+m.Size.Reason)
		case m.Size.V() <= 0:
			sizeIn = prov.notDefined(defLogSize, "log10 USD", m.Size.Records, "imports were zero")
			reasons = append(reasons, "size: imports were zero")
		default:
			l := math.Log10(m.Size.V())
			sizeIn = prov.ok(defLogSize, "log10 USD", m.Size.Records, l)
			s := 1.0
			if hi > lo {
				s = (l - lo) / (hi - lo)
			}
			sizeScaled = &s
		}
		var growthScaled *float64
		if m.CAGR.OK() {
			g := (math.Min(math.Max(m.CAGR.V(), growthLow), growthHigh) - growthLow) / (growthHigh - growthLow)
			growthScaled = &g
		} else {
			reasons = append(reasons, "growth: "+m.CAGR.Reason)
		}
		var gapScaled *float64
		switch {
		case !m.ChinaShare.OK():
			reasons = append(reasons, "gap: "+m.ChinaShare.Reason)
		case !sec.Benchmark.OK() || sec.Benchmark.V() <= 0:
			reasons = append(reasons, "gap: China's benchmark share is not defined or zero")
		default:
			b := sec.Benchmark.V()
			g := math.Min(math.Max((b-m.ChinaShare.V())/b, 0), 1)
			gapScaled = &g
		}
		part := func(name string, in Figure, scaled *float64, w float64) ScorePart {
			p := ScorePart{Name: name, Input: in, Scaled: scaled, Weight: w}
			if scaled != nil {
				c := w * *scaled * 100
				p.Contribution = &c
			}
			return p
		}
		row.Parts = []ScorePart{
			part("size", sizeIn, sizeScaled, weightSize),
			part("growth", m.CAGR, growthScaled, weightGrowth),
			part("gap", m.ChinaShare, gapScaled, weightGap),
		}
		if len(reasons) == 0 {
			var score float64
			for _, p := range row.Parts {
				score += *p.Contribution
			}
			row.Score = prov.ok(defScore, UnitScore, m.Size.Records+m.SizeStart.Records, score)
		} else {
			row.Score = prov.notDefined(defScore, UnitScore, m.Size.Records, "%s", joinReasons(reasons))
		}
		sec.Markets = append(sec.Markets, row)
	}
	sort.SliceStable(sec.Markets, func(i, j int) bool {
		a, b := sec.Markets[i].Score, sec.Markets[j].Score
		if a.OK() != b.OK() {
			return a.OK()
		}
		if a.V() != b.V() {
			return a.V() > b.V()
		}
		return sec.Markets[i].Market < sec.Markets[j].Market
	})
	for i := range sec.Markets {
		if sec.Markets[i].Score.OK() {
			sec.Markets[i].Rank = i + 1
		}
	}
	return sec
}

func joinReasons(rs []string) string {
	out := ""
	for i, r := range rs {
		if i > 0 {
			out += "; "
		}
		out += r
	}
	return fmt.Sprint(out)
}
