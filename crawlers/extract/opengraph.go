package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/exportscope/exportscope/crawlers/price"
)

// openGraph reads Open Graph product tags (og:title, product:price:amount,
// product:price:currency, og:price:amount, product:brand, ...). It returns
// false unless the page declares og:type product or carries a price tag.
func openGraph(doc *goquery.Document) (Product, bool) {
	tags := map[string]string{}
	doc.Find("meta[property], meta[name]").Each(func(_ int, s *goquery.Selection) {
		key, ok := s.Attr("property")
		if !ok {
			key, _ = s.Attr("name")
		}
		key = strings.ToLower(strings.TrimSpace(key))
		if !strings.HasPrefix(key, "og:") && !strings.HasPrefix(key, "product:") {
			return
		}
		if _, seen := tags[key]; seen {
			return // the first og:image is the main one
		}
		if v, ok := s.Attr("content"); ok && clean(v) != "" {
			tags[key] = clean(v)
		}
	})
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := tags[k]; v != "" {
				return v
			}
		}
		return ""
	}
	amount := first("product:sale_price:amount", "product:price:amount", "og:price:amount")
	isProduct := strings.Contains(tags["og:type"], "product") || amount != ""
	if !isProduct {
		return Product{}, false
	}
	p := Product{
		Title:        first("og:title"),
		URL:          first("og:url"),
		Image:        first("og:image", "og:image:url", "og:image:secure_url"),
		Brand:        first("product:brand", "og:brand"),
		SKU:          first("product:retailer_item_id", "product:retailer_part_no"),
		Category:     first("product:category"),
		Availability: first("product:availability", "og:availability"),
	}
	if g, ok := digits(first("product:ean", "product:upc", "product:gtin", "product:isbn")); ok {
		p.GTIN = g
	}
	if amount != "" {
		if f, err := price.Number(amount, price.Locale{Decimal: '.'}); err == nil {
			p.Price = &f
			p.Currency = strings.ToUpper(first("product:sale_price:currency", "product:price:currency", "og:price:currency"))
		}
	}
	if p.Availability != "" {
		p.Availability = availability(p.Availability)
	}
	return p, true
}
