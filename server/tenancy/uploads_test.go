package tenancy

import "testing"

func TestKeywordLanguage(t *testing.T) {
	for _, tc := range []struct{ kw, want string }{
		{"borax", "en"},
		{"Boraxpulver", "en"},
		{"硼砂", "zh"},
		{"бура", "ru"},
		{"ホウ砂", "ja"},
		{"붕사", "ko"},
		{"borax 硼砂", "zh"},
		{"bórax", "en"},
	} {
		if got := keywordLanguage(tc.kw); got != tc.want {
			t.Errorf("keywordLanguage(%q) = %s, want %s", tc.kw, got, tc.want)
		}
	}
}
