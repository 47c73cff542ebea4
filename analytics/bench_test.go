package analytics_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/elastic"
	"github.com/exportscope/exportscope/store/sqlite"
	"github.com/exportscope/exportscope/store/storetest"
)

// The market-report benchmark: BENCH_LISTINGS listings (default 1M, the
// storetest bench catalogue) and about 500k trade flows, built once per
// BENCH_CACHE folder and reused.

func benchListings() int {
	if v, err := strconv.Atoi(os.Getenv("BENCH_LISTINGS")); err == nil && v > 0 {
		return v
	}
	return 1_000_000
}

var (
	benchReporters = []string{"JP", "KR", "RU", "PL", "CZ", "HU", "DE", "BR", "AR", "CL", "PE", "VN", "TH", "ID", "MY", "KZ", "TR", "IN", "US", "MX"}
	benchPartners  = []string{"CN", "TR", "AT", "BR", "US", "IN", "DE", "JP", "KR", "RU", "AU", "CA", "FR", "IT", "ES", "NL", "BE", "GB", "VN", "TH",
		"ID", "MY", "SG", "AE", "SA", "ZA", "EG", "MX", "CL", "PE", "AR", "CO", "PL", "CZ", "HU", "SK", "RO", "UA", "KZ", "IL"}
	benchHS = []string{"251910", "251990", "810411", "810419", "810430", "810490", "281610", "282731", "283321", "690210", "681591",
		"030890", "160569", "030633", "030614", "271012", "271019", "271320", "290121", "290122", "290220", "290243", "290250",
		"390110", "390210", "400219", "680710", "680790", "842542", "847989", "903120", "903149", "843049", "843143", "730429",
		"841350", "848180", "610910", "611020", "611030", "620342", "620462", "620520", "620240", "630140", "630221", "630231",
		"630260", "500200", "500720", "510211", "611012", "100630", "081340", "200899"}
)

// benchFlows streams the trade flows: reporters × partners × HS × 2012–2024
// with a few partners missing per reporter, code and year (about 500k
// rows, the figure).
func benchFlows(fn func([]store.Doc) error) error {
	r := rand.New(rand.NewPCG(5, 5))
	var batch []store.Doc
	for _, rep := range benchReporters {
		for _, hs := range benchHS {
			for y := 2012; y <= 2024; y++ {
				for _, par := range benchPartners {
					if par == rep || r.IntN(10) == 0 {
						continue
					}
					v := float64(1000 + r.IntN(5_000_000))
					f := &store.TradeFlow{Reporter: rep, Partner: par, HS: hs, Year: y, Flow: store.FlowImport, ValueUSD: v,
						NetWeightKg: store.Float(float64(int(v / (0.3 + r.Float64()*4)))), Source: "bench"}
					f.ID = store.TradeFlowID(f)
					batch = append(batch, f)
					if len(batch) == 10_000 {
						if err := fn(batch); err != nil {
							return err
						}
						batch = nil
					}
				}
			}
		}
	}
	if len(batch) > 0 {
		return fn(batch)
	}
	return nil
}

