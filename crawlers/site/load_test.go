package site

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/crawlers/price"
)

func TestLoad(t *testing.T) {
	a, err := Load("testdata/good/shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	wantMarkets := []Market{
		{Host: "shop.example", Country: "DE", Language: "de-DE", Locale: price.Locale{Decimal: ',', Currency: "EUR", Region: "DE"}},
		{Host: "shop.example.co.uk", Country: "GB", Language: "en-GB", Locale: price.Locale{Decimal: '.', Currency: "GBP", Region: "GB"}},
	}
	if diff := cmp.Diff(wantMarkets, a.Markets); diff != "" {
		t.Errorf("markets mismatch (-want +got):\n%s", diff)
	}
	wantPol := Politeness{Delay: 3 * time.Second, RandomDelay: time.Second, Parallelism: 2}
	if diff := cmp.Diff(wantPol, a.Politeness); diff != "" {
		t.Errorf("politeness mismatch (-want +got):\n%s", diff)
	}
	if len(a.Pages) != 2 {
		t.Fatalf("got %d pages, want 2", len(a.Pages))
	}
	prod, search := a.Pages[0], a.Pages[1]
	if got := len(prod.Fields[Price]); got != 2 {
		t.Errorf("product price has %d alternatives, want 2", got)
	}
	if s := prod.Fields[Price][1]; s.Regex == nil || s.Regex.String() != `([\d.,]+)` || s.Line != 26 {
		t.Errorf("product price[1] = %v line %d, want regex on line 26", s, s.Line)
	}
	if s := prod.Fields[SKU][0]; s.JSON == nil || s.JSON.String() != "product.id" {
		t.Errorf("product sku = %v, want json path product.id", s)
	}
	if s := search.Fields[Category][0]; !s.FromPage {
		t.Errorf("search category: FromPage = false, want true")
	}
	if s := search.Fields[Title][0]; s.Drop != ".badge" || s.DropMatcher() == nil || s.Matcher() == nil {
		t.Errorf("search title = %v, want compiled css and drop", s)
	}
	if rv := prod.Reviews; rv == nil || len(rv.Items) != 1 || len(rv.Fields[ReviewDate]) != 2 || rv.Fields[ReviewLang][0].Attr != "lang" {
		t.Errorf("product reviews = %+v, want items, two date selectors and lang from an attribute", rv)
	}
	if search.Reviews != nil {
		t.Errorf("search page has reviews %+v", search.Reviews)
	}
	if len(search.Items) != 1 || len(search.Next) != 1 || len(search.Follow) != 1 {
		t.Errorf("search page: items %d next %d follow %d, want 1 each", len(search.Items), len(search.Next), len(search.Follow))
	}
}

func TestAdapterPageAndSearchURL(t *testing.T) {
	a, err := Load("testdata/good/shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ url, want string }{
		{"https://www.shop.example/p/123", "product"},
		{"https://www.shop.example/search/x?q=x", "search"},
		{"https://www.shop.example/help", ""},
	} {
		u, _ := url.Parse(tt.url)
		p, ok := a.Page(u)
		got := ""
		if ok {
			got = p.Name
		}
		if got != tt.want {
			t.Errorf("Page(%s) = %q, want %q", tt.url, got, tt.want)
		}
	}
	got, err := a.SearchURL("www.shop.example", "magnesia carbon brick", 3)
	if err != nil {
		t.Fatal(err)
	}
	want := "https://www.shop.example/search/magnesia-carbon-brick?q=magnesia+carbon+brick&p=3&from=97"
	if got != want {
		t.Errorf("SearchURL = %s, want %s", got, want)
	}
	for _, bad := range []struct {
		host, kw string
		page     int
	}{{"nowhere.example", "x", 1}, {"shop.example", " ", 1}, {"shop.example", "x", 0}} {
		if _, err := a.SearchURL(bad.host, bad.kw, bad.page); err == nil {
			t.Errorf("SearchURL(%q, %q, %d) succeeded, want an error", bad.host, bad.kw, bad.page)
		}
	}
	rules := a.LimitRules()
	if len(rules) != 2 || rules[0].DomainRegexp != `(^|\.)shop\.example$` || rules[0].Delay != 3*time.Second || rules[0].Parallelism != 2 {
		t.Errorf("LimitRules()[0] = %+v", rules[0])
	}
	if err := rules[0].Init(); err != nil {
		t.Errorf("colly rejects the rule: %v", err)
	}
}

