package tenancy

import (
	"cmp"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/store"
)

// This file holds the shared market data the API reads: markets, a
// listing with its history, brands, trade flows and market figures.

// Market is a country with data in the store, named in Chinese and English.
type Market struct {
	Code string
	Name analytics.Names
}

var (
	zhRegions = display.Regions(language.SimplifiedChinese)
	enRegions = display.Regions(language.English)
)

// countryNames names an ISO alpha-2 country in Chinese and English (the
// CLDR names of golang.org/x/text).
func countryNames(code string) analytics.Names {
	r, err := language.ParseRegion(code)
	if err != nil {
		return analytics.Names{ZH: code, EN: code}
	}
	n := analytics.Names{ZH: zhRegions.Name(r), EN: enRegions.Name(r)}
	if n.ZH == "" {
		n.ZH = code
	}
	if n.EN == "" {
		n.EN = code
	}
	return n
}

// Markets lists the countries the shared data covers: storefront
// countries of listings and reporters of trade statistics, by code.
func (s *Service) Markets(ctx context.Context) ([]Market, error) {
	if _, err := caller(ctx, auth.ReadData); err != nil {
		return nil, err
	}
	codes := map[string]bool{}
	for _, q := range []store.AggQuery{
		{Scope: store.Public, Kind: store.KindListing, GroupBy: []store.GroupBy{{Field: "country", Size: 500}}},
		{Scope: store.Public, Kind: store.KindTradeFlow, GroupBy: []store.GroupBy{{Field: "reporter", Size: 500}}},
	} {
		res, err := s.st.Aggregate(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("markets: countries of %s: %w", q.Kind, err)
		}
		for _, r := range res.Rows {
			if store.ValidCountry(r.Keys[0]) {
				codes[r.Keys[0]] = true
			}
		}
	}
	out := make([]Market, 0, len(codes))
	for c := range codes {
		out = append(out, Market{Code: c, Name: countryNames(c)})
	}
	slices.SortFunc(out, func(a, b Market) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// MaxHistory caps a listing's snapshot history.
const MaxHistory = 500

// ListingDetail is a listing with its snapshots, oldest first.
type ListingDetail struct {
	Listing store.Listing
	History []store.Snapshot
}

// Listing returns a shared listing, or one of the caller's tenant's own,
// with its snapshot history (the last MaxHistory observations).
func (s *Service) Listing(ctx context.Context, id string) (ListingDetail, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return ListingDetail{}, err
	}
	notFound := apperr.New(apperr.NotFound, "no listing %q", id)
	if id == "" || len(id) > 200 {
		return ListingDetail{}, notFound
	}
	for _, scope := range []store.Scope{store.Public, store.TenantScope(p.Tenant.ID)} {
		docs, err := s.st.Get(ctx, scope, store.KindListing, []string{id})
		if err != nil {
			return ListingDetail{}, fmt.Errorf("listing %s: %w", id, err)
		}
		if len(docs) == 0 {
			continue
		}
		d := ListingDetail{Listing: *docs[0].(*store.Listing)}
		err = s.st.Scan(ctx, store.ScanQuery{Scope: scope, Kind: store.KindSnapshot, Filter: store.Filter{store.In("listingId", id)}},
			func(batch []store.Doc) error {
				for _, doc := range batch {
					// Search-position records (share of shelf) are not
					// observations of the listing's own page.
					if sn := doc.(*store.Snapshot); sn.SearchQuery == "" {
						d.History = append(d.History, *sn)
					}
				}
				return nil
			})
		if err != nil {
			return ListingDetail{}, fmt.Errorf("listing %s: snapshots: %w", id, err)
		}
		slices.SortStableFunc(d.History, func(a, b store.Snapshot) int { return a.Time.Compare(b.Time) })
		if len(d.History) > MaxHistory {
			d.History = d.History[len(d.History)-MaxHistory:]
		}
		return d, nil
	}
	return ListingDetail{}, notFound
}

// BrandFilter narrows brands.
type BrandFilter struct {
	Sector      string
	Market      string
	Marketplace string
}

// BrandSummary is a brand's presence in the shared listings.
type BrandSummary struct {
	Brand          string
	Listings       int64
	SharePct       float64
	MedianPriceUSD *float64
	Reviews        int64
}

// Brands ranks the brands of the shared listings that match f by listing
// count; shares are of the matching listings that name a brand.
func (s *Service) Brands(ctx context.Context, f BrandFilter, first int) ([]BrandSummary, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return nil, err
	}
	if first < 1 || first > 100 {
		return nil, apperr.New(apperr.BadInput, "first must be between 1 and 100, got %d", first)
	}
	filter := store.Filter{store.Exists("brand")}
	if f.Sector != "" {
		sec, err := s.sector(ctx, p, f.Sector)
		if err != nil {
			return nil, err
		}
		filter = append(filter, store.In("sectors", sec.Tag()))
	}
	if f.Market != "" {
		m, err := checkMarket(f.Market)
		if err != nil {
			return nil, err
		}
		filter = append(filter, store.In("country", m))
	}
	if f.Marketplace != "" {
		if utf8.RuneCountInString(f.Marketplace) > 100 {
			return nil, apperr.New(apperr.BadInput, "marketplace must have at most 100 characters")
		}
		filter = append(filter, store.In("marketplace", strings.ToLower(strings.TrimSpace(f.Marketplace))))
	}
	total, err := s.st.Aggregate(ctx, store.AggQuery{Scope: store.Public, Kind: store.KindListing, Filter: filter})
	if err != nil {
		return nil, fmt.Errorf("brands: count listings: %w", err)
	}
	var n int64
	if len(total.Rows) > 0 {
		n = total.Rows[0].Count
	}
	res, err := s.st.Aggregate(ctx, store.AggQuery{Scope: store.Public, Kind: store.KindListing, Filter: filter,
		GroupBy: []store.GroupBy{{Field: "brand", Size: first}},
		Metrics: []store.Metric{
			{Name: "price", Op: store.Percentiles, Field: "priceUSD", Percents: []float64{50}},
			{Name: "reviews", Op: store.Sum, Field: "reviewCount"},
		}})
	if err != nil {
		return nil, fmt.Errorf("brands: %w", err)
	}
	out := make([]BrandSummary, 0, len(res.Rows))
	for _, r := range res.Rows {
		b := BrandSummary{Brand: r.Keys[0], Listings: r.Count, Reviews: int64(math.Round(r.Values["reviews"]))}
		if n > 0 {
			b.SharePct = 100 * float64(r.Count) / float64(n)
		}
		if med, ok := r.Percentiles["price"][50]; ok && !math.IsNaN(med) {
			b.MedianPriceUSD = &med
		}
		out = append(out, b)
	}
	return out, nil
}

