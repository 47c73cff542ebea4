package ecb

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/store"
)

// fixturesDir is the shared real-world fixtures folder, relative to this
// package (the repository is /work/main, the fixtures /work/shared/fixtures).
const fixturesDir = "../../../shared/fixtures"

// fixture returns the path of a shared fixture file and fails the test,
// never skips it, when the file is missing.
func fixture(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(fixturesDir, rel)
	if _, err := os.Stat(p); err != nil {
		abs, _ := filepath.Abs(p)
		t.Fatalf("shared fixture %s is missing (%v): these tests need the fixtures folder at %s, beside the repository", rel, err, abs)
	}
	return p
}

func readFixture(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(fixture(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	dailyFixture = "fx/eurofxref-daily_2018-06-11_eu_central_bank.xml"
	histFixture  = "fx/eurofxref-hist-90d_to-2018-06-11_eu_central_bank.xml"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func byCurrency(rates []store.Rate) map[string]store.Rate {
	m := make(map[string]store.Rate, len(rates))
	for _, r := range rates {
		m[r.Currency] = r
	}
	return m
}

func TestParseDaily(t *testing.T) {
	rates, err := Parse(strings.NewReader(string(readFixture(t, dailyFixture))))
	if err != nil {
		t.Fatal(err)
	}
	if len(rates) != 32 {
		t.Fatalf("got %d rates, want 32", len(rates))
	}
	day := date("2018-06-11")
	got := byCurrency(rates)
	want := map[string]float64{"USD": 1.1790, "JPY": 129.62, "GBP": 0.88180, "RUB": 73.7903, "CNY": 7.5518, "IDR": 16477.11, "ZAR": 15.4991}
	for cur, v := range want {
		if diff := cmp.Diff(store.Rate{Date: day, Currency: cur, PerEUR: v, Source: "ecb"}, got[cur]); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", cur, diff)
		}
	}
	for _, r := range rates {
		if err := r.Validate(); err != nil {
			t.Errorf("rate does not validate: %v", err)
		}
		if r.Date.Location() != time.UTC || !r.Date.Equal(day) {
			t.Errorf("%s: date %v, want %v UTC", r.Currency, r.Date, day)
		}
	}
	if _, ok := got["EUR"]; ok {
		t.Error("EUR must not be listed (it is the base)")
	}
}

func TestParseHistory90d(t *testing.T) {
	rates, err := Parse(strings.NewReader(string(readFixture(t, histFixture))))
	if err != nil {
		t.Fatal(err)
	}
	days := map[time.Time]int{}
	for _, r := range rates {
		days[r.Date]++
	}
	if len(days) != 61 {
		t.Errorf("got %d business days, want 61", len(days))
	}
	if first, last := rates[0].Date, rates[len(rates)-1].Date; !first.Equal(date("2018-03-14")) || !last.Equal(date("2018-06-11")) {
		t.Errorf("range %s..%s, want 2018-03-14..2018-06-11", first.Format(time.DateOnly), last.Format(time.DateOnly))
	}
	// No rates on a weekend or on the TARGET holidays in the window.
	for _, d := range []string{"2018-06-09", "2018-06-10", "2018-03-30", "2018-04-02", "2018-05-01"} {
		if n := days[date(d)]; n != 0 {
			t.Errorf("%s: %d rates, want none (not a TARGET business day)", d, n)
		}
	}
	// Sorted by date, then currency.
	for i := 1; i < len(rates); i++ {
		a, b := rates[i-1], rates[i]
		if a.Date.After(b.Date) || a.Date.Equal(b.Date) && a.Currency >= b.Currency {
			t.Fatalf("rates not sorted at %d: %v then %v", i, a, b)
		}
	}
	got := map[string]float64{}
	for _, r := range rates {
		got[r.Date.Format(time.DateOnly)+" "+r.Currency] = r.PerEUR
	}
	want := map[string]float64{
		"2018-06-11 USD": 1.179, // the history file writes 1.179 where the daily one writes 1.1790
		"2018-06-08 USD": 1.1754,
		"2018-06-08 JPY": 128.64,
		"2018-06-11 CNY": 7.5518,
		"2018-03-14 CNY": 7.8089,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}

func TestParseMalformed(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube>`
	const tail = `</Cube></gesmes:Envelope>`
	for _, tc := range []struct {
		name, doc, wantMsg string
	}{
		{"empty", "", "no XML element"},
		{"not xml", "USD,1.179\n", "no XML element"},
		{"html error page", "<html><body>Service unavailable</body></html>", "expected element type <Envelope> but have <html>"},
		{"truncated", head + `<Cube time="2018-06-11"><Cube currency="USD" rate="1.179"/><Cube curr`, "unexpected EOF"},
		{"unclosed", head + `<Cube time="2018-06-11"><Cube currency="USD" rate="1.179"/>`, "unexpected EOF"},
		{"no days", head + tail, "no rates in the document"},
		{"day without rates", head + `<Cube time="2018-06-11"></Cube>` + tail, "day 2018-06-11 has no rates"},
		{"missing time", head + `<Cube><Cube currency="USD" rate="1.179"/></Cube>` + tail, `time "" is not a YYYY-MM-DD date`},
		{"bad time", head + `<Cube time="2018-13-01"><Cube currency="USD" rate="1.179"/></Cube>` + tail, `time "2018-13-01"`},
		{"bad rate", head + `<Cube time="2018-06-11"><Cube currency="USD" rate="1,179"/></Cube>` + tail, `USD rate "1,179" is not a positive number`},
		{"zero rate", head + `<Cube time="2018-06-11"><Cube currency="USD" rate="0"/></Cube>` + tail, `USD rate "0"`},
		{"negative rate", head + `<Cube time="2018-06-11"><Cube currency="USD" rate="-1.2"/></Cube>` + tail, `USD rate "-1.2"`},
		{"NaN rate", head + `<Cube time="2018-06-11"><Cube currency="USD" rate="NaN"/></Cube>` + tail, `USD rate "NaN"`},
		{"missing rate", head + `<Cube time="2018-06-11"><Cube currency="USD"/></Cube>` + tail, `USD rate ""`},
		{"lower-case currency", head + `<Cube time="2018-06-11"><Cube currency="usd" rate="1.179"/></Cube>` + tail, `currency "usd"`},
		{"long currency", head + `<Cube time="2018-06-11"><Cube currency="USDX" rate="1.179"/></Cube>` + tail, `currency "USDX"`},
		{"duplicate currency", head + `<Cube time="2018-06-11"><Cube currency="USD" rate="1.179"/><Cube currency="USD" rate="1.18"/></Cube>` + tail, "currency USD appears twice"},
		{"duplicate day", head + `<Cube time="2018-06-11"><Cube currency="USD" rate="1.179"/></Cube><Cube time="2018-06-11"><Cube currency="JPY" rate="129.62"/></Cube>` + tail, "day 2018-06-11 appears twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rates, err := Parse(strings.NewReader(tc.doc))
			if err == nil {
				t.Fatalf("no error; got %d rates", len(rates))
			}
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("error %q does not wrap ErrMalformed", err)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q does not say %q", err, tc.wantMsg)
			}
			if rates != nil {
				t.Errorf("got %d rates with the error, want none", len(rates))
			}
		})
	}
}

func TestParseMinimal(t *testing.T) {
	// Attributes in either quote style, whitespace around values, no
	// namespace prefix: all accepted.
	doc := `<Envelope><Cube><Cube time=" 2018-06-08 "><Cube currency='JPY' rate=' 128.64 '/><Cube currency="CNY" rate="7.5277"/></Cube></Cube></Envelope>`
	got, err := Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	d := date("2018-06-08")
	want := []store.Rate{
		{Date: d, Currency: "CNY", PerEUR: 7.5277, Source: "ecb"},
		{Date: d, Currency: "JPY", PerEUR: 128.64, Source: "ecb"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
