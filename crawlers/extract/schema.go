package extract

import (
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/exportscope/exportscope/crawlers/price"
)

// node is a schema.org thing as decoded from JSON-LD or built from
// microdata: property names map to strings, numbers, nodes or lists.
type node = map[string]any

// productTypes are the schema.org types read as products.
var productTypes = map[string]bool{
	"Product": true, "IndividualProduct": true, "ProductModel": true, "ProductGroup": true,
	"SomeProducts": true, "Vehicle": true, "Car": true,
}

// types returns a node's @type values without their schema.org prefix.
func types(n node) []string {
	var out []string
	for _, v := range list(n["@type"]) {
		if s, ok := v.(string); ok {
			out = append(out, shortType(s))
		}
	}
	return out
}

func shortType(s string) string {
	if i := strings.LastIndexAny(s, "/:#"); i >= 0 {
		return s[i+1:]
	}
	return s
}

func hasType(n node, set map[string]bool) bool {
	for _, t := range types(n) {
		if set[t] {
			return true
		}
	}
	return false
}

// list returns v as a slice: itself if it is one, else a one-element
// slice, nil for nil.
func list(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	return []any{v}
}

// text returns the first non-empty text of v: a string, a number, or a
// node's name, @value or url.
func text(v any) string {
	for _, x := range list(v) {
		switch x := x.(type) {
		case string:
			if s := clean(html.UnescapeString(x)); s != "" {
				return s
			}
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		case node:
			for _, k := range []string{"name", "@value", "url", "contentUrl"} {
				if s := text(x[k]); s != "" {
					return s
				}
			}
		}
	}
	return ""
}

// number reads a schema.org number: JSON numbers as they are, strings with
// a decimal point as the standard says (lenient about thousands commas).
func number(v any) (float64, bool) {
	for _, x := range list(v) {
		switch x := x.(type) {
		case float64:
			if x >= 0 && !math.IsInf(x, 0) {
				return x, true
			}
		case string, node:
			if f, err := price.Number(text(x), price.Locale{Decimal: '.'}); err == nil {
				return f, true
			}
		}
	}
	return 0, false
}

// fromSchema maps a schema.org Product node to a Product.
func fromSchema(n node) Product {
	p := Product{
		Title:    text(n["name"]),
		Brand:    text(n["brand"]),
		SKU:      text(n["sku"]),
		URL:      text(n["url"]),
		Image:    text(n["image"]),
		Category: categoryText(n["category"]),
	}
	if p.Brand == "" {
		p.Brand = text(n["manufacturer"])
	}
	if p.SKU == "" {
		p.SKU = text(n["productID"])
	}
	for _, k := range []string{"gtin13", "gtin", "gtin14", "gtin12", "gtin8", "isbn"} {
		if g, ok := digits(text(n[k])); ok {
			p.GTIN = g
			break
		}
	}
	for _, r := range list(n["aggregateRating"]) {
		ar, ok := r.(node)
		if !ok {
			continue
		}
		if v, ok := number(ar["ratingValue"]); ok {
			best := 5.0
			if b, ok := number(ar["bestRating"]); ok && b > 0 {
				best = b
			}
			if v <= best {
				r := math.Round(v*5/best*100) / 100
				p.Rating = &r
			}
		}
		for _, k := range []string{"reviewCount", "ratingCount"} {
			if c, ok := number(ar[k]); ok && c < math.MaxInt32 {
				p.ReviewCount = int(c)
				break
			}
		}
		break
	}
	applyOffers(&p, n["offers"])
	p.Reviews = reviewsOf(n)
	return p
}

// categoryText joins a list of categories with " > ".
func categoryText(v any) string {
	var parts []string
	for _, x := range list(v) {
		if s := text(x); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " > ")
}

// offer is a priced offer found under a product.
type offer struct {
	price, high        float64
	currency           string
	seller, avail, url string
	hasPrice           bool
}

// applyOffers picks the price of a product from its offers: the lowest
// price among offers in the first priced offer's currency, with the
// highest as PriceMax when they differ (an AggregateOffer's lowPrice and
// highPrice say the same). Seller and availability come from the chosen
// offer, else from the first offer that has them.
func applyOffers(p *Product, v any) {
	var offers []offer
	collectOffers(v, &offers, 0)
	var best *offer
	high := 0.0
	for i := range offers {
		o := &offers[i]
		if !o.hasPrice {
			continue
		}
		if best != nil && o.currency != best.currency && o.currency != "" && best.currency != "" {
			continue
		}
		if best == nil || o.price < best.price {
			best = o
		}
		high = max(high, o.price, o.high)
	}
	if best != nil {
		pr := best.price
		p.Price, p.Currency = &pr, best.currency
		if high > pr {
			p.PriceMax = &high
		}
		p.Seller, p.Availability = best.seller, best.avail
		if p.URL == "" {
			p.URL = best.url
		}
	}
	for _, o := range offers {
		if p.Seller == "" {
			p.Seller = o.seller
		}
		if p.Availability == "" {
			p.Availability = o.avail
		}
		if p.URL == "" {
			p.URL = o.url
		}
	}
	p.Availability = availability(p.Availability)
}

func collectOffers(v any, out *[]offer, depth int) {
	if depth > 8 {
		return
	}
	for _, x := range list(v) {
		n, ok := x.(node)
		if !ok {
			continue
		}
		o := offer{
			currency: strings.ToUpper(text(n["priceCurrency"])),
			seller:   text(n["seller"]),
			avail:    text(n["availability"]),
			url:      text(n["url"]),
		}
		if f, ok := number(n["price"]); ok {
			o.price, o.hasPrice = f, true
		} else if f, ok := number(n["lowPrice"]); ok {
			o.price, o.hasPrice = f, true
		}
		if f, ok := number(n["highPrice"]); ok {
			o.high = f
		}
		for _, ps := range list(n["priceSpecification"]) {
			spec, ok := ps.(node)
			if !ok || o.hasPrice {
				continue
			}
			if f, ok := number(spec["price"]); ok {
				o.price, o.hasPrice = f, true
				if o.currency == "" {
					o.currency = strings.ToUpper(text(spec["priceCurrency"]))
				}
			}
		}
		*out = append(*out, o)
		collectOffers(n["offers"], out, depth+1)
	}
}

// breadcrumb joins the names of a BreadcrumbList's items in position order.
func breadcrumb(n node) string {
	var parts []string
	for _, x := range list(n["itemListElement"]) {
		li, ok := x.(node)
		if !ok {
			continue
		}
		name := text(li["name"])
		if name == "" {
			if it, ok := li["item"].(node); ok {
				name = text(it["name"])
			}
		}
		if name != "" {
			parts = append(parts, name)
		}
	}
	return strings.Join(parts, " > ")
}
