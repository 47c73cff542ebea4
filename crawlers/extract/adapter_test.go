package extract

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/crawlers/site"
)

// testAdapter is a small adapter exercising every selector feature.
const testAdapter = `
name: shop
markets:
  - {host: shop.example, country: DE, locale: de-DE}
pages:
  - name: product
    urls: ['^/p/']
    fields:
      title: ['h1.missing', {css: h1, drop: .badge}]
      price:
        - .price-broken
        - {css: 'script#state', json: 'product.price'}
      rating: '.stars'
      reviewCount: {css: '.stars', regex: '\((\d[\d.]*)\)'}
      category: {css: '.crumbs a', join: ' > '}
      sku: {css: 'link[rel=canonical]', attr: href, regex: '/p/(\d+)'}
  - name: list
    urls: ['^/list']
    items: ['ul.none > li', 'ul.results > li']
    next: {css: 'a.next', attr: href}
    follow: {css: 'a.title', attr: href}
    fields:
      title: a.title
      url: {css: a.title, attr: href}
      price: .price
      sku: {attr: data-id}
      category: {css: h1, page: true}
  - name: embedded
    urls: ['^/embedded']
    items: [{css: 'script#data', json: 'items'}]
    fields:
      title: {json: name}
      price: {json: price}
      url: {json: link}
  - name: api
    urls: ['^/api/']
    items: [{json: 'data.results[*]'}]
    fields:
      title: {json: title}
      price: {json: 'price.amount'}
      currency: {json: 'price.currency'}
      rating: {json: stars}
`

