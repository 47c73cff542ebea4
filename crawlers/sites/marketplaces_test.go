package sites_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/crawlers/extract"
)

// TestOtherMarketplaces runs the eBay item, Ozon and Mercado Libre adapters
// on hand-made pages shaped like those sites' public markup (there are no
// captured pages of them in the fixtures).
func TestOtherMarketplaces(t *testing.T) {
	tests := []struct {
		file, url, page string
		want            []extract.Product
		next            []string
	}{
		{
			// Adapter selectors first; JSON-LD fills brand and GTIN.
			file: "ebay-com_item_handmade.html", url: "https://www.ebay.com/itm/256123456789", page: "item",
			want: []extract.Product{{
				Title: "Magnesia Carbon Brick MgO 97% for Ladle Lining, 10 pcs", Brand: "Yingkou Refractory",
				Seller: "yingkou-refractory", ShipsFrom: "Yingkou, Liaoning, China", Price: f64(89.99), Currency: "USD",
				SKU: "256123456789", GTIN: "6901234567892", Availability: "InStock",
				URL: "https://www.ebay.com/itm/256123456789", Image: "https://i.ebayimg.com/images/g/AbCdEfGh/s-l1600.jpg",
				Category: "Business & Industrial > Industrial Supplies", Marketplace: "ebay", Country: "US",
				Sources: []string{"adapter", "json-ld"},
			}},
		},
		{
			// "1 299 ₽" from the widget state, not the Ozon-card price.
			file: "ozon-ru_product_handmade.html", url: "https://www.ozon.ru/product/termos-arktika-1-l-148347286/", page: "product",
			want: []extract.Product{{
				Title: "Термос Арктика 1 л, нержавеющая сталь", Brand: "Арктика", Seller: "Арктика Официальный",
				Price: f64(1299), Currency: "RUB", Rating: f64(4.8), ReviewCount: 3566, SKU: "148347286", Availability: "InStock",
				URL:   "https://www.ozon.ru/product/termos-arktika-1-l-148347286/",
				Image: "https://cdn1.ozone.ru/s3/multimedia-1/6012345678.jpg", Category: "Дом и сад > Термосы",
				Marketplace: "ozon", Country: "RU", Sources: []string{"adapter", "json-ld"},
			}},
		},
		{
			file: "ozon-ru_search_handmade.html", url: "https://www.ozon.ru/search/?text=термос", page: "search",
			want: []extract.Product{
				{
					Title: "Термос Арктика 1 л, нержавеющая сталь", Price: f64(1299), Currency: "RUB", Rating: f64(4.8),
					ReviewCount: 3566, SKU: "148347286", URL: "https://www.ozon.ru/product/termos-arktika-1-l-148347286/",
					Image: "https://cdn1.ozone.ru/s3/multimedia-1/6012345678.jpg", Marketplace: "ozon", Country: "RU",
					Sources: []string{"adapter"},
				},
				{
					Title: "Термокружка Stanley 0,47 л", Price: f64(4590), Currency: "RUB", SKU: "550011223",
					URL:   "https://www.ozon.ru/product/termos-stanley-0-47-l-550011223/",
					Image: "https://cdn1.ozone.ru/s3/multimedia-2/6099999999.jpg", Marketplace: "ozon", Country: "RU",
					Sources: []string{"adapter"},
				},
			},
			next: []string{"https://www.ozon.ru/search/?text=%D1%82%D0%B5%D1%80%D0%BC%D0%BE%D1%81&page=2"},
		},
		{
			// Mexico writes "1,299"; the meta price keeps the cents.
			file: "mercadolibre-mx_product_handmade.html", url: "https://www.mercadolibre.com.mx/termo-thermos-acero-inoxidable-12-l/p/MLM15928834", page: "product",
			want: []extract.Product{{
				Title: "Termo Thermos Acero Inoxidable 1.2 L", Brand: "Thermos", Seller: "THERMOS TIENDA OFICIAL",
				Price: f64(1299.5), Currency: "MXN", Rating: f64(4.8), ReviewCount: 1234, SKU: "MLM15928834",
				Availability: "InStock",
				URL:          "https://www.mercadolibre.com.mx/termo-thermos-acero-inoxidable-12-l/p/MLM15928834",
				Image:        "https://http2.mlstatic.com/D_NQ_NP_2X_812345-MLA1234-F.webp",
				Category:     "Hogar, Muebles y Jardín > Termos", Marketplace: "mercadolibre", Country: "MX",
				Sources: []string{"adapter"},
			}},
		},
		{
			// Argentina writes "129.999" and "4,9"; list prices drop the cents.
			file: "mercadolibre-ar_search_handmade.html", url: "https://listado.mercadolibre.com.ar/termo-acero", page: "search",
			want: []extract.Product{
				{
					Title: "Termo Stanley Classic 1,4 L Acero", Brand: "STANLEY", Seller: "Stanley Tienda Oficial",
					Price: f64(129999), Currency: "ARS", Rating: f64(4.9), ReviewCount: 12345, SKU: "MLA-1234567890",
					URL:   "https://articulo.mercadolibre.com.ar/MLA-1234567890-termo-stanley-classic-14-l-_JM",
					Image: "https://http2.mlstatic.com/D_Q_NP_2X_700001-MLA5555-V.webp", Marketplace: "mercadolibre", Country: "AR",
					Sources: []string{"adapter"},
				},
				{
					Title: "Termo Genérico 1 L", ShipsFrom: "China", Price: f64(18500), Currency: "ARS", SKU: "MLA-2222222222",
					URL:         "https://articulo.mercadolibre.com.ar/MLA-2222222222-termo-generico-1-l-_JM",
					Marketplace: "mercadolibre", Country: "AR", Sources: []string{"adapter"},
				},
			},
			next: []string{"https://listado.mercadolibre.com.ar/termo-acero_Desde_51_NoIndex_True"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res := extractWith(t, readTestdata(t, tt.file), tt.url)
			if len(res.Errs) > 0 {
				t.Errorf("errors: %v", res.Errs)
			}
			if res.Page != tt.page {
				t.Errorf("page kind = %q, want %q", res.Page, tt.page)
			}
			if diff := cmp.Diff(tt.want, res.Products); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.next, res.Next); diff != "" {
				t.Errorf("next mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSearchURLs(t *testing.T) {
	r := registry(t)
	tests := []struct {
		adapter, host, keyword string
		page                   int
		want                   string
	}{
		{"ebay", "www.ebay.de", "magnesia carbon brick", 2, "https://www.ebay.de/sch/i.html?_nkw=magnesia+carbon+brick&_sop=12&_kwlnd=1&_pgn=2"},
		{"ozon", "ozon.ru", "термос", 1, "https://www.ozon.ru/search/?text=%D1%82%D0%B5%D1%80%D0%BC%D0%BE%D1%81&page=1"},
		{"mercadolibre", "mercadolibre.com.mx", "termo acero", 3, "https://listado.mercadolibre.com.mx/termo-acero_Desde_101_NoIndex_True"},
	}
	for _, tt := range tests {
		a, ok := r.Get(tt.adapter)
		if !ok {
			t.Fatalf("no adapter %s", tt.adapter)
		}
		got, err := a.SearchURL(tt.host, tt.keyword, tt.page)
		if err != nil || got != tt.want {
			t.Errorf("%s.SearchURL(%q, %q, %d) = %s, %v; want %s", tt.adapter, tt.host, tt.keyword, tt.page, got, err, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	r := registry(t)
	tests := []struct{ url, adapter, country string }{
		{"https://www.amazon.co.uk/dp/1849757097", "amazon", "GB"},
		{"https://smile.amazon.de/dp/B01", "amazon", "DE"},
		{"https://www.amazon.com.mx/dp/B01", "amazon", "MX"},
		{"https://www.ebay.de/sch/i.html?_nkw=apple", "ebay", "DE"},
		{"https://articulo.mercadolibre.com.ar/MLA-1", "mercadolibre", "AR"},
		{"https://www.ozon.ru/product/x-1/", "ozon", "RU"},
		{"https://www.overstock.com/29099468/product.html", "", ""},
	}
	for _, tt := range tests {
		a, m, ok := r.Match(tt.url)
		name := ""
		if ok {
			name = a.Name
		}
		if name != tt.adapter || m.Country != tt.country {
			t.Errorf("Match(%s) = %q %q, want %q %q", tt.url, name, m.Country, tt.adapter, tt.country)
		}
	}
}
