// Command gqlbench measures listing search through the GraphQL API against
// the same searches called directly on the embedded store (make bench,
// scripts/bench.sh). It has three modes, each run as its own process:
//
//	gqlbench serve  --store DIR/market.db   serves POST /graphql on the store
//	                                        and prints "url=… token=…"
//	gqlbench load   --url URL --token T     loads that server from this
//	                                        second process (vegeta)
//	gqlbench direct --store DIR/market.db   calls SearchListings in process
//
// load and direct run the same eight searches (storetest.SearchMix, the
// listing explorer's queries with its five facets), either paced at
// --rate requests/s for --duration (open loop: latency under that load) or,
// with --rate 0, as fast as --workers concurrent callers go (throughput).
// Each prints one line: mode, rate, requests, throughput, p50, p99, errors.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/graph"
	"github.com/exportscope/exportscope/server"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/server/tenancy"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
	"github.com/exportscope/exportscope/store/storetest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := run(ctx, log, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gqlbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, log *slog.Logger, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: gqlbench serve|load|direct [flags]")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	storePath := fs.String("store", "", "the embedded store's market.db (serve, direct)")
	addr := fs.String("addr", "127.0.0.1:0", "listen address (serve)")
	url := fs.String("url", "", "the GraphQL endpoint (load)")
	token := fs.String("token", "", "bearer token (load)")
	rate := fs.Int("rate", 200, "requests per second; 0 means as fast as --workers go")
	duration := fs.Duration("duration", 20*time.Second, "how long to run (load, direct)")
	workers := fs.Int("workers", 4, "concurrent callers when --rate is 0")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "serve":
		return serve(ctx, log, *storePath, *addr)
	case "load":
		if *url == "" || *token == "" {
			return errors.New("load needs --url and --token")
		}
		return load(*url, *token, *rate, *workers, *duration)
	case "direct":
		return direct(ctx, *storePath, *rate, *workers, *duration)
	}
	return fmt.Errorf("unknown mode %q (serve, load, direct)", args[0])
}

func openStore(ctx context.Context, path string) (*sqlite.Store, error) {
	if path == "" {
		return nil, errors.New("--store is required")
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return sqlite.Open(ctx, sqlite.Options{Path: path})
}

// serve wires the API as the binary does (accounts, tenancy, the GraphQL
// handler with its limits) on the store, minus the per-IP rate limit, which
// would refuse a load generator on one address; it signs a tenant up and
// prints the URL and that tenant's token.
func serve(ctx context.Context, log *slog.Logger, storePath, addr string) error {
	st, err := openStore(ctx, storePath)
	if err != nil {
		return err
	}
	defer st.Close()
	dir, err := os.MkdirTemp("", "gqlbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	control, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(dir, "control.db"), Logger: log})
	if err != nil {
		return err
	}
	defer control.Close()
	cat, err := analytics.NewCatalogue(control)
	if err != nil {
		return err
	}
	runner, err := jobs.New(jobs.Options{DB: control, Logger: log})
	if err != nil {
		return err
	}
	accounts, err := auth.New(auth.Options{DB: control, Logger: log})
	if err != nil {
		return err
	}
	data, err := tenancy.New(tenancy.Options{Store: st, Jobs: runner, Catalogue: cat, Logger: log})
	if err != nil {
		return err
	}
	api, err := graph.NewHandler(graph.Options{Auth: accounts, Data: data, Logger: log})
	if err != nil {
		return err
	}
	s, err := accounts.SignUp(ctx, auth.SignUpInput{Email: "load@bench.example", Password: "correct horse battery", TenantName: "Bench", TenantKind: "exporter"}, "")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("POST /graphql", api)
	return server.Serve(ctx, server.ServeOptions{Addr: addr, Handler: mux, Logger: log}, func(u string) {
		fmt.Printf("url=%s/graphql token=%s\n", u, s.Token)
	})
}

// searchMix is storetest.SearchMix as GraphQL listings calls: the same
// text, filters, sort, page size and facets.
func searchMix() []map[string]any {
	const doc = `query($q: String, $f: ListingFilter, $s: ListingSort) {
  listings(query: $q, filter: $f, sort: $s, first: 20) {
    totalCount
    edges { node { id title brand seller marketplace country price { amount currency usd cny } rating reviewCount url } }
    pageInfo { hasNextPage endCursor }
    facets { field buckets { key count } }
  }
}`
	vars := []map[string]any{
		{"q": "magnesium oxide"},
		{"q": "jellyfish", "f": map[string]any{"countries": []string{"DE"}}},
		{"q": "氧化镁粉"},
		{"q": "cashmere", "f": map[string]any{"minPriceUSD": 20, "maxPriceUSD": 80}, "s": "PRICE_ASC"},
		{"f": map[string]any{"sectors": []string{"magnesium"}, "countries": []string{"US"}}, "s": "PRICE_DESC"},
		{"f": map[string]any{"brands": []string{"RHI"}, "minRating": 4.5}},
		{"q": "car lift", "f": map[string]any{"sellerCountries": []string{"CN"}}},
		{"f": map[string]any{"marketplaces": []string{"ozon.ru"}, "sectors": []string{"seafood"}}, "s": "RATING_DESC"},
	}
	out := make([]map[string]any, len(vars))
	for i, v := range vars {
		out[i] = map[string]any{"query": doc, "variables": v}
	}
	return out
}

// load checks that each search answers without errors, then attacks.
func load(url, token string, rate, workers int, duration time.Duration) error {
	header := http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + token}}
	var targets []vegeta.Target
	for i, body := range searchMix() {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		if err := check(url, header, b); err != nil {
			return fmt.Errorf("search %d: %w", i, err)
		}
		targets = append(targets, vegeta.Target{Method: "POST", URL: url, Body: b, Header: header})
	}
	opts := []func(*vegeta.Attacker){vegeta.KeepAlive(true), vegeta.Timeout(30 * time.Second), vegeta.MaxWorkers(maxInFlight)}
	pacer := vegeta.Pacer(vegeta.Rate{Freq: rate, Per: time.Second})
	if rate == 0 {
		pacer = vegeta.Rate{Freq: 0}
		opts = append(opts, vegeta.Workers(uint64(workers)), vegeta.MaxWorkers(uint64(workers)))
	}
	attacker := vegeta.NewAttacker(opts...)
	var m vegeta.Metrics
	for res := range attacker.Attack(vegeta.NewStaticTargeter(targets...), pacer, duration, "graphql") {
		m.Add(res)
	}
	m.Close()
	report("graphql", rate, workers, m.Requests, m.Throughput, m.Latencies.P50, m.Latencies.P99, m.Requests-uint64(float64(m.Requests)*m.Success+0.5))
	return nil
}

