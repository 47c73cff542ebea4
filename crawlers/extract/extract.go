package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/exportscope/exportscope/crawlers/site"
)

// Options describe the page being read.
type Options struct {
	// URL is the page's address; relative links resolve against it and
	// an adapter picks its market and page kind by it.
	URL string
	// ContentType is the HTTP Content-Type header, if known. Its charset
	// wins over the page's <meta>; "application/json" reads the body as a
	// JSON API response.
	ContentType string
	// Adapter, when set, is the marketplace's adapter.
	Adapter *site.Adapter
}

// Result is what a page gives.
type Result struct {
	Products []Product
	// Next is the next list page, Follow the detail pages worth fetching,
	// both absolute (from the adapter's next and follow selectors).
	Next   []string
	Follow []string
	// Page is the adapter's page kind, empty when none applied.
	Page string
	// Errs are the problems met; they never stop extraction.
	Errs []error
}

// Page extracts the products of an HTML page. It is Extract without a
// Content-Type: the charset comes from the page's <meta> or byte-order mark.
func Page(body []byte, pageURL string, adapter *site.Adapter) ([]Product, []error) {
	r := Extract(body, Options{URL: pageURL, Adapter: adapter})
	return r.Products, r.Errs
}

// Extract reads a page. Adapter values win; the generic readers fill what
// the adapter left empty on a product page (JSON-LD first, then microdata,
// then Open Graph). On a list page each item is one product; when the
// adapter's item selectors find nothing, the generic products are
// returned. Without an adapter only the generic readers run.
func Extract(body []byte, o Options) Result {
	var res Result
	base, err := url.Parse(o.URL)
	if err != nil || o.URL == "" {
		if o.URL != "" {
			res.Errs = append(res.Errs, fmt.Errorf("page URL %.80q: %w", o.URL, err))
		}
		base = nil
	}
	r := &reader{base: base}
	var market site.Market
	var pg *site.Page
	if a := o.Adapter; a != nil {
		var ok bool
		if base != nil {
			market, ok = a.Market(base.Hostname())
		}
		if !ok {
			res.Errs = append(res.Errs, fmt.Errorf("adapter %s: no market for %.80q", a.Name, o.URL))
		}
		r.loc = market.Locale
		if base != nil {
			pg, _ = a.Page(base)
		}
		if pg == nil {
			res.Errs = append(res.Errs, fmt.Errorf("adapter %s: no page kind matches %.80q", a.Name, o.URL))
		} else {
			res.Page = pg.Name
		}
	}

	var root scope
	var generic []Product
	if isJSON(body, o.ContentType) {
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			res.Errs = append(res.Errs, fmt.Errorf("read JSON page: %w", err))
			return res
		}
		root = scope{json: v, isJSON: true}
	} else {
		doc, err := parseHTML(body, o.ContentType)
		if err != nil {
			res.Errs = append(res.Errs, err)
			return res
		}
		r.root = doc.Selection
		root = scope{sel: doc.Selection}
		var gerrs []error
		generic, gerrs = genericProducts(doc)
		res.Errs = append(res.Errs, gerrs...)
	}

	switch {
	case pg != nil && pg.Items != nil:
		where := fmt.Sprintf("adapter %s page %s", o.Adapter.Name, pg.Name)
		items := r.items(root, pg.Items)
		for i, it := range items {
			p, errs := r.product(it, pg, fmt.Sprintf("%s item %d", where, i))
			res.Errs = append(res.Errs, errs...)
			if !p.empty() {
				res.Products = append(res.Products, p)
			}
		}
		if len(items) == 0 {
			res.Errs = append(res.Errs, fmt.Errorf("%s: no items matched", where))
			res.Products = generic
		}
		res.Next = r.links(root, pg.Next)
		if len(res.Next) > 1 {
			res.Next = res.Next[:1]
		}
		res.Follow = r.links(root, pg.Follow)
	case pg != nil:
		where := fmt.Sprintf("adapter %s page %s", o.Adapter.Name, pg.Name)
		p, errs := r.product(root, pg, where)
		res.Errs = append(res.Errs, errs...)
		if pg.Reviews != nil {
			rvs, errs := r.reviews(root, pg.Reviews, where)
			res.Errs = append(res.Errs, errs...)
			if len(rvs) > 0 {
				p.Reviews = rvs
			}
		}
		if len(generic) > 0 {
			p.fill(generic[0])
		}
		if !p.empty() {
			res.Products = []Product{p}
		}
	default:
		res.Products = generic
	}

	// A product page: the adapter says so, or the generic readers found
	// exactly one product.
	productPage := (pg != nil && pg.Items == nil) || (pg == nil && len(res.Products) == 1)
	for i := range res.Products {
		finish(&res.Products[i], base, o.Adapter, market, productPage)
	}
	return res
}

