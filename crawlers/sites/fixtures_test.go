package sites_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/exportscope/exportscope/crawlers/extract"
	"github.com/exportscope/exportscope/crawlers/site"
	"github.com/exportscope/exportscope/crawlers/sites"
)

// fixturesDir is the shared real-world fixtures folder, beside the repo.
var fixturesDir = filepath.Join("..", "..", "..", "shared", "fixtures")

// readFixture reads a real page; a missing fixtures folder fails the test
// rather than skipping it.
func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	if _, err := os.Stat(fixturesDir); err != nil {
		t.Fatalf("fixtures folder %s is missing (the repo expects shared/fixtures beside it): %v", fixturesDir, err)
	}
	b, err := os.ReadFile(filepath.Join(fixturesDir, name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return b
}

// readTestdata reads a hand-made page from testdata.
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read testdata: %v", err)
	}
	return b
}

// registry loads the shipped adapters once per test.
func registry(t *testing.T) *site.Registry {
	t.Helper()
	r, err := sites.Load()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// extractWith runs the extractor with the adapter that matches pageURL.
func extractWith(t *testing.T, body []byte, pageURL string) extract.Result {
	t.Helper()
	a, _, ok := registry(t).Match(pageURL)
	if !ok {
		t.Fatalf("no adapter for %s", pageURL)
	}
	return extract.Extract(body, extract.Options{URL: pageURL, Adapter: a})
}

func f64(f float64) *float64 { return &f }
