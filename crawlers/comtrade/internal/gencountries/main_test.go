package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedTableUpToDate regenerates the table from the shared fixture
// copy of Reporters.json and compares it with the committed file, so that
// the table cannot drift from its generator. It fails, never skips, when
// the fixtures are missing.
func TestGeneratedTableUpToDate(t *testing.T) {
	in := filepath.Join("../../../../../shared/fixtures/trade", "comtradeapi-v1_reference_Reporters_2025_comtradr.json")
	f, err := os.Open(in)
	if err != nil {
		abs, _ := filepath.Abs(in)
		t.Fatalf("shared fixture missing (%v): this test needs %s", err, abs)
	}
	defer f.Close()
	got, err := Generate(f)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../countries_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("countries_gen.go is out of date: run go generate ./crawlers/comtrade")
	}
}

func TestGenerateErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"not json", "nope", "invalid character"},
		{"empty", `{"results":[]}`, "no results"},
		{"no code", `{"results":[{"text":"X"}]}`, "no reporterCode"},
		{"duplicate", `{"results":[{"reporterCode":4},{"reporterCode":4}]}`, "appears twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Generate(strings.NewReader(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
}
