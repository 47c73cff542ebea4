// Package extract reads products from marketplace pages.
//
// It needs no adapter for pages that describe their products in schema.org
// JSON-LD, microdata or Open Graph product tags. With a site.Adapter it
// reads the fields the adapter's selectors name; adapter values win and the
// generic ones fill the gaps. A list page gives one Product per item.
// A product page's customer reviews come with its Product: from the
// adapter's reviews block, else from the schema.org Product's review
// property (JSON-LD or microdata).
package extract

import (
	"slices"
	"strings"
	"unicode"
)

// Product is one offer read from a page. Price, Rating and ReviewCount are
// as the page shows them; Price is in Currency (ISO 4217) and Rating on a
// 0–5 scale.
type Product struct {
	Title        string   `json:"title"`
	Brand        string   `json:"brand"`
	Seller       string   `json:"seller"`
	Price        *float64 `json:"price"`
	Currency     string   `json:"currency"`
	Rating       *float64 `json:"rating"`
	ReviewCount  int      `json:"reviewCount"`
	SKU          string   `json:"sku"`
	GTIN         string   `json:"gtin"`
	Availability string   `json:"availability"`
	URL          string   `json:"url"`
	Image        string   `json:"image"`

	// PriceMax is the high end when the page shows a price range; Price is
	// then the low end.
	PriceMax      *float64 `json:"priceMax,omitempty"`
	SellerCountry string   `json:"sellerCountry,omitempty"`
	Category      string   `json:"category,omitempty"`
	SalesRank     int      `json:"salesRank,omitempty"`
	ShipsFrom     string   `json:"shipsFrom,omitempty"`
	// Marketplace is the adapter's name, Country the storefront's country,
	// when an adapter was used.
	Marketplace string `json:"marketplace,omitempty"`
	Country     string `json:"country,omitempty"`
	// Reviews are the customer reviews a product page shows (usually
	// the newest few, not all ReviewCount of them).
	Reviews []Review `json:"reviews,omitempty"`
	// Sources says where the values came from, best first: "adapter",
	// "json-ld", "microdata", "opengraph".
	Sources []string `json:"sources,omitempty"`
}

// empty reports whether p carries nothing worth keeping.
func (p *Product) empty() bool {
	return p.Title == "" && p.Price == nil
}

// fill sets the fields of p that are empty from q, and adds q's sources
// when it used any. Price, its range and currency travel together, so that
// a currency is never paired with another source's amount.
func (p *Product) fill(q Product) {
	used := false
	str := func(dst *string, v string) {
		if *dst == "" && v != "" {
			*dst, used = v, true
		}
	}
	str(&p.Title, q.Title)
	str(&p.Brand, q.Brand)
	str(&p.Seller, q.Seller)
	str(&p.SKU, q.SKU)
	str(&p.GTIN, q.GTIN)
	str(&p.Availability, q.Availability)
	str(&p.URL, q.URL)
	str(&p.Image, q.Image)
	str(&p.SellerCountry, q.SellerCountry)
	str(&p.Category, q.Category)
	str(&p.ShipsFrom, q.ShipsFrom)
	switch {
	case p.Price == nil && q.Price != nil:
		p.Price, p.PriceMax, p.Currency, used = q.Price, q.PriceMax, q.Currency, true
	case p.Price != nil && p.Currency == "" && q.Currency != "" && (q.Price == nil || *q.Price == *p.Price):
		p.Currency, used = q.Currency, true
	}
	if p.Rating == nil && q.Rating != nil {
		p.Rating, used = q.Rating, true
	}
	if p.ReviewCount == 0 && q.ReviewCount != 0 {
		p.ReviewCount, used = q.ReviewCount, true
	}
	if p.SalesRank == 0 && q.SalesRank != 0 {
		p.SalesRank, used = q.SalesRank, true
	}
	if len(p.Reviews) == 0 && len(q.Reviews) > 0 {
		p.Reviews, used = q.Reviews, true
	}
	if used {
		for _, src := range q.Sources {
			if !slices.Contains(p.Sources, src) {
				p.Sources = append(p.Sources, src)
			}
		}
	}
}

// clean collapses white space and drops invisible characters (zero-width
// spaces, direction marks, soft hyphens) that pages put inside values.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u00ad', '\ufeff', '\u2060':
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// availability maps what pages write to schema.org's names (InStock,
// OutOfStock, PreOrder, ...); other text is kept as written.
func availability(s string) string {
	s = clean(s)
	for _, pre := range []string{"https://schema.org/", "http://schema.org/", "schema:"} {
		if strings.HasPrefix(s, pre) {
			return strings.TrimPrefix(s, pre)
		}
	}
	l := strings.ToLower(strings.TrimRight(s, ".!"))
	if l == "oos" { // Open Graph's code
		return "OutOfStock"
	}
	for _, m := range []struct {
		norm    string
		phrases []string
	}{
		{"OutOfStock", []string{"unavailable", "not available", "nicht lieferbar", "out of stock", "outofstock", "sold out", "currently unavailable", "nicht verfügbar",
			"nicht auf lager", "agotado", "no disponible", "épuisé", "rupture de stock", "non disponibile", "esgotado",
			"нет в наличии", "в наличии нет", "在庫切れ", "現在在庫切れ", "缺货", "niedostępny"}},
		{"PreOrder", []string{"preorder", "pre-order", "vorbestellbar", "pre-pedido", "予約"}},
		{"InStock", []string{"in stock", "instock", "auf lager", "en stock", "disponible", "disponibile", "op voorraad",
			"em estoque", "в наличии", "在庫あり", "有货", "dostępny", "available"}},
		{"Discontinued", []string{"discontinued"}},
	} {
		for _, ph := range m.phrases {
			if strings.Contains(l, ph) {
				return m.norm
			}
		}
	}
	if len(s) > 100 {
		s = s[:100]
	}
	return s
}

// digits keeps the digits of a GTIN/ISBN ("978-1849757096") and checks the
// length (8, 12, 13 or 14).
func digits(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	switch b.Len() {
	case 8, 12, 13, 14:
		return b.String(), true
	}
	return "", false
}
