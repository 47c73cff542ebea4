package crawl

import "testing"

func TestCountryCode(t *testing.T) {
	for in, want := range map[string]string{
		"CN": "CN", "cn": "CN", "China": "CN", "中国": "CN", "Китай": "CN", "Deutschland": "DE",
		"ドイツ": "DE", "Германия": "DE", "Alemanha": "DE", "대한민국": "KR", "Estados Unidos": "US",
		"Türkiye": "TR", "Atlantis": "", "": "", "ZZ": "",
	} {
		if got := countryCode(in); got != want {
			t.Errorf("countryCode(%q) = %q, want %q", in, got, want)
		}
	}
}
