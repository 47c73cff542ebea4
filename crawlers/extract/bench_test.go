package extract_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/exportscope/exportscope/crawlers/extract"
	"github.com/exportscope/exportscope/crawlers/site"
	"github.com/exportscope/exportscope/crawlers/sites"
)

// benchPages are the real fixture pages (../shared/fixtures/README.md)
// with the URLs they were fetched from.
var benchPages = []struct{ name, file, url string }{
	{"amazon-com-product", "amazon-com_product_B07G2L3JMM_lighting_metascraper-shopping.html", "https://www.amazon.com/dp/B07G2L3JMM"},
	{"amazon-co-uk-product", "amazon-co-uk_product_9781849757096_metascraper.html", "https://www.amazon.co.uk/dp/1849757097"},
	{"overstock-product", "overstock_product_29099468_jsonld_metascraper-shopping.html", "https://www.overstock.com/29099468/product.html"},
	{"costco-product", "costco_product_100432602_metascraper-shopping.html", "https://www.costco.com/.product.100432602.html"},
	{"ebay-de-search", "ebay-de_search_apple_parsy.html", "https://www.ebay.de/sch/i.html?_nkw=apple"},
	{"amazon-de-bestsellers", "amazon-de_bestsellers_electronics_parsy.html", "https://www.amazon.de/gp/bestsellers/ce-de"},
}

type benchPage struct {
	name, url string
	body      []byte
	adapter   *site.Adapter // nil when no shipped adapter has the host
}

// loadBenchPages reads the fixtures and picks the shipped adapter whose
// market has each page's host, as the crawler does. A missing fixtures
// folder fails the benchmark.
func loadBenchPages(b *testing.B) []benchPage {
	b.Helper()
	reg, err := sites.Load()
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join("..", "..", "..", "shared", "fixtures", "pages")
	var out []benchPage
	for _, p := range benchPages {
		body, err := os.ReadFile(filepath.Join(dir, p.file))
		if err != nil {
			b.Fatalf("fixture (the repo expects shared/fixtures beside it): %v", err)
		}
		a, _, _ := reg.Match(p.url)
		out = append(out, benchPage{name: p.name, url: p.url, body: body, adapter: a})
	}
	return out
}

// BenchmarkExtractFixtures extracts each real fixture page with the
// shipped adapter for its URL (the generic extractor alone where there is
// none: Overstock's JSON-LD, Costco's Open Graph tags). MB/s is the page's
// size over the time one Extract takes. The all-pages sub-benchmark
// extracts the six pages in turn: its MB/s is the total size over the
// total time, so large pages weigh more.
func BenchmarkExtractFixtures(b *testing.B) {
	pages := loadBenchPages(b)
	for _, p := range pages {
		adapter := "generic"
		if p.adapter != nil {
			adapter = p.adapter.Name
		}
		b.Run(p.name+"/"+adapter, func(b *testing.B) {
			b.SetBytes(int64(len(p.body)))
			b.ReportAllocs()
			for b.Loop() {
				r := extract.Extract(p.body, extract.Options{URL: p.url, Adapter: p.adapter})
				if len(r.Products) == 0 {
					b.Fatalf("%s: no products", p.name)
				}
			}
		})
	}
	b.Run("all-pages", func(b *testing.B) {
		var size int64
		for _, p := range pages {
			size += int64(len(p.body))
		}
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range pages {
				extract.Extract(p.body, extract.Options{URL: p.url, Adapter: p.adapter})
			}
		}
	})
}
