// Package sentiment scores review texts and finds the product aspects they
// praise or criticise, with word lists (lexicons) for English, Chinese,
// Russian, Spanish and German.
//
// It is a lexicon approach, not a trained model: each clause of a review
// scores +1 per positive word and -1 per negative word (a negator such as
// "not", "nicht", "не", "no", 不 within the three words before a word, or
// the character before it in Chinese, flips it); the clause's sign is given
// to every aspect (quality, price, delivery, packaging, service, size &
// fit, durability, taste, ease of use) it names. It misses irony,
// compound negation and words outside the lists; a review in another
// language, or whose language is not given and cannot be told from its
// script, is read with all Latin-script lexicons.
package sentiment

import (
	"sort"
	"strings"
	"unicode"
)

// Languages lists the languages with a lexicon.
var Languages = []string{"en", "zh", "ru", "es", "de"}

// Result is the reading of one text.
type Result struct {
	// Score is (positive - negative) / (positive + negative) over the
	// sentiment words found, in [-1, 1]; 0 when none were found.
	Score float64 `json:"score"`
	// Positive and Negative count the sentiment words found.
	Positive int `json:"positive"`
	Negative int `json:"negative"`
	// Aspects are the aspects named, each with the sign of its clause
	// (+1, -1, or 0 for a neutral clause).
	Aspects []Mention `json:"aspects"`
	// Lang is the lexicon used ("" when several were).
	Lang string `json:"lang"`
}

// Mention is an aspect named in a clause.
type Mention struct {
	Aspect   string `json:"aspect"`
	Polarity int    `json:"polarity"`
}

// Polarity is the sign of Score: "positive", "negative" or "neutral".
func (r Result) Polarity() string {
	switch {
	case r.Score > 0:
		return "positive"
	case r.Score < 0:
		return "negative"
	}
	return "neutral"
}

// Analyze reads text in lang (a BCP 47 primary tag; "" to guess from the
// script).
func Analyze(text, lang string) Result {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	if _, ok := lexicons[lang]; !ok {
		lang = guess(text)
	}
	var lexs []lexicon
	if lang == "" {
		lexs = []lexicon{lexicons["en"], lexicons["de"], lexicons["es"]}
	} else {
		lexs = []lexicon{lexicons[lang]}
	}
	res := Result{Lang: lang, Aspects: []Mention{}}
	for _, clause := range clauses(strings.ToLower(text)) {
		pos, neg := 0, 0
		var aspects []string
		for _, lx := range lexs {
			var p, n int
			var as []string
			if lang == "zh" {
				p, n, as = scoreCJK(clause, lx)
			} else {
				p, n, as = scoreWords(clause, lx)
			}
			pos, neg = pos+p, neg+n
			aspects = append(aspects, as...)
		}
		res.Positive += pos
		res.Negative += neg
		sign := 0
		if pos > neg {
			sign = 1
		} else if neg > pos {
			sign = -1
		}
		seen := map[string]bool{}
		for _, a := range aspects {
			if !seen[a] {
				seen[a] = true
				res.Aspects = append(res.Aspects, Mention{Aspect: a, Polarity: sign})
			}
		}
	}
	if t := res.Positive + res.Negative; t > 0 {
		res.Score = float64(res.Positive-res.Negative) / float64(t)
	}
	return res
}

func guess(text string) string {
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			return "zh"
		case unicode.Is(unicode.Cyrillic, r):
			return "ru"
		}
	}
	return ""
}

// clauses splits at sentence ends and at contrast words, so that "fast
// delivery but poor quality" gives each aspect its own sign.
func clauses(text string) []string {
	parts := strings.FieldsFunc(text, func(r rune) bool {
		return strings.ContainsRune(".!?;:。！？；，,\n", r)
	})
	var out []string
	for _, p := range parts {
		out = append(out, splitContrast(p)...)
	}
	return out
}

var contrast = []string{" but ", " however ", " aber ", " jedoch ", " pero ", " sin embargo ", " но ", " однако ", "但是", "但", "可是", "不过"}

func splitContrast(s string) []string {
	out := []string{" " + s + " "}
	for _, c := range contrast {
		var next []string
		for _, p := range out {
			next = append(next, strings.Split(p, c)...)
		}
		out = next
	}
	return out
}

func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

func matchWord(w, entry string) bool {
	if stem, ok := strings.CutSuffix(entry, "*"); ok {
		return strings.HasPrefix(w, stem)
	}
	return w == entry
}

func inList(w string, list []string) bool {
	for _, e := range list {
		if matchWord(w, e) {
			return true
		}
	}
	return false
}

func scoreWords(clause string, lx lexicon) (pos, neg int, aspects []string) {
	ws := words(clause)
	for i, w := range ws {
		polarity := 0
		switch {
		case inList(w, lx.positive):
			polarity = 1
		case inList(w, lx.negative) && !inList(w, lx.negators):
			polarity = -1
		}
		if polarity != 0 {
			for j := max(0, i-3); j < i; j++ {
				if inList(ws[j], lx.negators) || strings.HasSuffix(ws[j], "n't") {
					polarity = -polarity
					break
				}
			}
			if polarity > 0 {
				pos++
			} else {
				neg++
			}
		}
	}
	for _, a := range sortedAspects(lx) {
		for _, w := range ws {
			if inList(w, lx.aspects[a]) {
				aspects = append(aspects, a)
				break
			}
		}
	}
	return pos, neg, aspects
}

