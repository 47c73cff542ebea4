package portal

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/analytics"
)

func TestChartOf(t *testing.T) {
	fig := func(v float64) analytics.Figure { return analytics.Figure{Value: &v} }
	var rep analytics.MarketReport
	// Twelve markets with imports 1..12 million; one without a value.
	for i := 1; i <= 12; i++ {
		rep.Trade.Markets = append(rep.Trade.Markets, analytics.TradeMarket{Market: fmt.Sprintf("M%c", 'A'+i), Size: fig(float64(i) * 1e6)})
	}
	rep.Trade.Markets = append(rep.Trade.Markets, analytics.TradeMarket{Market: "ZZ"})
	c := chartOf(&rep, FigImports)
	var got []string
	for _, b := range c.Bars {
		got = append(got, b.Label+"="+b.Text)
	}
	var want []string
	for i := 12; i >= 3; i-- { // the ten largest, largest first, in USD million
		want = append(want, fmt.Sprintf("M%c=%.1f", 'A'+i, float64(i)))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("imports chart mismatch (-want +got):\n%s", diff)
	}
	if len(chartOf(&rep, FigOpportunity).Bars) != 0 {
		t.Errorf("a report without opportunity scores gives an opportunity chart")
	}
	svg := string(c.SVG("#123456", "en"))
	if strings.Count(svg, "<rect") != 10 || !strings.Contains(svg, `fill="#123456"`) {
		t.Errorf("svg has %d bars, want 10 in the colour: %s", strings.Count(svg, "<rect"), svg)
	}
	// Labels are escaped.
	bad := Chart{Bars: []Bar{{Label: "<script>", Value: 1, Text: "1"}}}
	if s := string(bad.SVG("#000000", "zh")); strings.Contains(s, "<script>") {
		t.Errorf("label not escaped: %s", s)
	}
}
