package crawl

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/exportscope/exportscope/crawlers/practice"
	shipped "github.com/exportscope/exportscope/crawlers/sites"
	"github.com/exportscope/exportscope/crawlers/ssrf"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/store/sqlite"
)

// The crawl benchmark's workload. bench/scrapy/ crawls the same one with
// Scrapy (scripts/bench.sh passes the same keywords, cap and concurrency
// to both); change them together.
const (
	// benchPageCap is the crawl's MaxPages: URLs admitted to the frontier,
	// start URLs included, robots.txt not.
	benchPageCap = 500
	// benchListings is the practice catalogue size: enough US results
	// for the keywords that the cap, not the catalogue, ends the crawl.
	benchListings = 20000
	// benchParallelism is requests in flight (and workers) when
	// BENCH_CRAWL_PARALLELISM is not set.
	benchParallelism = 8
)

// benchKeywords are single words, so that their search URLs are spelled
// the same by both crawlers.
var benchKeywords = []string{"magnesia", "jellyfish", "bitumen", "towel"}

// BenchmarkCrawlPractice crawls the practice marketplace's US storefront
// (search pages and JSON-LD product pages) over loopback with politeness
// off: a 1ns delay (0 would mean the adapter's 100ms), no random delay,
// BENCH_CRAWL_PARALLELISM requests in flight, and no faults, slow pages or
// broken pages. robots.txt is obeyed as always (it has no Crawl-delay and
// forbids none of the URLs followed). Every iteration is a fresh crawl
// into a new SQLite market store and control database in a temp dir.
//
// With BENCH_PRACTICE_URL (e.g. a demo-market started by
// scripts/bench.sh with --listings 20000 and no faults) the crawl goes to
// that server, and the process CPU measured is the crawler's alone.
// Without it the market is served in-process by httptest, and cpu-ms/page
// includes the server's work as well.
//
// Metrics: pages/s (pages fetched, extracted and stored per second of
// crawl wall time) and cpu-ms/page (process user+sys CPU from getrusage
// over the crawls, per page). Opening the stores is not measured.
func BenchmarkCrawlPractice(b *testing.B) {
	parallelism := benchParallelism
	if s := os.Getenv("BENCH_CRAWL_PARALLELISM"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("BENCH_CRAWL_PARALLELISM=%q: want a positive number", s)
		}
		parallelism = n
	}
	base := os.Getenv("BENCH_PRACTICE_URL")
	if base == "" {
		m, err := practice.New(practice.Options{Seed: 1, Listings: benchListings})
		if err != nil {
			b.Fatal(err)
		}
		srv := httptest.NewServer(m.Handler())
		b.Cleanup(srv.Close)
		base = srv.URL
	}
	base = strings.TrimSuffix(base, "/")
	reg, err := shipped.Load()
	if err != nil {
		b.Fatal(err)
	}
	adapter, ok := reg.Get("practice-us")
	if !ok {
		b.Fatal("no practice-us adapter")
	}
	ctx := context.Background()

	var pages int
	var wall, cpu time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		dir := b.TempDir()
		st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(dir, "market.db")})
		if err != nil {
			b.Fatal(err)
		}
		db, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(dir, "control.db")})
		if err != nil {
			b.Fatal(err)
		}
		fr, err := NewFrontier(db, fmt.Sprintf("bench-%d", i))
		if err != nil {
			b.Fatal(err)
		}
		// The operator opens the practice marketplace's loopback address.
		tr, err := ssrf.NewTransport(ssrf.Options{Allow: []string{strings.TrimPrefix(base, "http://")}})
		if err != nil {
			b.Fatal(err)
		}
		c, err := New(Options{
			Store:       st,
			Frontier:    fr,
			Adapter:     adapter,
			BaseURL:     base,
			Keywords:    benchKeywords,
			MaxPages:    benchPageCap,
			Parallelism: parallelism,
			Delay:       time.Nanosecond,
			Timeout:     30 * time.Second,
			Transport:   tr,
			Rates:       fakeRates{},
		})
		if err != nil {
			b.Fatal(err)
		}
		cpu0 := processCPU(b)
		t0 := time.Now()
		b.StartTimer()
		stats, err := c.Run(ctx)
		b.StopTimer()
		wall += time.Since(t0)
		cpu += processCPU(b) - cpu0
		if err != nil {
			b.Fatal(err)
		}
		if stats.Errors != 0 || stats.Queued != 0 || stats.Pages == 0 {
			b.Fatalf("crawl stats %+v: want pages, no errors, nothing left queued", stats)
		}
		pages += stats.Pages
		if i == 0 {
			logCrawl(ctx, b, fr, stats)
		}
		tr.CloseIdleConnections()
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pages)/float64(b.N), "pages/op")
	b.ReportMetric(float64(pages)/wall.Seconds(), "pages/s")
	b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(pages), "cpu-ms/page")
}

// logCrawl says what the first crawl fetched, to compare with the Scrapy
// crawl's counts.
func logCrawl(ctx context.Context, b *testing.B, fr *Frontier, stats Stats) {
	urls, err := fr.URLs(ctx)
	if err != nil {
		b.Fatal(err)
	}
	kinds := map[string]int{}
	for _, u := range urls {
		switch {
		case strings.Contains(u.URL, "/us/search?"):
			kinds["search"]++
		case strings.Contains(u.URL, "/us/p/"):
			kinds["product"]++
		default:
			kinds["other"]++
		}
	}
	b.Logf("crawl: %d search pages, %d product pages, %d other URLs; stats %+v", kinds["search"], kinds["product"], kinds["other"], stats)
}

// processCPU is the user+sys CPU time the process has used so far.
func processCPU(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
