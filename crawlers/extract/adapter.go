package extract

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/exportscope/exportscope/crawlers/price"
	"github.com/exportscope/exportscope/crawlers/site"
)

// scope is where an adapter looks for a product's fields: an HTML element
// (the page or a list item), or a JSON value (an item of a JSON API or of
// embedded JSON).
type scope struct {
	sel    *goquery.Selection
	json   any
	isJSON bool
}

// value is one candidate value for a field. numeric marks a JSON number,
// which is parsed with a decimal point whatever the locale.
type value struct {
	text    string
	numeric bool
}

// reader applies an adapter's selectors to one page.
type reader struct {
	root *goquery.Selection // the whole page; nil for a JSON body
	base *url.URL
	loc  price.Locale
}

// values returns the candidate values of one selector in a scope, in
// document order.
func (r *reader) values(sc scope, s site.Selector) []value {
	if sc.isJSON {
		if s.JSON == nil || s.CSS != "" || s.Attr != "" {
			return nil
		}
		return r.post(s, jsonValues(s.JSON.Lookup(sc.json)))
	}
	base := sc.sel
	if s.FromPage && r.root != nil {
		base = r.root
	}
	if base == nil {
		return nil
	}
	nodes := base
	if m := s.Matcher(); m != nil {
		nodes = base.FindMatcher(m)
	}
	var out []value
	nodes.Each(func(_ int, n *goquery.Selection) {
		var raw string
		if s.Attr != "" {
			v, ok := n.Attr(s.Attr)
			if !ok {
				return
			}
			raw = v
		} else {
			if d := s.DropMatcher(); d != nil {
				n = n.Clone()
				n.FindMatcher(d).Remove()
			}
			if s.JSON != nil {
				raw = n.Text() // script contents, unmodified
			} else {
				raw = nodeText(n.Get(0))
			}
		}
		if s.JSON != nil {
			var v any
			if err := json.Unmarshal([]byte(raw), &v); err != nil {
				return
			}
			out = append(out, jsonValues(s.JSON.Lookup(v))...)
			return
		}
		out = append(out, value{text: raw})
	})
	return r.post(s, out)
}

// post applies the selector's regex, trims, and joins when asked.
func (r *reader) post(s site.Selector, in []value) []value {
	var out []value
	for _, v := range in {
		t := v.text
		if s.Regex != nil {
			m := s.Regex.FindStringSubmatch(t)
			if m == nil {
				continue
			}
			t = m[len(m)-1]
		}
		if t = clean(t); t != "" {
			out = append(out, value{text: t, numeric: v.numeric})
		}
	}
	if s.Join != "" && len(out) > 1 {
		parts := make([]string, len(out))
		for i, v := range out {
			parts[i] = v.text
		}
		return []value{{text: strings.Join(parts, s.Join)}}
	}
	return out
}

// jsonValues turns looked-up JSON into candidate values: scalars as text,
// the elements of a list in order.
func jsonValues(vs []any) []value {
	var out []value
	for _, v := range vs {
		switch x := v.(type) {
		case string:
			out = append(out, value{text: x})
		case float64:
			out = append(out, value{text: strconv.FormatFloat(x, 'f', -1, 64), numeric: true})
		case bool:
			out = append(out, value{text: strconv.FormatBool(x)})
		case []any:
			out = append(out, jsonValues(x)...)
		case map[string]any:
			if s := text(x); s != "" {
				out = append(out, value{text: s})
			}
		}
	}
	return out
}

// product reads every field the page kind names. For each field the
// selectors are tried in order, and each selector's matches in document
// order; the first value that parses for the field wins. A field where
// values were found but none parsed is reported.
func (r *reader) product(sc scope, pg *site.Page, where string) (Product, []error) {
	var p Product
	var errs []error
	for _, f := range site.Fields {
		sels, ok := pg.Fields[f]
		if !ok {
			continue
		}
		var firstErr error
	fieldLoop:
		for _, s := range sels {
			for _, v := range r.values(sc, s) {
				err := r.set(&p, f, v)
				if err == nil {
					firstErr = nil
					break fieldLoop
				}
				if firstErr == nil {
					firstErr = fmt.Errorf("%s: field %s from %v (line %d): %w", where, f, s, s.Line, err)
				}
			}
		}
		if firstErr != nil {
			errs = append(errs, firstErr)
		}
	}
	if !p.empty() {
		p.Sources = append(p.Sources, "adapter")
	}
	return p, errs
}

