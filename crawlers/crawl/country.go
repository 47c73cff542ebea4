package crawl

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/exportscope/exportscope/store"
)

// Pages write a seller's country as a code ("CN") or as a name in the
// page's language ("China", "中国", "Китай", "Deutschland"). countryNames
// maps the names, in the languages of the markets ExportScope crawls, to
// ISO codes, from the CLDR names in golang.org/x/text.
var countryNames = sync.OnceValue(func() map[string]string {
	langs := []string{"en", "zh", "zh-Hant", "ja", "ko", "ru", "de", "fr", "es", "pt", "it", "pl", "tr", "nl"}
	out := map[string]string{}
	for _, code := range allRegions() {
		r := language.MustParseRegion(code)
		for _, l := range langs {
			if name := display.Regions(language.MustParse(l)).Name(r); name != "" {
				out[strings.ToLower(name)] = code
			}
		}
	}
	return out
})

// allRegions lists the ISO 3166-1 alpha-2 country codes.
func allRegions() []string {
	var out []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if code := string([]rune{a, b}); store.ValidCountry(code) {
				out = append(out, code)
			}
		}
	}
	return out
}

// countryCode turns a code or a country name into an ISO alpha-2 code, or
// "" when it is neither.
func countryCode(s string) string {
	s = strings.TrimSpace(s)
	if up := strings.ToUpper(s); store.ValidCountry(up) {
		return up
	}
	return countryNames()[strings.ToLower(s)]
}