func fillReportData(ctx context.Context, b *testing.B, st store.Store, n int) {
	start := time.Now()
	if err := storetest.Fill(ctx, st, n, 10_000); err != nil {
		b.Fatal(err)
	}
	flows := 0
	err := benchFlows(func(docs []store.Doc) error {
		res, err := st.Bulk(ctx, docs)
		if err == nil {
			err = res.Err()
		}
		flows += len(docs)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d listings and %d trade flows in %s", n, flows, time.Since(start).Round(time.Second))
}

func benchCache(b *testing.B) string {
	dir := os.Getenv("BENCH_CACHE")
	if dir == "" {
		dir = b.TempDir()
	}
	return dir
}

// BenchmarkMarketReportSQLite builds the magnesium market report on the
// embedded store.
func BenchmarkMarketReportSQLite(b *testing.B) {
	ctx := context.Background()
	n := benchListings()
	dir := filepath.Join(benchCache(b), "analytics-sqlite-v2-"+strconv.Itoa(n))
	path := filepath.Join(dir, "market.db")
	if _, err := os.Stat(filepath.Join(dir, "complete")); err != nil {
		os.RemoveAll(dir)
		os.MkdirAll(dir, 0o755)
		// The store benchmark's 1M-listing file, if built, saves the
		// listing load.
		src := filepath.Join(benchCache(b), "sqlite-"+strconv.Itoa(n), "market.db")
		copied := false
		if _, err := os.Stat(filepath.Join(filepath.Dir(src), "complete")); err == nil {
			copied = copyFile(src, path) == nil
		}
		st, err := sqlite.Open(ctx, sqlite.Options{Path: path})
		if err != nil {
			b.Fatal(err)
		}
		if copied {
			fillReportData(ctx, b, st, 0)
		} else {
			fillReportData(ctx, b, st, n)
		}
		st.Close()
		os.WriteFile(filepath.Join(dir, "complete"), nil, 0o644)
	}
	st, err := sqlite.Open(ctx, sqlite.Options{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	measureReport(b, st)
}

// BenchmarkMarketReportElastic builds the same report on Elasticsearch
// (EXPORTSCOPE_ES_URL), on indices kept under the prefix benchreport.
func BenchmarkMarketReportElastic(b *testing.B) {
	url := os.Getenv("EXPORTSCOPE_ES_URL")
	if url == "" {
		b.Skip("EXPORTSCOPE_ES_URL is not set: start a node with deploy/es-dev/es start")
	}
	ctx := context.Background()
	n := benchListings()
	st, err := elastic.Open(ctx, elastic.Config{URLs: []string{url}, IndexPrefix: "benchreport2-" + strconv.Itoa(n)})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	counts, err := st.Counts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if counts[store.KindListing] != int64(n) {
		fillReportData(ctx, b, st, n)
	}
	measureReport(b, st)
}

// measureReport times the magnesium market report over every market and
// reports the peak heap in use while it runs.
func measureReport(b *testing.B, st store.Store) {
	ctx := context.Background()
	cat, err := analytics.NewCatalogue(nil)
	if err != nil {
		b.Fatal(err)
	}
	svc, err := analytics.NewService(analytics.ServiceOptions{Store: st, Catalogue: cat})
	if err != nil {
		b.Fatal(err)
	}
	// One report first, untimed: the embedded store builds its in-memory
	// listing index on the first query after opening.
	if _, err := svc.Market(ctx, analytics.MarketRequest{Sector: "magnesium"}, nil); err != nil {
		b.Fatal(err)
	}
	// A second, with each store call timed, to show where the time goes.
	ts := &timedStore{Store: st}
	tsvc, err := analytics.NewService(analytics.ServiceOptions{Store: ts, Catalogue: cat})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := tsvc.Market(ctx, analytics.MarketRequest{Sector: "magnesium"}, nil); err != nil {
		b.Fatal(err)
	}
	ts.log(b)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.Market(ctx, analytics.MarketRequest{Sector: "magnesium"}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	close(stop)
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
	b.ReportMetric(float64(peak.Load()-min(peak.Load(), base.HeapInuse))/(1<<20), "peak-heap-MB")
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// timedStore times each Aggregate call, to find a report's costly queries.
type timedStore struct {
	store.Store
	mu    sync.Mutex
	calls []timedCall
}

type timedCall struct {
	what string
	took time.Duration
}

func (t *timedStore) Aggregate(ctx context.Context, q store.AggQuery) (store.AggResult, error) {
	start := time.Now()
	res, err := t.Store.Aggregate(ctx, q)
	var groups []string
	for _, g := range q.GroupBy {
		groups = append(groups, g.Field)
	}
	var conds []string
	for _, c := range q.Filter {
		conds = append(conds, c.Field)
	}
	t.mu.Lock()
	t.calls = append(t.calls, timedCall{fmt.Sprintf("%s by %v where %v, %d metrics, %d rows", q.Kind, groups, conds, len(q.Metrics), len(res.Rows)), time.Since(start)})
	t.mu.Unlock()
	return res, err
}

func (t *timedStore) log(b *testing.B) {
	var total time.Duration
	sorted := append([]timedCall(nil), t.calls...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].took > sorted[j].took })
	for _, c := range sorted {
		total += c.took
	}
	b.Logf("%d store calls, %s in all; the costliest:", len(sorted), total.Round(time.Millisecond))
	for _, c := range sorted[:min(12, len(sorted))] {
		b.Logf("  %8s  %s", c.took.Round(time.Millisecond), c.what)
	}
}
