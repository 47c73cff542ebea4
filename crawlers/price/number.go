package price

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Errors that callers can test with errors.Is. Every error returned by this
// package wraps one of them and quotes the text it could not read.
var (
	// ErrNoNumber: the text holds no digits ("N/A", "Currently unavailable").
	ErrNoNumber = errors.New("no number")
	// ErrAmbiguous: the text holds several numbers and no rule says which
	// one is meant ("$10 $20").
	ErrAmbiguous = errors.New("more than one number")
	// ErrMalformed: the digits and separators do not form a number
	// ("1.2.3,4,5").
	ErrMalformed = errors.New("malformed number")
	// ErrNegative: a price, count or rating below zero.
	ErrNegative = errors.New("negative number")
	// ErrOutOfRange: too large to represent, or a rating above its scale.
	ErrOutOfRange = errors.New("number out of range")
	// ErrTooLong: longer than MaxLen bytes; such text is not a price.
	ErrTooLong = errors.New("text too long")
)

// MaxLen is the longest text the parsers look at.
const MaxLen = 4096

// token is one number found in a text: its digits with their separators.
type token struct {
	start, end int    // byte offsets in the prepared text
	raw        string // digits and the separators between them
	neg        bool   // a minus sign stands right before it
}

// prepare folds full-width forms ("１，２９９" → "1,299", "￥" → "¥") and
// checks the length.
func prepare(s string) (string, error) {
	if len(s) > MaxLen {
		return "", ErrTooLong
	}
	return width.Fold.String(s), nil
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isGroupSpace reports the separators that can only group thousands:
// spaces of all widths (French and Russian write "1 299") and apostrophes
// (Swiss "1'299").
func isGroupSpace(r rune) bool {
	switch r {
	case ' ', '\u00a0', '\u202f', '\u2009', '\u2007', '\'', '’':
		return true
	}
	return false
}

// digitRun counts the ASCII digits at the start of s.
func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// scanNumbers finds the numbers in s in order. A '.' or ',' between digits
// belongs to the number; a space or apostrophe only when it splits off a
// group of exactly three digits after at most three ("1 299 ₽" is one
// number, "5 stars 4" is two).
func scanNumbers(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !isDigit(r) {
			i += w
			continue
		}
		start, j, run := i, i, 0
		for j < len(s) {
			r, w := utf8.DecodeRuneInString(s[j:])
			if isDigit(r) {
				j += w
				run++
				continue
			}
			next := digitRun(s[j+w:])
			if next == 0 {
				break
			}
			if r == '.' || r == ',' {
				j += w
				run = 0
				continue
			}
			if isGroupSpace(r) && run <= 3 && next == 3 {
				j += w
				run = 0
				continue
			}
			break
		}
		toks = append(toks, token{start: start, end: j, raw: s[start:j], neg: minusBefore(s, start)})
		i = j
	}
	return toks
}