func loadTestAdapter(t *testing.T) *site.Adapter {
	t.Helper()
	a, err := site.Parse("shop.yaml", []byte(testAdapter))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAdapterPages(t *testing.T) {
	a := loadTestAdapter(t)
	tests := []struct {
		name, url, contentType, body string
		want                         Result
	}{
		{
			name: "product: alternatives, drop, json in a script, regex, join; generic JSON-LD fills the gaps",
			url:  "https://www.shop.example/p/42",
			body: `<link rel="canonical" href="https://www.shop.example/p/42">
				<h1><span class="badge">NEU</span>Magnesiastein 25 kg</h1>
				<span class="price-broken">auf Anfrage</span>
				<script id="state" type="application/json">{"product":{"price":1234.567}}</script>
				<div class="stars">4,5 von 5 (1.204)</div>
				<nav class="crumbs"><a>Bau</a><a>Feuerfest</a></nav>
				<script type="application/ld+json">{"@type":"Product","name":"JSON-LD name","brand":"RefraCo","gtin13":"4006381333931",
				 "offers":{"price":"999","priceCurrency":"EUR"}}</script>`,
			want: Result{Page: "product", Products: []Product{{
				Title: "Magnesiastein 25 kg", Brand: "RefraCo", GTIN: "4006381333931",
				Price: f64(1234.567), Currency: "EUR", Rating: f64(4.5), ReviewCount: 1204, SKU: "42",
				Category: "Bau > Feuerfest", URL: "https://www.shop.example/p/42",
				Marketplace: "shop", Country: "DE", Sources: []string{"adapter", "json-ld"},
			}}},
		},
		{
			name: "list: second item selector wins, page-level field, links resolved",
			url:  "https://www.shop.example/list?q=x",
			body: `<h1>Feuerfest</h1><ul class="results">
				<li data-id="1"><a class="title" href="/p/1">Eins</a><span class="price">1.299,00 €</span></li>
				<li data-id="2"><a class="title" href="/p/2">Zwei</a><span class="price">auf Anfrage</span></li>
				<li data-id="3"></li></ul><a class="next" href="?q=x&page=2">weiter</a>`,
			want: Result{
				Page: "list",
				Products: []Product{
					{Title: "Eins", URL: "https://www.shop.example/p/1", Price: f64(1299), Currency: "EUR", SKU: "1",
						Category: "Feuerfest", Marketplace: "shop", Country: "DE", Sources: []string{"adapter"}},
					{Title: "Zwei", URL: "https://www.shop.example/p/2", SKU: "2",
						Category: "Feuerfest", Marketplace: "shop", Country: "DE", Sources: []string{"adapter"}},
				},
				Next:   []string{"https://www.shop.example/list?q=x&page=2"},
				Follow: []string{"https://www.shop.example/p/1", "https://www.shop.example/p/2"},
			},
		},
		{
			name: "items from embedded JSON; JSON numbers read with a decimal point",
			url:  "https://www.shop.example/embedded",
			body: `<script id="data" type="application/json">{"items":[{"name":"A","price":1.5,"link":"/p/a"},{"name":"B","price":"2,50 €","link":"/p/b"}]}</script>`,
			want: Result{Page: "embedded", Products: []Product{
				{Title: "A", Price: f64(1.5), Currency: "EUR", URL: "https://www.shop.example/p/a", Marketplace: "shop", Country: "DE", Sources: []string{"adapter"}},
				{Title: "B", Price: f64(2.5), Currency: "EUR", URL: "https://www.shop.example/p/b", Marketplace: "shop", Country: "DE", Sources: []string{"adapter"}},
			}},
		},
		{
			name:        "JSON API response",
			url:         "https://api.shop.example/api/search?q=x",
			contentType: "application/json; charset=utf-8",
			body:        `{"data":{"results":[{"title":"Kabel","price":{"amount":"12.99","currency":"USD"},"stars":4.2}]}}`,
			want: Result{Page: "api", Products: []Product{
				{Title: "Kabel", Price: f64(12.99), Currency: "USD", Rating: f64(4.2), Marketplace: "shop", Country: "DE", Sources: []string{"adapter"}},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract([]byte(tt.body), Options{URL: tt.url, ContentType: tt.contentType, Adapter: a})
			errs := got.Errs
			got.Errs = nil
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			// Only the list page has a value that never parses ("auf Anfrage").
			if wantErrs := strings.HasPrefix(tt.name, "list"); (len(errs) > 0) != wantErrs {
				t.Errorf("errors: %v", errs)
			}
		})
	}
}

func TestAdapterErrors(t *testing.T) {
	a := loadTestAdapter(t)
	res := Extract([]byte(`<ul class="results"><li data-id="9"><a class="title">X</a><span class="price">N/A</span></li></ul>`),
		Options{URL: "https://www.shop.example/list", Adapter: a})
	if len(res.Errs) != 1 || !strings.Contains(res.Errs[0].Error(), `adapter shop page list item 0: field price from {css=".price"} (line 25): price "N/A": no number`) {
		t.Errorf("errors = %v, want one naming item, field, selector and line", res.Errs)
	}

	// A URL no page kind matches: the generic readers still run.
	res = Extract([]byte(`<script type="application/ld+json">{"@type":"Product","name":"Z"}</script>`),
		Options{URL: "https://www.shop.example/help", Adapter: a})
	if len(res.Errs) != 1 || !strings.Contains(res.Errs[0].Error(), "no page kind matches") || len(res.Products) != 1 {
		t.Errorf("unmatched page: %v, %v", res.Products, res.Errs)
	}

	// A host the adapter does not serve.
	res = Extract([]byte(`<h1>x</h1>`), Options{URL: "https://elsewhere.example/p/1", Adapter: a})
	if len(res.Errs) == 0 || !strings.Contains(res.Errs[0].Error(), "no market for") {
		t.Errorf("foreign host: errors %v", res.Errs)
	}

	// A list page whose item selectors find nothing falls back to the
	// generic products.
	res = Extract([]byte(`<script type="application/ld+json">[{"@type":"Product","name":"A"},{"@type":"Product","name":"B"}]</script>`),
		Options{URL: "https://www.shop.example/list", Adapter: a})
	if len(res.Products) != 2 || len(res.Errs) != 1 || !strings.Contains(res.Errs[0].Error(), "no items matched") {
		t.Errorf("empty list: %v, %v", res.Products, res.Errs)
	}

	// A bad JSON API body.
	res = Extract([]byte(`{"data":`), Options{URL: "https://api.shop.example/api/x", ContentType: "application/json", Adapter: a})
	if len(res.Errs) != 1 || !strings.Contains(res.Errs[0].Error(), "read JSON page") {
		t.Errorf("bad JSON: %v", res.Errs)
	}
}

func TestResolve(t *testing.T) {
	for _, ref := range []string{"data:image/gif;base64,R0l", "javascript:void(0)", "mailto:x@y"} {
		if u, err := resolve(nil, ref); err == nil {
			t.Errorf("resolve(%q) = %q, want an error", ref, u)
		}
	}
}
