package comtrade

//go:generate go run ./internal/gencountries -in ../../../shared/fixtures/trade/comtradeapi-v1_reference_Reporters_2025_comtradr.json -out countries_gen.go

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"github.com/exportscope/exportscope/store"
)

// reporterArea is one entry of Comtrade's reference list of reporters.
type reporterArea struct {
	code  int
	iso2  string // as Comtrade gives it; may be empty or a former code
	iso3  string
	name  string
	group bool
	until int // year the entry expired; 0 if current
}

// otherAreas are Comtrade partner codes that are not in the reporters list
// and are not countries: regions "not elsewhere specified", bunkers, free
// zones. Some collide with UN M49 country codes (492 is Monaco in M49 but
// "Europe EU, nes" in Comtrade), so they are checked before the M49
// fallback. Read-only.
var otherAreas = map[int]string{
	97:  "European Union",
	290: "Northern Africa, nes",
	472: "Africa CAMEU region, nes",
	473: "LAIA, nes",
	490: "Other Asia, nes",
	492: "Europe EU, nes",
	527: "Oceania, nes",
	536: "Neutral Zone",
	568: "Other Europe, nes",
	577: "Other Africa, nes",
	636: "Rest of America, nes",
	637: "North America and Central America, nes",
	697: "Europe EFTA, nes",
	837: "Bunkers",
	838: "Free Zones",
	839: "Special Categories",
	849: "US Misc. Pacific Isds",
	879: "Western Asia, nes",
	899: "Areas, nes",
}

// notCurrentISO are two-letter codes that golang.org/x/text still treats
// as countries with an M49 number but that are no longer (or never were)
// ISO 3166-1 alpha-2 country codes: Netherlands Antilles, Serbia and
// Montenegro, Neutral Zone, USSR, Yugoslavia, and Kosovo's user-assigned XK.
var notCurrentISO = map[string]bool{"AN": true, "CS": true, "NT": true, "SU": true, "YU": true, "XK": true}

