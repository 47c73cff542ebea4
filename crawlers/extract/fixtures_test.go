package extract

import (
	"os"
	"path/filepath"
	"testing"
)

// fixturesDir is the shared real-world fixtures folder, beside the repo.
var fixturesDir = filepath.Join("..", "..", "..", "shared", "fixtures")

// fixture reads a real page; a missing fixtures folder fails the test
// rather than skipping it.
func fixture(t *testing.T, name string) []byte {
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
