// Package price reads prices, counts and ratings the way marketplaces print
// them: "1.234,56 €", "¥1,299", "US $12.99", "1 299 ₽", "5.182 valoraciones",
// "4,1 de 5 estrellas".
//
// Parsing never panics. It looks at the text first and uses the Locale only
// to settle what the text leaves open: a lone separator followed by exactly
// three digits ("1.234": a thousand and more in Germany, one and a bit in the
// US), and shared currency symbols ("$", "¥", "kr").
package price

import (
	"fmt"
	"strings"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
)

// Locale says how a storefront writes numbers and money.
type Locale struct {
	// Decimal is the decimal separator, '.' or ','. Zero means: guess from
	// the text alone (a lone separator before three digits is then taken
	// for a thousands separator).
	Decimal rune
	// Currency is the ISO 4217 code assumed when the text names none, and
	// the tie-breaker for shared symbols: "$" is CAD in Canada, "kr" is NOK
	// in Norway.
	Currency string
	// Region is the ISO 3166-1 alpha-2 country of the storefront; it settles
	// "¥" (CNY in CN, JPY elsewhere) when Currency does not.
	Region string
}

// commaLanguages write decimals with a comma (CLDR); regions in
// dotRegions override that for their country.
var commaLanguages = map[string]bool{
	"af": true, "az": true, "be": true, "bg": true, "bs": true, "ca": true, "cs": true,
	"da": true, "de": true, "el": true, "es": true, "et": true, "eu": true, "fi": true,
	"fr": true, "gl": true, "hr": true, "hu": true, "hy": true, "id": true, "is": true,
	"it": true, "ka": true, "kk": true, "ky": true, "lt": true, "lv": true, "mk": true,
	"mn": true, "nb": true, "nl": true, "nn": true, "no": true, "pl": true, "pt": true,
	"ro": true, "ru": true, "sk": true, "sl": true, "sq": true, "sr": true, "sv": true,
	"tr": true, "uk": true, "uz": true, "vi": true,
}

// dotRegions use a decimal point although their language elsewhere uses a
// comma: Spanish in Mexico and Central America, the Swiss languages.
var dotRegions = map[string]bool{
	"MX": true, "US": true, "PR": true, "GT": true, "HN": true, "NI": true, "PA": true,
	"SV": true, "DO": true, "PE": true, "CH": true, "LI": true,
}

// NewLocale builds a Locale from a BCP 47 tag such as "de-DE" or "es-MX" and
// an optional ISO 4217 currency. When currency is empty it is taken from the
// tag's region (EUR for de-DE).
func NewLocale(tag, cur string) (Locale, error) {
	t, err := language.Parse(tag)
	if err != nil {
		return Locale{}, fmt.Errorf("locale %q: %w", tag, err)
	}
	base, _ := t.Base()
	region, conf := t.Region()
	loc := Locale{Decimal: '.'}
	if conf != language.No {
		loc.Region = region.String()
	}
	if commaLanguages[base.String()] && !dotRegions[loc.Region] {
		loc.Decimal = ','
	}
	if cur != "" {
		u, err := currency.ParseISO(cur)
		if err != nil {
			return Locale{}, fmt.Errorf("locale %q: currency %q: %w", tag, cur, err)
		}
		loc.Currency = u.String()
	} else if conf == language.Exact || conf == language.High {
		if u, ok := currency.FromRegion(region); ok {
			loc.Currency = u.String()
		}
	}
	return loc, nil
}

// String renders the locale for logs, e.g. "DE ',' EUR".
func (l Locale) String() string {
	d := "?"
	if l.Decimal != 0 {
		d = string(l.Decimal)
	}
	return strings.TrimSpace(fmt.Sprintf("%s '%s' %s", l.Region, d, l.Currency))
}