// currentCountry reports whether code is a currently assigned ISO 3166-1
// alpha-2 country code (249 of them). store.ValidCountry also accepts
// former codes such as SU and DD; trade flows never get those.
func currentCountry(code string) bool {
	if !store.ValidCountry(code) || notCurrentISO[code] {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.String() == code && r.Canonicalize() == r && r.M49() != 0
}

func lookupReporterArea(code int) (reporterArea, bool) {
	i, ok := slices.BinarySearchFunc(reporterAreas[:], code, func(a reporterArea, c int) int { return a.code - c })
	if !ok {
		return reporterArea{}, false
	}
	return reporterAreas[i], true
}

// areaISO2 maps a Comtrade area code (reporterCode, partnerCode), with the
// ISO alpha-3 code the row carries if any, to an ISO 3166-1 alpha-2
// country code, or store.World for code 0. The numeric code decides:
//
//  1. 0 is the world.
//  2. An entry of Comtrade's reporters list maps to the alpha-2 code
//     Comtrade gives it, if that is a current ISO country code. This
//     follows Comtrade where an entry stands for more than its namesake
//     (251 France includes Monaco, 757 Switzerland Liechtenstein, 842 USA
//     Puerto Rico) and for former entries whose successor keeps the code
//     (280 Fed. Rep. of Germany and 276 Germany are both DE, 58
//     Belgium-Luxembourg until 1998 is BE). Groups (EU, ASEAN), "Other
//     Asia, nes" and dissolved states (USSR, Yugoslavia, Czechoslovakia,
//     German Dem. Rep.) are not countries: ErrNotCountry.
//  3. Comtrade's other partner areas ("Areas, nes", bunkers, free zones):
//     ErrNotCountry.
//  4. Otherwise the code is read as a UN M49 country code (Comtrade's
//     codes are M49 codes apart from the exceptions above), which covers
//     partners that never report, such as 10 Antarctica or 16 American
//     Samoa.
//  5. Failing that, the ISO alpha-3 code, if the row has one.
//
// Anything else is ErrUnknownCountry.
func areaISO2(code int, hasCode bool, iso3 string) (string, error) {
	iso3 = strings.ToUpper(strings.TrimSpace(iso3))
	if !hasCode {
		if iso3 == "" {
			return "", fmt.Errorf("code missing: %w", ErrUnknownCountry)
		}
		return iso3ToISO2(iso3)
	}
	if code == 0 {
		return store.World, nil
	}
	if a, ok := lookupReporterArea(code); ok {
		if !a.group && currentCountry(a.iso2) {
			return a.iso2, nil
		}
		return "", fmt.Errorf("code %d (%s): %w (a group, an unspecified area or a former state)", code, a.name, ErrNotCountry)
	}
	if name, ok := otherAreas[code]; ok {
		return "", fmt.Errorf("code %d (%s): %w", code, name, ErrNotCountry)
	}
	if code > 0 && code < 1000 {
		if r, err := language.ParseRegion(fmt.Sprintf("%03d", code)); err == nil && currentCountry(r.String()) {
			return r.String(), nil
		}
	}
	if iso3 != "" {
		if iso2, err := iso3ToISO2(iso3); err == nil {
			return iso2, nil
		}
	}
	return "", fmt.Errorf("code %d: %w", code, ErrUnknownCountry)
}

// iso3ToISO2 maps an ISO alpha-3 code to alpha-2: by Comtrade's current
// reporter entries first, then by golang.org/x/text's region table.
// Comtrade's world codes ("WLD", "W00") map to store.World.
func iso3ToISO2(iso3 string) (string, error) {
	switch iso3 {
	case "WLD", "W00":
		return store.World, nil
	}
	for _, a := range reporterAreas {
		if a.iso3 == iso3 && a.until == 0 && !a.group && currentCountry(a.iso2) {
			return a.iso2, nil
		}
	}
	if len(iso3) == 3 {
		if r, err := language.ParseRegion(iso3); err == nil && currentCountry(r.String()) {
			return r.String(), nil
		}
	}
	return "", fmt.Errorf("ISO code %q: %w", iso3, ErrUnknownCountry)
}

// AreaCode returns the Comtrade area code for an ISO 3166-1 alpha-2
// country code, or 0 for store.World, for building API queries: the
// current entry of Comtrade's reporters list (DE is 276, FR 251, IN 699, US
// 842), else the country's UN M49 code.
func AreaCode(iso2 string) (int, error) {
	if iso2 == store.World {
		return 0, nil
	}
	if !currentCountry(iso2) {
		return 0, fmt.Errorf("comtrade: %q: %w (not an ISO 3166-1 alpha-2 country code)", iso2, ErrUnknownCountry)
	}
	for _, a := range reporterAreas {
		if a.iso2 == iso2 && a.until == 0 && !a.group {
			return a.code, nil
		}
	}
	r, _ := language.ParseRegion(iso2)
	if m := r.M49(); m > 0 {
		return m, nil
	}
	return 0, fmt.Errorf("comtrade: %q: %w (no Comtrade code)", iso2, ErrUnknownCountry)
}

// quantityUnits are Comtrade's quantity unit codes (qtyUnitCode) with the
// abbreviations the data API writes in qtyUnitAbbr. Codes -1 (N/A) and 1
// (no quantity) mean no quantity. Read-only.
var quantityUnits = map[int]string{
	2:  "m²",
	3:  "1000 kWh",
	4:  "m",
	5:  "u",
	6:  "2u",
	7:  "l",
	8:  "kg",
	9:  "1000u",
	10: "u (jeu/pack)",
	11: "12u",
	12: "m³",
	13: "carat",
}

// noUnit reports whether a qtyUnitAbbr or qtDesc says there is no quantity.
func noUnit(abbr string) bool {
	switch strings.ToLower(strings.TrimSpace(abbr)) {
	case "", "n/a", "na", "no quantity", "-1":
		return true
	}
	return false
}

func unitOfCode(s string) (string, bool) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), ".0"))
	if err != nil {
		return "", false
	}
	u, ok := quantityUnits[n]
	return u, ok
}