// TradeFlowFilter selects customs statistics rows.
type TradeFlowFilter struct {
	Sector    string
	HS        []string
	Reporters []string
	Partners  []string
	Flow      string
	FromYear  *int
	ToYear    *int
}

// TradeFlowPage is one page of trade flows, newest year first.
type TradeFlowPage struct {
	Total int64
	Flows []store.TradeFlow
	// Next is the cursor of the next page; empty on the last.
	Next string
}

// tradeFlowFilter checks f and turns it into store conditions.
func (s *Service) tradeFlowFilter(ctx context.Context, p *auth.Principal, f TradeFlowFilter) (store.Filter, error) {
	var filter store.Filter
	if f.Sector != "" {
		sec, err := s.sector(ctx, p, f.Sector)
		if err != nil {
			return nil, err
		}
		if len(sec.HS) == 0 {
			return nil, apperr.New(apperr.BadInput, "sector %s has no HS codes, so no trade statistics", sec.Slug)
		}
		filter = append(filter, store.Prefix("hs", sec.HS...))
	}
	if len(f.HS) > 0 {
		if len(f.HS) > 50 {
			return nil, apperr.New(apperr.BadInput, "filter.hs lists more than 50 codes")
		}
		var codes []string
		for _, c := range f.HS {
			n := store.NormalizeHS(c)
			if !store.ValidHS(n) || n == "TOTAL" || len(n) > 6 {
				return nil, apperr.New(apperr.BadInput, "filter.hs: %q is not an HS chapter, heading or subheading (2, 4 or 6 digits)", c)
			}
			codes = append(codes, n)
		}
		filter = append(filter, store.Prefix("hs", codes...))
	}
	countries := func(name string, vs []string, world bool) error {
		if len(vs) > 50 {
			return apperr.New(apperr.BadInput, "filter.%s lists more than 50 countries", name)
		}
		var codes []string
		for _, v := range vs {
			c := strings.ToUpper(strings.TrimSpace(v))
			if !store.ValidCountry(c) && !(world && c == store.World) {
				extra := ""
				if world {
					extra = ", or WLD for the world total"
				}
				return apperr.New(apperr.BadInput, "filter.%s: %q is not an ISO 3166-1 alpha-2 country code such as DE%s", name, v, extra)
			}
			codes = append(codes, c)
		}
		if len(codes) > 0 {
			filter = append(filter, store.In(strings.TrimSuffix(name, "s"), codes...))
		}
		return nil
	}
	if err := countries("reporters", f.Reporters, false); err != nil {
		return nil, err
	}
	if err := countries("partners", f.Partners, true); err != nil {
		return nil, err
	}
	if f.Flow != "" {
		flow := strings.ToLower(strings.TrimSpace(f.Flow))
		switch flow {
		case store.FlowImport, store.FlowExport, store.FlowReImport, store.FlowReExport:
			filter = append(filter, store.In("flow", flow))
		default:
			return nil, apperr.New(apperr.BadInput, "filter.flow %q: use import, export, reimport or reexport", f.Flow)
		}
	}
	for name, y := range map[string]*int{"fromYear": f.FromYear, "toYear": f.ToYear} {
		if y != nil && (*y < 1900 || *y > 2200) {
			return nil, apperr.New(apperr.BadInput, "filter.%s %d is not a plausible year", name, *y)
		}
	}
	if f.FromYear != nil && f.ToYear != nil && *f.FromYear > *f.ToYear {
		return nil, apperr.New(apperr.BadInput, "filter.fromYear %d is after toYear %d", *f.FromYear, *f.ToYear)
	}
	if f.FromYear != nil || f.ToYear != nil {
		var lo, hi *float64
		if f.FromYear != nil {
			lo = store.Float(float64(*f.FromYear))
		}
		if f.ToYear != nil {
			hi = store.Float(float64(*f.ToYear))
		}
		filter = append(filter, store.Range("year", lo, hi))
	}
	return filter, nil
}