// minusBefore reports a minus sign right before position i that is not a
// range dash between two numbers or a hyphen inside a word ("SKU-12").
func minusBefore(s string, i int) bool {
	r, w := utf8.DecodeLastRuneInString(s[:i])
	if r != '-' && r != '−' {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(s[:i-w])
	return p == utf8.RuneError || !(unicode.IsLetter(p) || unicode.IsDigit(p))
}

// normalize turns raw digits and separators into Go float syntax, deciding
// which of '.' and ',' is the decimal separator. hint is the locale's
// decimal separator (0 if unknown). With integer set, a lone separator is
// always a thousands separator when three digits follow it, and a decimal
// part is an error.
func normalize(raw string, hint rune, integer bool) (string, error) {
	var b strings.Builder
	var seps []rune
	var groups []string
	cur := strings.Builder{}
	for _, r := range raw {
		switch {
		case isDigit(r):
			cur.WriteRune(r)
		case r == '.' || r == ',':
			seps = append(seps, r)
			groups = append(groups, cur.String())
			cur.Reset()
		}
		// Group spaces and apostrophes were checked by scanNumbers.
	}
	groups = append(groups, cur.String())

	dots, commas := 0, 0
	for _, r := range seps {
		if r == '.' {
			dots++
		} else {
			commas++
		}
	}
	decimal := rune(0) // the separator that is the decimal point, if any
	switch {
	case len(seps) == 0:
	case dots > 0 && commas > 0:
		last := seps[len(seps)-1]
		if (last == '.' && dots > 1) || (last == ',' && commas > 1) {
			return "", ErrMalformed
		}
		decimal = last
	case len(seps) > 1:
		// One kind, several times: thousands separators.
	default:
		before, after := groups[0], groups[1]
		switch {
		case len(after) != 3 || strings.Trim(before, "0") == "":
			decimal = seps[0]
		case integer:
		case hint == seps[0]:
			decimal = seps[0]
		}
	}
	// Check grouping: every group after the first and before the decimal
	// part has three digits (or two, for Indian lakh grouping with commas).
	intGroups := groups
	if decimal != 0 {
		intGroups = groups[:len(groups)-1]
	}
	for k, g := range intGroups {
		if k == 0 {
			continue
		}
		if len(g) != 3 && !(len(g) == 2 && seps[k-1] == ',' && k < len(intGroups)-1) {
			return "", ErrMalformed
		}
	}
	for _, g := range intGroups {
		b.WriteString(g)
	}
	if decimal != 0 {
		frac := groups[len(groups)-1]
		if integer {
			if strings.Trim(frac, "0") != "" {
				return "", ErrMalformed
			}
		} else {
			b.WriteByte('.')
			b.WriteString(frac)
		}
	}
	return b.String(), nil
}

// value parses a token into a float.
func value(t token, hint rune, integer bool) (float64, error) {
	if t.neg {
		return 0, ErrNegative
	}
	n, err := normalize(t.raw, hint, integer)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(n, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, ErrOutOfRange
	}
	return f, nil
}

// Number reads the first number in s as a float: "4,4" → 4.4, "1.234,5" →
// 1234.5, "1,234" → 1234 (or 1.234 when loc.Decimal is ',').
func Number(s string, loc Locale) (float64, error) {
	p, err := prepare(s)
	if err != nil {
		return 0, fmt.Errorf("number %.40q: %w", s, err)
	}
	toks := scanNumbers(p)
	if len(toks) == 0 {
		return 0, fmt.Errorf("number %.40q: %w", s, ErrNoNumber)
	}
	f, err := value(toks[0], loc.Decimal, false)
	if err != nil {
		return 0, fmt.Errorf("number %.40q: %w", s, err)
	}
	return f, nil
}

// countSuffixes multiply a count: "1.2K ratings", "3,4 mil", "1.2万".
var countSuffixes = []struct {
	word string
	mult float64
}{
	{"k", 1e3}, {"K", 1e3}, {"M", 1e6}, {"mil", 1e3}, {"тыс", 1e3}, {"千", 1e3}, {"万", 1e4}, {"萬", 1e4},
}

// Count reads a whole number such as a review count or a sales rank: the
// first number in s. "5.182 valoraciones" → 5182, "1,234 global ratings" →
// 1234, "#14,233 in Tools" → 14233, "(1.2K)" → 1200. A lone separator
// followed by three digits is always a thousands separator here, whatever
// the locale.
func Count(s string, loc Locale) (int, error) {
	p, err := prepare(s)
	if err != nil {
		return 0, fmt.Errorf("count %.40q: %w", s, err)
	}
	toks := scanNumbers(p)
	if len(toks) == 0 {
		return 0, fmt.Errorf("count %.40q: %w", s, ErrNoNumber)
	}
	t := toks[0]
	rest := strings.TrimLeft(p[t.end:], " \u00a0\u202f\u2009")
	for _, suf := range countSuffixes {
		if !strings.HasPrefix(rest, suf.word) {
			continue
		}
		after, _ := utf8.DecodeRuneInString(rest[len(suf.word):])
		if suf.word[0] < utf8.RuneSelf && unicode.IsLetter(after) {
			continue
		}
		f, err := value(t, loc.Decimal, false)
		if err != nil {
			return 0, fmt.Errorf("count %.40q: %w", s, err)
		}
		return toInt(s, math.Round(f*suf.mult))
	}
	f, err := value(t, loc.Decimal, true)
	if err != nil {
		return 0, fmt.Errorf("count %.40q: %w", s, err)
	}
	return toInt(s, f)
}

func toInt(s string, f float64) (int, error) {
	if f > math.MaxInt32 {
		return 0, fmt.Errorf("count %.40q: %w", s, ErrOutOfRange)
	}
	return int(f), nil
}

// scaleFirst marks languages that name the scale before the value:
// Japanese "5つ星のうち4.4", Korean "5점 만점에 4.4점", Turkish
// "5 yıldız üzerinden 4,4".
var scaleFirst = []string{"のうち", "만점", "üzerinden"}

// Rating reads a star rating and returns it on a 0–5 scale. The first
// number is the value and a second one, when present, the scale ("4,1 de 5
// estrellas", "4.4 out of 5 stars", "8.6/10" → 4.3); in Japanese, Korean
// and Turkish the scale comes first ("5つ星のうち4.4"). Without a scale the
// value must be at most 5.
func Rating(s string, loc Locale) (float64, error) {
	p, err := prepare(s)
	if err != nil {
		return 0, fmt.Errorf("rating %.40q: %w", s, err)
	}
	toks := scanNumbers(p)
	if len(toks) == 0 {
		return 0, fmt.Errorf("rating %.40q: %w", s, ErrNoNumber)
	}
	vi, si := 0, 1
	for _, m := range scaleFirst {
		if len(toks) >= 2 && strings.Contains(p, m) {
			vi, si = 1, 0
		}
	}
	v, err := value(toks[vi], loc.Decimal, false)
	if err != nil {
		return 0, fmt.Errorf("rating %.40q: %w", s, err)
	}
	scale := 5.0
	if len(toks) > si {
		// Only 5 and 10 count as scales: in "4.4 (82)" the 82 is a count.
		if sc, err := value(toks[si], loc.Decimal, false); err == nil && (sc == 5 || sc == 10) && v <= sc {
			scale = sc
		}
	}
	if v > scale {
		return 0, fmt.Errorf("rating %.40q: %w", s, ErrOutOfRange)
	}
	r := v * 5 / scale
	return math.Round(r*100) / 100, nil
}
