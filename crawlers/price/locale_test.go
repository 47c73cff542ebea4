package price

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNewLocale(t *testing.T) {
	tests := []struct {
		tag, cur string
		want     Locale
	}{
		{"en-US", "", Locale{Decimal: '.', Currency: "USD", Region: "US"}},
		{"de-DE", "", Locale{Decimal: ',', Currency: "EUR", Region: "DE"}},
		{"es-ES", "EUR", Locale{Decimal: ',', Currency: "EUR", Region: "ES"}},
		{"es-MX", "", Locale{Decimal: '.', Currency: "MXN", Region: "MX"}},
		{"es-AR", "", Locale{Decimal: ',', Currency: "ARS", Region: "AR"}},
		{"de-CH", "", Locale{Decimal: '.', Currency: "CHF", Region: "CH"}},
		{"ja-JP", "JPY", Locale{Decimal: '.', Currency: "JPY", Region: "JP"}},
		{"ru-RU", "", Locale{Decimal: ',', Currency: "RUB", Region: "RU"}},
		{"pt-BR", "", Locale{Decimal: ',', Currency: "BRL", Region: "BR"}},
		{"en-GB", "gbp", Locale{Decimal: '.', Currency: "GBP", Region: "GB"}},
	}
	for _, tt := range tests {
		got, err := NewLocale(tt.tag, tt.cur)
		if err != nil {
			t.Errorf("NewLocale(%q, %q): %v", tt.tag, tt.cur, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("NewLocale(%q, %q) mismatch (-want +got):\n%s", tt.tag, tt.cur, diff)
		}
	}
	for _, bad := range [][2]string{{"not a tag!", ""}, {"en-US", "XYZW"}} {
		if _, err := NewLocale(bad[0], bad[1]); err == nil {
			t.Errorf("NewLocale(%q, %q) succeeded, want an error", bad[0], bad[1])
		}
	}
}
