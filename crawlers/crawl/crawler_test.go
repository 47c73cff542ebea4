package crawl

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/crawlers/fx"
	"github.com/exportscope/exportscope/store"
)

var _ Rates = (*fx.Converter)(nil)

// searchPos reads the position back out of a search snapshot's summary.
func searchPos(summary string) int {
	var q string
	var page, pos int
	fmt.Sscanf(summary, "%s page %d position %d", &q, &page, &pos)
	return pos
}

var _ Store = store.Store(nil)

func TestCrawlStoresListings(t *testing.T) {
	s := newShop(t, 7) // three search pages: 3 + 3 + 1 items
	e := newEnv(t, "")
	var progress int
	c := e.crawler(t, s.srv.URL, "c1", func(o *Options) { o.Progress = func(Stats) { progress++ } })
	st, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{Pages: 10, Products: 14, Reviews: 7 * reviewsPerProduct, New: 7}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("stats mismatch (-want +got):\n%s", diff)
	}
	if progress != 10 {
		t.Errorf("progress called %d times, want 10", progress)
	}

	ls := e.listings(t)
	if len(ls) != 7 {
		t.Fatalf("%d listings stored, want 7", len(ls))
	}
	l := ls["MGO-002"]
	got := *l
	got.FirstSeen, got.LastSeen = time.Time{}, time.Time{}
	wantL := store.Listing{
		ID:           store.StableID("shop.test", "sku:MGO-002"),
		Marketplace:  "shop.test",
		Country:      "DE",
		URL:          "https://shop.test/p/MGO-002",
		Title:        "Magnesiumoxid 10 kg",
		Brand:        "Yingkou Refr",
		Sectors:      []string{"magnesium"},
		Price:        store.Float(20.5),
		Currency:     "EUR",
		PriceUSD:     store.Float(22.55),
		PriceCNY:     store.Float(159.9),
		Rating:       store.Float(4.5),
		ReviewCount:  20,
		SKU:          "MGO-002",
		Availability: "InStock",
	}
	if diff := cmp.Diff(wantL, got); diff != "" {
		t.Errorf("listing mismatch (-want +got):\n%s", diff)
	}
	if l.FirstSeen.IsZero() || l.LastSeen.Before(l.FirstSeen) {
		t.Errorf("FirstSeen %v, LastSeen %v", l.FirstSeen, l.LastSeen)
	}
	price, search := e.snapshots(t)
	if n := len(price); n != 7 {
		t.Errorf("%d price snapshots, want 7 (one per new listing)", n)
	}
	// The search pages show the products in order, three to a page: one
	// search snapshot per result, with its place over all pages.
	var wantSearch []string
	for i, p := range s.products {
		wantSearch = append(wantSearch, fmt.Sprintf("%s page %d position %d %s %s", "magnesia", i/3+1, i+1,
			store.StableID("shop.test", "sku:"+p.SKU), p.Brand))
	}
	var gotSearch []string
	for _, sn := range search {
		gotSearch = append(gotSearch, fmt.Sprintf("%s page %d position %d %s %s", sn.SearchQuery, sn.SearchPage, sn.SearchPosition, sn.ListingID, sn.Brand))
		if sn.Marketplace != "shop.test" || sn.Country != "DE" || sn.Price != nil || sn.Time.IsZero() {
			t.Errorf("search snapshot %+v: want shop.test, DE, a time and no price", sn)
		}
	}
	sort.Slice(gotSearch, func(i, j int) bool { return searchPos(gotSearch[i]) < searchPos(gotSearch[j]) })
	if diff := cmp.Diff(wantSearch, gotSearch); diff != "" {
		t.Errorf("search snapshots mismatch (-want +got):\n%s", diff)
	}

	hits, _ := s.counts()
	if hits["/robots.txt"] != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", hits["/robots.txt"])
	}
	for uri, n := range hits {
		if n != 1 {
			t.Errorf("%s fetched %d times, want 1", uri, n)
		}
	}
	counts, err := c.frontier.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(FrontierCounts{Done: 10}, counts); diff != "" {
		t.Errorf("frontier mismatch (-want +got):\n%s", diff)
	}
}

func TestLimitsAndFilters(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(*Options)
		wantPages int
	}{
		{"page cap", func(o *Options) { o.MaxPages = 4 }, 4},
		{"disallowed product pages", func(o *Options) { o.DisallowedURLFilters = []*regexp.Regexp{regexp.MustCompile(`/p/`)} }, 3},
		{"only search pages allowed", func(o *Options) { o.URLFilters = []*regexp.Regexp{regexp.MustCompile(`/search\?`)} }, 3},
		// Next-page links keep the depth: all three result pages and their
		// products are within depth 1.
		{"depth 1", func(o *Options) { o.MaxDepth = 1 }, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newShop(t, 7)
			e := newEnv(t, "")
			st, err := e.crawler(t, s.srv.URL, "c1", tt.edit).Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if st.Pages != tt.wantPages || st.Queued != 0 {
				t.Errorf("pages = %d, queued = %d; want %d, 0", st.Pages, st.Queued, tt.wantPages)
			}
		})
	}
}

