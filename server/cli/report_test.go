package cli_test

import (
	"context"
	"strings"
	"testing"
)

// TestReportBadInput runs the report commands with an unknown sector,
// market or brand on an empty store: each is a usage error (exit 2) whose
// message lists the valid choices or says there are none.
func TestReportBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"misspelt sector", []string{"report", "market", "--sector", "magnesum"}, []string{`unknown sector "magnesum"`, "valid sectors: magnesium,", "seafood"}},
		{"not a country", []string{"report", "market", "--sector", "magnesium", "--market", "XX"}, []string{`unknown market "XX"`, "not an ISO 3166-1 alpha-2", "no data for sector magnesium in any market"}},
		{"market without data", []string{"report", "market", "--sector", "magnesium", "--market", "zw"}, []string{"unknown market ZW", "no data for sector magnesium"}},
		{"reversed period", []string{"report", "market", "--sector", "magnesium", "--from", "2021", "--to", "2019"}, []string{"from 2021 is after to 2019"}},
		{"brand without listings", []string{"report", "brand", "--sector", "seafood", "--brand", "Acme"}, []string{`unknown brand "Acme"`, "no branded listings in sector seafood"}},
		{"bad format", []string{"report", "market", "--sector", "magnesium", "--format", "pdf"}, []string{`--format "pdf"`, "json, csv, xlsx, html"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := run(context.Background(), nil, append(tc.args, "--data", dir)...)
			if code != 2 {
				t.Errorf("exit code %d, want 2 (%s)", code, errOut)
			}
			if out != "" {
				t.Errorf("wrote a report on bad input: %.200s", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("message %q does not say %q", lastLine(errOut), w)
				}
			}
		})
	}
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
