package practice

import (
	"encoding/xml"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// ecbEnvelope is the ECB file layout, as a client parses it.
type ecbEnvelope struct {
	XMLName xml.Name `xml:"Envelope"`
	Subject string   `xml:"subject"`
	Sender  string   `xml:"Sender>name"`
	Days    []struct {
		Time  string `xml:"time,attr"`
		Rates []struct {
			Currency string  `xml:"currency,attr"`
			Rate     float64 `xml:"rate,attr"`
		} `xml:"Cube"`
	} `xml:"Cube>Cube"`
}

func parseECB(t *testing.T, b []byte) ecbEnvelope {
	t.Helper()
	var e ecbEnvelope
	if err := xml.Unmarshal(b, &e); err != nil {
		t.Fatalf("parse ECB XML: %v", err)
	}
	return e
}

func currencyList(e ecbEnvelope) []string {
	var out []string
	for _, r := range e.Days[0].Rates {
		out = append(out, r.Currency)
	}
	return out
}

func TestECBDailyHasTheFixtureShape(t *testing.T) {
	want := parseECB(t, fixture(t, "fx/eurofxref-daily_2018-06-11_eu_central_bank.xml"))
	_, srv := testMarket(t, Options{Seed: 1})
	// Day 0 is Monday 2025-01-06; day 5 is a Saturday, which shows Friday's rates.
	r := get(t, srv, "/ecb/eurofxref-daily.xml?day=5")
	if r.Status != http.StatusOK {
		t.Fatalf("status %d", r.Status)
	}
	got := parseECB(t, r.Body)
	if got.Subject != want.Subject || got.Sender != want.Sender || len(got.Days) != 1 {
		t.Errorf("envelope %q %q %d days, want %q %q 1 day", got.Subject, got.Sender, len(got.Days), want.Subject, want.Sender)
	}
	if got.Days[0].Time != "2025-01-10" {
		t.Errorf("daily file of Saturday 2025-01-11 is dated %s, want Friday 2025-01-10", got.Days[0].Time)
	}
	// The fixture (2018) still lists HRK, which the euro replaced in 2023.
	var wantCur []string
	for _, c := range currencyList(want) {
		if c != "HRK" {
			wantCur = append(wantCur, c)
		}
	}
	if diff := cmp.Diff(wantCur, currencyList(got)); diff != "" {
		t.Errorf("currencies mismatch (-want +got):\n%s", diff)
	}
	rates := map[string]float64{}
	for _, r := range got.Days[0].Rates {
		rates[r.Currency] = r.Rate
	}
	for cur, lim := range map[string][2]float64{
		"USD": {0.85, 1.3}, "CNY": {6.5, 9}, "JPY": {120, 200}, "RUB": {60, 180}, "BRL": {4, 9}, "KRW": {1150, 1900}, "PLN": {3.9, 4.8},
	} {
		if v := rates[cur]; v < lim[0] || v > lim[1] {
			t.Errorf("%s = %v, outside %v", cur, v, lim)
		}
	}
}

func TestECBHistory(t *testing.T) {
	want := parseECB(t, fixture(t, "fx/eurofxref-hist-90d_to-2018-06-11_eu_central_bank.xml"))
	_, srv := testMarket(t, Options{Seed: 1, Day: 30})
	got := parseECB(t, get(t, srv, "/ecb/eurofxref-hist-90d.xml").Body)
	if n := len(got.Days); n < 58 || n > 66 {
		t.Errorf("90-day file has %d days, want about %d", n, len(want.Days))
	}
	full := parseECB(t, get(t, srv, "/ecb/eurofxref-hist.xml").Body)
	if full.Days[len(full.Days)-1].Time != "2015-01-02" {
		t.Errorf("history starts %s, want 2015-01-02", full.Days[len(full.Days)-1].Time)
	}
	prev := ""
	for _, d := range full.Days {
		day, err := time.Parse("2006-01-02", d.Time)
		if err != nil {
			t.Fatal(err)
		}
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday || (day.Month() == 12 && day.Day() == 25) {
			t.Errorf("rates on a closing day %s", d.Time)
		}
		if prev != "" && d.Time >= prev {
			t.Errorf("days not newest first: %s after %s", d.Time, prev)
		}
		prev = d.Time
	}
	// The same date has the same rates whatever the simulated day.
	_, srv2 := testMarket(t, Options{Seed: 1, Day: 300})
	later := parseECB(t, get(t, srv2, "/ecb/eurofxref-hist.xml").Body)
	idx := len(later.Days) - len(full.Days)
	if diff := cmp.Diff(full.Days[0], later.Days[idx]); diff != "" {
		t.Errorf("rates of %s changed with the simulated day (-day30 +day300):\n%s", full.Days[0].Time, diff)
	}
}

func TestEasterClosings(t *testing.T) {
	for _, tc := range []struct {
		date string
		open bool
	}{
		{"2024-03-29", false}, // Good Friday
		{"2024-04-01", false}, // Easter Monday
		{"2024-05-01", false},
		{"2024-12-26", false},
		{"2024-04-02", true},
		{"2025-04-18", false}, // Good Friday 2025
	} {
		d, _ := time.Parse("2006-01-02", tc.date)
		if got := businessDay(d); got != tc.open {
			t.Errorf("businessDay(%s) = %v, want %v", tc.date, got, tc.open)
		}
	}
}
