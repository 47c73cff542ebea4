package crawl

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exportscope/exportscope/crawlers/site"
	"github.com/exportscope/exportscope/crawlers/ssrf"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
)

// testAdapter describes the test shop the way crawlers/sites describes a
// real marketplace: a search page whose items link to product pages that
// carry schema.org JSON-LD.
const testAdapter = `
name: testshop
politeness: {delay: 0s, parallelism: 2}
markets:
  - host: shop.test
    country: DE
    locale: de-DE
search:
  url: "https://{host}/search?q={keyword}&p={page}"
  pageSize: 3
pages:
  - name: search
    urls: ['^/search']
    items: li.item
    next: {css: a.next, attr: href}
    follow: {css: a.title, attr: href}
    fields:
      title: a.title
      sku: {attr: data-id}
      brand: .brand
      price: .price
  - name: product
    urls: ['^/p/']
    fields:
      title: h1
`

func loadTestAdapter(t *testing.T) *site.Adapter {
	t.Helper()
	a, err := site.Parse("testshop.yaml", []byte(testAdapter))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

type product struct {
	SKU, Title, Brand string
	Price             float64
	Rating            float64
	Reviews           int
}

// shop is a small marketplace on httptest: robots.txt, paginated search
// pages and JSON-LD product pages. It counts requests and successful
// answers per page (see pageKey), and lets a test take over any page.
type shop struct {
	srv *httptest.Server

	// hmu runs the handlers tests install one at a time, so that they
	// may keep state without locks of their own.
	hmu sync.Mutex

	mu       sync.Mutex
	robots   string
	products []*product
	perPage  int
	extra    map[string][]string         // search page -> more links to show
	handlers map[string]http.HandlerFunc // by pageKey
	hits     map[string]int              // requests per pageKey
	ok       map[string]int              // 2xx answers per pageKey
}

func newShop(t *testing.T, n int) *shop {
	t.Helper()
	s := &shop{
		robots:   "User-agent: *\nDisallow: /private/\n",
		perPage:  3,
		extra:    map[string][]string{},
		handlers: map[string]http.HandlerFunc{},
		hits:     map[string]int{},
		ok:       map[string]int{},
	}
	for i := 1; i <= n; i++ {
		s.products = append(s.products, &product{
			SKU:     fmt.Sprintf("MGO-%03d", i),
			Title:   fmt.Sprintf("Magnesiumoxid %d kg", i*5),
			Brand:   []string{"Liaoning Mag", "Haicheng Min", "Yingkou Refr"}[i%3],
			Price:   float64(10*i) + 0.5,
			Rating:  3.5 + float64(i%3)*0.5,
			Reviews: 10 * i,
		})
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// pageKey names a page: its path, and for search pages the query too
// (product links carry a tracking parameter that does not make another
// page).
func pageKey(u *url.URL) string {
	if u.Path == "/search" {
		return u.RequestURI()
	}
	return u.Path
}

// handle makes h answer requests for the page key uri.
func (s *shop) handle(uri string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[uri] = h
}

func (s *shop) setPrice(sku string, p float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, pr := range s.products {
		if pr.SKU == sku {
			pr.Price = p
		}
	}
}

func (s *shop) counts() (hits, ok map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	hits, ok = map[string]int{}, map[string]int{}
	for k, v := range s.hits {
		hits[k] = v
	}
	for k, v := range s.ok {
		ok[k] = v
	}
	return hits, ok
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (s *shop) serve(w http.ResponseWriter, r *http.Request) {
	uri := pageKey(r.URL)
	s.mu.Lock()
	s.hits[uri]++
	h := s.handlers[uri]
	s.mu.Unlock()
	rec := &statusRecorder{ResponseWriter: w}
	switch {
	case h != nil:
		s.hmu.Lock()
		h(rec, r)
		s.hmu.Unlock()
	case r.URL.Path == "/robots.txt":
		s.mu.Lock()
		body := s.robots
		s.mu.Unlock()
		fmt.Fprint(rec, body)
	case r.URL.Path == "/search":
		s.searchPage(rec, r)
	case strings.HasPrefix(r.URL.Path, "/p/"):
		s.productPage(rec, r)
	default:
		http.NotFound(rec, r)
	}
	// A handler that gave up on its client (r.Context() done) does not
	// count as an answer.
	if rec.status >= 200 && rec.status < 300 && r.Context().Err() == nil {
		s.mu.Lock()
		s.ok[uri]++
		s.mu.Unlock()
	}
}

func (s *shop) searchPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	page, _ := strconv.Atoi(r.URL.Query().Get("p"))
	page = max(page, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	from := (page - 1) * s.perPage
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html><head><meta charset=utf-8><title>%s</title></head><body><h1>Ergebnisse für %s</h1><ul>\n",
		html.EscapeString(q), html.EscapeString(q))
	for _, p := range s.products[min(from, len(s.products)):min(from+s.perPage, len(s.products))] {
		fmt.Fprintf(&b, `<li class="item" data-id="%s"><a class="title" href="/p/%s?ref=search">%s</a> <span class="brand">%s</span> <span class="price">%s €</span></li>`+"\n",
			p.SKU, p.SKU, html.EscapeString(p.Title), html.EscapeString(p.Brand), strings.Replace(strconv.FormatFloat(p.Price, 'f', 2, 64), ".", ",", 1))
	}
	b.WriteString("</ul>\n")
	for _, l := range s.extra[r.URL.RequestURI()] {
		fmt.Fprintf(&b, `<p><a class="title" href="%s">mehr</a></p>`+"\n", l)
	}
	if from+s.perPage < len(s.products) {
		fmt.Fprintf(&b, `<a class="next" href="/search?q=%s&amp;p=%d">Weiter</a>`, q, page+1)
	}
	b.WriteString("</body></html>")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, b.String())
}

func (s *shop) productPage(w http.ResponseWriter, r *http.Request) {
	sku := strings.TrimPrefix(r.URL.Path, "/p/")
	s.mu.Lock()
	var p product
	found := false
	for _, pr := range s.products {
		if pr.SKU == sku {
			p, found = *pr, true
		}
	}
	s.mu.Unlock()
	if !found {
		http.NotFound(w, r)
		return
	}
	ld, _ := json.Marshal(map[string]any{
		"@context": "https://schema.org",
		"@type":    "Product",
		"name":     p.Title,
		"sku":      p.SKU,
		"brand":    map[string]any{"@type": "Brand", "name": p.Brand},
		"offers": map[string]any{"@type": "Offer", "price": strconv.FormatFloat(p.Price, 'f', 2, 64),
			"priceCurrency": "EUR", "availability": "https://schema.org/InStock"},
		"aggregateRating": map[string]any{"@type": "AggregateRating", "ratingValue": p.Rating, "reviewCount": p.Reviews},
		"review":          productReviews(p.SKU),
	})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><html><head><title>%s</title><script type="application/ld+json">%s</script></head>
<body><h1>%s</h1></body></html>`, html.EscapeString(p.Title), ld, html.EscapeString(p.Title))
}

// reviewsPerProduct is how many reviews each product page of the test
// shop shows.
const reviewsPerProduct = 2

// productReviews are the schema.org reviews a product page shows: one in
// German, one in English with a region.
func productReviews(sku string) []map[string]any {
	return []map[string]any{
		{"@type": "Review", "author": map[string]any{"@type": "Person", "name": "Jörg"}, "datePublished": "2025-02-01",
			"inLanguage": "de-DE", "name": "Gut", "reviewBody": "Gute Qualität, " + sku + ".",
			"reviewRating": map[string]any{"@type": "Rating", "ratingValue": "4", "bestRating": "5"}},
		{"@type": "Review", "author": map[string]any{"@type": "Person", "name": "Ann"}, "datePublished": "2025-02-03T09:30:00Z",
			"inLanguage": "en_GB", "reviewBody": "Slow delivery.",
			"reviewRating": map[string]any{"@type": "Rating", "ratingValue": 2}},
	}
}

// fakeRates converts with fixed rates per euro.
type fakeRates struct{}

var perEUR = map[string]float64{"EUR": 1, "USD": 1.1, "CNY": 7.8}

func (fakeRates) ConvertTo(_ context.Context, amount float64, from, to string, day time.Time) (float64, time.Time, error) {
	f, ok1 := perEUR[from]
	t, ok2 := perEUR[to]
	if !ok1 || !ok2 {
		return 0, time.Time{}, fmt.Errorf("no rate for %s or %s", from, to)
	}
	return amount / f * t, day, nil
}

// env is a test's stores: a real SQLite market store and control database
// in a temporary folder.
type env struct {
	dir     string
	store   *sqlite.Store
	control *controldb.DB
}

func newEnv(t *testing.T, dir string) *env {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(dir, "market.db")})
	if err != nil {
		t.Fatal(err)
	}
	db, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(dir, "control.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		st.Close()
		db.Close()
	})
	return &env{dir: dir, store: st, control: db}
}

func (e *env) frontier(t *testing.T, crawlID string) *Frontier {
	t.Helper()
	f, err := NewFrontier(e.control, crawlID)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// crawler builds a crawler for crawlID of the shop at base (its httptest
// URL) with fast settings; edit adjusts the options. The shop listens on
// loopback, which the SSRF guard opens for exactly its address, as an
// operator opens the practice marketplace.
func (e *env) crawler(t *testing.T, base, crawlID string, edit func(*Options)) *Crawler {
	t.Helper()
	tr, err := ssrf.NewTransport(ssrf.Options{Allow: []string{strings.TrimPrefix(base, "http://")}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tr.CloseIdleConnections)
	opts := Options{
		Store:     e.store,
		Frontier:  e.frontier(t, crawlID),
		Adapter:   loadTestAdapter(t),
		BaseURL:   base,
		Keywords:  []string{"magnesia"},
		Sectors:   []string{"magnesium"},
		UserAgent: "ExportScopeTest/1.0",
		Delay:     time.Millisecond,
		RetryBase: 10 * time.Millisecond,
		RetryMax:  50 * time.Millisecond,
		Timeout:   5 * time.Second,
		Transport: tr,
		Rates:     fakeRates{},
	}
	if edit != nil {
		edit(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// docs returns every stored document of kind in the public scope.
func (e *env) docs(t *testing.T, kind store.Kind) []store.Doc {
	t.Helper()
	var out []store.Doc
	err := e.store.Scan(context.Background(), store.ScanQuery{Scope: store.Public, Kind: kind}, func(ds []store.Doc) error {
		out = append(out, ds...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// snapshots returns the stored snapshots: the price ones (a listing's
// figures) and the search ones (positions on search pages).
func (e *env) snapshots(t *testing.T) (price, search []*store.Snapshot) {
	t.Helper()
	for _, d := range e.docs(t, store.KindSnapshot) {
		s := d.(*store.Snapshot)
		if s.SearchQuery != "" {
			search = append(search, s)
		} else {
			price = append(price, s)
		}
	}
	return price, search
}

func (e *env) listings(t *testing.T) map[string]*store.Listing {
	t.Helper()
	out := map[string]*store.Listing{}
	for _, d := range e.docs(t, store.KindListing) {
		l := d.(*store.Listing)
		out[l.SKU] = l
	}
	return out
}

// urlStates returns the frontier's rows by pageKey.
func urlStates(t *testing.T, f *Frontier) map[string]URLState {
	t.Helper()
	states, err := f.URLs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]URLState{}
	for _, s := range states {
		u, err := url.Parse(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		out[pageKey(u)] = s
	}
	return out
}