// set parses v for field f and stores it in p.
func (r *reader) set(p *Product, f site.Field, v value) error {
	loc := r.loc
	if v.numeric {
		loc.Decimal = '.'
	}
	switch f {
	case site.Price:
		pr, err := price.Parse(v.text, loc)
		if err != nil {
			return err
		}
		p.Price, p.Currency = &pr.Amount, pr.Currency
		if pr.Max > 0 {
			p.PriceMax = &pr.Max
		}
	case site.Currency:
		c, ok := price.DetectCurrency(v.text, loc)
		if !ok {
			return fmt.Errorf("%q names no currency", v.text)
		}
		p.Currency = c
	case site.Rating:
		x, err := price.Rating(v.text, loc)
		if err != nil {
			return err
		}
		p.Rating = &x
	case site.ReviewCount:
		n, err := price.Count(v.text, loc)
		if err != nil {
			return err
		}
		p.ReviewCount = n
	case site.SalesRank:
		n, err := price.Count(v.text, loc)
		if err != nil {
			return err
		}
		p.SalesRank = n
	case site.URL, site.Image:
		u, err := resolve(r.base, v.text)
		if err != nil {
			return err
		}
		if f == site.URL {
			p.URL = u
		} else {
			p.Image = u
		}
	case site.GTIN:
		g, ok := digits(v.text)
		if !ok {
			return fmt.Errorf("%q is not a GTIN", v.text)
		}
		p.GTIN = g
	case site.Availability:
		p.Availability = availability(v.text)
	default:
		*stringField(p, f) = v.text
	}
	return nil
}

// stringField returns the plain text field f of p.
func stringField(p *Product, f site.Field) *string {
	switch f {
	case site.Title:
		return &p.Title
	case site.Brand:
		return &p.Brand
	case site.Seller:
		return &p.Seller
	case site.SellerCountry:
		return &p.SellerCountry
	case site.Category:
		return &p.Category
	case site.ShipsFrom:
		return &p.ShipsFrom
	case site.SKU:
		return &p.SKU
	}
	var discard string
	return &discard
}

// resolve makes an http(s) URL absolute against base; other schemes
// (data:, javascript:) are refused.
func resolve(base *url.URL, ref string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return "", fmt.Errorf("bad URL %.60q: %w", ref, err)
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("not a web URL: %.60q", ref)
	}
	return u.String(), nil
}

// links returns the distinct URLs the selectors find on the page.
func (r *reader) links(sc scope, sels []site.Selector) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range sels {
		for _, v := range r.values(sc, s) {
			u, err := resolve(r.base, v.text)
			if err != nil || seen[u] {
				continue
			}
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// items returns the list items of a list page: the matches of the first
// item selector that finds any.
func (r *reader) items(sc scope, sels []site.Selector) []scope {
	for _, s := range sels {
		var out []scope
		switch {
		case s.JSON != nil && sc.isJSON && s.CSS == "":
			for _, v := range s.JSON.Lookup(sc.json) {
				out = append(out, spread(v)...)
			}
		case s.JSON != nil && sc.sel != nil:
			sc.sel.FindMatcher(s.Matcher()).Each(func(_ int, n *goquery.Selection) {
				raw := n.Text()
				if s.Attr != "" {
					raw, _ = n.Attr(s.Attr)
				}
				var doc any
				if json.Unmarshal([]byte(raw), &doc) == nil {
					for _, v := range s.JSON.Lookup(doc) {
						out = append(out, spread(v)...)
					}
				}
			})
		case sc.sel != nil && s.Matcher() != nil:
			sc.sel.FindMatcher(s.Matcher()).Each(func(_ int, n *goquery.Selection) {
				out = append(out, scope{sel: n})
			})
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// spread makes JSON item scopes: the elements of a list, or the value.
func spread(v any) []scope {
	if a, ok := v.([]any); ok {
		out := make([]scope, 0, len(a))
		for _, e := range a {
			out = append(out, scope{json: e, isJSON: true})
		}
		return out
	}
	return []scope{{json: v, isJSON: true}}
}

// finite guards against NaN and infinities reaching a Product.
func finite(f *float64) bool { return f != nil && !math.IsNaN(*f) && !math.IsInf(*f, 0) }
