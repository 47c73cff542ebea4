package site

import (
	"net/url"
	"testing"
)

func TestSearchOf(t *testing.T) {
	tests := []struct {
		name, tmpl     string
		pageSize, base int
		url            string
		kw             string
		page           int
		ok             bool
	}{
		{"query params", "https://{host}/de/search?q={keyword}&page={page}", 0, 0, "https://uebungsmarkt.de/de/search?q=magnesium+oxide&page=2", "magnesium oxide", 2, true},
		{"params in another order, extra ones", "https://{host}/de/search?q={keyword}&page={page}", 0, 0, "https://uebungsmarkt.de/de/search?day=3&page=4&q=Magnesia", "Magnesia", 4, true},
		{"no page means page 1", "https://{host}/de/search?q={keyword}&page={page}", 0, 0, "https://uebungsmarkt.de/de/search?q=%E6%B0%A7%E5%8C%96%E9%95%81", "氧化镁", 1, true},
		{"another path", "https://{host}/de/search?q={keyword}&page={page}", 0, 0, "https://uebungsmarkt.de/de/item/123?q=x", "", 0, false},
		{"no keyword", "https://{host}/de/search?q={keyword}&page={page}", 0, 0, "https://uebungsmarkt.de/de/search?page=2", "", 0, false},
		{"bad page", "https://{host}/de/search?q={keyword}&page={page}", 0, 0, "https://uebungsmarkt.de/de/search?q=x&page=0", "", 0, false},
		{"subdomain host", "https://www.{host}/s?k={keyword}&page={page}", 0, 0, "https://www.amazon.de/s?k=magnesia&page=3&ref=sr_pg_3", "magnesia", 3, true},
		{"path and offset", "https://listado.{host}/{keywordPath}_Desde_{offset}_NoIndex_True", 50, 1, "https://listado.mercadolibre.com.ar/oxido-de-magnesio_Desde_101_NoIndex_True", "oxido de magnesio", 3, true},
		{"path that does not match", "https://listado.{host}/{keywordPath}_Desde_{offset}_NoIndex_True", 50, 1, "https://articulo.mercadolibre.com.ar/MLA-123", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Adapter{Name: "x", Search: Search{URL: tt.tmpl, PageSize: tt.pageSize, OffsetBase: tt.base}}
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			kw, page, ok := a.SearchOf(u)
			if ok != tt.ok || kw != tt.kw || page != tt.page {
				t.Errorf("SearchOf(%s) = %q, %d, %v; want %q, %d, %v", tt.url, kw, page, ok, tt.kw, tt.page, tt.ok)
			}
		})
	}
	// Round trip: what SearchURL builds, SearchOf reads back.
	a := &Adapter{Name: "x", Markets: []Market{{Host: "amazon.de"}}, Search: Search{URL: "https://www.{host}/s?k={keyword}&page={page}"}}
	raw, err := a.SearchURL("amazon.de", "magnesia carbon brick", 5)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(raw)
	if kw, page, ok := a.SearchOf(u); !ok || kw != "magnesia carbon brick" || page != 5 {
		t.Errorf("round trip of %s: %q, %d, %v", raw, kw, page, ok)
	}
}