// flowCursor is a position in the trade flows: after document id of year.
type flowCursor struct {
	year int
	id   string
}

func (c flowCursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(c.year) + ":" + c.id))
}

func parseFlowCursor(s string) (flowCursor, error) {
	bad := apperr.New(apperr.BadInput, "after is not a cursor this API issued")
	if len(s) > 512 {
		return flowCursor{}, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return flowCursor{}, bad
	}
	y, id, ok := strings.Cut(string(raw), ":")
	year, err := strconv.Atoi(y)
	if !ok || err != nil || id == "" {
		return flowCursor{}, bad
	}
	return flowCursor{year: year, id: id}, nil
}

// errPageFull stops a scan once a page is filled.
var errPageFull = errors.New("page full")

// TradeFlows lists the shared customs statistics rows matching f, newest
// year first and by ID within a year, first at a time after the cursor.
func (s *Service) TradeFlows(ctx context.Context, f TradeFlowFilter, first int, after string) (TradeFlowPage, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return TradeFlowPage{}, err
	}
	if first < 1 || first > 100 {
		return TradeFlowPage{}, apperr.New(apperr.BadInput, "first must be between 1 and 100, got %d", first)
	}
	var cur *flowCursor
	if after != "" {
		c, err := parseFlowCursor(after)
		if err != nil {
			return TradeFlowPage{}, err
		}
		cur = &c
	}
	filter, err := s.tradeFlowFilter(ctx, p, f)
	if err != nil {
		return TradeFlowPage{}, err
	}
	years, err := s.st.Aggregate(ctx, store.AggQuery{Scope: store.Public, Kind: store.KindTradeFlow, Filter: filter,
		GroupBy: []store.GroupBy{{Field: "year", Size: 1000}}})
	if err != nil {
		return TradeFlowPage{}, fmt.Errorf("trade flows: years: %w", err)
	}
	type yearCount struct {
		year int
		n    int64
	}
	var ys []yearCount
	var page TradeFlowPage
	for _, r := range years.Rows {
		y, err := strconv.Atoi(r.Keys[0])
		if err != nil {
			return TradeFlowPage{}, fmt.Errorf("trade flows: year key %q: %w", r.Keys[0], err)
		}
		ys = append(ys, yearCount{y, r.Count})
		page.Total += r.Count
	}
	slices.SortFunc(ys, func(a, b yearCount) int { return cmp.Compare(b.year, a.year) })
	var more bool
	for _, yc := range ys {
		if cur != nil && yc.year > cur.year {
			continue
		}
		yf := float64(yc.year)
		q := store.ScanQuery{Scope: store.Public, Kind: store.KindTradeFlow, BatchSize: 200,
			Filter: append(slices.Clip(filter), store.Range("year", &yf, &yf))}
		err := s.st.Scan(ctx, q, func(batch []store.Doc) error {
			for _, d := range batch {
				tf := d.(*store.TradeFlow)
				if cur != nil && yc.year == cur.year && tf.ID <= cur.id {
					continue
				}
				if len(page.Flows) == first {
					more = true
					return errPageFull
				}
				page.Flows = append(page.Flows, *tf)
			}
			return nil
		})
		if err != nil && !errors.Is(err, errPageFull) {
			return TradeFlowPage{}, fmt.Errorf("trade flows of %d: %w", yc.year, err)
		}
		if more {
			break
		}
	}
	if more {
		last := page.Flows[len(page.Flows)-1]
		page.Next = flowCursor{year: last.Year, id: last.ID}.String()
	}
	return page, nil
}

