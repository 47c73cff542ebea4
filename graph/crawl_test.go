package graph_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/exportscope/exportscope/store"
)

// shopAdapter is a tenant's adapter for a shop at host; search is its
// search URL template.
func shopAdapter(host, search string) string {
	return fmt.Sprintf(`name: tshop
politeness: {delay: 0s, parallelism: 1}
markets:
  - host: %s
    country: DE
    locale: de-DE
search:
  url: "%s"
pages:
  - name: search
    urls: ['^/search']
    items: li.item
    fields:
      title: a.title
      url: {css: a.title, attr: href}
      sku: {attr: data-id}
      price: .price
`, host, search)
}

// testShop serves one search page with three products.
func testShop(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/search", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><body><ul>`)
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(w, `<li class="item" data-id="SKU%d"><a class="title" href="/p/%d">Tenant magnesia brick %d</a><span class="price">%d,50 €</span></li>`, i, i, i, 10+i)
		}
		fmt.Fprint(w, `</ul></body></html>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

const createCrawl = `mutation($in: CrawlInput!) { createCrawl(input: $in) { id site keywords status progress pages listings error createdAt } }`
const crawlQuery = `query($id: ID!) { crawl(id: $id) { id site status progress pages listings error } }`

type crawlOut struct {
	ID, Site, Status string
	Keywords         []string
	Progress         float64
	Pages, Listings  int
	Error            *string
}

func (e *productEnv) startCrawl(token, adapter string) crawlOut {
	e.t.Helper()
	var out struct{ CreateCrawl crawlOut }
	e.ok(e.do(token, createCrawl, map[string]any{"in": map[string]any{"adapter": adapter, "keywords": []string{"magnesia"}, "maxPages": 3}}), &out)
	if out.CreateCrawl.ID == "" || out.CreateCrawl.Site != "tshop" {
		e.t.Fatalf("createCrawl gave %+v", out.CreateCrawl)
	}
	return out.CreateCrawl
}

// finishedCrawl polls a crawl until it has ended.
func (e *productEnv) finishedCrawl(token, id string) crawlOut {
	e.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var out struct{ Crawl crawlOut }
		e.ok(e.do(token, crawlQuery, map[string]any{"id": id}), &out)
		switch out.Crawl.Status {
		case "DONE", "FAILED", "CANCELLED":
			return out.Crawl
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("crawl %s still %s", id, out.Crawl.Status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestCrawlSSRFGuard(t *testing.T) {
	shop := testShop(t)
	addr := strings.TrimPrefix(shop.URL, "http://")
	// The operator opens exactly the test shop's address and port.
	e := newProductEnv(t, productOptions{crawlAllow: []string{addr}})
	a, b := e.tenant("alpha"), e.tenant("beta")

	for _, tc := range []struct{ name, host, search, want string }{
		{"loopback", "127.0.0.1", "http://{host}/search?q={keyword}&p={page}", "loopback"},
		{"loopback on another port", "127.0.0.1", "http://{host}:1/search?q={keyword}", "loopback"},
		{"cloud metadata", "169.254.169.254", "http://{host}/latest/meta-data?q={keyword}", "cloud metadata"},
		{"private network", "10.0.0.8", "http://{host}/search?q={keyword}", "private network"},
	} {
		c := e.startCrawl(a.admin, shopAdapter(tc.host, tc.search))
		got := e.finishedCrawl(a.viewer, c.ID)
		if got.Status != "FAILED" || got.Error == nil || !strings.Contains(*got.Error, tc.want) || !strings.Contains(*got.Error, "refused") {
			t.Errorf("%s: crawl ended %s with error %v; want FAILED naming %q", tc.name, got.Status, deref(got.Error), tc.want)
		}
		if got.Pages != 0 || got.Listings != 0 {
			t.Errorf("%s: a refused crawl fetched %d pages", tc.name, got.Pages)
		}
	}

	// The allowed shop is crawled; its listings are alpha's own.
	host, port, _ := strings.Cut(addr, ":")
	c := e.startCrawl(a.owner, shopAdapter(host, "http://{host}:"+port+"/search?q={keyword}&p={page}"))
	got := e.finishedCrawl(a.viewer, c.ID)
	if got.Status != "DONE" || got.Pages < 1 || got.Listings != 3 || got.Progress != 100 {
		t.Fatalf("crawl of the test shop ended %+v (error %v)", got, deref(got.Error))
	}
	var own int
	err := e.store.Scan(context.Background(), store.ScanQuery{Scope: store.TenantScope(a.tenant), Kind: store.KindListing}, func(docs []store.Doc) error {
		for _, d := range docs {
			if l := d.(*store.Listing); l.Tenant == a.tenant && strings.Contains(l.Title, "Tenant magnesia") {
				own++
			}
		}
		return nil
	})
	if err != nil || own != 3 {
		t.Errorf("alpha's private listings: %d (%v), want 3", own, err)
	}
	var search struct{ Listings struct{ TotalCount int } }
	e.ok(e.do(b.owner, `{ listings(query: "Tenant magnesia brick") { totalCount } }`, nil), &search)
	if search.Listings.TotalCount != 0 {
		t.Errorf("a tenant crawl's listings are public: %d", search.Listings.TotalCount)
	}

	var list struct{ Crawls []crawlOut }
	e.ok(e.do(a.viewer, `{ crawls { id status } }`, nil), &list)
	if len(list.Crawls) != 5 || list.Crawls[0].ID != c.ID {
		t.Errorf("alpha's crawls, newest first: %+v", list.Crawls)
	}
	e.ok(e.do(b.owner, `{ crawls { id } }`, nil), &list)
	if len(list.Crawls) != 0 {
		t.Errorf("beta sees alpha's crawls: %+v", list.Crawls)
	}
	e.expectCode("crawl of alpha by beta", e.do(b.owner, crawlQuery, map[string]any{"id": c.ID}), "NOT_FOUND")
	e.expectCode("cancelCrawl of alpha by beta", e.do(b.owner, `mutation($id: ID!) { cancelCrawl(id: $id) { id } }`, map[string]any{"id": c.ID}), "NOT_FOUND")
	e.expectCode("cancel an ended crawl", e.do(a.owner, `mutation($id: ID!) { cancelCrawl(id: $id) { id } }`, map[string]any{"id": c.ID}), "BAD_INPUT")
}

func TestCreateCrawlBadInput(t *testing.T) {
	e := newProductEnv(t, productOptions{})
	a := e.tenant("alpha")
	good := shopAdapter("shop.example", "https://{host}/search?q={keyword}")
	for _, tc := range []struct {
		name string
		in   map[string]any
		want string
	}{
		{"bad YAML", map[string]any{"adapter": "name: [unclosed", "keywords": []string{"x"}}, "adapter.yaml"},
		{"unknown key", map[string]any{"adapter": good + "colour: red\n", "keywords": []string{"x"}}, "colour"},
		{"no search", map[string]any{"adapter": strings.Replace(good, "search:\n  url: \"https://{host}/search?q={keyword}\"\n", "", 1), "keywords": []string{"x"}}, "search"},
		{"no keywords", map[string]any{"adapter": good, "keywords": []string{" "}}, "keywords"},
		{"too many pages", map[string]any{"adapter": good, "keywords": []string{"x"}, "maxPages": 500}, "maxPages"},
		{"huge adapter", map[string]any{"adapter": good + "#" + strings.Repeat("x", 70000) + "\n", "keywords": []string{"x"}}, "bytes"},
	} {
		resp := e.do(a.owner, createCrawl, map[string]any{"in": tc.in})
		e.expectCode(tc.name, resp, "BAD_INPUT")
		if !strings.Contains(resp.raw, tc.want) {
			t.Errorf("%s: message should mention %q: %s", tc.name, tc.want, resp.raw)
		}
	}
	var list struct{ Crawls []crawlOut }
	e.ok(e.do(a.owner, `{ crawls { id } }`, nil), &list)
	if len(list.Crawls) != 0 {
		t.Errorf("refused crawls were recorded: %+v", list.Crawls)
	}
	for _, tok := range []string{a.analyst, a.viewer} {
		e.expectCode("createCrawl below admin", e.do(tok, createCrawl, map[string]any{"in": map[string]any{"adapter": good, "keywords": []string{"x"}}}), "FORBIDDEN")
	}
	e.expectCode("crawls without a token", e.do("", `{ crawls { id } }`, nil), "UNAUTHENTICATED")
	e.expectCode("unknown crawl", e.do(a.viewer, crawlQuery, map[string]any{"id": "nope"}), "NOT_FOUND")
}

func TestCancelCrawl(t *testing.T) {
	// A shop that never answers its search page.
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer slow.Close()
	defer close(release)
	addr := strings.TrimPrefix(slow.URL, "http://")
	e := newProductEnv(t, productOptions{crawlAllow: []string{addr}})
	a, b := e.tenant("alpha"), e.tenant("beta")
	host, port, _ := strings.Cut(addr, ":")
	c := e.startCrawl(a.admin, shopAdapter(host, "http://{host}:"+port+"/search?q={keyword}"))

	const cancel = `mutation($id: ID!) { cancelCrawl(id: $id) { id status } }`
	e.expectCode("cancelCrawl by an analyst", e.do(a.analyst, cancel, map[string]any{"id": c.ID}), "FORBIDDEN")
	e.expectCode("cancelCrawl by another tenant", e.do(b.owner, cancel, map[string]any{"id": c.ID}), "NOT_FOUND")
	var out struct{ CancelCrawl crawlOut }
	e.ok(e.do(a.admin, cancel, map[string]any{"id": c.ID}), &out)
	if out.CancelCrawl.ID != c.ID {
		t.Fatalf("cancelCrawl gave %+v", out.CancelCrawl)
	}
	if got := e.finishedCrawl(a.viewer, c.ID); got.Status != "CANCELLED" {
		t.Errorf("a cancelled crawl ended %s (%v)", got.Status, deref(got.Error))
	}
}