// finish resolves links, defaults the currency to the market's, and, on a
// product page, the URL to the page's.
func finish(p *Product, base *url.URL, a *site.Adapter, m site.Market, productPage bool) {
	for _, dst := range []*string{&p.URL, &p.Image} {
		if *dst == "" {
			continue
		}
		if u, err := resolve(base, *dst); err == nil {
			*dst = u
		} else {
			*dst = ""
		}
	}
	if p.URL == "" && productPage && base != nil {
		p.URL = base.String()
	}
	if p.Price != nil && p.Currency == "" {
		p.Currency = m.Locale.Currency
	}
	if !finite(p.Price) {
		p.Price, p.PriceMax = nil, nil
	}
	if a != nil {
		p.Marketplace, p.Country = a.Name, m.Country
	}
}

// isJSON reports a JSON API response: by Content-Type, else by its first
// byte.
func isJSON(body []byte, contentType string) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		return mt == "application/json" || strings.HasSuffix(mt, "+json")
	}
	b := bytes.TrimSpace(body)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}

// parseHTML decodes the page to UTF-8 (see pageEncoding) and parses it.
func parseHTML(body []byte, contentType string) (*goquery.Document, error) {
	doc, err := goquery.NewDocumentFromReader(utf8Reader(body, contentType))
	if err != nil {
		return nil, fmt.Errorf("parse HTML: %w", err)
	}
	return doc, nil
}

// genericProducts reads JSON-LD, microdata and Open Graph. One product on
// the page: the three are merged into it, in that order. Several (a list
// page): JSON-LD's list, else microdata's.
func genericProducts(doc *goquery.Document) ([]Product, []error) {
	var errs []error
	var g ldGraph
	doc.Find("script").Each(func(i int, s *goquery.Selection) {
		t, _ := s.Attr("type")
		if mt, _, _ := mime.ParseMediaType(t); mt != "application/ld+json" {
			return
		}
		if err := g.parseJSONLD([]byte(s.Text())); err != nil {
			errs = append(errs, fmt.Errorf("json-ld block %d: %w", i, err))
		}
	})
	md, mdCrumbs := microdata(doc)
	og, hasOG := openGraph(doc)

	crumbs := mdCrumbs
	if len(g.breadcrumbs) > 0 {
		crumbs = g.breadcrumbs[0]
	}
	build := func(nodes []node, source string) []Product {
		var out []Product
		for _, n := range nodes {
			p := fromSchema(n)
			if p.empty() {
				continue
			}
			p.Sources = []string{source}
			out = append(out, p)
		}
		return out
	}
	ld, mi := build(g.products, "json-ld"), build(md, "microdata")
	switch {
	case len(ld) > 1:
		return ld, errs
	case len(ld) == 0 && len(mi) > 1:
		return mi, errs
	}
	var p Product
	if len(ld) == 1 {
		p.fill(ld[0])
	}
	if len(mi) > 0 {
		p.fill(mi[0])
	}
	if hasOG {
		og.Sources = []string{"opengraph"}
		p.fill(og)
	}
	if p.Category == "" {
		p.Category = crumbs
	}
	if p.URL == "" {
		if href, ok := doc.Find(`link[rel="canonical"]`).Attr("href"); ok {
			p.URL = href
		}
	}
	if p.empty() {
		return nil, errs
	}
	return []Product{p}, errs
}
