package cli_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exportscope/exportscope/crawlers/practice"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
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

func TestCrawlPracticeMarketAndRerun(t *testing.T) {
	m, err := practice.New(practice.Options{Seed: 3, Listings: 600})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	data := t.TempDir()
	args := []string{"crawl", "--data", data, "--site", "practice-us",
		"--base", srv.URL, "--keywords", "magnesium oxide", "--max-pages", "30", "--delay", "1ms", "--at", "2025-01-06"}

	// Without the operator's allowlist the SSRF guard refuses loopback.
	out, errOut, code := run(context.Background(), nil, args...)
	if code != 0 || !strings.Contains(out, "new 0") {
		t.Errorf("unallowed loopback crawl: exit %d, %q %q; want nothing stored", code, out, errOut)
	}

	args = append(args, "--allow", host, "--crawl-id", "cli-test")
	out, errOut, code = run(context.Background(), nil, args...)
	if code != 0 {
		t.Fatalf("crawl: exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "pages 0,") || !strings.Contains(out, "errors 0,") {
		t.Errorf("summary %q, want pages fetched without errors", out)
	}
	stats, _, _ := run(context.Background(), nil, "stats", "--data", data)
	var counts map[string]int64
	json.Unmarshal([]byte(stats), &counts)
	if counts["listings"] == 0 || counts["snapshots"] <= counts["listings"] {
		t.Errorf("after one crawl: %v; want listings with one price snapshot each, and search snapshots", counts)
	}
	// Search results show no SKU, product pages do: still one listing per
	// product.
	st, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(data, "market.db")})
	if err != nil {
		t.Fatal(err)
	}
	urls := map[string]bool{}
	err = st.Scan(context.Background(), store.ScanQuery{Kind: store.KindListing}, func(docs []store.Doc) error {
		for _, d := range docs {
			l := d.(*store.Listing)
			if urls[l.URL] {
				t.Errorf("two listings for %s", l.URL)
			}
			urls[l.URL] = true
			if l.SKU == "" {
				t.Errorf("listing %s stored without the SKU of its product page", l.URL)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// One price snapshot per listing; the rest are search positions.
	var price, search int64
	err = st.Scan(context.Background(), store.ScanQuery{Kind: store.KindSnapshot}, func(docs []store.Doc) error {
		for _, d := range docs {
			if d.(*store.Snapshot).SearchQuery != "" {
				search++
			} else {
				price++
			}
		}
		return nil
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if price != counts["listings"] || search == 0 {
		t.Errorf("%d price and %d search snapshots for %d listings; want one price snapshot each, and search snapshots", price, search, counts["listings"])
	}

	// The same crawl again finds its frontier done: nothing is fetched.
	before := m.Stats().Requests
	out, _, code = run(context.Background(), nil, args...)
	if code != 0 || !strings.Contains(out, "pages 0,") {
		t.Errorf("rerun: exit %d, %q; want nothing fetched", code, out)
	}
	if m.Stats().Requests-before > 1 { // robots.txt at most
		t.Errorf("rerun fetched %d pages again", m.Stats().Requests-before)
	}
}
