package price

import (
	"fmt"
	"strings"
	"unicode"
)

// Price is an amount of money read from a page.
type Price struct {
	// Amount is the price, or the low end of a range.
	Amount float64
	// Max is the high end of a range ("EUR 4,11 bis EUR 29,50", "$10–$15",
	// "from 3 to 5"); zero when the text shows one amount.
	Max float64
	// Currency is the ISO 4217 code named next to the amount, else the
	// locale's default; empty when neither says.
	Currency string
}

// rangeWords join the two ends of a price range.
var rangeWords = []string{"-", "–", "—", "~", "〜", "to", "bis", "a", "à", "до", "al", "hasta", "tot", "till"}

// Parse reads a price: "1.234,56 €", "¥1,299", "US $12.99", "1 299 ₽",
// "EUR 12,99", "£8.99", "2 Angebote ab 47,58 €".
//
// Which number is the price: when a currency is written right next to some
// numbers (only spaces between), only those count; numbers in parentheses
// count only when no other does ("$10.99 ($0.55/count)" is 10.99). One
// number left is the price. Two joined by a range word ("-", "to", "bis",
// "до", ...) are a range: Amount is the low end and Max the high end. Any
// other mix is ErrAmbiguous rather than a guess.
//
// The currency is the one written next to the chosen number, resolved with
// loc for shared symbols ("¥" is JPY unless the locale is Chinese, "$" is
// the locale's dollar or else USD), else loc.Currency.
func Parse(s string, loc Locale) (Price, error) {
	p, err := prepare(s)
	if err != nil {
		return Price{}, fmt.Errorf("price %.40q: %w", s, err)
	}
	toks := scanNumbers(p)
	if len(toks) == 0 {
		return Price{}, fmt.Errorf("price %.40q: %w", s, ErrNoNumber)
	}
	ms := findMarkers(p, loc)
	cands := widenRange(p, toks, candidates(p, toks, ms))

	var pr Price
	switch {
	case len(cands) == 1:
	case len(cands) == 2 && isRange(p[cands[0].t.end:cands[1].t.start]):
	default:
		return Price{}, fmt.Errorf("price %.40q: %w", s, ErrAmbiguous)
	}
	for k, c := range cands {
		v, err := value(c.t, loc.Decimal, false)
		if err != nil {
			return Price{}, fmt.Errorf("price %.40q: %w", s, err)
		}
		if k == 0 {
			pr.Amount = v
		} else {
			pr.Amount, pr.Max = min(pr.Amount, v), max(pr.Amount, v)
		}
		if pr.Currency == "" {
			pr.Currency = c.currency
		}
	}
	if pr.Currency == "" {
		pr.Currency = loc.Currency
	}
	return pr, nil
}

// candidate is a number that may be the price, with the currency written
// next to it.
type candidate struct {
	t        token
	currency string
}

func candidates(p string, toks []token, ms []found) []candidate {
	var attached, plain []candidate
	for _, t := range toks {
		c := candidate{t: t}
		for _, m := range ms {
			if (m.end <= t.start && blank(p[m.end:t.start])) || (t.end <= m.start && blank(p[t.end:m.start])) {
				c.currency = m.code
				break
			}
		}
		if c.currency != "" {
			attached = append(attached, c)
		}
		plain = append(plain, c)
	}
	cands := plain
	if len(attached) > 0 {
		cands = attached
	}
	var outside []candidate
	for _, c := range cands {
		if !inParens(p, c.t.start) {
			outside = append(outside, c)
		}
	}
	if len(outside) > 0 && len(outside) < len(cands) {
		return outside
	}
	return cands
}

// widenRange adds the other end of a range whose currency is written only
// once ("10-20 €", "$5 to 8").
func widenRange(p string, toks []token, cands []candidate) []candidate {
	if len(cands) != 1 {
		return cands
	}
	c := cands[0]
	for k, t := range toks {
		if t != c.t {
			continue
		}
		if k > 0 && isRange(p[toks[k-1].end:t.start]) {
			return []candidate{{t: toks[k-1], currency: c.currency}, c}
		}
		if k+1 < len(toks) && isRange(p[t.end:toks[k+1].start]) {
			return []candidate{c, {t: toks[k+1], currency: c.currency}}
		}
	}
	return cands
}

// blank reports whether s holds only spaces and a minus sign, the things
// that may stand between a currency and its amount ("$ 12", "-€5").
func blank(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '-' || r == '−' }) == ""
}

// inParens reports whether position i is inside an open '(' or '['.
func inParens(p string, i int) bool {
	depth := 0
	for _, r := range p[:i] {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		}
	}
	return depth > 0
}

// isRange reports whether the text between two numbers joins them into a
// range: nothing but a dash or a range word, and currency marks.
func isRange(between string) bool {
	joined := false
	for _, f := range strings.Fields(between) {
		for len(f) > 0 {
			if w, ok := rangeWordAt(f); ok {
				joined = true
				f = f[len(w):]
				continue
			}
			if m, ok := markerAt(f, 0); ok && (!m.word || len(m.text) == len(f)) {
				f = f[len(m.text):]
				continue
			}
			return false
		}
	}
	return joined
}

func rangeWordAt(f string) (string, bool) {
	for _, w := range rangeWords {
		if len(f) >= len(w) && strings.EqualFold(f[:len(w)], w) && (len(w) <= 3 && !isLetterWord(w) || len(f) == len(w)) {
			return f[:len(w)], true
		}
	}
	return "", false
}

// isLetterWord reports whether w is a word, as opposed to a dash.
func isLetterWord(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
