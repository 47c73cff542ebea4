package portal

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/store"
)

// Bar is one bar of a public chart.
type Bar struct {
	Label string
	Value float64
	Text  string // the value as shown
}

// Chart is one public figure of a sector: up to ten bars.
type Chart struct {
	Figure Figure
	Bars   []Bar
	Unit   string
}

// SectorFigures are the public figures of one sector, from its latest
// shared market report.
type SectorFigures struct {
	Sector      analytics.Sector
	GeneratedAt time.Time
	Period      analytics.Window
	Charts      []Chart
	// HasReport is false when no market report of the sector is stored.
	HasReport bool
}

type figureCache struct {
	mu  sync.Mutex
	ttl time.Duration
	now func() time.Time
	m   map[string]cachedReport
}

type cachedReport struct {
	at  time.Time
	rep *analytics.MarketReport
}

func newFigureCache(ttl time.Duration, now func() time.Time) *figureCache {
	return &figureCache{ttl: ttl, now: now, m: map[string]cachedReport{}}
}

// latestReport is the newest shared market report over all markets of
// sector, or nil when there is none; it is cached for a few minutes.
func (s *Service) latestReport(ctx context.Context, sector string) (*analytics.MarketReport, error) {
	c := s.figs
	c.mu.Lock()
	if e, ok := c.m[sector]; ok && c.now().Sub(e.at) < c.ttl {
		c.mu.Unlock()
		return e.rep, nil
	}
	c.mu.Unlock()
	var newest *store.Report
	err := s.docs.Scan(ctx, store.ScanQuery{Scope: store.Public, Kind: store.KindReport, BatchSize: 20,
		Filter: store.Filter{store.In("sector", sector), store.In("kind", analytics.TypeMarket)}}, func(docs []store.Doc) error {
		for _, d := range docs {
			r := d.(*store.Report)
			if r.Market != "" {
				continue
			}
			if newest == nil || r.CreatedAt.After(newest.CreatedAt) {
				newest = r
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("latest report of %s: %w", sector, err)
	}
	var rep *analytics.MarketReport
	if newest != nil {
		rep = &analytics.MarketReport{}
		if err := json.Unmarshal(newest.Body, rep); err != nil {
			return nil, fmt.Errorf("latest report of %s: %w", sector, err)
		}
	}
	c.mu.Lock()
	c.m[sector] = cachedReport{at: c.now(), rep: rep}
	c.mu.Unlock()
	return rep, nil
}

// Figures returns the public figures of one of pt's featured sectors:
// only the figure kinds pt marks public.
func (s *Service) Figures(ctx context.Context, pt *Portal, sector string) (SectorFigures, error) {
	set, err := s.sectorSet(ctx, pt.TenantID)
	if err != nil {
		return SectorFigures{}, err
	}
	sec, err := set.Get(sector)
	if err != nil || !contains(pt.FeaturedSectors, sec.Slug) {
		return SectorFigures{}, fmt.Errorf("sector %q of portal %s: %w", sector, pt.Slug, store.ErrNotFound)
	}
	out := SectorFigures{Sector: sec}
	rep, err := s.latestReport(ctx, sec.Slug)
	if err != nil || rep == nil {
		return out, err
	}
	out.HasReport, out.GeneratedAt, out.Period = true, rep.GeneratedAt, rep.Period
	for _, f := range Figures() {
		if !pt.Shows(f) {
			continue
		}
		if c := chartOf(rep, f); len(c.Bars) > 0 {
			out.Charts = append(out.Charts, c)
		}
	}
	return out, nil
}

// chartOf reads figure f from a market report: the ten largest values.
func chartOf(rep *analytics.MarketReport, f Figure) Chart {
	c := Chart{Figure: f}
	add := func(label string, fig analytics.Figure, scale float64, format string) {
		if fig.Value == nil {
			return
		}
		v := *fig.Value * scale
		c.Bars = append(c.Bars, Bar{Label: label, Value: v, Text: fmt.Sprintf(format, v)})
	}
	switch f {
	case FigImports:
		c.Unit = "USD m"
		for _, m := range rep.Trade.Markets {
			add(m.Market, m.Size, 1e-6, "%.1f")
		}
	case FigChinaShare:
		c.Unit = "%"
		for _, m := range rep.Trade.Markets {
			add(m.Market, m.ChinaShare, shareScale(m.ChinaShare), "%.1f")
		}
	case FigOpportunity:
		c.Unit = "0–100"
		for _, m := range rep.Opportunity.Markets {
			add(m.Market, m.Score, 1, "%.0f")
		}
	case FigPrices:
		c.Unit = "USD"
		for _, m := range rep.Marketplace {
			add(m.Market, m.PriceMedian, 1, "%.2f")
		}
	}
	sort.SliceStable(c.Bars, func(i, j int) bool { return c.Bars[i].Value > c.Bars[j].Value })
	if len(c.Bars) > 10 {
		c.Bars = c.Bars[:10]
	}
	return c
}

// shareScale turns a share figure into percent: reports keep shares as
// percent when the unit says so, else as fractions.
func shareScale(f analytics.Figure) float64 {
	if strings.Contains(f.Unit, "%") || strings.Contains(strings.ToLower(f.Unit), "percent") {
		return 1
	}
	return 100
}

// SVG draws a chart as an inline horizontal bar chart in colour, its
// markets named in lang (short names; long ones keep their code).
func (c Chart) SVG(color, lang string) template.HTML {
	const rowH, labelW, barW, valueW = 22, 84, 240, 70
	h := rowH*len(c.Bars) + 4
	max := 0.0
	for _, b := range c.Bars {
		if b.Value > max {
			max = b.Value
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" role="img" viewBox="0 0 %d %d" width="100%%" xmlns="http://www.w3.org/2000/svg">`, labelW+barW+valueW, h)
	for i, b := range c.Bars {
		w := 0.0
		if max > 0 && b.Value > 0 {
			w = b.Value / max * barW
		}
		y := i*rowH + 2
		label := countryName(b.Label, lang)
		if utf8.RuneCountInString(label) > 12 {
			label = b.Label
		}
		fmt.Fprintf(&sb, `<text x="0" y="%d" font-size="12" dominant-baseline="middle">%s</text>`, y+rowH/2, template.HTMLEscapeString(label))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%.1f" height="%d" rx="2" fill="%s"><title>%s: %s</title></rect>`,
			labelW, y+3, w, rowH-6, template.HTMLEscapeString(color), template.HTMLEscapeString(b.Label), template.HTMLEscapeString(b.Text))
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d" font-size="12" dominant-baseline="middle">%s</text>`, float64(labelW)+w+4, y+rowH/2, template.HTMLEscapeString(b.Text))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) // every interpolated text is escaped above; color is a validated hex colour
}
