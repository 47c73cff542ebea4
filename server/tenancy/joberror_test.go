package tenancy

import (
	"strings"
	"testing"
)

func TestPublicJobError(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		kept bool
	}{
		{"", true},
		{"interrupted by restart", true},
		{"cancelled", true},
		{`unknown brand "X" in sector magnesium; nearest brands: A, B`, true},
		{"ssrf: connection to 127.0.0.1:80 refused: loopback address", true},
		{"bad site adapter: adapter.yaml:3:1: unknown key", true},
		{"save report: sqlite: database is locked (SQLITE_BUSY)", false},
		{"aggregate: elastic: 500 search_phase_execution_exception", false},
	} {
		got := PublicJobError(tc.msg)
		if tc.kept && got != tc.msg {
			t.Errorf("PublicJobError(%q) = %q, want it unchanged", tc.msg, got)
		}
		if !tc.kept && (got == tc.msg || strings.Contains(got, "sqlite") || strings.Contains(got, "elastic")) {
			t.Errorf("PublicJobError(%q) = %q, want a summary", tc.msg, got)
		}
	}
}
