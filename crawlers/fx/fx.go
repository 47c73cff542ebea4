// Package fx converts prices between currencies with the ECB's daily euro
// reference rates, as the product brief asks for listings: every price is
// also stored in USD and CNY at the reference rate of its day.
//
// The ECB publishes rates for TARGET business days only. A day without
// rates (a weekend, a TARGET holiday such as Good Friday or 1 May, or today
// before the 16:00 CET publication) uses the rates of the nearest earlier
// business day, which is what the ECB itself recommends for such days. The
// rates are quoted per euro, so an amount in currency A becomes
// amount / rate(A) euros and amount / rate(A) × rate(B) in currency B; the
// euro's own rate is 1.
//
// Rates come from a RateSource: a Table built from []store.Rate (for
// example straight from the ecb package) or a StoreSource that reads the
// rate documents of a store.
package fx

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Errors that callers test with errors.Is.
var (
	// ErrNoRate: there is no rate on or before the day asked for (the day is
	// before the first rate the source has, or the source is empty).
	ErrNoRate = errors.New("no reference rate on or before that day")
	// ErrStaleRate: the latest rate on or before the day is older than the
	// converter's MaxAgeDays allows, which means rates are missing rather
	// than a holiday.
	ErrStaleRate = errors.New("latest reference rate is too old")
	// ErrUnknownCurrency: the currency has no ECB reference rate on that day.
	ErrUnknownCurrency = errors.New("no reference rate for currency")
)

// RateSource gives the reference rates that apply on a calendar day.
type RateSource interface {
	// RatesOn returns the rates (units of currency per euro, keyed by ISO
	// 4217 code, EUR not included) of the latest business day on or before
	// day's calendar date, and that business day at midnight UTC. The map
	// belongs to the caller. When no day on or before has rates, the error
	// wraps ErrNoRate.
	RatesOn(ctx context.Context, day time.Time) (rates map[string]float64, on time.Time, err error)
}

// calendarDay is t's calendar date, in t's own location, as midnight UTC.
// A listing seen at 23:30 in New York on 11 June is priced with 11 June's
// rates.
func calendarDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DefaultMaxAgeDays is the default Options.MaxAgeDays: the longest TARGET
// closure (Good Friday to Easter Monday) means a Tuesday before publication
// falls back five days to Thursday; a week leaves room for that and no more.
const DefaultMaxAgeDays = 7

// Options configure a Converter.
type Options struct {
	// MaxAgeDays is how many calendar days the rates used may be older
	// than the day converted for; 0 means DefaultMaxAgeDays and a negative
	// value means no limit (for historical back-fills).
	MaxAgeDays int
}

// Converter converts amounts between currencies at the reference rates of
// a day. It is safe for concurrent use if its RateSource is.
type Converter struct {
	src    RateSource
	maxAge int
}

// NewConverter returns a Converter that reads its rates from src.
func NewConverter(src RateSource, opts Options) (*Converter, error) {
	if src == nil {
		return nil, errors.New("fx: NewConverter needs a RateSource")
	}
	c := &Converter{src: src, maxAge: opts.MaxAgeDays}
	if c.maxAge == 0 {
		c.maxAge = DefaultMaxAgeDays
	}
	return c, nil
}

// Amounts is an amount converted to USD and CNY.
type Amounts struct {
	USD float64
	CNY float64
	// RateDay is the business day whose rates were used (midnight UTC):
	// day itself, or the nearest earlier business day.
	RateDay time.Time
}

// Convert converts amount in currency (ISO 4217, any ECB currency or EUR)
// to USD and CNY at the reference rates of day.
func (c *Converter) Convert(ctx context.Context, amount float64, currency string, day time.Time) (Amounts, error) {
	rates, on, err := c.rates(ctx, day)
	if err != nil {
		return Amounts{}, fmt.Errorf("fx: convert %g %s on %s: %w", amount, currency, calendarDay(day).Format(time.DateOnly), err)
	}
	usd, err := convert(rates, on, amount, currency, "USD")
	if err != nil {
		return Amounts{}, err
	}
	cny, err := convert(rates, on, amount, currency, "CNY")
	if err != nil {
		return Amounts{}, err
	}
	return Amounts{USD: usd, CNY: cny, RateDay: on}, nil
}

// ConvertTo converts amount from one currency to another at the reference
// rates of day, and reports the business day whose rates it used.
func (c *Converter) ConvertTo(ctx context.Context, amount float64, from, to string, day time.Time) (float64, time.Time, error) {
	rates, on, err := c.rates(ctx, day)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("fx: convert %g %s to %s on %s: %w", amount, from, to, calendarDay(day).Format(time.DateOnly), err)
	}
	v, err := convert(rates, on, amount, from, to)
	if err != nil {
		return 0, time.Time{}, err
	}
	return v, on, nil
}

func (c *Converter) rates(ctx context.Context, day time.Time) (map[string]float64, time.Time, error) {
	if day.IsZero() {
		return nil, time.Time{}, errors.New("no day given")
	}
	rates, on, err := c.src.RatesOn(ctx, day)
	if err != nil {
		return nil, time.Time{}, err
	}
	want := calendarDay(day)
	if on.After(want) {
		return nil, time.Time{}, fmt.Errorf("rate source returned rates of %s for %s, a later day", on.Format(time.DateOnly), want.Format(time.DateOnly))
	}
	if age := int(want.Sub(on).Hours() / 24); c.maxAge > 0 && age > c.maxAge {
		return nil, time.Time{}, fmt.Errorf("%w: the latest rates are of %s, %d days earlier (limit %d)", ErrStaleRate, on.Format(time.DateOnly), age, c.maxAge)
	}
	return rates, on, nil
}

func convert(rates map[string]float64, on time.Time, amount float64, from, to string) (float64, error) {
	if math.IsNaN(amount) || math.IsInf(amount, 0) {
		return 0, fmt.Errorf("fx: amount %g is not a number", amount)
	}
	rf, err := perEUR(rates, on, from)
	if err != nil {
		return 0, err
	}
	rt, err := perEUR(rates, on, to)
	if err != nil {
		return 0, err
	}
	if rf == rt {
		return amount, nil
	}
	return amount / rf * rt, nil
}

func perEUR(rates map[string]float64, on time.Time, currency string) (float64, error) {
	cur := strings.ToUpper(strings.TrimSpace(currency))
	if cur == "EUR" {
		return 1, nil
	}
	r, ok := rates[cur]
	if !ok || !(r > 0) || math.IsInf(r, 0) {
		return 0, fmt.Errorf("fx: %w %q on %s", ErrUnknownCurrency, currency, on.Format(time.DateOnly))
	}
	return r, nil
}
