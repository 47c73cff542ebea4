package price

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	us = Locale{Decimal: '.', Currency: "USD", Region: "US"}
	de = Locale{Decimal: ',', Currency: "EUR", Region: "DE"}
	es = Locale{Decimal: ',', Currency: "EUR", Region: "ES"}
	jp = Locale{Decimal: '.', Currency: "JPY", Region: "JP"}
	cn = Locale{Decimal: '.', Currency: "CNY", Region: "CN"}
	ru = Locale{Decimal: ',', Currency: "RUB", Region: "RU"}
	mx = Locale{Decimal: '.', Currency: "MXN", Region: "MX"}
	ar = Locale{Decimal: ',', Currency: "ARS", Region: "AR"}
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		loc  Locale
		want Price
	}{
		{"1.234,56 €", de, Price{Amount: 1234.56, Currency: "EUR"}},
		{"24,99\u00a0€", de, Price{Amount: 24.99, Currency: "EUR"}},
		{"¥1,299", jp, Price{Amount: 1299, Currency: "JPY"}},
		{"¥1,299", cn, Price{Amount: 1299, Currency: "CNY"}},
		{"￥1,299", Locale{}, Price{Amount: 1299, Currency: "JPY"}}, // full-width yen, no locale
		{"¥ 99.50", Locale{Region: "CN"}, Price{Amount: 99.5, Currency: "CNY"}},
		{"US $12.99", de, Price{Amount: 12.99, Currency: "USD"}},
		{"$29.99", us, Price{Amount: 29.99, Currency: "USD"}},
		{"$ 1,299", mx, Price{Amount: 1299, Currency: "MXN"}},
		{"$ 1.299", ar, Price{Amount: 1299, Currency: "ARS"}},
		{"$29.99", de, Price{Amount: 29.99, Currency: "USD"}}, // "$" on a euro site is US dollars
		{"C$ 15.00", us, Price{Amount: 15, Currency: "CAD"}},
		{"R$ 1.299,90", Locale{Decimal: ','}, Price{Amount: 1299.9, Currency: "BRL"}},
		{"1 299 ₽", ru, Price{Amount: 1299, Currency: "RUB"}},
		{"1\u202f299\u00a0₽", ru, Price{Amount: 1299, Currency: "RUB"}}, // narrow no-break space
		{"12 345,50 руб.", ru, Price{Amount: 12345.5, Currency: "RUB"}},
		{"EUR 12,99", us, Price{Amount: 12.99, Currency: "EUR"}},
		{"EUR 1.049,00", de, Price{Amount: 1049, Currency: "EUR"}},
		{"£8.99", us, Price{Amount: 8.99, Currency: "GBP"}},
		{"CHF 1'299.50", Locale{}, Price{Amount: 1299.5, Currency: "CHF"}},
		{"199 kr", Locale{Currency: "NOK"}, Price{Amount: 199, Currency: "NOK"}},
		{"49,99 zł", Locale{Decimal: ','}, Price{Amount: 49.99, Currency: "PLN"}},
		{"12.99", us, Price{Amount: 12.99, Currency: "USD"}},   // no symbol: locale currency
		{"12.99", Locale{}, Price{Amount: 12.99}},              // nothing says: empty currency
		{"1.234", de, Price{Amount: 1234, Currency: "EUR"}},    // lone dot before 3 digits, German
		{"1.234", us, Price{Amount: 1.234, Currency: "USD"}},   // the same in the US
		{"0,995 €", de, Price{Amount: 0.995, Currency: "EUR"}}, // leading zero: always a decimal
		{"Price: $29.99 & FREE Returns", us, Price{Amount: 29.99, Currency: "USD"}},
		{"2 Angebote ab 47,58 €", de, Price{Amount: 47.58, Currency: "EUR"}},
		{"$10.99 ($0.55/count)", us, Price{Amount: 10.99, Currency: "USD"}},
		{"EUR 234,95 bis EUR 269,95", de, Price{Amount: 234.95, Max: 269.95, Currency: "EUR"}},
		{"$10.99 - $15.99", us, Price{Amount: 10.99, Max: 15.99, Currency: "USD"}},
		{"$10–$15", us, Price{Amount: 10, Max: 15, Currency: "USD"}},
		{"from 3 to 5", us, Price{Amount: 3, Max: 5, Currency: "USD"}},
		{"10-20 €", de, Price{Amount: 10, Max: 20, Currency: "EUR"}},
		{"１，２９９円", jp, Price{Amount: 1299, Currency: "JPY"}},             // full-width digits
		{"1,23,456 ₹", Locale{}, Price{Amount: 123456, Currency: "INR"}}, // Indian grouping
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, tt.loc)
		if err != nil {
			t.Errorf("Parse(%q, %v): %v", tt.in, tt.loc, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Parse(%q, %v) mismatch (-want +got):\n%s", tt.in, tt.loc, diff)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"N/A", ErrNoNumber},
		{"", ErrNoNumber},
		{"Currently unavailable.", ErrNoNumber},
		{"$10 $20", ErrAmbiguous},
		{"3 5 7", ErrAmbiguous},
		{"-5 €", ErrNegative},
		{"$-5", ErrNegative},
		{"1.2.3,4,5", ErrMalformed},
		{"1,2345,678", ErrMalformed},
		{string(make([]byte, MaxLen+1)), ErrTooLong},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in, us)
		if !errors.Is(err, tt.want) {
			t.Errorf("Parse(%.20q) error = %v, want %v", tt.in, err, tt.want)
		}
	}
}

func TestDetectCurrency(t *testing.T) {
	tests := []struct {
		in   string
		loc  Locale
		want string
		ok   bool
	}{
		{"EUR", Locale{}, "EUR", true},
		{"€", Locale{}, "EUR", true},
		{"US $", Locale{}, "USD", true},
		{"$", Locale{Currency: "CAD"}, "CAD", true},
		{"$", Locale{Currency: "EUR"}, "USD", true},
		{"¥", Locale{Region: "CN"}, "CNY", true},
		{"¥", Locale{Region: "JP"}, "JPY", true},
		{"руб.", Locale{}, "RUB", true},
		{"TOP ANGEBOT", Locale{}, "", false}, // not the Tongan paʻanga
		{"EUROPE", Locale{}, "", false},
		{"ABC $5", Locale{}, "USD", true}, // "C $" inside a word is not Canadian
		{"none", Locale{}, "", false},
	}
	for _, tt := range tests {
		got, ok := DetectCurrency(tt.in, tt.loc)
		if got != tt.want || ok != tt.ok {
			t.Errorf("DetectCurrency(%q, %v) = %q, %v; want %q, %v", tt.in, tt.loc, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseNotARange(t *testing.T) {
	// Words other than range words between two numbers make the text
	// ambiguous, not a range.
	for _, in := range []string{"2 unidades a 47", "3 for 5", "Add 2 to cart 5"} {
		if _, err := Parse(in, us); !errors.Is(err, ErrAmbiguous) {
			t.Errorf("Parse(%q) error = %v, want ErrAmbiguous", in, err)
		}
	}
}
