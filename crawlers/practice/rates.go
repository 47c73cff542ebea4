package practice

import (
	"bytes"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The ECB-shaped feed: euro reference rates on TARGET business days from
// 2015 to the end of the simulated period. Each currency follows a
// Brownian bridge between its real level at the start of 2015 and at the
// end of 2024, then a random walk; CNY and HKD move with the dollar.
// Unlike the real ECB, which stopped publishing RUB in March 2022, the
// practice feed keeps it so that the Russian storefront can be converted.

// rateStart is the first business day of the feed.
var rateStart = time.Date(2015, time.January, 2, 0, 0, 0, 0, time.UTC)

// rateAnchor is the day where each bridge reaches its end level.
var rateAnchor = time.Date(2024, time.December, 31, 0, 0, 0, 0, time.UTC)

type rateSpec struct {
	Code       string
	Start, End float64 // units per euro on rateStart and rateAnchor
	Vol        float64 // daily volatility of the log rate
	Decimals   int     // as the daily file writes it
	Until      time.Time
	perUSD     bool // Start/End are per US dollar (the currency follows USD)
}

// rateSpecs are in the order of the ECB's files.
var rateSpecs = []rateSpec{
	{Code: "USD", Start: 1.2043, End: 1.0389, Vol: 0.005, Decimals: 4},
	{Code: "JPY", Start: 144.6, End: 163.06, Vol: 0.006, Decimals: 2},
	{Code: "BGN", Start: 1.9558, End: 1.9558, Vol: 0, Decimals: 4},
	{Code: "CZK", Start: 27.735, End: 25.185, Vol: 0.002, Decimals: 3},
	{Code: "DKK", Start: 7.4427, End: 7.4578, Vol: 0.0002, Decimals: 4},
	{Code: "GBP", Start: 0.7789, End: 0.82918, Vol: 0.005, Decimals: 5},
	{Code: "HUF", Start: 315.98, End: 411.35, Vol: 0.004, Decimals: 2},
	{Code: "PLN", Start: 4.2843, End: 4.275, Vol: 0.003, Decimals: 4},
	{Code: "RON", Start: 4.4888, End: 4.9743, Vol: 0.0015, Decimals: 4},
	{Code: "SEK", Start: 9.4419, End: 11.459, Vol: 0.004, Decimals: 4},
	{Code: "CHF", Start: 1.2022, End: 0.9412, Vol: 0.004, Decimals: 4},
	{Code: "ISK", Start: 155.2, End: 144.9, Vol: 0.005, Decimals: 2},
	{Code: "NOK", Start: 9.042, End: 11.795, Vol: 0.005, Decimals: 4},
	{Code: "HRK", Start: 7.6425, End: 7.5345, Vol: 0.0015, Decimals: 4, Until: time.Date(2022, 12, 30, 0, 0, 0, 0, time.UTC)},
	{Code: "RUB", Start: 72.337, End: 108.5, Vol: 0.01, Decimals: 4},
	{Code: "TRY", Start: 2.832, End: 36.737, Vol: 0.009, Decimals: 4},
	{Code: "AUD", Start: 1.4755, End: 1.6772, Vol: 0.006, Decimals: 4},
	{Code: "BRL", Start: 3.2236, End: 6.4253, Vol: 0.009, Decimals: 4},
	{Code: "CAD", Start: 1.4061, End: 1.4948, Vol: 0.005, Decimals: 4},
	{Code: "CNY", Start: 6.2156, End: 7.2993, Vol: 0.002, Decimals: 4, perUSD: true},
	{Code: "HKD", Start: 7.7554, End: 7.7665, Vol: 0.0003, Decimals: 4, perUSD: true},
	{Code: "IDR", Start: 14992, End: 16820, Vol: 0.005, Decimals: 2},
	{Code: "ILS", Start: 4.7315, End: 3.7995, Vol: 0.005, Decimals: 4},
	{Code: "INR", Start: 76.15, End: 88.933, Vol: 0.005, Decimals: 4},
	{Code: "KRW", Start: 1324.8, End: 1532.15, Vol: 0.005, Decimals: 2},
	{Code: "MXN", Start: 17.868, End: 21.55, Vol: 0.007, Decimals: 4},
	{Code: "MYR", Start: 4.2288, End: 4.6454, Vol: 0.004, Decimals: 4},
	{Code: "NZD", Start: 1.5479, End: 1.8532, Vol: 0.006, Decimals: 4},
	{Code: "PHP", Start: 53.892, End: 60.195, Vol: 0.004, Decimals: 3},
	{Code: "SGD", Start: 1.6058, End: 1.4164, Vol: 0.003, Decimals: 4},
	{Code: "THB", Start: 39.721, End: 34.26, Vol: 0.004, Decimals: 3},
	{Code: "ZAR", Start: 14.093, End: 19.619, Vol: 0.009, Decimals: 4},
}

// rateTable holds the whole simulated history.
type rateTable struct {
	days  []time.Time          // business days, oldest first
	rates map[string][]float64 // per currency, aligned with days; rounded as published
	spec  map[string]rateSpec
}

// newRateTable generates rates from rateStart to the last simulated day.
func newRateTable(seed int64) *rateTable {
	t := &rateTable{rates: map[string][]float64{}, spec: map[string]rateSpec{}}
	end := dateOf(MaxDay)
	anchor := 0
	for d := rateStart; !d.After(end); d = d.AddDate(0, 0, 1) {
		if businessDay(d) {
			if !d.After(rateAnchor) {
				anchor = len(t.days)
			}
			t.days = append(t.days, d)
		}
	}
	bridge := func(code string, start, endV, vol float64) []float64 {
		r := rng(seed, "fx", code)
		w := make([]float64, len(t.days))
		for k := 1; k < len(w); k++ {
			w[k] = w[k-1] + vol*r.NormFloat64()
		}
		a, b := math.Log(start), math.Log(endV)
		out := make([]float64, len(w))
		for k := range w {
			if k <= anchor {
				f := float64(k) / float64(anchor)
				out[k] = math.Exp(a + (b-a)*f + w[k] - f*w[anchor])
			} else {
				out[k] = math.Exp(b + w[k] - w[anchor])
			}
		}
		return out
	}
	usd := bridge("USD", rateSpecs[0].Start, rateSpecs[0].End, rateSpecs[0].Vol)
	for _, s := range rateSpecs {
		t.spec[s.Code] = s
		var v []float64
		switch {
		case s.Code == "USD":
			v = usd
		case s.perUSD:
			v = bridge(s.Code, s.Start, s.End, s.Vol)
			for k := range v {
				v[k] *= usd[k]
			}
		default:
			v = bridge(s.Code, s.Start, s.End, s.Vol)
		}
		for k := range v {
			v[k] = round(v[k], s.Decimals)
		}
		t.rates[s.Code] = v
	}
	return t
}

// index is the position of the last business day on or before d.
func (t *rateTable) index(d time.Time) int {
	i := sort.Search(len(t.days), func(i int) bool { return t.days[i].After(d) })
	return max(i-1, 0)
}

// perEUR is the reference rate of code on the last business day on or
// before d.
func (t *rateTable) perEUR(code string, d time.Time) float64 {
	if code == "EUR" {
		return 1
	}
	return t.rates[code][t.index(d)]
}

// perUSD converts: units of code per US dollar on d.
func (t *rateTable) perUSD(code string, d time.Time) float64 {
	return t.perEUR(code, d) / t.perEUR("USD", d)
}

// published reports whether code appears in the files of day i.
func (t *rateTable) published(code string, i int) bool {
	s := t.spec[code]
	return s.Until.IsZero() || !t.days[i].After(s.Until)
}

// businessDay reports whether the ECB publishes rates on d: weekdays except
// the TARGET closing days.
func businessDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, m, day := d.Date()
	switch {
	case m == time.January && day == 1, m == time.May && day == 1,
		m == time.December && (day == 25 || day == 26):
		return false
	}
	easter := easterSunday(d.Year())
	return !d.Equal(easter.AddDate(0, 0, -2)) && !d.Equal(easter.AddDate(0, 0, 1))
}