// check sends one request and wants listings without errors.
func check(url string, header http.Header, body []byte) error {
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header = header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out struct {
		Data struct {
			Listings struct{ TotalCount int }
		}
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(b, &out); err != nil || resp.StatusCode != 200 || len(out.Errors) > 0 {
		return fmt.Errorf("status %d: %s", resp.StatusCode, b)
	}
	return nil
}

// direct runs the same searches on the store in this process, paced like
// load (one goroutine per call at --rate, open loop) or closed loop with
// --workers callers.
func direct(ctx context.Context, storePath string, rate, workers int, duration time.Duration) error {
	st, err := openStore(ctx, storePath)
	if err != nil {
		return err
	}
	defer st.Close()
	mix := storetest.SearchMix()
	// Warm up as load does (its check sends each search once): the
	// store builds its in-memory listing index on the first search.
	for i, q := range mix {
		if _, err := st.SearchListings(ctx, q); err != nil {
			return fmt.Errorf("search %d: %w", i, err)
		}
	}
	var (
		mu   sync.Mutex
		lat  []time.Duration
		errs uint64
		wg   sync.WaitGroup
	)
	call := func(i int) {
		start := time.Now()
		_, err := st.SearchListings(ctx, mix[i%len(mix)])
		d := time.Since(start)
		mu.Lock()
		defer mu.Unlock()
		lat = append(lat, d)
		if err != nil {
			errs++
		}
	}
	begin := time.Now()
	end := begin.Add(duration)
	if rate > 0 {
		// Like vegeta with MaxWorkers: at most maxInFlight calls at once;
		// when the store cannot keep up, calls start late and the
		// achieved rate falls below the asked one.
		sem := make(chan struct{}, maxInFlight)
		interval := time.Second / time.Duration(rate)
		for i := 0; ; i++ {
			next := begin.Add(time.Duration(i) * interval)
			if !next.Before(end) || !time.Now().Before(end) {
				break
			}
			time.Sleep(time.Until(next))
			sem <- struct{}{}
			wg.Add(1)
			go func() { defer wg.Done(); call(i); <-sem }()
		}
	} else {
		var n sync.Mutex
		i := 0
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(end) {
					n.Lock()
					j := i
					i++
					n.Unlock()
					call(j)
				}
			}()
		}
	}
	wg.Wait()
	elapsed := time.Since(begin)
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(float64(len(lat)-1)*p)] }
	report("direct", rate, workers, uint64(len(lat)), float64(uint64(len(lat))-errs)/elapsed.Seconds(), pct(0.50), pct(0.99), errs)
	return nil
}

// maxInFlight bounds concurrent requests of a paced run in both modes, so
// an overloaded run ends on time and reports the rate it achieved.
const maxInFlight = 64

func report(mode string, rate, workers int, requests uint64, throughput float64, p50, p99 time.Duration, errs uint64) {
	pace := fmt.Sprintf("rate=%d/s", rate)
	if rate == 0 {
		pace = fmt.Sprintf("rate=max workers=%d", workers)
	}
	fmt.Printf("%s: %s requests=%d throughput=%.1f/s p50-ms=%.2f p99-ms=%.2f errors=%d\n",
		mode, pace, requests, throughput, ms(p50), ms(p99), errs)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

var _ store.Store = (*sqlite.Store)(nil)
