package analytics

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Listings carry no net-weight field, so the retail-versus-customs
// comparison reads it from the title: ParseNetWeight finds "25kg",
// "500 g", "2 x 500 g", "1.5 t", "10 lb", "25公斤", "500克", "1吨",
// "25 кг", "500 г", "25キロ", "20톤", and "per metric ton" pricing in the
// storefront languages. A title that states two different weights is
// ambiguous and yields none.

var (
	weightLatin = regexp.MustCompile(`(?:^|[^\p{L}\p{N}.,])(?:(\d{1,3})\s*[x×*]\s*)?(\d{1,3}(?:,\d{3})+|\d+(?:[.,]\d+)?)\s*((?i:kgs?|kilos?|kilograms?|kilogramm|grams?|gramm|tonnes?|tons?|tonnen|mt|lbs?|pounds?|oz|кг|гр|тонн[аы]?)|gr|g|t|г|т)(?:$|[^\p{L}\p{N}/])`)
	weightCJK   = regexp.MustCompile(`(?:(\d{1,3})\s*[x×*]\s*)?(\d{1,3}(?:,\d{3})+|\d+(?:[.,]\d+)?)\s*(公斤|千克|克|吨|噸|キロ|グラム|トン|킬로그램|킬로|그램|톤)`)
	perTon      = regexp.MustCompile(`per (?:metric )?ton(?:ne)?|pro tonne|每吨|1トンあたり|за тонну|por tonelada|톤당|za tonę`)
)

var unitKg = map[string]float64{
	"kg": 1, "kgs": 1, "kilo": 1, "kilos": 1, "kilogram": 1, "kilograms": 1, "kilogramm": 1,
	"g": 0.001, "gr": 0.001, "gram": 0.001, "grams": 0.001, "gramm": 0.001,
	"t": 1000, "mt": 1000, "ton": 1000, "tons": 1000, "tonne": 1000, "tonnes": 1000, "tonnen": 1000,
	"lb": 0.45359237, "lbs": 0.45359237, "pound": 0.45359237, "pounds": 0.45359237, "oz": 0.028349523125,
	"кг": 1, "г": 0.001, "гр": 0.001, "т": 1000, "тонн": 1000, "тонна": 1000, "тонны": 1000,
	"公斤": 1, "千克": 1, "克": 0.001, "吨": 1000, "噸": 1000,
	"キロ": 1, "グラム": 0.001, "トン": 1000,
	"킬로그램": 1, "킬로": 1, "그램": 0.001, "톤": 1000,
}

// number reads "1,000" (thousands) as 1000 and "2,5" (decimal comma) as 2.5.
func number(s string) string {
	if i := strings.IndexByte(s, ','); i >= 0 && len(s)-i-1 == 3 && strings.Count(s, ",") >= 1 && !strings.Contains(s, ".") {
		return strings.ReplaceAll(s, ",", "")
	}
	return strings.ReplaceAll(s, ",", ".")
}

// ParseNetWeight returns the net weight in kg that a listing title
// states, and whether it states exactly one.
func ParseNetWeight(title string) (float64, bool) {
	// Case matters for the one-letter units: "5G" is not five grams.
	t := norm.NFC.String(width.Fold.String(title))
	var found []float64
	for _, re := range []*regexp.Regexp{weightLatin, weightCJK} {
		for _, m := range re.FindAllStringSubmatch(t, -1) {
			v, err := strconv.ParseFloat(number(m[2]), 64)
			if err != nil || v <= 0 {
				continue
			}
			if m[1] != "" {
				k, _ := strconv.Atoi(m[1])
				if k > 0 {
					v *= float64(k)
				}
			}
			found = append(found, v*unitKg[strings.ToLower(m[3])])
		}
	}
	if len(found) == 0 && perTon.MatchString(strings.ToLower(t)) {
		return 1000, true
	}
	if len(found) == 0 {
		return 0, false
	}
	for _, f := range found[1:] {
		if f != found[0] {
			return 0, false
		}
	}
	return found[0], true
}
