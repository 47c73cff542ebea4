// Package ecb reads the European Central Bank's euro foreign exchange
// reference rates: the daily feed (eurofxref-daily.xml) and the history feeds
// (eurofxref-hist-90d.xml, eurofxref-hist.xml), all in the same gesmes XML
// layout:
//
//	<gesmes:Envelope ...>
//	  <Cube>
//	    <Cube time="2018-06-11">
//	      <Cube currency="USD" rate="1.1790"/>
//	      ...
//
// Parse turns a feed into []store.Rate (one per day and currency, in units
// of the currency per euro, Source "ecb"); Client fetches the feeds over
// HTTP. The ECB publishes rates for TARGET business days only: weekends and
// TARGET holidays have no rates, and the feeds simply leave those days out.
package ecb

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/exportscope/exportscope/store"
)

// Source is the store.Rate Source of every rate this package produces.
const Source = "ecb"

// ErrMalformed is wrapped by every error about a feed's content: XML that
// does not parse, a missing or bad date, currency or rate, a duplicate
// rate, or a feed without rates.
var ErrMalformed = errors.New("malformed ECB reference-rate XML")

type envelope struct {
	XMLName xml.Name `xml:"Envelope"`
	Days    []xmlDay `xml:"Cube>Cube"`
}

type xmlDay struct {
	Time  string    `xml:"time,attr"`
	Rates []xmlRate `xml:"Cube"`
}

type xmlRate struct {
	Currency string `xml:"currency,attr"`
	Rate     string `xml:"rate,attr"`
}

// Parse reads one ECB reference-rate XML document (daily or history) and
// returns its rates sorted by date, then currency. Dates are the ECB's
// calendar dates as midnight UTC, matching store.Rate's document ID.
//
// Parse is strict: the rates are the basis of every price conversion, so a
// document with any bad entry is rejected whole rather than half-imported.
// Every error wraps ErrMalformed and names the day and currency at fault.
func Parse(r io.Reader) ([]store.Rate, error) {
	var env envelope
	dec := xml.NewDecoder(r)
	if err := dec.Decode(&env); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: no XML element in the document (empty or not XML)", ErrMalformed)
		}
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(env.Days) == 0 {
		return nil, fmt.Errorf("%w: no <Cube time=...> elements (no rates in the document)", ErrMalformed)
	}
	var rates []store.Rate
	seenDay := make(map[time.Time]bool, len(env.Days))
	for i, d := range env.Days {
		day, err := time.Parse(time.DateOnly, strings.TrimSpace(d.Time))
		if err != nil {
			return nil, fmt.Errorf("%w: day %d: time %q is not a YYYY-MM-DD date", ErrMalformed, i+1, d.Time)
		}
		if seenDay[day] {
			return nil, fmt.Errorf("%w: day %s appears twice", ErrMalformed, d.Time)
		}
		seenDay[day] = true
		if len(d.Rates) == 0 {
			return nil, fmt.Errorf("%w: day %s has no rates", ErrMalformed, d.Time)
		}
		seenCur := make(map[string]bool, len(d.Rates))
		for _, xr := range d.Rates {
			cur := strings.TrimSpace(xr.Currency)
			if !isCurrencyCode(cur) {
				return nil, fmt.Errorf("%w: day %s: currency %q is not a three-letter ISO 4217 code", ErrMalformed, d.Time, xr.Currency)
			}
			if seenCur[cur] {
				return nil, fmt.Errorf("%w: day %s: currency %s appears twice", ErrMalformed, d.Time, cur)
			}
			seenCur[cur] = true
			v, err := strconv.ParseFloat(strings.TrimSpace(xr.Rate), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
				return nil, fmt.Errorf("%w: day %s: %s rate %q is not a positive number", ErrMalformed, d.Time, cur, xr.Rate)
			}
			rates = append(rates, store.Rate{Date: day, Currency: cur, PerEUR: v, Source: Source})
		}
	}
	slices.SortFunc(rates, func(a, b store.Rate) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Currency, b.Currency)
	})
	return rates, nil
}

func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
