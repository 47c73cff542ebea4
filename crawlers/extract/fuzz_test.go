package extract

import (
	"math"
	"testing"
)

// FuzzJSONLD feeds arbitrary JSON-LD blocks through the page extractor.
// The seed corpus is in testdata/fuzz/FuzzJSONLD. Extraction must never
// panic, and every price and rating it returns must be a real, in-range
// number.
func FuzzJSONLD(f *testing.F) {
	f.Add(`{"@type":"Product","name":"A","offers":{"price":"1.5","priceCurrency":"USD"}}`)
	f.Fuzz(func(t *testing.T, block string) {
		page := []byte(`<html><head><script type="application/ld+json">` + block + `</script></head></html>`)
		products, _ := Page(page, "https://shop.example/p/1", nil)
		for _, p := range products {
			if p.Price != nil && (*p.Price < 0 || math.IsNaN(*p.Price) || math.IsInf(*p.Price, 0)) {
				t.Fatalf("price %v from %q", *p.Price, block)
			}
			if p.PriceMax != nil && (p.Price == nil || *p.PriceMax < *p.Price) {
				t.Fatalf("price max %v without a lower price from %q", *p.PriceMax, block)
			}
			if p.Rating != nil && (*p.Rating < 0 || *p.Rating > 5) {
				t.Fatalf("rating %v from %q", *p.Rating, block)
			}
			if p.ReviewCount < 0 {
				t.Fatalf("review count %d from %q", p.ReviewCount, block)
			}
		}
	})
}
