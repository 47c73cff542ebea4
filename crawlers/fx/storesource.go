package fx

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/exportscope/exportscope/store"
)

// Scanner is the part of store.Store that the store-backed rate sources
// need.
type Scanner interface {
	Scan(ctx context.Context, q store.ScanQuery, fn func([]store.Doc) error) error
}

// DefaultLookbackDays is how far back a StoreSource looks for the latest
// rates by default.
const DefaultLookbackDays = 14

// StoreSource is a RateSource that reads the rate documents of a store
// (shared public scope) on every call: one Scan over the LookbackDays days
// up to the day asked for. For many conversions over a known period, load
// a Table once with LoadTable instead.
type StoreSource struct {
	st       Scanner
	lookback int
}

var _ RateSource = (*StoreSource)(nil)

// NewStoreSource returns a StoreSource reading from st that looks back at
// most lookbackDays calendar days (DefaultLookbackDays if 0).
func NewStoreSource(st Scanner, lookbackDays int) (*StoreSource, error) {
	if st == nil {
		return nil, errors.New("fx: NewStoreSource needs a store")
	}
	if lookbackDays < 0 {
		return nil, fmt.Errorf("fx: lookback of %d days", lookbackDays)
	}
	if lookbackDays == 0 {
		lookbackDays = DefaultLookbackDays
	}
	return &StoreSource{st: st, lookback: lookbackDays}, nil
}

// RatesOn implements RateSource.
func (s *StoreSource) RatesOn(ctx context.Context, day time.Time) (map[string]float64, time.Time, error) {
	want := calendarDay(day)
	from := want.AddDate(0, 0, -s.lookback)
	rates, err := scanRates(ctx, s.st, from, want.AddDate(0, 0, 1))
	if err != nil {
		return nil, time.Time{}, err
	}
	t, err := NewTable(rates)
	if err != nil {
		return nil, time.Time{}, err
	}
	m, on, err := t.RatesOn(ctx, want)
	if errors.Is(err, ErrNoRate) {
		return nil, time.Time{}, fmt.Errorf("%w: no rates stored for %s to %s", ErrNoRate, from.Format(time.DateOnly), want.Format(time.DateOnly))
	}
	return m, on, err
}

// LoadTable reads the stored rates of the calendar days from..to (both
// included) into a Table. To convert for a day the table covers, include a
// week or so before the first day, so that a holiday at the start still
// finds its earlier business day.
func LoadTable(ctx context.Context, st Scanner, from, to time.Time) (*Table, error) {
	if st == nil {
		return nil, errors.New("fx: LoadTable needs a store")
	}
	rates, err := scanRates(ctx, st, calendarDay(from), calendarDay(to).AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	return NewTable(rates)
}

// scanRates reads the rate documents with from <= date < to.
func scanRates(ctx context.Context, st Scanner, from, to time.Time) ([]store.Rate, error) {
	q := store.ScanQuery{
		Scope:  store.Public,
		Kind:   store.KindRate,
		Filter: store.Filter{store.Between("date", from, to)},
	}
	var rates []store.Rate
	err := st.Scan(ctx, q, func(docs []store.Doc) error {
		for _, d := range docs {
			r, ok := d.(*store.Rate)
			if !ok {
				return fmt.Errorf("store returned a %T for a rate scan", d)
			}
			rates = append(rates, *r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("fx: reading rates %s to %s: %w", from.Format(time.DateOnly), to.AddDate(0, 0, -1).Format(time.DateOnly), err)
	}
	return rates, nil
}
