package extract

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/exportscope/exportscope/crawlers/price"
	"github.com/exportscope/exportscope/crawlers/site"
)

// maxReviews bounds the reviews kept from one product.
const maxReviews = 200

// Review is one customer review shown on a product page. Rating is on a
// 0–5 scale, 0 when the page shows none; Lang is the BCP 47 tag the page
// gives ("en", "pt-BR"), empty when it gives none; Date is zero when the
// page shows no date that parses.
type Review struct {
	Author string    `json:"author,omitempty"`
	Rating float64   `json:"rating,omitempty"`
	Title  string    `json:"title,omitempty"`
	Text   string    `json:"text,omitempty"`
	Lang   string    `json:"lang,omitempty"`
	Date   time.Time `json:"date,omitzero"`
}

// empty reports a review with neither text nor rating.
func (rv *Review) empty() bool { return rv.Text == "" && rv.Rating == 0 }

// reviews reads the reviews an adapter's reviews block finds in a scope.
// Fields are read as product fields are: the first value that parses
// wins, and a field whose values all fail is reported.
func (r *reader) reviews(sc scope, rs *site.Reviews, where string) ([]Review, []error) {
	var out []Review
	var errs []error
	for i, it := range r.items(sc, rs.Items) {
		if len(out) == maxReviews {
			break
		}
		var rv Review
		for _, f := range site.ReviewFields {
			sels, ok := rs.Fields[f]
			if !ok {
				continue
			}
			var firstErr error
		fieldLoop:
			for _, s := range sels {
				for _, v := range r.values(it, s) {
					err := r.setReview(&rv, f, v)
					if err == nil {
						firstErr = nil
						break fieldLoop
					}
					if firstErr == nil {
						firstErr = fmt.Errorf("%s review %d: field %s from %v (line %d): %w", where, i, f, s, s.Line, err)
					}
				}
			}
			if firstErr != nil {
				errs = append(errs, firstErr)
			}
		}
		if !rv.empty() {
			out = append(out, rv)
		}
	}
	return out, errs
}

// setReview parses v for review field f and stores it in rv.
func (r *reader) setReview(rv *Review, f site.ReviewField, v value) error {
	loc := r.loc
	if v.numeric {
		loc.Decimal = '.'
	}
	switch f {
	case site.ReviewRating:
		x, err := reviewRating(v.text, loc)
		if err != nil {
			return err
		}
		rv.Rating = x
	case site.ReviewDate:
		d, err := parseDate(v.text)
		if err != nil {
			return err
		}
		rv.Date = d
	case site.ReviewLang:
		l, ok := langTag(v.text)
		if !ok {
			return fmt.Errorf("%.40q is not a language tag", v.text)
		}
		rv.Lang = l
	case site.ReviewAuthor:
		rv.Author = v.text
	case site.ReviewTitle:
		rv.Title = v.text
	case site.ReviewText:
		rv.Text = v.text
	}
	return nil
}

// reviewRating reads a review's stars: a rating as price.Rating reads it,
// or a run of ★ (filled) and ☆ (empty) stars. A review has at least one
// star.
func reviewRating(s string, loc price.Locale) (float64, error) {
	if full, empty := strings.Count(s, "★"), strings.Count(s, "☆"); full+empty > 0 &&
		strings.Trim(s, "★☆ ") == "" {
		if full+empty != 5 || full == 0 {
			return 0, fmt.Errorf("rating %.40q: want 1 to 5 stars out of 5", s)
		}
		return float64(full), nil
	}
	x, err := price.Rating(s, loc)
	if err != nil {
		return 0, err
	}
	if x == 0 {
		return 0, fmt.Errorf("rating %.40q: %w", s, price.ErrOutOfRange)
	}
	return x, nil
}

// langTag checks a BCP 47 tag loosely (letters, digits, '-' or '_', a
// primary subtag of 2–3 letters) and writes it with '-'.
func langTag(s string) (string, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
	if s == "" || len(s) > 35 {
		return "", false
	}
	parts := strings.Split(s, "-")
	if n := len(parts[0]); n < 2 || n > 3 {
		return "", false
	}
	for i, p := range parts {
		if p == "" {
			return "", false
		}
		for _, c := range p {
			letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !letter && (i == 0 || c < '0' || c > '9') {
				return "", false
			}
		}
	}
	return s, true
}