// MarketYear is a market's imports of a sector in one year.
type MarketYear struct {
	Year          int
	ImportsUSD    float64
	FromChinaUSD  *float64
	ChinaSharePct *float64
}

// MarketFigures are a market's yearly imports of a sector, oldest first.
type MarketFigures struct {
	Market string
	Sector string
	Years  []MarketYear
}

// MarketFigures sums the market's imports of the sector's HS codes per
// year from its World-partner rows, and its imports from China from the
// China-partner rows. Where both a code and a longer code under it are
// stored, only the longer ones count, so nothing is counted twice.
func (s *Service) MarketFigures(ctx context.Context, sector, market string) (MarketFigures, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return MarketFigures{}, err
	}
	sec, err := s.sector(ctx, p, sector)
	if err != nil {
		return MarketFigures{}, err
	}
	m, err := checkMarket(market)
	if err != nil {
		return MarketFigures{}, err
	}
	out := MarketFigures{Market: m, Sector: sec.Slug, Years: []MarketYear{}}
	if len(sec.HS) == 0 {
		return out, nil
	}
	sum := func(partner string) (map[int]float64, error) {
		res, err := s.st.Aggregate(ctx, store.AggQuery{Scope: store.Public, Kind: store.KindTradeFlow,
			Filter: store.Filter{store.In("reporter", m), store.In("partner", partner), store.In("flow", store.FlowImport),
				store.Prefix("hs", sec.HS...)},
			GroupBy: []store.GroupBy{{Field: "year", Size: 1000}, {Field: "hs", Size: 10000}},
			Metrics: []store.Metric{{Name: "v", Op: store.Sum, Field: "valueUSD"}}})
		if err != nil {
			return nil, fmt.Errorf("market figures of %s in %s: %w", sec.Slug, m, err)
		}
		codes := map[int][]string{}
		vals := map[int]map[string]float64{}
		for _, r := range res.Rows {
			y, err := strconv.Atoi(r.Keys[0])
			if err != nil {
				continue
			}
			if vals[y] == nil {
				vals[y] = map[string]float64{}
			}
			codes[y] = append(codes[y], r.Keys[1])
			vals[y][r.Keys[1]] = r.Values["v"]
		}
		out := map[int]float64{}
		for y, cs := range codes {
			for _, c := range cs {
				if !slices.ContainsFunc(cs, func(o string) bool { return len(o) > len(c) && strings.HasPrefix(o, c) }) {
					out[y] += vals[y][c]
				}
			}
		}
		return out, nil
	}
	world, err := sum(store.World)
	if err != nil {
		return MarketFigures{}, err
	}
	china, err := sum("CN")
	if err != nil {
		return MarketFigures{}, err
	}
	if len(world) == 0 && len(china) == 0 {
		// A market without statistics for the sector: name those with.
		res, err := s.st.Aggregate(ctx, store.AggQuery{Scope: store.Public, Kind: store.KindTradeFlow,
			Filter:  store.Filter{store.In("flow", store.FlowImport), store.Prefix("hs", sec.HS...)},
			GroupBy: []store.GroupBy{{Field: "reporter", Size: 500}}})
		if err != nil {
			return MarketFigures{}, fmt.Errorf("market figures of %s: markets: %w", sec.Slug, err)
		}
		var have []string
		for _, r := range res.Rows {
			have = append(have, r.Keys[0])
		}
		if len(have) > 0 {
			slices.Sort(have)
			return MarketFigures{}, apperr.New(apperr.BadInput, "no import statistics of %s reported by %s; markets with data: %s",
				sec.Slug, m, strings.Join(have, ", "))
		}
	}
	for y, v := range world {
		my := MarketYear{Year: y, ImportsUSD: v}
		if c, ok := china[y]; ok {
			my.FromChinaUSD = &c
			if v > 0 {
				share := 100 * c / v
				my.ChinaSharePct = &share
			}
		}
		out.Years = append(out.Years, my)
	}
	slices.SortFunc(out.Years, func(a, b MarketYear) int { return cmp.Compare(a.Year, b.Year) })
	return out, nil
}

// sector finds a sector the caller's tenant sees; an unknown one is
// BAD_INPUT naming the valid slugs, nearest first.
func (s *Service) sector(ctx context.Context, p *auth.Principal, name string) (analytics.Sector, error) {
	set, err := s.cat.Sectors(ctx, p.Tenant.ID)
	if err != nil {
		return analytics.Sector{}, fmt.Errorf("sectors of %s: %w", p.Tenant.ID, err)
	}
	sec, err := set.Get(name)
	if errors.Is(err, analytics.ErrUnknown) {
		return analytics.Sector{}, apperr.New(apperr.BadInput, "%s", err.Error())
	}
	if err != nil {
		return analytics.Sector{}, fmt.Errorf("sector %q: %w", name, err)
	}
	return sec, nil
}

// checkMarket normalises an ISO alpha-2 market code.
func checkMarket(m string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(m))
	if !store.ValidCountry(c) {
		return "", apperr.New(apperr.BadInput, "market must be an ISO 3166-1 alpha-2 country code such as DE, got %q", m)
	}
	return c, nil
}
