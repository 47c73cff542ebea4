package sites_test

import (
	"bytes"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/crawlers/extract"
)

// TestEbaySearchFixture reads the real ebay.de search page. Of its 64
// `ul.srp-results > li`, 60 are result listings ("Artikel pro Seite: 60");
// the other four are a sponsored refurbished carousel, related searches, a
// feedback note and the pagination. The adapter returns the 60 listings.
func TestEbaySearchFixture(t *testing.T) {
	body := readFixture(t, "pages/ebay-de_search_apple_parsy.html")
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if n := doc.Find("ul.srp-results > li").Length(); n != 64 {
		t.Fatalf("fixture has %d ul.srp-results > li, want 64", n)
	}

	res := extractWith(t, body, "https://www.ebay.de/sch/i.html?_nkw=apple")
	if len(res.Errs) > 0 {
		t.Errorf("errors: %v", res.Errs)
	}
	if len(res.Products) != 60 {
		t.Fatalf("got %d products, want 60", len(res.Products))
	}
	for i, p := range res.Products {
		if p.Title == "" || p.Price == nil || *p.Price <= 0 || p.Currency != "EUR" || p.SKU == "" || p.URL == "" {
			t.Errorf("product %d incomplete: %+v", i, p)
		}
	}
	want := []extract.Product{
		{
			Title: "3x 2m Ladekabel NYLON für Original iPhone 6 7 8 11 12 X XS XR Pro Max USB Apple",
			Price: f64(10.79), Currency: "EUR", SKU: "144278067683", URL: "https://www.ebay.de/itm/144278067683",
			Image:       "https://i.ebayimg.com/thumbs/images/g/MMcAAOSwYLBjfqw~/s-l225.webp",
			Marketplace: "ebay", Country: "DE", Sources: []string{"adapter"},
		},
	}
	if diff := cmp.Diff(want, res.Products[:1]); diff != "" {
		t.Errorf("first product mismatch (-want +got):\n%s", diff)
	}
	tests := []struct {
		i           int
		title       string
		price, max  float64
		rating      float64
		reviewCount int
	}{
		// The "Neues Angebot" badge is not part of the title; "EUR 152,00".
		{4, `Apple MacBook Pro 15" A1398, 16GB/256GB - MJLQ2D/A - OVP - Juni 2015 - Silber`, 152, 0, 4.5, 15},
		// "EUR 1.049,00"
		{8, `Apple MacBook Pro 13,3" 2020 M1/8/256 GB Touchbar Space Grau MYD82D/A`, 1049, 0, 5, 16},
		// "EUR 234,95 bis EUR 269,95": a range, the low end is the price.
		{15, "Apple iPad 2018 6 Generation 9,7 Zoll A1954 Wi-Fi Wlan Cellular 128GB - wie Neu", 234.95, 269.95, 0, 0},
	}
	for _, tt := range tests {
		p := res.Products[tt.i]
		var gotMax, gotRating float64
		if p.PriceMax != nil {
			gotMax = *p.PriceMax
		}
		if p.Rating != nil {
			gotRating = *p.Rating
		}
		if p.Title != tt.title || *p.Price != tt.price || gotMax != tt.max || gotRating != tt.rating || p.ReviewCount != tt.reviewCount {
			t.Errorf("product %d = %q %v-%v rating %v (%d); want %q %v-%v rating %v (%d)", tt.i,
				p.Title, *p.Price, gotMax, gotRating, p.ReviewCount, tt.title, tt.price, tt.max, tt.rating, tt.reviewCount)
		}
	}
	if len(res.Next) != 1 || res.Next[0] != "https://www.ebay.de/sch/i.html?_from=R40&_nkw=apple&_sacat=58058&_pgn=2" {
		t.Errorf("next = %v, want page 2", res.Next)
	}
}
