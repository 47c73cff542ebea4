package fx

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/exportscope/exportscope/store"
)

// Table is an in-memory RateSource: the rates of a set of business days.
// It is immutable once built and safe for concurrent use.
type Table struct {
	days  []time.Time // ascending, midnight UTC
	rates []map[string]float64
}

var _ RateSource = (*Table)(nil)

// NewTable builds a Table from rates, as the ecb package parses them or as
// stored. A rate's day is its Date's calendar date. Two rates for the same
// day and currency must agree; rates that are not positive numbers are
// rejected; EUR rates other than 1 are rejected (EUR is the base).
func NewTable(rates []store.Rate) (*Table, error) {
	byDay := map[time.Time]map[string]float64{}
	for _, r := range rates {
		if math.IsNaN(r.PerEUR) || math.IsInf(r.PerEUR, 0) || r.PerEUR <= 0 {
			return nil, fmt.Errorf("fx: rate %s on %s is %g, not a positive number", r.Currency, r.Date.Format(time.DateOnly), r.PerEUR)
		}
		if r.Date.IsZero() || r.Currency == "" {
			return nil, fmt.Errorf("fx: rate without date or currency: %+v", r)
		}
		d := calendarDay(r.Date)
		if r.Currency == "EUR" {
			if r.PerEUR != 1 {
				return nil, fmt.Errorf("fx: EUR rate on %s is %g; the euro is the base, 1", d.Format(time.DateOnly), r.PerEUR)
			}
			continue
		}
		m := byDay[d]
		if m == nil {
			m = map[string]float64{}
			byDay[d] = m
		}
		if old, ok := m[r.Currency]; ok && old != r.PerEUR {
			return nil, fmt.Errorf("fx: two different %s rates on %s: %g and %g", r.Currency, d.Format(time.DateOnly), old, r.PerEUR)
		}
		m[r.Currency] = r.PerEUR
	}
	t := &Table{days: slices.SortedFunc(maps.Keys(byDay), func(a, b time.Time) int { return a.Compare(b) })}
	t.rates = make([]map[string]float64, len(t.days))
	for i, d := range t.days {
		t.rates[i] = byDay[d]
	}
	return t, nil
}

// Days returns how many business days the table holds.
func (t *Table) Days() int { return len(t.days) }

// Range returns the first and last business day in the table; both zero
// when it is empty.
func (t *Table) Range() (first, last time.Time) {
	if len(t.days) == 0 {
		return time.Time{}, time.Time{}
	}
	return t.days[0], t.days[len(t.days)-1]
}

// RatesOn implements RateSource.
func (t *Table) RatesOn(ctx context.Context, day time.Time) (map[string]float64, time.Time, error) {
	want := calendarDay(day)
	// The first index after want; the one before it is the latest on or before.
	i, found := slices.BinarySearchFunc(t.days, want, func(a, b time.Time) int { return a.Compare(b) })
	if found {
		i++
	}
	if i == 0 {
		if len(t.days) == 0 {
			return nil, time.Time{}, fmt.Errorf("%w: the rate table is empty", ErrNoRate)
		}
		return nil, time.Time{}, fmt.Errorf("%w: %s is before the first rates, of %s", ErrNoRate, want.Format(time.DateOnly), t.days[0].Format(time.DateOnly))
	}
	return maps.Clone(t.rates[i-1]), t.days[i-1], nil
}
