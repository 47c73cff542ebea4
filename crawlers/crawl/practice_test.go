package crawl

import (
	"context"
	"github.com/google/go-cmp/cmp"
	"math"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/exportscope/exportscope/crawlers/practice"
	"github.com/exportscope/exportscope/crawlers/site"
	"github.com/exportscope/exportscope/crawlers/ssrf"
	"github.com/exportscope/exportscope/store"
)

// TestPracticeMarketplace crawls the practice marketplace's US storefront,
// which answers some requests 429 with Retry-After and forbids some pages
// in robots.txt, and compares the listings with its answer key.
func TestPracticeMarketplace(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for Retry-After")
	}
	m, err := practice.New(practice.Options{Seed: 7, Listings: 3000, FaultRate: 0.05, RetryAfter: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	adapter, err := site.Load("testdata/practicemart.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The operator opens the practice marketplace's loopback address.
	tr, err := ssrf.NewTransport(ssrf.Options{Allow: []string{strings.TrimPrefix(srv.URL, "http://")}})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.CloseIdleConnections()
	e := newEnv(t, "")
	c, err := New(Options{
		Store:     e.store,
		Frontier:  e.frontier(t, "practice-1"),
		Adapter:   adapter,
		BaseURL:   srv.URL,
		Keywords:  []string{"magnesium oxide", "jellyfish"},
		UserAgent: "ExportScopeBot/0.1 (+https://github.com/exportscope/exportscope)",
		Delay:     time.Millisecond,
		Transport: tr,
		Rates:     fakeRates{},
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ms := m.Stats()
	t.Logf("crawl: %+v; market: %+v", st, ms)
	if ms.RobotsViolations != 0 {
		t.Errorf("%d robots.txt violations", ms.RobotsViolations)
	}
	if ms.RateLimited > 0 && st.Retries == 0 {
		t.Errorf("the market answered 429 %d times and nothing was retried", ms.RateLimited)
	}
	if st.Errors != 0 || st.Queued != 0 || st.New == 0 {
		t.Errorf("stats %+v: want no errors, nothing queued, some listings", st)
	}

	truth, err := m.Listings(0, "us")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]practice.Listing{}
	for _, l := range truth {
		byID[l.ID] = l
	}
	stored := e.listings(t)
	if len(stored) != st.New {
		t.Errorf("%d listings stored, %d new", len(stored), st.New)
	}
	reviews := map[string][]*store.Review{} // by listing ID
	for _, d := range e.docs(t, store.KindReview) {
		r := d.(*store.Review)
		reviews[r.ListingID] = append(reviews[r.ListingID], r)
	}
	checked := 0
	for id, l := range stored {
		want, ok := byID[id]
		if !ok {
			t.Errorf("listing %s is not in the answer key", id)
			continue
		}
		if want.Malformed != "" {
			continue // a page served broken on purpose
		}
		if l.Marketplace != want.Marketplace || l.Title != want.Title || l.Brand != want.Brand {
			t.Errorf("%s: %s %q by %q, want %s %q by %q", id, l.Marketplace, l.Title, l.Brand, want.Marketplace, want.Title, want.Brand)
		}
		if l.Price == nil || math.Abs(*l.Price-want.Price) > 0.005 || l.Currency != "USD" || l.PriceUSD == nil || *l.PriceUSD != *l.Price {
			t.Errorf("%s: price %v %s (USD %v), want %v USD", id, l.Price, l.Currency, l.PriceUSD, want.Price)
		}
		if l.ReviewCount != want.ReviewCount || l.SalesRank != want.SalesRank {
			t.Errorf("%s: %d reviews, rank %d; want %d, %d", id, l.ReviewCount, l.SalesRank, want.ReviewCount, want.SalesRank)
		}
		truth, err := m.Reviews(0, "us", id)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]*store.Review{}
		for _, r := range reviews[l.ID] {
			got[r.Date.Format(time.DateOnly)+" "+r.Text] = r
		}
		if len(got) != len(truth) || len(reviews[l.ID]) != len(truth) {
			t.Errorf("%s: %d reviews stored, want %d", id, len(reviews[l.ID]), len(truth))
		}
		for _, tr := range truth {
			r := got[tr.Date.Format(time.DateOnly)+" "+strings.Join(strings.Fields(tr.Text), " ")]
			if r == nil || r.Rating != float64(tr.Rating) || r.Lang != tr.Lang || r.Brand != l.Brand || r.Marketplace != l.Marketplace {
				t.Errorf("%s: review %+v stored as %+v", id, tr, r)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no reviews checked")
	}

	// Search positions: each search's first page, brand by brand, as the
	// answer key has it.
	_, search := e.snapshots(t)
	firstPage := map[string]map[string]int{} // query -> brand -> results
	for _, sn := range search {
		if sn.SearchPage != 1 {
			continue
		}
		if firstPage[sn.SearchQuery] == nil {
			firstPage[sn.SearchQuery] = map[string]int{}
		}
		firstPage[sn.SearchQuery][sn.Brand]++
	}
	for _, q := range []string{"magnesium oxide", "jellyfish"} {
		key, err := m.Search(0, "us", q)
		if err != nil {
			t.Fatal(err)
		}
		if key.FirstPageMalformed != "" {
			continue
		}
		if len(key.FirstPage) == 0 {
			t.Errorf("search %q: the answer key has no results", q)
		}
		if diff := cmp.Diff(key.FirstPage, firstPage[q]); diff != "" {
			t.Errorf("search %q: first-page results by brand (-answer key +stored):\n%s", q, diff)
		}
	}
	t.Logf("%d reviews checked against the answer key", checked)
}
