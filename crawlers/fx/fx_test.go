package fx

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/exportscope/exportscope/crawlers/ecb"
	"github.com/exportscope/exportscope/store"
)

// fixturesDir is the shared real-world fixtures folder, relative to this
// package.
const fixturesDir = "../../../shared/fixtures"

const histFixture = "fx/eurofxref-hist-90d_to-2018-06-11_eu_central_bank.xml"

// histRates parses the ECB's 90-day history ending 2018-06-11; it fails the
// test, never skips it, when the shared fixtures are missing.
func histRates(t testing.TB) []store.Rate {
	t.Helper()
	p := filepath.Join(fixturesDir, histFixture)
	f, err := os.Open(p)
	if err != nil {
		abs, _ := filepath.Abs(p)
		t.Fatalf("shared fixture missing (%v): these tests need the fixtures folder at %s", err, abs)
	}
	defer f.Close()
	rates, err := ecb.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return rates
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Rates of the fixture, as the ECB published them.
const (
	usd0611, cny0611, jpy0611, gbp0611 = 1.179, 7.5518, 129.62, 0.8818
	usd0608, cny0608                   = 1.1754, 7.5333
	usd0329, cny0329                   = 1.2321, 7.7468 // Thursday before Easter 2018
	usd0430, cny0430                   = 1.2079, 7.6574 // Monday before 1 May 2018
)

func TestConvert(t *testing.T) {
	tbl, err := NewTable(histRates(t))
	if err != nil {
		t.Fatal(err)
	}
	conv, err := NewConverter(tbl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		amount   float64
		currency string
		day      time.Time
		want     Amounts
	}{
		{"USD itself", 100, "USD", day("2018-06-11"), Amounts{USD: 100, CNY: 100 / usd0611 * cny0611, RateDay: day("2018-06-11")}},
		{"EUR is 1", 100, "EUR", day("2018-06-11"), Amounts{USD: 100 * usd0611, CNY: 100 * cny0611, RateDay: day("2018-06-11")}},
		{"CNY itself", 755.18, "CNY", day("2018-06-11"), Amounts{USD: 755.18 / cny0611 * usd0611, CNY: 755.18, RateDay: day("2018-06-11")}},
		{"JPY", 1000, "JPY", day("2018-06-11"), Amounts{USD: 1000 / jpy0611 * usd0611, CNY: 1000 / jpy0611 * cny0611, RateDay: day("2018-06-11")}},
		{"GBP lower case", 29.99, "gbp", day("2018-06-11"), Amounts{USD: 29.99 / gbp0611 * usd0611, CNY: 29.99 / gbp0611 * cny0611, RateDay: day("2018-06-11")}},
		{"Friday", 100, "EUR", day("2018-06-08"), Amounts{USD: 100 * usd0608, CNY: 100 * cny0608, RateDay: day("2018-06-08")}},
		{"Saturday uses Friday", 100, "EUR", day("2018-06-09"), Amounts{USD: 100 * usd0608, CNY: 100 * cny0608, RateDay: day("2018-06-08")}},
		{"Sunday uses Friday", 100, "EUR", day("2018-06-10"), Amounts{USD: 100 * usd0608, CNY: 100 * cny0608, RateDay: day("2018-06-08")}},
		{"Good Friday uses Thursday", 100, "EUR", day("2018-03-30"), Amounts{USD: 100 * usd0329, CNY: 100 * cny0329, RateDay: day("2018-03-29")}},
		{"Easter Monday uses Thursday", 100, "EUR", day("2018-04-02"), Amounts{USD: 100 * usd0329, CNY: 100 * cny0329, RateDay: day("2018-03-29")}},
		{"1 May holiday uses 30 April", 10, "EUR", day("2018-05-01"), Amounts{USD: 10 * usd0430, CNY: 10 * cny0430, RateDay: day("2018-04-30")}},
		{"time of day ignored", 100, "EUR", time.Date(2018, 6, 11, 23, 59, 0, 0, time.UTC), Amounts{USD: 100 * usd0611, CNY: 100 * cny0611, RateDay: day("2018-06-11")}},
		{"local calendar date", 100, "EUR", time.Date(2018, 6, 9, 23, 30, 0, 0, time.FixedZone("EDT", -4*3600)), Amounts{USD: 100 * usd0608, CNY: 100 * cny0608, RateDay: day("2018-06-08")}},
		{"after the last day, within a week", 1, "USD", day("2018-06-15"), Amounts{USD: 1, CNY: cny0611 / usd0611, RateDay: day("2018-06-11")}},
		{"zero", 0, "RUB", day("2018-06-11"), Amounts{RateDay: day("2018-06-11")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := conv.Convert(context.Background(), tc.amount, tc.currency, tc.day)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(1e-12, 0)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConvertErrors(t *testing.T) {
	tbl, err := NewTable(histRates(t))
	if err != nil {
		t.Fatal(err)
	}
	conv, err := NewConverter(tbl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		amount   float64
		currency string
		day      time.Time
		wantErr  error
		wantMsg  string
	}{
		{"unknown code", 1, "XYZ", day("2018-06-11"), ErrUnknownCurrency, `"XYZ" on 2018-06-11`},
		{"ISO but not ECB", 1, "VND", day("2018-06-11"), ErrUnknownCurrency, `"VND"`},
		{"empty currency", 1, "", day("2018-06-11"), ErrUnknownCurrency, `""`},
		{"before the first rates", 1, "USD", day("2018-03-13"), ErrNoRate, "2018-03-13 is before the first rates, of 2018-03-14"},
		{"long after the last rates", 1, "USD", day("2018-07-01"), ErrStaleRate, "of 2018-06-11, 20 days earlier (limit 7)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := conv.Convert(context.Background(), tc.amount, tc.currency, tc.day)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("got %+v, %v; want error %v", got, err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q does not say %q", err, tc.wantMsg)
			}
		})
	}
	if _, err := conv.Convert(context.Background(), 1, "USD", time.Time{}); err == nil {
		t.Error("zero day: no error")
	}
	// An unlimited converter takes old rates for back-fills.
	old, _ := NewConverter(tbl, Options{MaxAgeDays: -1})
	if got, err := old.Convert(context.Background(), 100, "EUR", day("2019-01-01")); err != nil || !got.RateDay.Equal(day("2018-06-11")) {
		t.Errorf("unlimited converter: %+v, %v", got, err)
	}
}

func TestConvertTo(t *testing.T) {
	tbl, err := NewTable(histRates(t))
	if err != nil {
		t.Fatal(err)
	}
	conv, _ := NewConverter(tbl, Options{})
	got, on, err := conv.ConvertTo(context.Background(), 1000, "JPY", "GBP", day("2018-06-09"))
	if err != nil {
		t.Fatal(err)
	}
	// 2018-06-08: JPY 128.64, GBP 0.87733.
	if want := 1000 / 128.64 * 0.87733; !cmp.Equal(got, want, cmpopts.EquateApprox(1e-12, 0)) || !on.Equal(day("2018-06-08")) {
		t.Errorf("got %v on %v, want %v on 2018-06-08", got, on, want)
	}
	if _, _, err := conv.ConvertTo(context.Background(), 1, "USD", "ABC", day("2018-06-11")); !errors.Is(err, ErrUnknownCurrency) {
		t.Errorf("to unknown currency: %v", err)
	}
}

func TestNewTable(t *testing.T) {
	d := day("2018-06-11")
	for _, tc := range []struct {
		name    string
		rates   []store.Rate
		wantMsg string
	}{
		{"zero rate", []store.Rate{{Date: d, Currency: "USD", PerEUR: 0}}, "not a positive number"},
		{"conflict", []store.Rate{{Date: d, Currency: "USD", PerEUR: 1.1}, {Date: d.Add(time.Hour), Currency: "USD", PerEUR: 1.2}}, "two different USD rates on 2018-06-11"},
		{"EUR not 1", []store.Rate{{Date: d, Currency: "EUR", PerEUR: 1.1}}, "the euro is the base"},
		{"no date", []store.Rate{{Currency: "USD", PerEUR: 1.1}}, "without date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewTable(tc.rates); err == nil || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("got %v, want an error saying %q", err, tc.wantMsg)
			}
		})
	}
	empty, err := NewTable(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := empty.RatesOn(context.Background(), d); !errors.Is(err, ErrNoRate) {
		t.Errorf("empty table: %v, want ErrNoRate", err)
	}
	// The map a table hands out is the caller's.
	tbl, _ := NewTable([]store.Rate{{Date: d, Currency: "USD", PerEUR: 1.179}})
	m, _, _ := tbl.RatesOn(context.Background(), d)
	m["USD"] = 99
	if m2, _, _ := tbl.RatesOn(context.Background(), d); m2["USD"] != 1.179 {
		t.Error("changing a returned map changed the table")
	}
}

// memStore is a store fake that holds rate documents and answers scans
// with a date filter.
type memStore struct {
	rates []store.Rate
	scans []store.ScanQuery
}

func (m *memStore) Scan(ctx context.Context, q store.ScanQuery, fn func([]store.Doc) error) error {
	m.scans = append(m.scans, q)
	if q.Kind != store.KindRate || q.Scope != store.Public {
		return errors.New("memStore only holds public rates")
	}
	var docs []store.Doc
	for i := range m.rates {
		r := &m.rates[i]
		ok := true
		for _, c := range q.Filter {
			if c.Field != "date" || c.Op != store.OpTimeRange {
				return errors.New("memStore filters on date ranges only")
			}
			ok = ok && !r.Date.Before(c.From) && (c.To.IsZero() || r.Date.Before(c.To))
		}
		if ok {
			docs = append(docs, r)
		}
	}
	if len(docs) == 0 {
		return nil
	}
	return fn(docs)
}

func TestStoreSource(t *testing.T) {
	rates := histRates(t)
	tbl, err := NewTable(rates)
	if err != nil {
		t.Fatal(err)
	}
	ms := &memStore{rates: rates}
	src, err := NewStoreSource(ms, 0)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, d := range []string{"2018-06-11", "2018-06-09", "2018-05-01", "2018-04-02", "2018-03-14", "2018-06-20"} {
		wantM, wantOn, wantErr := tbl.RatesOn(ctx, day(d))
		gotM, gotOn, gotErr := src.RatesOn(ctx, day(d))
		if wantErr != nil || gotErr != nil {
			t.Fatalf("%s: table %v, store %v", d, wantErr, gotErr)
		}
		if !gotOn.Equal(wantOn) {
			t.Errorf("%s: store source used %s, table %s", d, gotOn.Format(time.DateOnly), wantOn.Format(time.DateOnly))
		}
		if diff := cmp.Diff(wantM, gotM); diff != "" {
			t.Errorf("%s: rates mismatch (-table +store):\n%s", d, diff)
		}
	}
	// The scan asked for the 14 days up to and including the day.
	last := ms.scans[len(ms.scans)-1]
	if want := (store.Filter{store.Between("date", day("2018-06-06"), day("2018-06-21"))}); !cmp.Equal(want, last.Filter) {
		t.Errorf("scan filter %+v, want %+v", last.Filter, want)
	}
	if _, _, err := src.RatesOn(ctx, day("2018-07-20")); !errors.Is(err, ErrNoRate) || !strings.Contains(err.Error(), "no rates stored for 2018-07-06 to 2018-07-20") {
		t.Errorf("beyond the lookback: %v", err)
	}

	// A converter on the store gives the table's answers.
	conv, _ := NewConverter(src, Options{})
	got, err := conv.Convert(ctx, 100, "EUR", day("2018-06-10"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Amounts{USD: 100 * usd0608, CNY: 100 * cny0608, RateDay: day("2018-06-08")}, got, cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadTable(t *testing.T) {
	ms := &memStore{rates: histRates(t)}
	tbl, err := LoadTable(context.Background(), ms, day("2018-05-01"), day("2018-05-31"))
	if err != nil {
		t.Fatal(err)
	}
	first, last := tbl.Range()
	if !first.Equal(day("2018-05-02")) || !last.Equal(day("2018-05-31")) || tbl.Days() != 22 {
		t.Errorf("table %s..%s with %d days, want 2018-05-02..2018-05-31 with 22", first.Format(time.DateOnly), last.Format(time.DateOnly), tbl.Days())
	}
	if _, err := LoadTable(context.Background(), failingStore{}, day("2018-05-01"), day("2018-05-31")); err == nil || !strings.Contains(err.Error(), "reading rates 2018-05-01 to 2018-05-31: store down") {
		t.Errorf("failing store: %v", err)
	}
}

type failingStore struct{}

func (failingStore) Scan(context.Context, store.ScanQuery, func([]store.Doc) error) error {
	return errors.New("store down")
}
