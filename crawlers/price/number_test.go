package price

import (
	"errors"
	"testing"
)

func TestCount(t *testing.T) {
	tests := []struct {
		in   string
		loc  Locale
		want int
	}{
		{"5.182 valoraciones", es, 5182},
		{"82 ratings", us, 82},
		{"1,234 global ratings", us, 1234},
		{"1,234 global ratings", de, 1234}, // a count has no decimals, whatever the locale
		{"92.284", de, 92284},
		{"16 ratings", us, 16},
		{"#14,233 in Tools & Home Improvement", us, 14233},
		{"Nr. 5.432 in Küche", de, 5432},
		{"- 12,345位家電＆カメラ", jp, 12345},
		{"1 234 отзыва", ru, 1234},
		{"(1.2K)", us, 1200},
		{"3,4 mil valoraciones", es, 3400},
		{"1.2万件", jp, 12000},
		{"41 Produktbewertungen - Apple MacBook Air 13\" (2020)", de, 41},
		{"1,234.00", us, 1234},
	}
	for _, tt := range tests {
		got, err := Count(tt.in, tt.loc)
		if err != nil || got != tt.want {
			t.Errorf("Count(%q, %v) = %d, %v; want %d", tt.in, tt.loc, got, err, tt.want)
		}
	}
}

func TestCountErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"no ratings yet", ErrNoNumber},
		{"4,5", ErrMalformed},
		{"-3 ratings", ErrNegative},
		{"99999999999999999999", ErrOutOfRange},
	}
	for _, tt := range tests {
		if _, err := Count(tt.in, us); !errors.Is(err, tt.want) {
			t.Errorf("Count(%q) error = %v, want %v", tt.in, err, tt.want)
		}
	}
}

func TestRating(t *testing.T) {
	tests := []struct {
		in   string
		loc  Locale
		want float64
	}{
		{"4,1 de 5 estrellas", es, 4.1},
		{"4,4 von 5 Sternen", de, 4.4},
		{"4.4 out of 5 stars", us, 4.4},
		{"4.4 4.4 out of 5 stars", us, 4.4},
		{"5.0 von 5 Sternen.", de, 5}, // eBay.de writes a point
		{"5つ星のうち4.4", jp, 4.4},
		{"5 yıldız üzerinden 4,4", Locale{Decimal: ','}, 4.4},
		{"8.6/10", us, 4.3},
		{"4.4 (82)", us, 4.4}, // 82 is a count, not a scale
		{"4.8", Locale{}, 4.8},
	}
	for _, tt := range tests {
		got, err := Rating(tt.in, tt.loc)
		if err != nil || got != tt.want {
			t.Errorf("Rating(%q, %v) = %v, %v; want %v", tt.in, tt.loc, got, err, tt.want)
		}
	}
}

func TestRatingErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"Be the first to review", ErrNoNumber},
		{"7 stars", ErrOutOfRange},
		{"6 out of 5", ErrOutOfRange},
	}
	for _, tt := range tests {
		if _, err := Rating(tt.in, us); !errors.Is(err, tt.want) {
			t.Errorf("Rating(%q) error = %v, want %v", tt.in, err, tt.want)
		}
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		in   string
		loc  Locale
		want float64
	}{
		{"1.234,5", Locale{}, 1234.5},
		{"1,234.5", Locale{}, 1234.5},
		{"1,234", us, 1234},
		{"1,234", de, 1.234},
		{"1.234", Locale{}, 1234},
		{"12,5 cm", de, 12.5},
	}
	for _, tt := range tests {
		got, err := Number(tt.in, tt.loc)
		if err != nil || got != tt.want {
			t.Errorf("Number(%q, %v) = %v, %v; want %v", tt.in, tt.loc, got, err, tt.want)
		}
	}
}
