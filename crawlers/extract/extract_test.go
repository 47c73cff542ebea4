package extract

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
)

func f64(f float64) *float64 { return &f }

// TestGenericFixtures reads the real pages that need no adapter and checks
// the values a person reads on them.
func TestGenericFixtures(t *testing.T) {
	tests := []struct {
		file, url string
		want      []Product
	}{
		{
			file: "pages/overstock_product_29099468_jsonld_metascraper-shopping.html",
			url:  "https://www.overstock.com/29099468/product.html",
			want: []Product{{
				Title:        "Certified International Elegance Canape Plates, Set of 6",
				Brand:        "Certified International",
				Price:        f64(31.49),
				Currency:     "USD",
				SKU:          "34092028",
				Availability: "InStock",
				URL:          "https://www.overstock.com/Home-Garden/Certified-International-Elegance-Canape-Plates-Set-of-6/29099468/product.html",
				Image:        "https://ak1.ostkcdn.com/images/products/29099468/Certified-International-Elegance-Canape-Plates-Set-of-6-e7e197f7-64de-4314-9fb2-428da58b5aa1.jpg",
				Category:     "Home Goods > Kitchen & Dining > Dinnerware > Plates",
				Sources:      []string{"json-ld"},
			}},
		},
		{
			// Price only in Open Graph tags; name, brand and SKU in microdata.
			file: "pages/costco_product_100432602_metascraper-shopping.html",
			url:  "https://www.costco.com/.product.100432602.html",
			want: []Product{{
				Title:        "AFA Stainless 33-inch Sink and Semi Pro Faucet Combo",
				Brand:        "AFA",
				Price:        f64(329.99),
				Currency:     "USD",
				SKU:          "1275464",
				Availability: "InStock",
				URL:          "https://www.costco.com/afa-stainless-33-inch-sink-and-semi-pro-faucet-combo.product.100432602.html",
				Image:        "https://images.costco-static.com/ImageDelivery/imageService?profileId=12026540&imageId=100432602-847__1&recipeName=350",
				Category:     "Home > Home Improvement > Kitchen Hardware > Faucets",
				Sources:      []string{"microdata", "opengraph"},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, errs := Page(fixture(t, tt.file), tt.url, nil)
			if len(errs) > 0 {
				t.Errorf("errors: %v", errs)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestGeneric covers schema.org shapes on small pages made for the test.
func TestGeneric(t *testing.T) {
	tests := []struct {
		name, html string
		want       []Product
		wantErrs   int
	}{
		{
			name: "@graph with nested AggregateOffer and rating",
			html: `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
				{"@type":"WebPage","name":"Shop"},
				{"@type":["Product","Thing"],"name":"Magnesia Carbon Brick &amp; Mortar","brand":{"@type":"Brand","name":"RefraCo"},
				 "gtin13":"4006381333931","sku":"MCB-1","image":[{"@type":"ImageObject","url":"/img/1.jpg"}],
				 "aggregateRating":{"@type":"AggregateRating","ratingValue":"8.6","bestRating":"10","reviewCount":"1,204"},
				 "offers":{"@type":"AggregateOffer","lowPrice":"12.50","highPrice":"19.00","priceCurrency":"eur","offerCount":3}}]}</script>`,
			want: []Product{{Title: "Magnesia Carbon Brick & Mortar", Brand: "RefraCo", GTIN: "4006381333931", SKU: "MCB-1",
				Image: "https://shop.example/img/1.jpg", Rating: f64(4.3), ReviewCount: 1204,
				Price: f64(12.5), PriceMax: f64(19), Currency: "EUR", URL: "https://shop.example/p/1", Sources: []string{"json-ld"}}},
		},
		{
			name: "several offers: the lowest in the first currency, seller of that offer",
			html: `<script type="application/ld+json">{"@type":"Product","name":"Jellyfish 500g","offers":[
				{"@type":"Offer","price":24.9,"priceCurrency":"USD","seller":{"@type":"Organization","name":"Sea Co"},"availability":"https://schema.org/OutOfStock"},
				{"@type":"Offer","price":"19.90","priceCurrency":"USD","seller":{"name":"Dalian Foods"},"availability":"http://schema.org/InStock"},
				{"@type":"Offer","price":"9","priceCurrency":"CNY"}]}</script>`,
			want: []Product{{Title: "Jellyfish 500g", Price: f64(19.9), PriceMax: f64(24.9), Currency: "USD", Seller: "Dalian Foods",
				Availability: "InStock", URL: "https://shop.example/p/1", Sources: []string{"json-ld"}}},
		},
		{
			name: "price in a priceSpecification",
			html: `<script type="application/ld+json">[{"@type":"Product","name":"Tire changer","offers":{"@type":"Offer",
				"priceSpecification":[{"@type":"UnitPriceSpecification","price":1299,"priceCurrency":"USD"}]}}]</script>`,
			want: []Product{{Title: "Tire changer", Price: f64(1299), Currency: "USD", URL: "https://shop.example/p/1", Sources: []string{"json-ld"}}},
		},
		{
			name: "broken block skipped, the next one kept",
			html: `<script type="application/ld+json">{"@type":"Product","name":"Broken" "offers":}</script>
				<script type="application/ld+json">{"@type":"Product","name":"Good","offers":{"price":"5.00","priceCurrency":"GBP"}}</script>`,
			want:     []Product{{Title: "Good", Price: f64(5), Currency: "GBP", URL: "https://shop.example/p/1", Sources: []string{"json-ld"}}},
			wantErrs: 1,
		},
		{
			name: "repairable block: comment wrapper, raw newline, trailing comma",
			html: "<script type=\"application/ld+json\"><!--\n{\"@type\":\"Product\",\"name\":\"Silk\nscarf\",\"offers\":{\"price\":\"30\",\"priceCurrency\":\"USD\",},}\n--></script>",
			want: []Product{{Title: "Silk scarf", Price: f64(30), Currency: "USD", URL: "https://shop.example/p/1", Sources: []string{"json-ld"}}},
		},
		{
			name: "ItemList: one product per item, related products not listed",
			html: `<script type="application/ld+json">{"@type":"ItemList","itemListElement":[
				{"@type":"ListItem","position":1,"item":{"@type":"Product","name":"A","url":"/a","offers":{"price":"1","priceCurrency":"USD"},
				  "isRelatedTo":{"@type":"Product","name":"Related"}}},
				{"@type":"ListItem","position":2,"item":{"@type":"Product","name":"B","url":"/b","offers":{"price":"2","priceCurrency":"USD"}}}]}</script>`,
			want: []Product{
				{Title: "A", URL: "https://shop.example/a", Price: f64(1), Currency: "USD", Sources: []string{"json-ld"}},
				{Title: "B", URL: "https://shop.example/b", Price: f64(2), Currency: "USD", Sources: []string{"json-ld"}},
			},
		},
		{
			name: "microdata with nested offer and rating, content attributes",
			html: `<div itemscope itemtype="https://schema.org/Product">
				<h1 itemprop="name">Cashmere <b>sweater</b></h1>
				<span itemprop="brand" itemscope itemtype="https://schema.org/Brand"><span itemprop="name">Erdos</span></span>
				<img itemprop="image" src="/s.jpg">
				<div itemprop="aggregateRating" itemscope itemtype="https://schema.org/AggregateRating">
					<span itemprop="ratingValue">4,6</span> / <span itemprop="reviewCount">87</span></div>
				<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
					<span itemprop="price" content="129.00">129,00 €</span><meta itemprop="priceCurrency" content="EUR">
					<link itemprop="availability" href="https://schema.org/InStock"></div>
				<div itemprop="isRelatedTo" itemscope itemtype="https://schema.org/Product"><span itemprop="name">Scarf</span></div>
			</div>`,
			want: []Product{{Title: "Cashmere sweater", Brand: "Erdos", Image: "https://shop.example/s.jpg", Rating: f64(4.6), ReviewCount: 87,
				Price: f64(129), Currency: "EUR", Availability: "InStock", URL: "https://shop.example/p/1", Sources: []string{"microdata"}}},
		},
		{
			name: "Open Graph only, canonical link",
			html: `<head><meta property="og:type" content="og:product"><meta property="og:title" content="Car lift 4t">
				<meta property="og:price:amount" content="2,499.00"><meta property="og:price:currency" content="usd">
				<meta property="og:image" content="/lift.jpg"><meta property="product:availability" content="oos">
				<link rel="canonical" href="https://shop.example/lift"></head>`,
			want: []Product{{Title: "Car lift 4t", Price: f64(2499), Currency: "USD", Image: "https://shop.example/lift.jpg",
				Availability: "OutOfStock", URL: "https://shop.example/lift", Sources: []string{"opengraph"}}},
		},
		{
			name: "JSON-LD wins over a generic og:title",
			html: `<meta property="og:title" content="Shop: everything"><meta property="og:type" content="product">
				<script type="application/ld+json">{"@type":"Product","name":"Real name"}</script>`,
			want: []Product{{Title: "Real name", URL: "https://shop.example/p/1", Sources: []string{"json-ld"}}},
		},
		{
			name: "no product on the page",
			html: `<title>About us</title><meta property="og:type" content="website"><meta property="og:title" content="About">`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := Page([]byte(tt.html), "https://shop.example/p/1", nil)
			if len(errs) != tt.wantErrs {
				t.Errorf("got %d errors %v, want %d", len(errs), errs, tt.wantErrs)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBrokenJSONLDErrorNamesBlock(t *testing.T) {
	_, errs := Page([]byte(`<script type="application/ld+json">{"name": </script>`), "https://shop.example/", nil)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "json-ld block 0: invalid JSON at byte") {
		t.Errorf("errors = %v, want one naming the block and byte", errs)
	}
}

// TestCharset checks pages in legacy encodings: the charset comes from the
// Content-Type header when given, else from <meta>.
func TestCharset(t *testing.T) {
	encode := func(s string, enc interface {
		NewEncoder() interface{ Bytes([]byte) ([]byte, error) }
	}) []byte {
		return nil
	}
	_ = encode
	ru, err := charmap.Windows1251.NewEncoder().Bytes([]byte(
		`<html><head><meta charset="windows-1251"><meta property="og:type" content="product">` +
			`<meta property="og:title" content="Термос 1 л"><meta property="product:price:amount" content="1299">` +
			`<meta property="product:price:currency" content="RUB"></head></html>`))
	if err != nil {
		t.Fatal(err)
	}
	got, errs := Page(ru, "https://shop.example/p/1", nil)
	if len(errs) > 0 || len(got) != 1 || got[0].Title != "Термос 1 л" {
		t.Errorf("windows-1251 page from <meta>: got %+v, %v", got, errs)
	}

	jp, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(
		`<html><head><meta property="og:type" content="product"><meta property="og:title" content="海苔 100枚"></head></html>`))
	if err != nil {
		t.Fatal(err)
	}
	r := Extract(jp, Options{URL: "https://shop.example/p/1", ContentType: "text/html; charset=Shift_JIS"})
	if len(r.Errs) > 0 || len(r.Products) != 1 || r.Products[0].Title != "海苔 100枚" {
		t.Errorf("Shift_JIS page from Content-Type: got %+v, %v", r.Products, r.Errs)
	}
	if bytes.Equal(jp, []byte(r.Products[0].Title)) {
		t.Error("no decoding happened")
	}
}

func TestAvailability(t *testing.T) {
	for in, want := range map[string]string{
		"In Stock.":                              "InStock",
		"Auf Lager.":                             "InStock",
		"Currently unavailable.":                 "OutOfStock",
		"Derzeit nicht verfügbar.":               "OutOfStock",
		"http://schema.org/PreOrder":             "PreOrder",
		"Only 3 left in stock - order soon.":     "InStock",
		"Usually dispatched within 2 to 3 days.": "Usually dispatched within 2 to 3 days.",
		"Choose options":                         "Choose options",
	} {
		if got := availability(in); got != want {
			t.Errorf("availability(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPageEncoding(t *testing.T) {
	pad := strings.Repeat("<!-- padding -->\n", 100) // pushes <meta> past the first 1024 bytes
	cyr, _ := charmap.Windows1251.NewEncoder().Bytes([]byte("Термос"))
	tests := []struct {
		name, contentType string
		body              []byte
		want              string
	}{
		{"header wins over meta", "text/html; charset=windows-1251", append([]byte(`<meta charset="utf-8">`), cyr...), "windows-1251"},
		{"meta after 1024 bytes", "", append([]byte("<html><head>"+pad+`<meta http-equiv="content-type" content="text/html; charset=windows-1251">`), cyr...), "windows-1251"},
		{"no declaration, valid UTF-8", "", []byte("<html>" + pad + "<p>für</p>"), "utf-8"},
		{"no declaration, not UTF-8", "", append([]byte("<html>"+pad), 0xfc, 'r'), "windows-1252"},
		{"byte-order mark", "", []byte("\xef\xbb\xbf<html><p>für</p>"), "utf-8"},
	}
	for _, tt := range tests {
		if _, got := pageEncoding(tt.body, tt.contentType); got != tt.want {
			t.Errorf("%s: encoding %q, want %q", tt.name, got, tt.want)
		}
	}
}
