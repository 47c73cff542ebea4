package sites_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/crawlers/extract"
)

// TestAmazonProductFixtures reads real Amazon product pages and checks the
// values a person reads on them.
func TestAmazonProductFixtures(t *testing.T) {
	tests := []struct {
		file, url string
		want      extract.Product
	}{
		{
			file: "pages/amazon-com_product_B07G2L3JMM_lighting_metascraper-shopping.html",
			url:  "https://www.amazon.com/dp/B07G2L3JMM",
			want: extract.Product{
				Title:        "Modern LED Wall Sconce Lighting Fixture Lamps 7W Warm White 2700K Up and Down Indoor Plaster Wall Lamps for Living Room Bedroom Hallway Conservatory Home Room Decor(with G9 Bulbs Not Dimmable)",
				Brand:        "ChangM",
				Seller:       "Direct ChangM",
				Price:        f64(29.99),
				Currency:     "USD",
				Rating:       f64(4.4),
				ReviewCount:  82,
				SKU:          "B07G2L3JMM",
				Availability: "InStock",
				URL:          "https://www.amazon.com/Lighting-Fixture-Plaster-Conservatory-Dimmable/dp/B07G2L3JMM",
				Image:        "https://images-na.ssl-images-amazon.com/images/I/71mo6NjnxaL._AC_SL1500_.jpg",
				Category:     "Tools & Home Improvement",
				SalesRank:    14233,
				Marketplace:  "amazon",
				Country:      "US",
				Sources:      []string{"adapter"},
			},
		},
		{
			// A hardcover sold used only: the buy box shows "Buy used £4.45".
			file: "pages/amazon-co-uk_product_9781849757096_metascraper.html",
			url:  "https://www.amazon.co.uk/dp/1849757097",
			want: extract.Product{
				Title:       "Vegetable Perfection: 100 delicious recipes for roots, bulbs, shoots and stems",
				Brand:       "Mat Follas",
				Seller:      "Goldstone-Books",
				Price:       f64(4.45),
				Currency:    "GBP",
				Rating:      f64(4.4),
				ReviewCount: 16,
				SKU:         "1849757097",
				GTIN:        "9781849757096",
				URL:         "https://www.amazon.co.uk/Vegetable-Perfection-delicious-recipes-shoots/dp/1849757097",
				Image:       "https://m.media-amazon.com/images/I/91EpHNSPFnL._SL1500_.jpg",
				Category:    "Food & Drink > Quick & Easy Meals",
				SalesRank:   929084,
				Marketplace: "amazon",
				Country:     "GB",
				Sources:     []string{"adapter"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			res := extractWith(t, readFixture(t, tt.file), tt.url)
			if len(res.Errs) > 0 {
				t.Errorf("errors: %v", res.Errs)
			}
			if res.Page != "product" {
				t.Errorf("page kind = %q, want product", res.Page)
			}
			if len(res.Products) != 1 {
				t.Fatalf("got %d products, want 1", len(res.Products))
			}
			if diff := cmp.Diff(tt.want, res.Products[0]); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAmazonBestsellersFixture reads the real amazon.de best-seller list:
// 30 products in German number format.
func TestAmazonBestsellersFixture(t *testing.T) {
	res := extractWith(t, readFixture(t, "pages/amazon-de_bestsellers_electronics_parsy.html"), "https://www.amazon.de/gp/bestsellers/ce-de")
	if len(res.Errs) > 0 {
		t.Errorf("errors: %v", res.Errs)
	}
	if res.Page != "bestsellers" {
		t.Errorf("page kind = %q, want bestsellers", res.Page)
	}
	if len(res.Products) != 30 {
		t.Fatalf("got %d products, want 30", len(res.Products))
	}
	for i, p := range res.Products {
		if p.Title == "" || p.Price == nil || p.Currency != "EUR" || p.Rating == nil || p.ReviewCount == 0 ||
			p.SalesRank != i+1 || len(p.SKU) != 10 || !strings.HasPrefix(p.URL, "https://www.amazon.de/") ||
			p.Category != "Elektronik & Foto" || p.Country != "DE" {
			t.Errorf("product %d incomplete: %+v", i, p)
		}
	}
	want := []extract.Product{
		{
			Title: "Der neue Echo Dot (5. Generation, 2022) | Smarter Lautsprecher mit Alexa | Anthrazit",
			Price: f64(24.99), Currency: "EUR", Rating: f64(4.4), ReviewCount: 558, SKU: "B09B8X9RGM",
			URL:      "https://www.amazon.de/echo-dot-2022/dp/B09B8X9RGM",
			Image:    "https://images-eu.ssl-images-amazon.com/images/I/71C3lbbeLsL._AC_UL300_SR300,200_.jpg",
			Category: "Elektronik & Foto", SalesRank: 1, Marketplace: "amazon", Country: "DE", Sources: []string{"adapter"},
		},
		{
			// "4,7 von 5 Sternen", "92.284" ratings.
			Title: "Fire TV Stick mit Alexa-Sprachfernbedienung (mit TV-Steuerungstasten) | HD-Streaminggerät",
			Price: f64(19.99), Currency: "EUR", Rating: f64(4.7), ReviewCount: 92284, SKU: "B08C1KN5J2",
			URL:      "https://www.amazon.de/fire-tv-stick-mit-alexa-sprachfernbedienung/dp/B08C1KN5J2",
			Image:    "https://images-eu.ssl-images-amazon.com/images/I/811OG1FsNFL._AC_UL300_SR300,200_.jpg",
			Category: "Elektronik & Foto", SalesRank: 2, Marketplace: "amazon", Country: "DE", Sources: []string{"adapter"},
		},
	}
	if diff := cmp.Diff(want, res.Products[:2]); diff != "" {
		t.Errorf("first products mismatch (-want +got):\n%s", diff)
	}
	// "2 Angebote ab 47,58 €": the price, not the offer count.
	if p := res.Products[13]; p.Title != "Neu Apple AirTag" || *p.Price != 47.58 || p.ReviewCount != 47172 {
		t.Errorf("product 14 = %q %v %d, want Neu Apple AirTag 47.58 47172", p.Title, *p.Price, p.ReviewCount)
	}
	if *res.Products[2].Price != 13.28 || res.Products[2].ReviewCount != 525771 {
		t.Errorf("product 3 price %v reviews %d, want 13.28 and 525771", *res.Products[2].Price, res.Products[2].ReviewCount)
	}
	if len(res.Next) != 1 || res.Next[0] != "https://www.amazon.de/gp/bestsellers/ce-de/ref=zg_bs_pg_2?ie=UTF8&pg=2" {
		t.Errorf("next = %v, want page 2", res.Next)
	}
	if len(res.Follow) != 30 || res.Follow[0] != "https://www.amazon.de/echo-dot-2022/dp/B09B8X9RGM" {
		t.Errorf("follow: %d links, first %v; want 30 product links", len(res.Follow), res.Follow)
	}
}

// TestAmazonHandmade runs the adapter on hand-made pages shaped like
// Amazon's markup in other storefronts and page variants: Spanish and
// German number formats, Japanese, a Kindle edition, a search page.
func TestAmazonHandmade(t *testing.T) {
	tests := []struct {
		file, url, page string
		want            []extract.Product
		next            []string
	}{
		{
			file: "amazon-es_product_handmade.html", url: "https://www.amazon.es/dp/B08CZ8VQ3J", page: "product",
			want: []extract.Product{{
				Title: "Cecotec Freidora sin Aceite Cecofry Full Inox 5500 Pro, 1700 W, 5,5 L", Brand: "Cecotec",
				Seller: "Cecotec Oficial", ShipsFrom: "Amazon", Price: f64(1059.90), Currency: "EUR",
				Rating: f64(4.1), ReviewCount: 5182, SKU: "B08CZ8VQ3J", GTIN: "8435484080204", Availability: "InStock",
				URL:      "https://www.amazon.es/Cecotec-Freidora-Cecofry-Full-Inox/dp/B08CZ8VQ3J",
				Image:    "https://m.media-amazon.com/images/I/71aBcDeFgHL._AC_SL1500_.jpg",
				Category: "Hogar y cocina > Freidoras", SalesRank: 1234, Marketplace: "amazon", Country: "ES",
				Sources: []string{"adapter"},
			}},
		},
		{
			file: "amazon-co-jp_product_handmade.html", url: "https://www.amazon.co.jp/dp/B07QXYV1QX", page: "product",
			want: []extract.Product{{
				Title: "アイリスオーヤマ 電気ケトル 1.0L ブラック IKE-C1000-B", Brand: "アイリスオーヤマ(IRIS OHYAMA)",
				Seller: "アイリスオーヤマ公式", Price: f64(1980), Currency: "JPY", Rating: f64(4.3), ReviewCount: 12345,
				SKU: "B07QXYV1QX", Availability: "InStock", URL: "https://www.amazon.co.jp/dp/B07QXYV1QX",
				SalesRank: 1234, Marketplace: "amazon", Country: "JP", Sources: []string{"adapter"},
			}},
		},
		{
			file: "amazon-de_kindle_handmade.html", url: "https://www.amazon.de/dp/B07NRVD3BD", page: "product",
			want: []extract.Product{{
				Title: "Der Gesang der Flusskrebse: Roman", Brand: "Delia Owens", Price: f64(9.99), Currency: "EUR",
				Rating: f64(4.6), ReviewCount: 5182, SKU: "B07NRVD3BD",
				URL:   "https://www.amazon.de/Gesang-Flusskrebse-Roman-Delia-Owens-ebook/dp/B07NRVD3BD",
				Image: "https://m.media-amazon.com/images/I/81xYzAbCdEL._SY346_.jpg", Category: "Kindle-Shop",
				SalesRank: 1234, Marketplace: "amazon", Country: "DE", Sources: []string{"adapter"},
			}},
		},
		{
			file: "amazon-com_search_handmade.html", url: "https://www.amazon.com/s?k=wall+sconce", page: "search",
			want: []extract.Product{
				{
					Title: "Modern LED Wall Sconce Lighting Fixture Lamps 7W Warm White 2700K", Price: f64(29.99), Currency: "USD",
					Rating: f64(4.4), ReviewCount: 82, SKU: "B07G2L3JMM",
					URL:   "https://www.amazon.com/Lighting-Fixture-Plaster-Conservatory-Dimmable/dp/B07G2L3JMM",
					Image: "https://m.media-amazon.com/images/I/71mo6NjnxaL._AC_UL320_.jpg", Marketplace: "amazon", Country: "US",
					Sources: []string{"adapter"},
				},
				{
					Title: "LEPOWER Wall Sconces Set of 2", Price: f64(18.99), Currency: "USD", Rating: f64(4.2), ReviewCount: 1200,
					SKU: "B0CJ1K2L3M", URL: "https://www.amazon.com/LEPOWER-Sconces/dp/B0CJ1K2L3M",
					Image:       "https://m.media-amazon.com/images/I/61qRsTuVwXL._AC_UL320_.jpg",
					Marketplace: "amazon", Country: "US", Sources: []string{"adapter"},
				},
			},
			next: []string{"https://www.amazon.com/s?k=wall+sconce&page=2&qid=1700000000&ref=sr_pg_1"},
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

func TestAmazonSearchURL(t *testing.T) {
	a, _ := registry(t).Get("amazon")
	got, err := a.SearchURL("www.amazon.co.jp", "氧化镁 magnesia", 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://www.amazon.co.jp/s?k=%E6%B0%A7%E5%8C%96%E9%95%81+magnesia&page=2"; got != want {
		t.Errorf("SearchURL = %s, want %s", got, want)
	}
}