func scoreCJK(clause string, lx lexicon) (pos, neg int, aspects []string) {
	type entry struct {
		text     string
		polarity int
	}
	var entries []entry
	for _, e := range lx.positive {
		entries = append(entries, entry{e, 1})
	}
	for _, e := range lx.negative {
		entries = append(entries, entry{e, -1})
	}
	sort.SliceStable(entries, func(i, j int) bool { return len(entries[i].text) > len(entries[j].text) })
	rs := []rune(clause)
	used := make([]bool, len(rs))
	for _, e := range entries {
		er := []rune(e.text)
		for i := 0; i+len(er) <= len(rs); i++ {
			if string(rs[i:i+len(er)]) != e.text || anyUsed(used[i:i+len(er)]) {
				continue
			}
			for k := i; k < i+len(er); k++ {
				used[k] = true
			}
			p := e.polarity
			// A negator just before the word flips it (不好, 没有问题).
			for _, n := range lx.negators {
				nr := []rune(n)
				if i-len(nr) >= 0 && string(rs[i-len(nr):i]) == n && !anyUsed(used[i-len(nr):i]) {
					p = -p
					break
				}
				// One character between: 不太好.
				if i-len(nr)-1 >= 0 && string(rs[i-len(nr)-1:i-1]) == n && !anyUsed(used[i-len(nr)-1:i-1]) {
					p = -p
					break
				}
			}
			if p > 0 {
				pos++
			} else {
				neg++
			}
		}
	}
	for _, a := range sortedAspects(lx) {
		for _, w := range lx.aspects[a] {
			if strings.Contains(clause, w) {
				aspects = append(aspects, a)
				break
			}
		}
	}
	return pos, neg, aspects
}

func anyUsed(u []bool) bool {
	for _, b := range u {
		if b {
			return true
		}
	}
	return false
}

func sortedAspects(lx lexicon) []string {
	out := make([]string, 0, len(lx.aspects))
	for a := range lx.aspects {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// Summary adds up the readings of many reviews.
type Summary struct {
	Reviews  int `json:"reviews"`
	Positive int `json:"positive"` // reviews with a positive score
	Negative int `json:"negative"`
	Neutral  int `json:"neutral"`
	// MeanScore is the mean of the reviews' scores.
	MeanScore float64 `json:"meanScore"`
	// Aspects counts clauses that name each aspect positively and
	// negatively, most mentioned first.
	Aspects []AspectCount `json:"aspects"`
	// ByLang counts reviews per lexicon used ("" for the Latin mix).
	ByLang map[string]int `json:"byLang"`
	sum    float64
	counts map[string]*AspectCount
}

// AspectCount is how often an aspect was praised and criticised.
type AspectCount struct {
	Aspect   string `json:"aspect"`
	Positive int    `json:"positive"`
	Negative int    `json:"negative"`
	Neutral  int    `json:"neutral"`
}

// Add reads one review into the summary.
func (s *Summary) Add(text, lang string) Result {
	r := Analyze(text, lang)
	if s.counts == nil {
		s.counts = map[string]*AspectCount{}
		s.ByLang = map[string]int{}
	}
	s.Reviews++
	s.ByLang[r.Lang]++
	s.sum += r.Score
	switch r.Polarity() {
	case "positive":
		s.Positive++
	case "negative":
		s.Negative++
	default:
		s.Neutral++
	}
	for _, m := range r.Aspects {
		c := s.counts[m.Aspect]
		if c == nil {
			c = &AspectCount{Aspect: m.Aspect}
			s.counts[m.Aspect] = c
		}
		switch m.Polarity {
		case 1:
			c.Positive++
		case -1:
			c.Negative++
		default:
			c.Neutral++
		}
	}
	s.MeanScore = s.sum / float64(s.Reviews)
	s.Aspects = s.Aspects[:0]
	for _, c := range s.counts {
		s.Aspects = append(s.Aspects, *c)
	}
	sort.Slice(s.Aspects, func(i, j int) bool {
		a, b := s.Aspects[i], s.Aspects[j]
		if ta, tb := a.Positive+a.Negative+a.Neutral, b.Positive+b.Negative+b.Neutral; ta != tb {
			return ta > tb
		}
		return a.Aspect < b.Aspect
	})
	return r
}

// TopPositive returns up to n aspects with more praise than criticism,
// most praised first.
func (s *Summary) TopPositive(n int) []AspectCount {
	return s.top(n, func(c AspectCount) int { return c.Positive - c.Negative })
}

// TopNegative returns up to n aspects with more criticism than praise,
// most criticised first.
func (s *Summary) TopNegative(n int) []AspectCount {
	return s.top(n, func(c AspectCount) int { return c.Negative - c.Positive })
}

func (s *Summary) top(n int, net func(AspectCount) int) []AspectCount {
	out := []AspectCount{}
	for _, c := range s.Aspects {
		if net(c) > 0 {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if net(out[i]) != net(out[j]) {
			return net(out[i]) > net(out[j])
		}
		return out[i].Aspect < out[j].Aspect
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}
