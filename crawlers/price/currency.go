package price

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// marker is a way a currency is written next to an amount.
type marker struct {
	text string
	// codes lists the currencies it can stand for; the first is the default
	// when the locale does not pick another one of them.
	codes []string
	// word markers must stand apart from letters on both sides; prefix
	// markers only on the left ("руб" in "рублей").
	word, prefix bool
}

// isoCodes are the ISO 4217 codes recognised in text. The list is kept to
// currencies a storefront shows, so that words like "TOP" or "ALL" in a
// title are not taken for money.
var isoCodes = strings.Fields(`USD EUR GBP JPY CNY RUB KRW INR BRL MXN ARS CLP COP PEN UYU
	CAD AUD NZD HKD SGD TWD THB VND IDR MYR PHP PLN CZK HUF RON BGN SEK NOK DKK ISK
	CHF TRY UAH KZT BYN ILS AED SAR QAR KWD BHD OMR EGP ZAR NGN KES MAD PKR BDT
	LKR UZS GEL AMD AZN MNT`)

// dollars are the currencies written "$".
var dollars = []string{"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN", "ARS", "CLP", "COP", "UYU", "TWD"}

var markers = buildMarkers()

func buildMarkers() []marker {
	ms := []marker{
		{text: "US$", codes: []string{"USD"}}, {text: "US $", codes: []string{"USD"}},
		{text: "U$S", codes: []string{"USD"}},
		{text: "C$", codes: []string{"CAD"}}, {text: "CA$", codes: []string{"CAD"}}, {text: "C $", codes: []string{"CAD"}},
		{text: "A$", codes: []string{"AUD"}}, {text: "AU$", codes: []string{"AUD"}}, {text: "AU $", codes: []string{"AUD"}},
		{text: "NZ$", codes: []string{"NZD"}}, {text: "HK$", codes: []string{"HKD"}}, {text: "S$", codes: []string{"SGD"}},
		{text: "R$", codes: []string{"BRL"}}, {text: "MX$", codes: []string{"MXN"}}, {text: "NT$", codes: []string{"TWD"}},
		{text: "$", codes: dollars},
		{text: "€", codes: []string{"EUR"}}, {text: "£", codes: []string{"GBP"}},
		{text: "¥", codes: []string{"JPY", "CNY"}}, {text: "円", codes: []string{"JPY"}},
		{text: "元", codes: []string{"CNY"}}, {text: "RMB", codes: []string{"CNY"}, word: true},
		{text: "₽", codes: []string{"RUB"}}, {text: "руб", codes: []string{"RUB"}, prefix: true},
		{text: "р.", codes: []string{"RUB"}, prefix: true}, {text: "RUR", codes: []string{"RUB"}, word: true},
		{text: "₹", codes: []string{"INR"}}, {text: "Rs.", codes: []string{"INR"}, prefix: true},
		{text: "₩", codes: []string{"KRW"}}, {text: "원", codes: []string{"KRW"}},
		{text: "zł", codes: []string{"PLN"}, word: true}, {text: "₺", codes: []string{"TRY"}},
		{text: "TL", codes: []string{"TRY"}, word: true}, {text: "Kč", codes: []string{"CZK"}, word: true},
		{text: "Ft", codes: []string{"HUF"}, word: true}, {text: "lei", codes: []string{"RON"}, word: true},
		{text: "лв", codes: []string{"BGN"}, prefix: true},
		{text: "₫", codes: []string{"VND"}}, {text: "฿", codes: []string{"THB"}}, {text: "₱", codes: []string{"PHP"}},
		{text: "₴", codes: []string{"UAH"}}, {text: "грн", codes: []string{"UAH"}, prefix: true},
		{text: "₸", codes: []string{"KZT"}}, {text: "₪", codes: []string{"ILS"}},
		{text: "kr", codes: []string{"SEK", "NOK", "DKK", "ISK"}, word: true},
		{text: "RM", codes: []string{"MYR"}, word: true}, {text: "Rp", codes: []string{"IDR"}, word: true},
		{text: "S/", codes: []string{"PEN"}, prefix: true}, {text: "Bs", codes: []string{"BOB"}, word: true},
		{text: "Fr.", codes: []string{"CHF"}, prefix: true},
	}
	for k := range ms {
		// A marker that starts with a letter must not start inside a word:
		// "ABC $5" is not Canadian dollars.
		if r, _ := utf8.DecodeRuneInString(ms[k].text); unicode.IsLetter(r) && !ms[k].word {
			ms[k].prefix = true
		}
	}
	for _, c := range isoCodes {
		ms = append(ms, marker{text: c, codes: []string{c}, word: true})
	}
	// Longest first, so that "US$" wins over "$" and "RUR" over "R".
	sort.SliceStable(ms, func(i, j int) bool { return len(ms[i].text) > len(ms[j].text) })
	return ms
}

// found is a currency marker located in a text.
type found struct {
	start, end int
	code       string
}

// resolve picks the currency a marker stands for in a locale.
func (m marker) resolve(loc Locale) string {
	for _, c := range m.codes {
		if c == loc.Currency {
			return c
		}
	}
	if m.text == "¥" && loc.Region == "CN" {
		return "CNY"
	}
	return m.codes[0]
}

// findMarkers locates the currency markers in s, left to right, without
// overlaps.
func findMarkers(s string, loc Locale) []found {
	var out []found
	for i := 0; i < len(s); {
		m, ok := markerAt(s, i)
		if !ok {
			_, w := utf8.DecodeRuneInString(s[i:])
			i += w
			continue
		}
		out = append(out, found{start: i, end: i + len(m.text), code: m.resolve(loc)})
		i += len(m.text)
	}
	return out
}

func markerAt(s string, i int) (marker, bool) {
	for _, m := range markers {
		if !strings.HasPrefix(s[i:], m.text) {
			continue
		}
		if m.word || m.prefix {
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			if i > 0 && unicode.IsLetter(before) {
				continue
			}
		}
		if m.word {
			after, _ := utf8.DecodeRuneInString(s[i+len(m.text):])
			if i+len(m.text) < len(s) && unicode.IsLetter(after) {
				continue
			}
		}
		return m, true
	}
	return marker{}, false
}

// DetectCurrency returns the ISO 4217 code of the first currency written in
// s ("€", "US $", "EUR", "руб.") resolved with loc for shared symbols, or
// false when s names none.
func DetectCurrency(s string, loc Locale) (string, bool) {
	p, err := prepare(s)
	if err != nil {
		return "", false
	}
	ms := findMarkers(p, loc)
	if len(ms) == 0 {
		return "", false
	}
	return ms[0].code, true
}
