package elastic_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"
	"github.com/elastic/go-elasticsearch/v8/esutil"

	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/elastic"
	"github.com/exportscope/exportscope/store/storetest"
)

// The Elasticsearch benchmarks: the same workload as store/sqlite's
// (storetest.BenchListing, storetest.MeasureSearch), against the node at
// EXPORTSCOPE_ES_URL. scripts/bench.sh runs them next to the embedded ones.
// Benchmarks are not tests: nothing here asserts a timing.

const (
	esIngestN     = 100_000
	esIngestBatch = 5_000 // documents per Store.Bulk call, as in store/sqlite
)

// benchURL is the node the benchmarks run against; without one they skip.
func benchURL(b *testing.B) string {
	b.Helper()
	u := os.Getenv("EXPORTSCOPE_ES_URL")
	if u == "" {
		b.Skip("EXPORTSCOPE_ES_URL is not set: the Elasticsearch benchmarks need a node; start one with deploy/es-dev/es start and set EXPORTSCOPE_ES_URL to the URL it prints (scripts/bench.sh does both)")
	}
	return u
}

// rawClient is a plain client for what the store does not offer: the bare
// bulk loop, refresh and count.
func rawClient(b *testing.B, url string) *elasticsearch.Client {
	b.Helper()
	es, err := elasticsearch.NewClient(elasticsearch.Config{Addresses: []string{url}})
	if err != nil {
		b.Fatal(err)
	}
	return es
}

// rawDo sends req and fails the benchmark on an error response; out, if
// not nil, receives the decoded body.
func rawDo(b *testing.B, es *elasticsearch.Client, req esapi.Request, out any) {
	b.Helper()
	res, err := req.Do(context.Background(), es)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	if res.IsError() {
		b.Fatalf("%T: %s", req, res.String())
	}
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			b.Fatal(err)
		}
	}
}

func rawCount(b *testing.B, es *elasticsearch.Client, index string) int64 {
	var c struct {
		Count int64 `json:"count"`
	}
	rawDo(b, es, esapi.CountRequest{Index: []string{index}}, &c)
	return c.Count
}

// loadAvg is /proc/loadavg's first three fields: the benchmarks share two
// cores with the node and whatever else runs.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// openBenchStore opens a store with cfg, creating its indices if needed.
func openBenchStore(b *testing.B, cfg elastic.Config) *elastic.Store {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st, err := elastic.Open(ctx, cfg)
	if err != nil {
		b.Fatalf("Open %s: %v", cfg.IndexPrefix, err)
	}
	return st
}

// bareSource is the document the bare loop indexes for l: the listing's
// JSON with the tenant field that the store adds ("" for public data). Its
// id and reviewCount are in the listing's JSON already, so it holds the
// same fields and values as the store's document.
func bareSource(l *store.Listing) ([]byte, error) {
	j, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(j)+13)
	out = append(out, `{"tenant":"",`...)
	return append(out, j[1:]...), nil
}

