package sqlite

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// The embedded store indexes text the way Elasticsearch's cjk analyzer
// does, so that both backends match the same listings: full-width forms are
// folded, text is lower-cased, runs of Han, Hiragana, Katakana and Hangul
// become overlapping character bigrams (a lone character stays a unigram),
// other text splits into words at anything that is not a letter or digit,
// and English stop words are dropped. The tokens are joined by spaces and
// FTS5's unicode61 tokenizer, which splits on spaces, indexes them as they
// are.

var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "but": true,
	"by": true, "for": true, "if": true, "in": true, "into": true, "is": true, "it": true, "no": true,
	"not": true, "of": true, "on": true, "or": true, "such": true, "that": true, "the": true,
	"their": true, "then": true, "there": true, "these": true, "they": true, "this": true, "to": true,
	"was": true, "will": true, "with": true,
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// tokens splits text into index terms.
func tokens(text string) []string {
	text = strings.ToLower(width.Fold.String(text))
	var out []string
	var word []rune
	var cjk []rune
	flushWord := func() {
		if len(word) > 0 {
			w := string(word)
			if !stopWords[w] {
				out = append(out, w)
			}
			word = word[:0]
		}
	}
	flushCJK := func() {
		switch len(cjk) {
		case 0:
		case 1:
			out = append(out, string(cjk))
		default:
			for i := 0; i+1 < len(cjk); i++ {
				out = append(out, string(cjk[i:i+2]))
			}
		}
		cjk = cjk[:0]
	}
	for _, r := range text {
		switch {
		case isCJK(r):
			flushWord()
			cjk = append(cjk, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			flushCJK()
			word = append(word, r)
		default:
			flushWord()
			flushCJK()
		}
	}
	flushWord()
	flushCJK()
	return out
}

// indexTokens is what the full-text index holds for a text.
func indexTokens(text string) string {
	return strings.Join(tokens(text), " ")
}

// matchQuery turns a user's search text into an FTS5 query in which every
// term must occur. It returns "" when the text has no searchable terms.
func matchQuery(text string) string {
	ts := tokens(text)
	if len(ts) == 0 {
		return ""
	}
	quoted := make([]string, len(ts))
	for i, t := range ts {
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	return strings.Join(quoted, " AND ")
}
