package analytics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/exportscope/exportscope/store"
)

// Version is the version of the report JSON. It changes when a field is
// renamed or its meaning changes; adding fields keeps it.
const Version = 1

// Report types, as in store.Report.Type.
const (
	TypeMarket = "market"
	TypeBrand  = "brand"
)

// Service builds reports from the market store.
type Service struct {
	st     store.Store
	cat    *Catalogue
	tenant *TenantData
	now    func() time.Time
	log    *slog.Logger
}

// ServiceOptions configure NewService.
type ServiceOptions struct {
	Store     store.Store
	Catalogue *Catalogue
	// TenantData holds the tenants' uploads (authorised sellers, minimum
	// prices); nil leaves those brand-report figures "not_defined".
	TenantData *TenantData
	// Now is the clock; nil means time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// NewService checks its dependencies and returns a report service.
func NewService(opts ServiceOptions) (*Service, error) {
	if opts.Store == nil {
		return nil, errors.New("analytics: a store is required")
	}
	if opts.Catalogue == nil {
		return nil, errors.New("analytics: a sector catalogue is required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{st: opts.Store, cat: opts.Catalogue, tenant: opts.TenantData, now: opts.Now, log: opts.Logger}, nil
}

// Catalogue returns the service's sector catalogue.
func (s *Service) Catalogue() *Catalogue { return s.cat }

// MarketRequest asks for a market report.
type MarketRequest struct {
	Tenant string `json:"tenant,omitempty"`
	Sector string `json:"sector"`
	// Market is an ISO 3166-1 alpha-2 code; empty covers every market.
	Market string `json:"market,omitempty"`
	// From and To are years, inclusive; 0 picks the latest five years
	// with trade data.
	From int `json:"from,omitempty"`
	To   int `json:"to,omitempty"`
}

// SectorRef describes the sector a report is about.
type SectorRef struct {
	Slug string `json:"slug"`
	Name Names  `json:"name"`
	// HS are the sector's codes; HSUsed the stored codes they resolved to.
	HS     []string `json:"hs"`
	HSUsed []string `json:"hsUsed"`
	Tag    string   `json:"tag"`
	Tenant string   `json:"tenant,omitempty"`
}

// Records counts the stored records a report used.
type Records struct {
	TradeFlows int64 `json:"tradeFlows"`
	Listings   int64 `json:"listings"`
	Reviews    int64 `json:"reviews"`
	// SearchResults counts the first-page search results (search
	// snapshots) behind the brand report's share of shelf.
	SearchResults int64 `json:"searchResults,omitempty"`
}

// Header is the provenance every report document starts with: what it is,
// when and for whom it was made, the sector, the sources and the record
// counts. Its fields are embedded in each report, so the JSON names sit at
// the top level of the document as before.
type Header struct {
	Type        string    `json:"type"` // "market", "brand"
	Version     int       `json:"version"`
	GeneratedAt time.Time `json:"generatedAt"`
	Tenant      string    `json:"tenant,omitempty"`
	Sector      SectorRef `json:"sector"`
	Sources     []string  `json:"sources"`
	Records     Records   `json:"records"`
	Notes       []string  `json:"notes,omitempty"`
}

// MarketReport is the market report document.
type MarketReport struct {
	Header
	Market string `json:"market,omitempty"`
	// Period is the trade-statistics window in years.
	Period Window `json:"period"`

	Trade       TradeSection        `json:"trade"`
	Opportunity OpportunitySection  `json:"opportunity"`
	Marketplace []MarketplaceMarket `json:"marketplace"`
	RetailGap   []RetailGap         `json:"retailVsCustoms"`
}

// Market builds a market report.
func (s *Service) Market(ctx context.Context, req MarketRequest, progress func(float64)) (*MarketReport, error) {
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
	b := &marketBuilder{st: s.st, sec: sec, now: s.now().UTC()}
	rep := &MarketReport{Header: Header{
		Type: TypeMarket, Version: Version, GeneratedAt: b.now, Tenant: req.Tenant,
		Sector: SectorRef{Slug: sec.Slug, Name: sec.Name, HS: sec.HS, Tag: sec.Tag(), Tenant: sec.Tenant},
	}}
	if err := b.resolveHS(ctx); err != nil {
		return nil, err
	}
	rep.Sector.HSUsed = b.codes
	progress(0.05)
	if err := b.period(ctx, req.From, req.To); err != nil {
		return nil, err
	}
	rep.Period = Window{From: strconv.Itoa(b.from), To: strconv.Itoa(b.to)}
	if req.Market != "" {
		m, err := b.checkMarket(ctx, req.Market)
		if err != nil {
			return nil, err
		}
		b.market = m
		rep.Market = m
	}
	progress(0.1)
	if err := b.trade(ctx, &rep.Trade); err != nil {
		return nil, err
	}
	progress(0.4)
	rep.Opportunity = opportunity(rep.Trade.Markets, b.tradeProv(""))
	if b.market != "" {
		// The ranking covers every market; the trade section the chosen one.
		for _, m := range rep.Trade.Markets {
			if m.Market == b.market {
				rep.Trade.Markets = []TradeMarket{m}
				break
			}
		}
	}
	if err := b.marketplace(ctx, rep); err != nil {
		return nil, err
	}
	progress(0.8)
	if err := b.retailGaps(ctx, rep); err != nil {
		return nil, err
	}
	progress(0.95)
	rep.Records = Records{TradeFlows: b.tradeRecords, Listings: b.listingRecords}
	rep.Sources = b.sources()
	rep.Notes = b.notes
	progress(1)
	return rep, nil
}

type marketBuilder struct {
	st       store.Store
	sec      Sector
	now      time.Time
	codes    []string
	from, to int
	years    []int // years with trade data for the sector
	market   string

	tradeRecords   int64
	listingRecords int64
	tradeSources   map[string]int64
	notes          []string
}

// resolveHS finds the stored codes the sector's codes stand for: a 6-digit
// code as is; a chapter or heading by the 6-digit codes stored under it
// (or, when there are none, the code itself, or the headings under it), so
// that no trade value is counted at two levels.
func (b *marketBuilder) resolveHS(ctx context.Context) error {
	if len(b.sec.HS) == 0 {
		b.codes = []string{}
		return nil
	}
	// Six-digit codes are used as they are; only chapters and headings
	// are looked up, by prefix, among the stored codes.
	var short []string
	for _, c := range b.sec.HS {
		if len(c) < 6 && c != "TOTAL" {
			short = append(short, c)
		}
	}
	var rows []store.AggRow
	if len(short) > 0 {
		var err error
		rows, err = aggregate(ctx, b.st, "find the sector's HS codes", store.AggQuery{
			Scope: store.Public, Kind: store.KindTradeFlow,
			Filter:  store.Filter{store.Prefix("hs", short...)},
			GroupBy: []store.GroupBy{{Field: "hs", Size: 10000}},
		})
		if err != nil {
			return err
		}
	}
	stored := map[string]bool{}
	for _, r := range rows {
		stored[r.Keys[0]] = true
	}
	seen := map[string]bool{}
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			b.codes = append(b.codes, c)
		}
	}
	for _, c := range b.sec.HS {
		if len(c) >= 6 || c == "TOTAL" {
			add(c)
			continue
		}
		var six, four []string
		for s := range stored {
			if strings.HasPrefix(s, c) && s != "TOTAL" {
				switch len(s) {
				case 6:
					six = append(six, s)
				case 4:
					four = append(four, s)
				}
			}
		}
		switch {
		case len(six) > 0:
			for _, s := range six {
				add(s)
			}
		case stored[c] || len(four) == 0:
			add(c)
		default:
			for _, s := range four {
				add(s)
			}
		}
	}
	sort.Strings(b.codes)
	return nil
}

// period fixes the window: the requested years, or the latest five years
// with data. A window without any trade data, when the sector has some,
// is an error that lists the years there are.
func (b *marketBuilder) period(ctx context.Context, from, to int) error {
	if len(b.codes) == 0 {
		b.notes = append(b.notes, fmt.Sprintf("sector %s has no HS codes, so the report has no trade statistics", b.sec.Slug))
		if to == 0 {
			to = b.now.Year()
		}
		if from == 0 {
			from = to - 4
		}
		if from > to {
			return fmt.Errorf("%w period: from %d is after to %d", ErrUnknown, from, to)
		}
		b.from, b.to = from, to
		return nil
	}
	rows, err := aggregate(ctx, b.st, "find the years with trade data", store.AggQuery{
		Scope: store.Public, Kind: store.KindTradeFlow,
		Filter:  store.Filter{store.In("hs", b.codes...), store.In("flow", store.FlowImport, store.FlowExport)},
		GroupBy: []store.GroupBy{{Field: "year", Size: 1000}},
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		if y, ok := yearKey(r.Keys[0]); ok {
			b.years = append(b.years, y)
		}
	}
	slices.Sort(b.years)
	if from != 0 && to != 0 && from > to {
		return fmt.Errorf("%w period: from %d is after to %d", ErrUnknown, from, to)
	}
	latest := b.now.Year()
	if len(b.years) > 0 {
		latest = b.years[len(b.years)-1]
	}
	switch {
	case from == 0 && to == 0:
		to = latest
		from = to - 4
		if len(b.years) > 0 && from < b.years[0] {
			from = b.years[0]
		}
	case to == 0:
		to = max(from, latest)
	case from == 0:
		from = to - 4
	}
	b.from, b.to = from, to
	if len(b.years) == 0 {
		b.notes = append(b.notes, fmt.Sprintf("the store holds no trade statistics for the HS codes of sector %s", b.sec.Slug))
		return nil
	}
	for _, y := range b.years {
		if y >= from && y <= to {
			return nil
		}
	}
	return fmt.Errorf("%w period: no trade data for sector %s in %d-%d; years with data: %s",
		ErrUnknown, b.sec.Slug, from, to, yearRanges(b.years))
}

// yearRanges writes years as "2010, 2015-2019".
func yearRanges(ys []int) string {
	var parts []string
	for i := 0; i < len(ys); {
		j := i
		for j+1 < len(ys) && ys[j+1] == ys[j]+1 {
			j++
		}
		if i == j {
			parts = append(parts, strconv.Itoa(ys[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", ys[i], ys[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// checkMarket normalises a market code and verifies that the store has
// data for it: imports it reported, listings on its storefronts, or
// China's trade with it. Otherwise the error lists the markets there are.
func (b *marketBuilder) checkMarket(ctx context.Context, m string) (string, error) {
	code := strings.ToUpper(strings.TrimSpace(m))
	known, err := b.knownMarkets(ctx)
	if err != nil {
		return "", err
	}
	if known[code] {
		return code, nil
	}
	list := make([]string, 0, len(known))
	for k := range known {
		list = append(list, k)
	}
	sort.Strings(list)
	if !store.ValidCountry(code) {
		if len(list) == 0 {
			return "", fmt.Errorf("%w market %q: not an ISO 3166-1 alpha-2 country code (e.g. DE, US, JP); the store has no data for sector %s in any market",
				ErrUnknown, m, b.sec.Slug)
		}
		return "", fmt.Errorf("%w market %q: not an ISO 3166-1 alpha-2 country code; markets with data for %s: %s",
			ErrUnknown, m, b.sec.Slug, strings.Join(nearest(code, list, 0), ", "))
	}
	if len(list) == 0 {
		return "", fmt.Errorf("%w market %s: the store has no data for sector %s in any market", ErrUnknown, code, b.sec.Slug)
	}
	return "", fmt.Errorf("%w market %s: no trade statistics or listings for sector %s there; markets with data: %s",
		ErrUnknown, code, b.sec.Slug, strings.Join(list, ", "))
}

func (b *marketBuilder) knownMarkets(ctx context.Context) (map[string]bool, error) {
	known := map[string]bool{}
	if len(b.codes) > 0 {
		if err := b.knownTradeMarkets(ctx, known); err != nil {
			return nil, err
		}
	}
	rows, err := aggregate(ctx, b.st, "list listing markets", store.AggQuery{
		Scope: store.Public, Kind: store.KindListing,
		Filter:  store.Filter{store.In("sectors", b.sec.Tag())},
		GroupBy: []store.GroupBy{{Field: "country", Size: 1000}},
	})
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		known[r.Keys[0]] = true
	}
	return known, nil
}

func (b *marketBuilder) knownTradeMarkets(ctx context.Context, known map[string]bool) error {
	rows, err := aggregate(ctx, b.st, "list markets", store.AggQuery{
		Scope: store.Public, Kind: store.KindTradeFlow,
		Filter:  store.Filter{store.In("hs", b.codes...), store.In("flow", store.FlowImport)},
		GroupBy: []store.GroupBy{{Field: "reporter", Size: 1000}},
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		known[r.Keys[0]] = true
	}
	rows, err = aggregate(ctx, b.st, "list China's partners", store.AggQuery{
		Scope: store.Public, Kind: store.KindTradeFlow,
		Filter:  store.Filter{store.In("hs", b.codes...), store.In("reporter", "CN")},
		GroupBy: []store.GroupBy{{Field: "partner", Size: 1000}},
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.Keys[0] != store.World {
			known[r.Keys[0]] = true
		}
	}
	return nil
}

func (b *marketBuilder) sources() []string {
	var out []string
	var names []string
	for k := range b.tradeSources {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		out = append(out, fmt.Sprintf("trade flows from %s: %d rows", k, b.tradeSources[k]))
	}
	out = append(out, fmt.Sprintf("marketplace listings tagged %s: %d", b.sec.Tag(), b.listingRecords))
	return out
}

// ImportsByYear returns a market's imports V(c,t) of a sector for every
// year with data, as the market report computes them, with the number of
// trade rows behind each year.
func (s *Service) ImportsByYear(ctx context.Context, tenant, sector, market string) (map[int]float64, map[int]int64, error) {
	set, err := s.cat.Sectors(ctx, tenant)
	if err != nil {
		return nil, nil, err
	}
	sec, err := set.Get(sector)
	if err != nil {
		return nil, nil, err
	}
	b := &marketBuilder{st: s.st, sec: sec, now: s.now().UTC()}
	if err := b.resolveHS(ctx); err != nil {
		return nil, nil, err
	}
	if len(b.codes) == 0 {
		return map[int]float64{}, map[int]int64{}, nil
	}
	base := store.Filter{store.In("flow", store.FlowImport), store.In("hs", b.codes...), store.In("reporter", strings.ToUpper(market))}
	run := func(extra ...store.Cond) (map[int]vals, error) {
		rows, err := aggregate(ctx, s.st, "imports by year", store.AggQuery{Scope: store.Public, Kind: store.KindTradeFlow,
			Filter:  append(append(store.Filter{}, base...), extra...),
			GroupBy: []store.GroupBy{{Field: "year", Size: 1000}},
			Metrics: []store.Metric{{Name: "v", Op: store.Sum, Field: "valueUSD"}}})
		if err != nil {
			return nil, err
		}
		out := map[int]vals{}
		for y, v := range byKey1(rows, sumFill) {
			if yy, ok := yearKey(y); ok {
				out[yy] = v
			}
		}
		return out, nil
	}
	all, err := run()
	if err != nil {
		return nil, nil, err
	}
	world, err := run(store.In("partner", store.World))
	if err != nil {
		return nil, nil, err
	}
	values, counts := map[int]float64{}, map[int]int64{}
	for y, v := range all {
		if sz, ok := sizeOf(yearTotals{all: v, world: world[y]}); ok {
			values[y], counts[y] = sz.v, sz.n
		}
	}
	return values, counts, nil
}

// SectorTag returns the listing tag of a sector the tenant sees.
func (s *Service) SectorTag(ctx context.Context, tenant, sector string) (string, error) {
	set, err := s.cat.Sectors(ctx, tenant)
	if err != nil {
		return "", err
	}
	sec, err := set.Get(sector)
	if err != nil {
		return "", err
	}
	return sec.Tag(), nil
}