func TestRobotsObeyed(t *testing.T) {
	s := newShop(t, 3)
	// The search page links to a private page directly and to a product
	// URL that redirects into the private area.
	s.extra["/search?q=magnesia&p=1"] = []string{"/private/report", "/p/moved"}
	s.handle("/p/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/private/moved", http.StatusMovedPermanently)
	})
	e := newEnv(t, "")
	c := e.crawler(t, s.srv.URL, "c1", nil)
	st, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Skipped != 2 {
		t.Errorf("skipped = %d, want 2", st.Skipped)
	}
	hits, _ := s.counts()
	for uri := range hits {
		if strings.HasPrefix(uri, "/private/") {
			t.Errorf("fetched %s, which robots.txt disallows", uri)
		}
	}
	if hits["/p/moved"] != 1 {
		t.Errorf("/p/moved fetched %d times, want 1", hits["/p/moved"])
	}
	states := urlStates(t, c.frontier)
	for _, path := range []string{"/private/report", "/p/moved"} {
		st := states[path]
		if st.Status != statusSkipped || !strings.Contains(st.LastError, "robots.txt") {
			t.Errorf("%s: status %q, error %q; want skipped for robots.txt", path, st.Status, st.LastError)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	for _, form := range []string{"seconds", "date"} {
		t.Run(form, func(t *testing.T) {
			s := newShop(t, 2)
			var first time.Time
			var gap time.Duration
			n := 0
			s.handle("/p/MGO-001", func(w http.ResponseWriter, r *http.Request) {
				n++
				if n == 1 {
					first = time.Now()
					if form == "seconds" {
						w.Header().Set("Retry-After", "1")
					} else {
						w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
					}
					http.Error(w, "slow down", http.StatusTooManyRequests)
					return
				}
				gap = time.Since(first)
				s.productPage(w, r)
			})
			e := newEnv(t, "")
			c := e.crawler(t, s.srv.URL, "c1", nil)
			st, err := c.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if n != 2 || st.Retries != 1 || st.Errors != 0 {
				t.Errorf("requests %d, retries %d, errors %d; want 2, 1, 0", n, st.Retries, st.Errors)
			}
			if gap < time.Second-10*time.Millisecond {
				t.Errorf("retried after %v, before Retry-After", gap)
			}
			u := urlStates(t, c.frontier)["/p/MGO-001"]
			if u.Status != statusDone || u.Attempts != 2 {
				t.Errorf("state %+v, want done after 2 attempts", u)
			}
			if _, ok := e.listings(t)["MGO-001"]; !ok {
				t.Error("MGO-001 not stored")
			}
		})
	}
}

func TestFailsAfterMaxAttempts(t *testing.T) {
	s := newShop(t, 2)
	s.handle("/p/MGO-002", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	s.handle("/p/MGO-001", func(w http.ResponseWriter, r *http.Request) {
		http.NotFound(w, r) // permanent: not retried
	})
	e := newEnv(t, "")
	c := e.crawler(t, s.srv.URL, "c1", nil)
	st, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Errors != 2 || st.Retries != 2 {
		t.Errorf("errors %d, retries %d; want 2, 2", st.Errors, st.Retries)
	}
	hits, _ := s.counts()
	if hits["/p/MGO-002"] != 3 || hits["/p/MGO-001"] != 1 {
		t.Errorf("requests: MGO-002 %d (want 3), MGO-001 %d (want 1)", hits["/p/MGO-002"], hits["/p/MGO-001"])
	}
	states := urlStates(t, c.frontier)
	got := states["/p/MGO-002"]
	want := URLState{URL: s.srv.URL + "/p/MGO-002", Depth: 1, Status: statusFailed, Attempts: 3,
		LastError: "HTTP 500 Internal Server Error (attempt 3 of 3)", HTTPStatus: 500}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("MGO-002 mismatch (-want +got):\n%s", diff)
	}
	if got := states["/p/MGO-001"]; got.Status != statusFailed || got.Attempts != 1 || got.HTTPStatus != 404 {
		t.Errorf("MGO-001: %+v, want failed after 1 attempt with 404", got)
	}
	// The list page still gave both products.
	if n := len(e.listings(t)); n != 2 {
		t.Errorf("%d listings, want 2", n)
	}
}

func TestChangeDetection(t *testing.T) {
	s := newShop(t, 4)
	e := newEnv(t, "")
	day := time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC)
	crawl := func(id string) Stats {
		t.Helper()
		c := e.crawler(t, s.srv.URL, id, func(o *Options) { o.Now = func() time.Time { return day } })
		st, err := c.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	snapshots := func() int { price, _ := e.snapshots(t); return len(price) }

	st := crawl("day1")
	if st.New != 4 || st.Changed != 0 || snapshots() != 4 {
		t.Fatalf("day 1: %+v, %d snapshots; want 4 new and 4 snapshots", st, snapshots())
	}

	day = day.AddDate(0, 0, 1)
	st = crawl("day2")
	if st.New != 0 || st.Changed != 0 || st.Unchanged != 4 || snapshots() != 4 {
		t.Errorf("day 2, same pages: %+v, %d snapshots; want all unchanged and still 4 snapshots", st, snapshots())
	}
	l := e.listings(t)["MGO-003"]
	if !l.LastSeen.Equal(day) || l.FirstSeen.Equal(day) {
		t.Errorf("day 2: FirstSeen %v, LastSeen %v; want LastSeen moved to %v only", l.FirstSeen, l.LastSeen, day)
	}

	day = day.AddDate(0, 0, 1)
	s.setPrice("MGO-003", 27.9)
	st = crawl("day3")
	if st.Changed != 1 || snapshots() != 5 {
		t.Errorf("day 3, one new price: %+v, %d snapshots; want 1 changed and 5 snapshots", st, snapshots())
	}
	l = e.listings(t)["MGO-003"]
	if *l.Price != 27.9 || *l.PriceUSD != 30.69 {
		t.Errorf("MGO-003 price %v (USD %v), want 27.9 (30.69)", *l.Price, *l.PriceUSD)
	}
	var last *store.Snapshot
	for _, d := range e.docs(t, store.KindSnapshot) {
		if sn := d.(*store.Snapshot); sn.ListingID == l.ID && sn.Time.Equal(day) && sn.SearchQuery == "" {
			last = sn
		}
	}
	if last == nil || *last.Price != 27.9 {
		t.Errorf("no day-3 snapshot of MGO-003 with the new price: %+v", last)
	}
}

// TestResumeAfterCancel cancels the crawl while a request is in flight and
// runs it again: every page is fetched successfully exactly once overall.
func TestResumeAfterCancel(t *testing.T) {
	s := newShop(t, 7)
	e := newEnv(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	trapped := false
	s.handle("/p/MGO-005", func(w http.ResponseWriter, r *http.Request) {
		if !trapped {
			trapped = true
			cancel()
			<-r.Context().Done() // the crawler hangs up
			return
		}
		s.productPage(w, r)
	})
	// One worker, so that nothing else is half-way when the crawl stops.
	one := func(o *Options) { o.Parallelism = 1 }
	st, err := e.crawler(t, s.srv.URL, "c1", one).Run(ctx)
	if err != context.Canceled {
		t.Fatalf("first run: %v, want context.Canceled", err)
	}
	if st.Queued == 0 {
		t.Fatalf("first run left nothing queued: %+v", st)
	}
	st, err = e.crawler(t, s.srv.URL, "c1", one).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	checkExactlyOnce(t, s, e, 7)
}

func checkExactlyOnce(t *testing.T, s *shop, e *env, products int) {
	t.Helper()
	_, ok := s.counts()
	wantURIs := []string{"/robots.txt"}
	for p := 1; p <= (products+2)/3; p++ {
		wantURIs = append(wantURIs, fmt.Sprintf("/search?q=magnesia&p=%d", p))
	}
	for i := 1; i <= products; i++ {
		wantURIs = append(wantURIs, fmt.Sprintf("/p/MGO-%03d", i))
	}
	for _, uri := range wantURIs {
		if uri == "/robots.txt" {
			continue // read again by each run
		}
		if ok[uri] != 1 {
			t.Errorf("%s answered successfully %d times, want 1", uri, ok[uri])
		}
	}
	if n := len(e.docs(t, store.KindListing)); n != products {
		t.Errorf("%d listings stored, want %d", n, products)
	}
	price, search := e.snapshots(t)
	if n := len(price); n != products {
		t.Errorf("%d price snapshots stored, want %d (one per new listing)", n, products)
	}
	if n := len(search); n != products {
		t.Errorf("%d search snapshots stored, want %d (one per search result)", n, products)
	}
	if n := len(e.docs(t, store.KindReview)); n != products*reviewsPerProduct {
		t.Errorf("%d reviews stored, want %d", n, products*reviewsPerProduct)
	}
}

// TestSSRFGuard: without an allowlist entry the default transport refuses
// the shop on loopback, so nothing is fetched and the URLs are skipped,
// not retried.
func TestSSRFGuard(t *testing.T) {
	s := newShop(t, 3)
	e := newEnv(t, "")
	c := e.crawler(t, s.srv.URL, "c1", func(o *Options) { o.Transport = nil })
	st, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Skipped != 1 || st.Pages != 0 || st.Retries != 0 {
		t.Errorf("stats %+v, want the seed skipped", st)
	}
	if hits, _ := s.counts(); len(hits) != 0 {
		t.Errorf("the shop was reached: %v", hits)
	}
	u := urlStates(t, c.frontier)["/search?q=magnesia&p=1"]
	if u.Status != statusSkipped || !strings.Contains(u.LastError, "loopback") {
		t.Errorf("seed: %+v, want skipped naming the loopback address", u)
	}
}

func TestRedirects(t *testing.T) {
	s := newShop(t, 3)
	s.extra["/search?q=magnesia&p=1"] = []string{"/p/old", "/p/away", "/p/loop"}
	s.handle("/p/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/p/MGO-002", http.StatusMovedPermanently)
	})
	s.handle("/p/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	s.handle("/p/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/p/loop?again=1", http.StatusFound)
	})
	e := newEnv(t, "")
	c := e.crawler(t, s.srv.URL, "c1", func(o *Options) { o.Parallelism = 1 })
	if _, err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	states := urlStates(t, c.frontier)
	if u := states["/p/away"]; u.Status != statusSkipped || !strings.Contains(u.LastError, "leaves the crawl's sites") {
		t.Errorf("/p/away: %+v, want skipped as off-site", u)
	}
	if u := states["/p/loop"]; u.Status != statusFailed || !strings.Contains(u.LastError, "too many redirects") {
		t.Errorf("/p/loop: %+v, want failed for too many redirects", u)
	}
	// /p/old leads to a product page that is fetched once: either /p/old
	// came first (and its target was recorded as done) or the redirect to
	// the fetched page is not followed.
	if u := states["/p/old"]; u.Status != statusDone && !(u.Status == statusSkipped && strings.Contains(u.LastError, "has fetched")) {
		t.Errorf("/p/old: %+v, want done, or skipped as a duplicate", u)
	}
	hits, _ := s.counts()
	if hits["/p/MGO-002"] != 1 {
		t.Errorf("/p/MGO-002 fetched %d times, want 1", hits["/p/MGO-002"])
	}
	if n := len(e.listings(t)); n != 3 {
		t.Errorf("%d listings, want 3", n)
	}
}