// TestParseErrors checks that each mistake is reported with the file, line,
// column and the setting's path.
func TestParseErrors(t *testing.T) {
	const head = "name: bad\nmarkets:\n  - {host: bad.example, country: US, locale: en-US}\n"
	tests := []struct {
		name, yaml string
		want       []string // substrings of the error, in order
	}{
		{"unknown top-level key", head + "pagez: []\n", []string{"bad.yaml:4:1: pagez: unknown key"}},
		{"unknown field", head + "pages:\n  - name: p\n    urls: ['.']\n    fields:\n      prize: .price\n",
			[]string{"bad.yaml:8:7: pages[0].fields.prize: unknown key (known: title, brand"}},
		{"bad regex", head + "pages:\n  - name: p\n    urls: ['.']\n    fields:\n      price: {css: .p, regex: '([0-9]'}\n",
			[]string{"bad.yaml:8:31: pages[0].fields.price.regex: bad regular expression"}},
		{"two capture groups", head + "pages:\n  - name: p\n    urls: ['.']\n    fields:\n      price: {css: .p, regex: '(a)(b)'}\n",
			[]string{"pages[0].fields.price.regex: \"(a)(b)\" has 2 capture groups"}},
		{"bad css in a list", head + "pages:\n  - name: p\n    urls: ['.']\n    fields:\n      title:\n        - h1\n        - 'div[[['\n",
			[]string{"bad.yaml:10:11: pages[0].fields.title[1]: bad CSS selector"}},
		{"bad json path", head + "pages:\n  - name: p\n    urls: ['.']\n    fields:\n      sku: {json: 'a..b'}\n",
			[]string{"bad.yaml:8:19: pages[0].fields.sku.json: json path"}},
		{"unknown selector key", head + "pages:\n  - name: p\n    urls: ['.']\n    fields:\n      sku: {cs: x}\n",
			[]string{"bad.yaml:8:12: pages[0].fields.sku: empty selector", "bad.yaml:8:13: pages[0].fields.sku.cs: unknown key"}},
		{"bad url pattern", head + "pages:\n  - name: p\n    urls: ['(']\n    fields: {title: h1}\n",
			[]string{"bad.yaml:6:12: pages[0].urls[0]: bad regular expression"}},
		{"next without items", head + "pages:\n  - name: p\n    urls: ['.']\n    next: a.next\n    fields: {title: h1}\n",
			[]string{"bad.yaml:7:11: pages[0].next: only list pages"}},
		{"unknown review field", head + "pages:\n  - name: p\n    urls: ['.']\n    fields: {title: h1}\n    reviews:\n      items: li.review\n      fields:\n        body: p\n        stars: {css: '.s', regex: '(('}\n",
			[]string{"bad.yaml:11:9: pages[0].reviews.fields.body: unknown key (known: author, rating, title, text, lang, date)", "bad.yaml:11:9: pages[0].reviews.fields: want at least text or rating", "bad.yaml:12:9: pages[0].reviews.fields.stars: unknown key"}},
		{"bad review selector", head + "pages:\n  - name: p\n    urls: ['.']\n    fields: {title: h1}\n    reviews:\n      fields:\n        text: p\n        date: {css: '.d', regex: '(a)(b)'}\n",
			[]string{"bad.yaml:9:7: pages[0].reviews.items: missing", "bad.yaml:11:34: pages[0].reviews.fields.date.regex: \"(a)(b)\" has 2 capture groups"}},
		{"reviews on a list page", head + "pages:\n  - name: p\n    urls: ['.']\n    items: li\n    fields: {title: h1}\n    reviews: {items: li.r, fields: {text: p}}\n",
			[]string{"bad.yaml:9:14: pages[0].reviews: only product pages"}},
		{"missing pages", head, []string{"bad.yaml:1:1: pages: missing"}},
		{"bad market", "name: bad\nmarkets:\n  - {host: 'http://x', country: Germany, locale: 'xx-!!'}\npages: []\n",
			[]string{"bad.yaml:3:12: markets[0].host", "bad.yaml:3:33: markets[0].country", "bad.yaml:3:50: markets[0].locale", "bad.yaml:4:8: pages: want a list"}},
		{"bad politeness", head + "politeness: {delay: fast, parallelism: 0}\npages: [{name: p, urls: ['.'], fields: {title: h1}}]\n",
			[]string{"bad.yaml:4:21: politeness.delay: \"fast\"", "bad.yaml:4:40: politeness.parallelism"}},
		{"search without keyword", head + "search: {url: 'https://{host}/s'}\npages: [{name: p, urls: ['.'], fields: {title: h1}}]\n",
			[]string{"bad.yaml:4:15: search.url: \"https://{host}/s\" has no {keyword}"}},
		{"bad name", "name: Bad Name\n" + head[len("name: bad\n"):] + "pages: [{name: p, urls: ['.'], fields: {title: h1}}]\n",
			[]string{"bad.yaml:1:7: name: \"Bad Name\""}},
		{"not yaml", "name: [\n", []string{"bad.yaml: yaml:"}},
		{"empty", "", []string{"bad.yaml: empty adapter file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			msg := err.Error()
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("error\n%s\ndoes not contain (in order) %q", msg, w)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

func TestRegistry(t *testing.T) {
	r, err := LoadDir("testdata/good")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ url, adapter, host string }{
		{"https://www.shop.example/p/1", "shop", "shop.example"},
		{"https://shop.example.co.uk/p/1", "shop", "shop.example.co.uk"},
		{"https://WWW.OTHER.EXAMPLE:8443/x", "other", "other.example"},
		{"https://notshop.example/p/1", "", ""},
		{"https://example/p/1", "", ""},
		{"not a url", "", ""},
	}
	for _, tt := range tests {
		a, m, ok := r.Match(tt.url)
		name := ""
		if ok {
			name = a.Name
		}
		if name != tt.adapter || m.Host != tt.host {
			t.Errorf("Match(%q) = %q, %q; want %q, %q", tt.url, name, m.Host, tt.adapter, tt.host)
		}
	}
	if _, ok := r.Get("other"); !ok {
		t.Error(`Get("other") found nothing`)
	}
}

func TestRegistryDuplicates(t *testing.T) {
	a, err := Load("testdata/good/shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewRegistry(a, a); err == nil || !strings.Contains(err.Error(), `adapter name "shop" already used`) {
		t.Errorf("NewRegistry(a, a) error = %v, want a duplicate-name error", err)
	}
	if _, err := LoadDir("testdata/nonexistent"); err == nil {
		t.Error("LoadDir of a missing folder succeeded")
	}
}
