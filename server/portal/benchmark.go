package portal

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/exportscope/exportscope/server/auth"
)

// Metric is one anonymised comparison of the caller with its peers. When
// fewer than MinContributors members contribute, only Contributors is
// set: no quartile is shown that could point at a member.
type Metric struct {
	// Available is false below the k-anonymity threshold or when the
	// caller gives no value itself.
	Available    bool
	Contributors int
	Own          *float64
	// P25, Median and P75 are the contributors' quartiles (linear
	// interpolation), rounded.
	P25, Median, P75 *float64
	// Percentile is the share of the other contributors below the
	// caller's value, rounded down to a multiple of 10 (0..100).
	Percentile *int
}

// Benchmark compares the caller with the other members of one
// association.
type Benchmark struct {
	AssociationName string
	// Price is the FOB price in USD per tonne.
	Price Metric
	// MarketSpread is the number of export markets.
	MarketSpread Metric
}

// Benchmarks returns a Benchmark for each association the caller's
// exporter is an active member of, comparing it with the members that
// share one of its sectors.
func (s *Service) Benchmarks(ctx context.Context) ([]Benchmark, error) {
	p, err := caller(ctx, auth.Exporter, nil)
	if err != nil {
		return nil, err
	}
	ms, err := s.memberships(ctx, `m.member_id = ? AND m.status = 'active'`, p.Tenant.ID)
	if err != nil {
		return nil, fmt.Errorf("benchmarks of %s: %w", p.Tenant.ID, err)
	}
	out := []Benchmark{}
	for _, m := range ms {
		members, err := s.activeMembers(ctx, m.AssociationID)
		if err != nil {
			return nil, err
		}
		var prices, spreads []float64
		var ownPrice, ownSpread *float64
		var own []string // the caller's sectors: peers share one of them
		for _, am := range members {
			if am.TenantID == p.Tenant.ID {
				own = am.Profile.Sectors
			}
		}
		for _, am := range members {
			if !sharesSector(am.Profile.Sectors, own) {
				continue
			}
			if v := am.Profile.PriceUSDPerTon; v != nil {
				prices = append(prices, *v)
				if am.TenantID == p.Tenant.ID {
					ownPrice = v
				}
			}
			if n := len(am.Profile.ExportMarkets); n > 0 {
				spreads = append(spreads, float64(n))
				if am.TenantID == p.Tenant.ID {
					f := float64(n)
					ownSpread = &f
				}
			}
		}
		out = append(out, Benchmark{
			AssociationName: m.AssociationName,
			Price:           compare(prices, ownPrice, 10),
			MarketSpread:    compare(spreads, ownSpread, 1),
		})
	}
	return out, nil
}

// compare builds a Metric from every contributor's value (the caller's
// included) and the caller's own; quartiles are rounded to a multiple of
// step.
func compare(values []float64, own *float64, step float64) Metric {
	m := Metric{Contributors: len(values)}
	if len(values) < MinContributors || own == nil {
		return m
	}
	v := append([]float64(nil), values...)
	sort.Float64s(v)
	round := func(x float64) *float64 {
		r := math.Round(x/step) * step
		return &r
	}
	m.Available = true
	m.Own = own
	m.P25, m.Median, m.P75 = round(quantile(v, 0.25)), round(quantile(v, 0.5)), round(quantile(v, 0.75))
	below, others := 0, 0
	skipped := false
	for _, x := range v {
		if x == *own && !skipped {
			skipped = true // the caller itself
			continue
		}
		others++
		if x < *own {
			below++
		}
	}
	pct := 0
	if others > 0 {
		pct = below * 100 / others / 10 * 10
	}
	m.Percentile = &pct
	return m
}

// quantile of sorted values by linear interpolation.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 1 {
		return sorted[0]
	}
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(sorted)-1)
	return sorted[lo] + (sorted[hi]-sorted[lo])*(pos-float64(lo))
}

func sharesSector(a, b []string) bool {
	for _, x := range a {
		if contains(b, x) {
			return true
		}
	}
	return false
}
