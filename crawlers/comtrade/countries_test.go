package comtrade

import (
	"errors"
	"testing"

	"golang.org/x/text/language"

	"github.com/exportscope/exportscope/store"
)

func TestAreaISO2(t *testing.T) {
	for _, tc := range []struct {
		name    string
		code    int
		hasCode bool
		iso3    string
		want    string
		wantErr error
	}{
		{"world", 0, true, "W00", store.World, nil},
		{"China", 156, true, "CHN", "CN", nil},
		{"Argentina", 32, true, "", "AR", nil},
		{"Germany", 276, true, "DEU", "DE", nil},
		{"Fed. Rep. of Germany until 1990", 280, true, "DEU", "DE", nil},
		{"Belgium-Luxembourg until 1998", 58, true, "BEL", "BE", nil},
		{"France incl. Monaco", 251, true, "FRA", "FR", nil},
		{"Switzerland incl. Liechtenstein", 757, true, "CHE", "CH", nil},
		{"USA incl. Puerto Rico", 842, true, "USA", "US", nil},
		{"India", 699, true, "IND", "IN", nil},
		{"Hong Kong", 344, true, "HKG", "HK", nil},
		{"Russia", 643, true, "RUS", "RU", nil},
		{"Türkiye", 792, true, "TUR", "TR", nil},
		{"Antarctica, by M49", 10, true, "ATA", "AQ", nil},
		{"American Samoa, by M49", 16, true, "", "AS", nil},
		{"Western Sahara, by M49", 732, true, "", "EH", nil},
		{"no code, ISO3", 0, false, "JPN", "JP", nil},
		{"no code, world", 0, false, "WLD", store.World, nil},
		{"unknown code, ISO3", 1234, true, "KOR", "KR", nil},
		{"EU", 97, true, "EUR", "", ErrNotCountry},
		{"ASEAN", 975, true, "R4 ", "", ErrNotCountry},
		{"Other Asia, nes", 490, true, "S19", "", ErrNotCountry},
		{"Europe EU, nes is not Monaco", 492, true, "", "", ErrNotCountry},
		{"Areas, nes", 899, true, "_X ", "", ErrNotCountry},
		{"Bunkers", 837, true, "", "", ErrNotCountry},
		{"USSR", 810, true, "SUN", "", ErrNotCountry},
		{"Yugoslavia", 890, true, "YUG", "", ErrNotCountry},
		{"Czechoslovakia", 200, true, "CSK", "", ErrNotCountry},
		{"German Dem. Rep.", 278, true, "DDR", "", ErrNotCountry},
		{"Serbia and Montenegro", 891, true, "SCG", "", ErrNotCountry},
		{"Netherlands Antilles", 530, true, "ANT", "", ErrNotCountry},
		{"Peninsula Malaysia", 459, true, "_PM", "", ErrNotCountry},
		{"unknown code", 999, true, "", "", ErrUnknownCountry},
		{"negative code", -1, true, "", "", ErrUnknownCountry},
		{"nothing", 0, false, "", "", ErrUnknownCountry},
		{"bad ISO3", 0, false, "XYZ", "", ErrUnknownCountry},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := areaISO2(tc.code, tc.hasCode, tc.iso3)
			if !errors.Is(err, tc.wantErr) || got != tc.want {
				t.Errorf("areaISO2(%d, %v, %q) = %q, %v; want %q, %v", tc.code, tc.hasCode, tc.iso3, got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestAreaCode(t *testing.T) {
	for _, tc := range []struct {
		iso2    string
		want    int
		wantErr bool
	}{
		{store.World, 0, false},
		{"CN", 156, false},
		{"DE", 276, false}, // not 280, the expired Fed. Rep.
		{"FR", 251, false},
		{"IN", 699, false},
		{"US", 842, false},
		{"BE", 56, false},
		{"AQ", 10, false}, // not a reporter: its M49 code
		{"SU", 0, true},
		{"XX", 0, true},
		{"de", 0, true},
	} {
		got, err := AreaCode(tc.iso2)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("AreaCode(%q) = %d, %v; want %d, error %v", tc.iso2, got, err, tc.want, tc.wantErr)
		}
	}
}

// TestAreaRoundTrip checks that every current country of Comtrade's list
// maps to ISO and back to its code.
func TestAreaRoundTrip(t *testing.T) {
	n := 0
	for _, a := range reporterAreas {
		if a.until != 0 || a.group || !currentCountry(a.iso2) {
			continue
		}
		n++
		iso2, err := areaISO2(a.code, true, a.iso3)
		if err != nil || iso2 != a.iso2 {
			t.Errorf("%d %s: areaISO2 = %q, %v", a.code, a.name, iso2, err)
		}
		code, err := AreaCode(iso2)
		if err != nil || code != a.code {
			t.Errorf("%s: AreaCode = %d, %v; want %d", iso2, code, err, a.code)
		}
	}
	if n < 200 {
		t.Errorf("only %d current countries in the table", n)
	}
}

func TestCurrentCountry(t *testing.T) {
	// ISO 3166-1 has 249 officially assigned alpha-2 codes.
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if currentCountry(string([]rune{a, b})) {
				n++
			}
		}
	}
	if n != 249 {
		t.Errorf("%d codes count as current countries, want 249", n)
	}
	for _, c := range []string{"DD", "SU", "YU", "CS", "AN", "XK", "EU", "UK", "ZZ", "de", ""} {
		if currentCountry(c) {
			t.Errorf("currentCountry(%q) = true", c)
		}
	}
	for _, c := range []string{"CN", "DE", "TW", "SS", "BQ", "AQ"} {
		if !currentCountry(c) {
			t.Errorf("currentCountry(%q) = false", c)
		}
	}
	// Keep notCurrentISO honest: each entry is one x/text would otherwise
	// let through.
	for c := range notCurrentISO {
		r, err := language.ParseRegion(c)
		if err != nil || r.String() != c || r.M49() == 0 {
			t.Errorf("%s in notCurrentISO is not needed", c)
		}
	}
}

func TestUnits(t *testing.T) {
	for code, want := range map[string]string{"8": "kg", "8.0": "kg", "7": "l", "12": "m³", "5": "u"} {
		if got, ok := unitOfCode(code); !ok || got != want {
			t.Errorf("unitOfCode(%q) = %q, %v; want %q", code, got, ok, want)
		}
	}
	for _, code := range []string{"-1", "1", "99", "kg"} {
		if got, ok := unitOfCode(code); ok {
			t.Errorf("unitOfCode(%q) = %q; want none", code, got)
		}
	}
}
