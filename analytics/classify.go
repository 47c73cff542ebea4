package analytics

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"github.com/exportscope/exportscope/store"
)

// Classify returns the tags (Sector.Tag) of the sectors a listing belongs
// to, in the set's order. A listing belongs to a sector when
//
//   - one of the sector's keywords, in any language, occurs in its title or
//     category: ignoring case and character width (full-width Latin,
//     half-width katakana); Latin, Cyrillic and other alphabetic keywords
//     as whole words (a keyword "magnesia" does not match "magnesian");
//     Chinese, Japanese and Korean keywords as substrings, spaces ignored;
//   - one of its category hints occurs in its category, matched the same
//     way; or
//   - its title or category states an HS code ("HS 2519.10",
//     "HS code: 251990", "海关编码 251990") that falls under one of the
//     sector's codes, or is a heading the sector's codes fall under.
func Classify(l *store.Listing, set *SectorSet) []string {
	title := prepare(l.Title)
	cat := prepare(l.Category)
	codes := statedHS(l.Title + " " + l.Category)
	var out []string
	for i, m := range set.matchers {
		if m.match(title, cat, codes) {
			out = append(out, set.sectors[i].Tag())
		}
	}
	return out
}

// prepared is a text normalised two ways: as a sequence of words (" a b c ")
// for whole-word matching and with all spaces removed for CJK substrings.
type prepared struct {
	words  string
	dense  string
	hasAny bool
}

type pattern struct {
	cjk  bool
	text string // " w1 w2 " for words, dense text for CJK
}

type sectorMatcher struct {
	keywords   []pattern
	categories []pattern
	hs         []string
}

func compileSector(s *Sector) *sectorMatcher {
	m := &sectorMatcher{hs: s.HS}
	for _, lang := range Languages {
		for _, k := range s.Keywords[lang] {
			if p, ok := compilePattern(k); ok {
				m.keywords = append(m.keywords, p)
			}
		}
	}
	for _, c := range s.Categories {
		if p, ok := compilePattern(c); ok {
			m.categories = append(m.categories, p)
		}
	}
	return m
}

func compilePattern(s string) (pattern, bool) {
	p := prepare(s)
	if !p.hasAny {
		return pattern{}, false
	}
	for _, r := range s {
		if isCJK(r) {
			return pattern{cjk: true, text: p.dense}, true
		}
	}
	return pattern{text: p.words}, true
}

func (m *sectorMatcher) match(title, cat prepared, codes []string) bool {
	for _, p := range m.keywords {
		if p.in(title) || p.in(cat) {
			return true
		}
	}
	for _, p := range m.categories {
		if p.in(cat) {
			return true
		}
	}
	for _, c := range codes {
		for _, h := range m.hs {
			if strings.HasPrefix(c, h) || (len(c) >= 4 && strings.HasPrefix(h, c)) {
				return true
			}
		}
	}
	return false
}

func (p pattern) in(t prepared) bool {
	if !t.hasAny {
		return false
	}
	if p.cjk {
		return strings.Contains(t.dense, p.text)
	}
	return strings.Contains(t.words, p.text)
}

// fold normalises case and width: full-width ASCII becomes ASCII,
// half-width katakana full-width, letters lower case, and Cyrillic ё is
// read as е (Russian writes both).
func fold(s string) string {
	s = norm.NFC.String(width.Fold.String(s))
	s = strings.ToLower(s)
	return strings.NewReplacer("ё", "е", "\u0301", "").Replace(s)
}

func prepare(s string) prepared {
	s = fold(s)
	var words []string
	var dense strings.Builder
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case isCJK(r):
			flush()
			words = append(words, string(r))
			dense.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			cur.WriteRune(r)
			dense.WriteRune(r)
		case unicode.IsSpace(r):
			flush()
		default: // punctuation and symbols separate words
			flush()
			dense.WriteRune(r)
		}
	}
	flush()
	if len(words) == 0 {
		return prepared{}
	}
	return prepared{words: " " + strings.Join(words, " ") + " ", dense: dense.String(), hasAny: true}
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r == 'ー'
}

// hsMention finds an HS code stated in a text: a marker (HS, HTS, HS code,
// tariff code, 海关编码, 商品编码, 税号, ТН ВЭД, Zolltarifnummer) followed by
// 4 to 10 digits, possibly with dots or spaces between pairs.
var hsMention = regexp.MustCompile(`(?i)(?:\b(?:hs|hts)(?:[\s-]*code)?|tariff\s+code|zolltarifnummer|海关编码|商品编码|税号|hsコード|тн\s*вэд)\s*(?:no\.?|nr\.?)?\s*[:：#]?\s*(\d{4}(?:[.\s]?\d{2}){0,3})\b`)

func statedHS(text string) []string {
	var out []string
	for _, m := range hsMention.FindAllStringSubmatch(width.Fold.String(text), -1) {
		code := store.NormalizeHS(m[1])
		if len(code) > 6 {
			code = code[:6] // national subdivisions fall under the 6-digit code
		}
		out = append(out, code)
	}
	return out
}