// reviewsOf reads the reviews of a schema.org Product node: its review
// property, one Review or a list (microdata puts each itemprop=review
// itemscope there too).
func reviewsOf(n node) []Review {
	var out []Review
	for _, x := range list(n["review"]) {
		rn, ok := x.(node)
		if !ok || len(out) == maxReviews {
			continue
		}
		if ts := types(rn); len(ts) > 0 && !hasType(rn, map[string]bool{"Review": true, "UserReview": true, "CriticReview": true, "EmployerReview": true}) {
			continue
		}
		rv := Review{
			Author: text(rn["author"]),
			Title:  text(rn["name"]),
			Text:   text(rn["reviewBody"]),
		}
		if rv.Text == "" {
			rv.Text = text(rn["description"])
		}
		if l, ok := langTag(text(rn["inLanguage"])); ok {
			rv.Lang = l
		}
		if d, err := parseDate(text(rn["datePublished"])); err == nil {
			rv.Date = d
		} else if d, err := parseDate(text(rn["dateCreated"])); err == nil {
			rv.Date = d
		}
		for _, rr := range list(rn["reviewRating"]) {
			rating, ok := rr.(node)
			if !ok {
				continue
			}
			v, ok := number(rating["ratingValue"])
			if !ok {
				continue
			}
			best, worst := 5.0, 1.0
			if b, ok := number(rating["bestRating"]); ok && b > 0 {
				best = b
			}
			if w, ok := number(rating["worstRating"]); ok && w < best {
				worst = w
			}
			if v > 0 && v <= best && v >= worst {
				rv.Rating = math.Round(v*5/best*100) / 100
			}
			break
		}
		if !rv.empty() {
			out = append(out, rv)
		}
	}
	return out
}

// dateLayouts are the numeric date forms parseDate reads, tried in order.
// Slashes are read month first ("05/01/2024" is May 1st) as in the US,
// dots day first as in Europe.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"2006/01/02",
	"2006/1/2",
	"2006.01.02",
	"01/02/2006",
	"1/2/2006",
	"02.01.2006",
	"2.1.2006",
	"2006-1-2",
}

// monthWords maps month names and abbreviations in English, German,
// French, Spanish, Portuguese and Russian (in the genitive, as dates are
// written) to month numbers. Keys are lower case, without a final dot.
var monthWords = func() map[string]time.Month {
	m := map[string]time.Month{}
	for _, names := range [][12]string{
		{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"},
		{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
		{"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"},
		{"jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sept", "okt", "nov", "dez"},
		{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
		{"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"},
	} {
		for i, n := range names {
			if _, ok := m[n]; !ok {
				m[n] = time.Month(i + 1)
			}
		}
	}
	m["sept"] = time.September
	return m
}()

// parseDate reads a review date: the numeric forms of dateLayouts, a date
// with a month name ("May 1, 2024", "1 May 2024", "1. Mai 2024", "1 de
// maio de 2024", "1 мая 2024 г."), or East Asian "2024年5月1日" and
// "2024년 5월 1일". Dates without a zone are UTC.
func parseDate(s string) (time.Time, error) {
	s = clean(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty date")
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	// Split into numbers and words.
	var nums []int
	var month time.Month
	var words int
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ',' || r == '.' || r == '/' || r == '-' || r == '年' || r == '月' || r == '日' ||
			r == '년' || r == '월' || r == '일'
	}) {
		if n, ok := atoi(f); ok {
			nums = append(nums, n)
			continue
		}
		switch f {
		case "de", "del", "г", "года", "the", "of":
			continue
		}
		if m, ok := monthWords[f]; ok && month == 0 {
			month = m
			continue
		}
		words++
	}
	if words > 0 {
		return time.Time{}, fmt.Errorf("date %.40q: not a date format we read", s)
	}
	var y, m, d int
	switch {
	case month != 0 && len(nums) == 2:
		m = int(month)
		if nums[0] > 31 { // 2024 May 1
			y, d = nums[0], nums[1]
		} else { // May 1 2024, 1 May 2024
			d, y = nums[0], nums[1]
		}
	case month == 0 && len(nums) == 3 && nums[0] > 31: // 2024年5月1日
		y, m, d = nums[0], nums[1], nums[2]
	default:
		return time.Time{}, fmt.Errorf("date %.40q: not a date format we read", s)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || y > 9999 || t.Day() != d || t.Month() != time.Month(m) {
		return time.Time{}, fmt.Errorf("date %.40q: no such day", s)
	}
	return t, nil
}

// atoi reads a short run of ASCII digits.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
