package cli_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

var fixtures = filepath.Join("..", "..", "..", "shared", "fixtures")

func TestExtractPrintsProducts(t *testing.T) {
	out, errOut, code := run(context.Background(), nil, "extract", "--url", "https://www.amazon.de/gp/bestsellers/ce-de",
		filepath.Join(fixtures, "pages", "amazon-de_bestsellers_electronics_parsy.html"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var products []map[string]any
	if err := json.Unmarshal([]byte(out), &products); err != nil {
		t.Fatalf("not a JSON array: %v", err)
	}
	if len(products) != 30 {
		t.Errorf("%d products, the page lists 30", len(products))
	}
	for _, p := range products {
		if p["currency"] != "EUR" || p["title"] == "" {
			t.Errorf("product without EUR price or title: %v", p)
		}
	}
	if _, errOut, code := run(context.Background(), nil, "extract", "no-such-file.html"); code != 2 || !strings.Contains(errOut, "no-such-file.html") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

func TestImportComtradeIsIdempotent(t *testing.T) {
	data := t.TempDir()
	file := filepath.Join(fixtures, "trade", "comtradeapi-v1_get_C_A_HS_TOTAL_CHN-ARG-DEU_2010_comtradr.json")
	for i := 0; i < 2; i++ {
		if _, errOut, code := run(context.Background(), nil, "import", "comtrade", "--data", data, file); code != 0 {
			t.Fatalf("import #%d: exit %d: %s", i+1, code, errOut)
		}
	}
	out, _, _ := run(context.Background(), nil, "stats", "--data", data)
	var counts map[string]int64
	json.Unmarshal([]byte(out), &counts)
	if counts["tradeFlows"] != 4 {
		t.Errorf("after importing the file twice: %d trade flows, want 4", counts["tradeFlows"])
	}
	// Rows the model cannot hold are named, and the command says so.
	tsv := filepath.Join(fixtures, "trade", "comtradeapi-bulk_C_A_32_196201_S1_first15rows_truncated_comtradr.tsv")
	_, errOut, code := run(context.Background(), nil, "import", "comtrade", "--data", data, tsv)
	if code != 1 || !strings.Contains(errOut, "line 2") {
		t.Errorf("SITC file: exit %d, %q; want 1 and the rejected lines", code, errOut)
	}
}