// easterSunday computes the Gregorian Easter date (anonymous algorithm).
func easterSunday(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

const ecbHeader = `<?xml version="1.0" encoding="UTF-8"?>`

// dailyXML writes the daily file as of date d, in the layout of the ECB's
// eurofxref-daily.xml (tabs, single quotes, fixed decimals).
func (t *rateTable) dailyXML(d time.Time) []byte {
	i := t.index(d)
	var b bytes.Buffer
	b.WriteString(ecbHeader + "\n")
	b.WriteString(`<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">` + "\n")
	b.WriteString("\t<gesmes:subject>Reference rates</gesmes:subject>\n\t<gesmes:Sender>\n\t\t<gesmes:name>European Central Bank</gesmes:name>\n\t</gesmes:Sender>\n")
	b.WriteString("\t<Cube>\n\t\t<Cube time='" + t.days[i].Format(time.DateOnly) + "'>\n")
	for _, s := range rateSpecs {
		if !t.published(s.Code, i) {
			continue
		}
		b.WriteString("\t\t\t<Cube currency='" + s.Code + "' rate='" + strconv.FormatFloat(t.rates[s.Code][i], 'f', s.Decimals, 64) + "'/>\n")
	}
	b.WriteString("\t\t</Cube>\n\t</Cube>\n</gesmes:Envelope>\n")
	return b.Bytes()
}

// histXML writes every business day from `from` to d, newest first, in the
// layout of eurofxref-hist.xml (one line per day, shortest decimals).
func (t *rateTable) histXML(from, d time.Time) []byte {
	last := t.index(d)
	var b bytes.Buffer
	b.WriteString(ecbHeader)
	b.WriteString(`<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><gesmes:subject>Reference rates</gesmes:subject><gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender><Cube>`)
	for i := last; i >= 0 && !t.days[i].Before(from); i-- {
		if i != last {
			b.WriteByte('\n')
		}
		b.WriteString(`<Cube time="` + t.days[i].Format(time.DateOnly) + `">`)
		for _, s := range rateSpecs {
			if !t.published(s.Code, i) {
				continue
			}
			v := strconv.FormatFloat(t.rates[s.Code][i], 'f', s.Decimals, 64)
			if strings.Contains(v, ".") {
				v = strings.TrimSuffix(strings.TrimRight(v, "0"), ".")
			}
			b.WriteString(`<Cube currency="` + s.Code + `" rate="` + v + `"/>`)
		}
		b.WriteString(`</Cube>`)
	}
	b.WriteString(`</Cube></gesmes:Envelope>`)
	return b.Bytes()
}

// serveECB answers /ecb/eurofxref-daily.xml, -hist.xml and -hist-90d.xml.
func (m *Market) serveECB(w http.ResponseWriter, r *http.Request) {
	day, _, err := m.dayOf(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	d := dateOf(day)
	var body []byte
	switch r.PathValue("file") {
	case "eurofxref-daily.xml":
		body = m.rates.dailyXML(d)
	case "eurofxref-hist.xml":
		body = m.rates.histXML(rateStart, d)
	case "eurofxref-hist-90d.xml":
		body = m.rates.histXML(d.AddDate(0, 0, -90), d)
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.Write(body)
}