// BenchmarkIngest indexes 100k listings through Store.Bulk (batches of
// 5000, the store's default configuration: every call refreshes, so its
// documents are searchable when it returns) and, in the same iteration,
// the same documents with a bare esutil.BulkIndexer loop: one indexer with
// the store's worker and flush settings, the same _id and document JSON,
// into an index created from the store's own template (a second store
// under another prefix), and one refresh at the end. The two alternate
// which goes first. Each side gets fresh indices, dropped afterwards;
// opening and dropping them is not timed, encoding the documents is.
//
// It reports store-docs/s, bare-docs/s and their ratio store/bare (the
// issue's goal is >= 0.8).
func BenchmarkIngest(b *testing.B) {
	url := benchURL(b)
	ctx := context.Background()
	es := rawClient(b, url)
	batches := make([][]store.Doc, 0, esIngestN/esIngestBatch)
	for start := 0; start < esIngestN; start += esIngestBatch {
		batches = append(batches, storetest.BenchBatch(start, esIngestBatch))
	}
	listings := make([]*store.Listing, esIngestN)
	for i := range listings {
		listings[i] = storetest.BenchListing(i)
	}
	b.Logf("load average before: %s", loadAvg())

	// Each side drops its indices when it is done; a failed iteration
	// leaves them here, to be dropped at the end.
	var leftover []string
	b.Cleanup(func() {
		for _, p := range leftover {
			st, err := elastic.Open(context.Background(), elastic.Config{URLs: []string{url}, IndexPrefix: p})
			if err == nil {
				err = st.Drop(context.Background())
				st.Close()
			}
			if err != nil {
				b.Errorf("dropping indices %s-*: %v", p, err)
			}
		}
	})
	var storeTime, bareTime time.Duration
	runStore := func(prefix string) {
		leftover = append(leftover, prefix)
		st := openBenchStore(b, elastic.Config{URLs: []string{url}, IndexPrefix: prefix})
		start := time.Now()
		for _, batch := range batches {
			res, err := st.Bulk(ctx, batch)
			if err != nil || res.Err() != nil {
				b.Fatal(err, res.Err())
			}
		}
		storeTime += time.Since(start)
		if n := rawCount(b, es, prefix+"-listing"); n != esIngestN {
			b.Fatalf("store ingest: %d listings searchable, want %d", n, esIngestN)
		}
		if err := st.Drop(ctx); err != nil {
			b.Fatal(err)
		}
		st.Close()
		leftover = leftover[:len(leftover)-1]
	}
	runBare := func(prefix string) {
		// The store creates the index from its template; the loop below
		// writes into it without the store.
		leftover = append(leftover, prefix)
		st := openBenchStore(b, elastic.Config{URLs: []string{url}, IndexPrefix: prefix})
		alias := prefix + "-listing"
		var failed atomic.Int64
		var firstErr atomic.Value
		start := time.Now()
		bi, err := esutil.NewBulkIndexer(esutil.BulkIndexerConfig{
			Client:        es,
			Index:         alias,
			NumWorkers:    2,
			FlushBytes:    5 << 20,
			FlushInterval: time.Minute,
		})
		if err != nil {
			b.Fatal(err)
		}
		onFailure := func(_ context.Context, _ esutil.BulkIndexerItem, r esutil.BulkIndexerResponseItem, err error) {
			failed.Add(1)
			if err == nil {
				err = fmt.Errorf("%d %s: %s", r.Status, r.Error.Type, r.Error.Reason)
			}
			firstErr.CompareAndSwap(nil, err.Error())
		}
		for _, l := range listings {
			doc, err := bareSource(l)
			if err != nil {
				b.Fatal(err)
			}
			err = bi.Add(ctx, esutil.BulkIndexerItem{
				Action:     "index",
				DocumentID: "/" + l.ID, // the store's _id: path-escaped tenant ("") + "/" + ID
				Body:       bytes.NewReader(doc),
				OnFailure:  onFailure,
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		if err := bi.Close(ctx); err != nil {
			b.Fatal(err)
		}
		if n := failed.Load(); n > 0 {
			b.Fatalf("bare loop: %d documents failed, first: %v", n, firstErr.Load())
		}
		rawDo(b, es, esapi.IndicesRefreshRequest{Index: []string{alias}}, nil)
		bareTime += time.Since(start)
		if n := rawCount(b, es, alias); n != esIngestN {
			b.Fatalf("bare ingest: %d listings searchable, want %d", n, esIngestN)
		}
		if err := st.Drop(ctx); err != nil {
			b.Fatal(err)
		}
		st.Close()
		leftover = leftover[:len(leftover)-1]
	}

	iters := 0
	for b.Loop() {
		run := fmt.Sprintf("bench-ingest-%d-%d", time.Now().UnixNano()%1e9, iters)
		if iters%2 == 0 {
			runStore(run + "-store")
			runBare(run + "-bare")
		} else {
			runBare(run + "-bare")
			runStore(run + "-store")
		}
		iters++
	}
	b.Logf("load average after: %s", loadAvg())
	storeRate := float64(esIngestN*iters) / storeTime.Seconds()
	bareRate := float64(esIngestN*iters) / bareTime.Seconds()
	b.ReportMetric(0, "ns/op") // an op is two ingests plus set-up: not a useful figure
	b.ReportMetric(storeRate, "store-docs/s")
	b.ReportMetric(bareRate, "bare-docs/s")
	b.ReportMetric(storeRate/bareRate, "store/bare")
}

// benchListings is BENCH_LISTINGS, default 1M.
func benchListings() int {
	if v, err := strconv.Atoi(os.Getenv("BENCH_LISTINGS")); err == nil && v > 0 {
		return v
	}
	return 1_000_000
}

// searchWarm records the prefixes whose search index this process has
// warmed up already (the benchmark function runs more than once).
var searchWarm = map[string]bool{}

// BenchmarkSearch1M runs the explorer's faceted searches
// (storetest.MeasureSearch: p50-ms, p95-ms) on BENCH_LISTINGS listings
// (default 1M) in Elasticsearch. The index, under the prefix
// bench-listings-<n>, is loaded once and kept on the node: a later run
// finds the alias with exactly n listings, the last of them as generated,
// and skips the load. Anything else there is dropped and loaded again.
// Stopping the dev node (deploy/es-dev/es stop) removes it.
//
// The load goes through Store.Bulk (batches of 10,000, no refresh per
// batch, one at the end); its time is logged. Before the measurement the
// search mix runs once unmeasured, so that the figures are the steady
// state of a node that serves searches, not its first query.
func BenchmarkSearch1M(b *testing.B) {
	url := benchURL(b)
	n := benchListings()
	ctx := context.Background()
	prefix := fmt.Sprintf("bench-listings-%d", n)
	cfg := elastic.Config{URLs: []string{url}, IndexPrefix: prefix}
	st := openBenchStore(b, cfg)
	defer st.Close()

	if !searchIndexComplete(b, st, n) {
		b.Logf("loading %d listings into %s-listing (load average %s)", n, prefix, loadAvg())
		if err := st.Drop(ctx); err != nil {
			b.Fatal(err)
		}
		load := cfg
		load.NoRefresh = true
		load.RetryFor = 10 * time.Minute // a busy node answers 429 for a while
		ls := openBenchStore(b, load)
		start := time.Now()
		if err := storetest.Fill(ctx, ls, n, 10_000); err != nil {
			b.Fatalf("loading %d listings: %v", n, err)
		}
		es := rawClient(b, url)
		rawDo(b, es, esapi.IndicesRefreshRequest{Index: []string{prefix + "-listing"}}, nil)
		took := time.Since(start)
		ls.Close()
		if !searchIndexComplete(b, st, n) {
			b.Fatalf("after loading, %s-listing does not hold the %d listings", prefix, n)
		}
		var size struct {
			All struct {
				Primaries struct {
					Store struct {
						Bytes int64 `json:"size_in_bytes"`
					} `json:"store"`
					Segments struct {
						Count int `json:"count"`
					} `json:"segments"`
				} `json:"primaries"`
			} `json:"_all"`
		}
		rawDo(b, es, esapi.IndicesStatsRequest{Index: []string{prefix + "-listing"}, Metric: []string{"store", "segments"}}, &size)
		b.Logf("loaded %d listings in %s (%.0f listings/s); index %.0f MB in %d segments; load average %s",
			n, took.Round(time.Second), float64(n)/took.Seconds(),
			float64(size.All.Primaries.Store.Bytes)/(1<<20), size.All.Primaries.Segments.Count, loadAvg())
	}
	if !searchWarm[prefix] {
		for _, q := range storetest.SearchMix() {
			if _, err := st.SearchListings(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		searchWarm[prefix] = true
	}
	storetest.MeasureSearch(b, st)
	if b.N > 1 {
		b.Logf("load average after %d searches: %s", b.N, loadAvg())
	}
}

// searchIndexComplete reports whether st's listing alias holds exactly n
// listings and the last one is storetest.BenchListing(n-1) as generated
// now (so a change of the generator reloads the index).
func searchIndexComplete(b *testing.B, st *elastic.Store, n int) bool {
	ctx := context.Background()
	counts, err := st.Counts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if counts[store.KindListing] != int64(n) {
		if c := counts[store.KindListing]; c > 0 {
			b.Logf("%d listings in the benchmark index, want %d: reloading", c, n)
		}
		return false
	}
	want := storetest.BenchListing(n - 1)
	docs, err := st.Get(ctx, store.Public, store.KindListing, []string{want.ID})
	if err != nil {
		b.Fatal(err)
	}
	if len(docs) != 1 {
		return false
	}
	got, _ := json.Marshal(docs[0])
	exp, _ := json.Marshal(want)
	if !bytes.Equal(got, exp) {
		b.Logf("listing %s in the benchmark index differs from the generator's: reloading", want.ID)
		return false
	}
	return true
}