// TestRobotsUnreachable: a robots.txt answered 503 allows nothing until it
// can be read; the URLs wait and are fetched once it can.
func TestRobotsUnreachable(t *testing.T) {
	s := newShop(t, 2)
	failed := false
	s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if !failed {
			failed = true
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	e := newEnv(t, "")
	c := e.crawler(t, s.srv.URL, "c1", nil)
	st, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Pages != 3 || st.Errors != 0 || st.Retries == 0 {
		t.Errorf("stats %+v, want 3 pages after a retry", st)
	}
	if hits, _ := s.counts(); hits["/search?q=magnesia&p=1"] != 1 {
		t.Errorf("the search page was fetched %d times, want once, after robots.txt was read", hits["/search?q=magnesia&p=1"])
	}
}

func TestNewChecksOptions(t *testing.T) {
	e := newEnv(t, "")
	a := loadTestAdapter(t)
	f := e.frontier(t, "c1")
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"nothing", Options{}, "no store"},
		{"no start", Options{Store: e.store, Frontier: f, Adapter: a}, "nothing to start from"},
		{"seed off-site", Options{Store: e.store, Frontier: f, Adapter: a, Seeds: []string{"https://elsewhere.test/"}}, "not on the crawled markets"},
		{"unknown market", Options{Store: e.store, Frontier: f, Adapter: a, Keywords: []string{"x"}, Markets: []string{"nowhere.test"}}, "no market for host"},
		{"bad base", Options{Store: e.store, Frontier: f, Adapter: a, Keywords: []string{"x"}, BaseURL: "http://127.0.0.1:1/x"}, "drop the path"},
		{"proxies with a transport", Options{Store: e.store, Frontier: f, Adapter: a, Keywords: []string{"x"}, Transport: http.DefaultTransport, Proxies: []string{"http://proxy:3128"}}, "Proxies"},
		{"bad proxy", Options{Store: e.store, Frontier: f, Adapter: a, Keywords: []string{"x"}, Proxies: []string{"ftp://proxy"}}, "not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if _, err := NewFrontier(e.control, " "); err == nil {
		t.Error("NewFrontier accepted an empty crawl ID")
	}
}
