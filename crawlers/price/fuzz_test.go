package price

import (
	"math"
	"testing"
)

// The seed corpus lives in testdata/fuzz/<target>/; `go test` runs it as
// ordinary tests, `go test -fuzz=FuzzParsePrice` explores from it.

func fuzzLocale(comma bool) Locale {
	if comma {
		return de
	}
	return us
}

func FuzzParsePrice(f *testing.F) {
	for _, s := range []string{"1.234,56 €", "¥1,299", "US $12.99", "1 299 ₽", "EUR 234,95 bis EUR 269,95"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		p, err := Parse(s, fuzzLocale(comma))
		if err != nil {
			return
		}
		if p.Amount < 0 || math.IsNaN(p.Amount) || math.IsInf(p.Amount, 0) {
			t.Fatalf("Parse(%q) amount = %v", s, p.Amount)
		}
		if p.Max != 0 && p.Max < p.Amount {
			t.Fatalf("Parse(%q) max %v below amount %v", s, p.Max, p.Amount)
		}
		if len(p.Currency) != 3 {
			t.Fatalf("Parse(%q) currency = %q, want an ISO code", s, p.Currency)
		}
	})
}

func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"5.182 valoraciones", "1,234 global ratings", "(1.2K)", "#14,233 in Tools"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		n, err := Count(s, fuzzLocale(comma))
		if err == nil && n < 0 {
			t.Fatalf("Count(%q) = %d", s, n)
		}
	})
}

func FuzzParseRating(f *testing.F) {
	for _, s := range []string{"4,1 de 5 estrellas", "4.4 out of 5 stars", "5つ星のうち4.4"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		r, err := Rating(s, fuzzLocale(comma))
		if err == nil && (r < 0 || r > 5 || math.IsNaN(r)) {
			t.Fatalf("Rating(%q) = %v", s, r)
		}
	})
}
