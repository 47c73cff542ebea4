package practice

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testMarket starts a market on an httptest server.
func testMarket(t testing.TB, opts Options) (*Market, *httptest.Server) {
	t.Helper()
	m, err := New(opts)
	if err != nil {
		t.Fatalf("New(%+v): %v", opts, err)
	}
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(srv.Close)
	return m, srv
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func get(t testing.TB, srv *httptest.Server, path string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", path, err)
	}
	return response{res.StatusCode, res.Header, b}
}

var hrefRE = regexp.MustCompile(`href="(/[^"]*)"`)

// links returns the site paths a page links to, HTML-unescaped.
func links(body []byte) []string {
	var out []string
	for _, m := range hrefRE.FindAllSubmatch(body, -1) {
		out = append(out, htmlUnescape(string(m[1])))
	}
	return out
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#39;", "'", "&quot;", `"`).Replace(s)
}

// samplePaths are pages of every kind, for tests that check them all.
func samplePaths(t testing.TB, m *Market) []string {
	t.Helper()
	paths := []string{"/", "/robots.txt", "/sitemap.xml", "/sitemaps/us.xml",
		"/ecb/eurofxref-daily.xml", "/ecb/eurofxref-hist-90d.xml",
		"/comtrade/data/v1/get/C/A/HS?reporterCode=392,643&period=2019,2020&cmdCode=251990,030890&flowCode=M",
	}
	ls, err := m.Listings(m.opts.Day, "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, l := range ls {
		if seen[l.Store] < 3 {
			seen[l.Store]++
			paths = append(paths, l.URL)
			if l.Store == "kr" {
				paths = append(paths, "/api/kr/products/"+l.ID)
			}
		}
	}
	for _, s := range storefronts {
		paths = append(paths, "/"+s.Code+"/")
		kw := popularSearches(s)[0].Query
		paths = append(paths, searchURL(s, kw, 1, ""), searchURL(s, kw, 2, ""))
		if s.Style == StyleAPI {
			paths = append(paths, "/api/"+s.Code+"/search?q="+queryEscape(kw)+"&page=1")
		}
	}
	return paths
}

func TestNewRejectsBadOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"negative day", Options{Day: -1}},
		{"day too late", Options{Day: MaxDay + 1}},
		{"fault rate above 1", Options{FaultRate: 1.5}},
		{"negative malformed rate", Options{MalformedRate: -0.1}},
		{"too many listings", Options{Listings: 1e6}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New(tc.opts); err == nil {
				t.Errorf("New(%+v) = nil error, want one", tc.opts)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	opts := Options{Seed: 42, Day: 30}
	m1, srv1 := testMarket(t, opts)
	_, srv2 := testMarket(t, opts)
	for _, p := range samplePaths(t, m1) {
		a, b := get(t, srv1, p), get(t, srv2, p)
		// Absolute URLs carry each server's port; compare without it.
		a.Body = bytes.ReplaceAll(a.Body, []byte(srv1.URL), []byte("BASE"))
		b.Body = bytes.ReplaceAll(b.Body, []byte(srv2.URL), []byte("BASE"))
		if a.Status != http.StatusOK {
			t.Errorf("GET %s: status %d", p, a.Status)
		}
		if !bytes.Equal(a.Body, b.Body) {
			t.Errorf("GET %s differs between two markets with the same seed and day", p)
		}
		if again := get(t, srv1, p); !bytes.Equal(bytes.ReplaceAll(again.Body, []byte(srv1.URL), []byte("BASE")), a.Body) {
			t.Errorf("GET %s differs when asked twice", p)
		}
	}
}

func TestDayOverride(t *testing.T) {
	m, srv := testMarket(t, Options{Seed: 7})
	ls, _ := m.Listings(0, "us")
	p := ls[0].URL
	byQuery := get(t, srv, p+"?day=90")
	byHeader := get(t, srv, p, "X-Practice-Day", "90")
	if !bytes.Contains(byQuery.Body, []byte("(day 90)")) || !bytes.Contains(byHeader.Body, []byte("(day 90)")) {
		t.Errorf("day override not applied: query %q, header %q", footer(byQuery.Body), footer(byHeader.Body))
	}
	if r := get(t, srv, p+"?day=abc"); r.Status != http.StatusBadRequest {
		t.Errorf("GET %s?day=abc: status %d, want 400", p, r.Status)
	}
	// Links on a page asked for with ?day carry it on.
	s := storefrontByCode("jp")
	r := get(t, srv, searchURL(s, popularSearches(s)[0].Query, 1, "")+"&day=90")
	for _, l := range links(r.Body) {
		if strings.Contains(l, "/goods/") && !strings.HasSuffix(l, "?day=90") {
			t.Errorf("product link %q lost the day parameter", l)
		}
	}
}

func footer(b []byte) string {
	i := bytes.Index(b, []byte("<footer"))
	if i < 0 {
		return ""
	}
	return string(b[i:min(len(b), i+200)])
}

func TestPricesMoveBetweenDays(t *testing.T) {
	m, _ := testMarket(t, Options{Seed: 3})
	day0, _ := m.Listings(0, "")
	day60, _ := m.Listings(60, "")
	prices := map[string]float64{}
	for _, l := range day0 {
		prices[l.Store+"/"+l.ID] = l.Price
	}
	changed, common := 0, 0
	newcomers := 0
	for _, l := range day60 {
		p, ok := prices[l.Store+"/"+l.ID]
		if !ok {
			if !l.Newcomer {
				t.Errorf("%s/%s is on day 60 but not day 0 and is not a newcomer", l.Store, l.ID)
			}
			newcomers++
			continue
		}
		common++
		if p != l.Price {
			changed++
		}
	}
	share := float64(changed) / float64(common)
	// About 1-(1-0.12)^60 of prices have moved at least once, but small
	// moves can round back to the same shop price.
	if share < 0.5 || share > 0.99 {
		t.Errorf("%.2f of prices changed between day 0 and 60, want most but not all", share)
	}
	if newcomers == 0 {
		t.Error("no newcomers on day 60")
	}
}

func TestReviewCountsNeverFall(t *testing.T) {
	m, _ := testMarket(t, Options{Seed: 5, Listings: 600})
	prev := map[string]int{}
	for _, day := range []int{0, 10, 100, 365} {
		ls, _ := m.Listings(day, "")
		for _, l := range ls {
			k := l.Store + "/" + l.ID
			if n, ok := prev[k]; ok && l.ReviewCount < n {
				t.Errorf("%s: review count fell from %d to %d by day %d", k, n, l.ReviewCount, day)
			}
			prev[k] = l.ReviewCount
		}
	}
}

func TestEverySectorOnEveryStorefront(t *testing.T) {
	m, srv := testMarket(t, Options{Seed: 1})
	ls, _ := m.Listings(0, "")
	got := map[string]map[string]int{}
	for _, l := range ls {
		if got[l.Store] == nil {
			got[l.Store] = map[string]int{}
		}
		got[l.Store][l.Sector]++
	}
	for _, s := range storefronts {
		for _, sec := range sectors {
			if got[s.Code][sec.Slug] < 5 {
				t.Errorf("storefront %s has %d listings in sector %s, want at least 5", s.Code, got[s.Code][sec.Slug], sec.Slug)
			}
		}
	}
	// Every keyword a crawler would search finds listings of its sector.
	for _, s := range storefronts {
		st := m.state(0)
		for _, kw := range popularSearches(s) {
			found := 0
			for _, o := range search(st, s, kw.Query, "") {
				if o.Sector.Slug == kw.Sector {
					found++
				}
			}
			if found == 0 {
				t.Errorf("storefront %s: search %q finds nothing in sector %s", s.Code, kw.Query, kw.Sector)
			}
		}
	}
	// English and Chinese keywords work everywhere.
	for _, s := range storefronts {
		for _, q := range []string{"magnesium oxide", "氧化镁", "jellyfish", "cashmere sweater"} {
			if len(search(m.state(0), s, q, "")) == 0 {
				t.Errorf("storefront %s: search %q finds nothing", s.Code, q)
			}
		}
	}
	_ = srv
}

func TestCatalogueShape(t *testing.T) {
	m, _ := testMarket(t, Options{Seed: 11})
	ls, _ := m.Listings(0, "")
	if n := len(ls); n < 2000 || n > 5000 {
		t.Errorf("%d listings on day 0, want 2,000–5,000", n)
	}
	var chinese, rated, goodRating, withWeight int
	brands := map[string]int{}
	for _, l := range ls {
		if l.SellerCountry == "CN" {
			chinese++
		}
		if l.Rating > 0 {
			rated++
			if l.Rating >= 3.8 && l.Rating <= 4.8 {
				goodRating++
			}
		}
		if l.NetWeightKg > 0 {
			withWeight++
		}
		brands[l.Brand]++
		if l.GTIN != "" && gtinCheck(l.GTIN[:12]) != int(l.GTIN[12]-'0') {
			t.Errorf("%s/%s: GTIN %s has a wrong check digit", l.Store, l.ID, l.GTIN)
		}
		if l.Price <= 0 {
			t.Errorf("%s/%s: price %v", l.Store, l.ID, l.Price)
		}
	}
	n := float64(len(ls))
	if s := float64(chinese) / n; s < 0.25 || s > 0.65 {
		t.Errorf("Chinese sellers %.2f of listings, want 0.25–0.65", s)
	}
	if s := float64(goodRating) / float64(rated); s < 0.7 {
		t.Errorf("%.2f of ratings within 3.8–4.8, want most", s)
	}
	if withWeight != len(ls) {
		t.Errorf("%d of %d listings have a net weight", withWeight, len(ls))
	}
	// Zipf-like brands: the biggest brand has many listings, and there is
	// a long tail.
	top, small := 0, 0
	for _, c := range brands {
		top = max(top, c)
		if c < 20 {
			small++
		}
	}
	if top < 50 || small < 20 {
		t.Errorf("brand sizes not heavy-tailed: biggest %d, brands under 20 listings %d", top, small)
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{currencies["USD"].format(1234.56), "US $1,234.56"},
		{currencies["USD"].format(12.99), "US $12.99"},
		{currencies["EUR"].format(1234.56), "1.234,56\u00a0€"},
		{currencies["JPY"].format(1299), "¥1,299"},
		{currencies["RUB"].format(1299), "1\u00a0299\u00a0₽"},
		{currencies["BRL"].format(1234.56), "R$ 1.234,56"},
		{currencies["KRW"].format(12900), "12,900원"},
		{formatRating(de, 4.5), "4,5 von 5 Sternen"},
		{formatRating(ja, 4.5), "5つ星のうち4.5"},
		{formatReviewCount(ru, 21), "21 отзыв"},
		{formatReviewCount(ru, 1234), "1\u00a0234 отзыва"},
		{formatReviewCount(ru, 11), "11 отзывов"},
		{formatReviewCount(en, 1), "1 rating"},
		{formatWeight(ru, 0.5), "0,5\u00a0кг"},
		{formatWeight(en, 25), "25 kg"},
		{packWeight(ja, 0.5), "500g"},
		{formatDate(de, Epoch), "6. Januar 2025"},
		{formatDate(ru, Epoch), "6 января 2025 г."},
		{formatDate(pt, Epoch), "6 de janeiro de 2025"},
		{formatRank(en, 1234, "Seafood"), "#1,234 in Seafood"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	for _, tc := range []struct {
		code string
		in   float64
		want float64
	}{
		{"USD", 12.3, 12.99}, {"USD", 57.2, 56.99}, {"JPY", 1234, 1199}, {"KRW", 12940, 12900}, {"RUB", 1294, 1289},
	} {
		if got := currencies[tc.code].nice(tc.in); got != tc.want {
			t.Errorf("nice %s %v = %v, want %v", tc.code, tc.in, got, tc.want)
		}
	}
}

func TestTitlesCarryLocalKeywords(t *testing.T) {
	m, _ := testMarket(t, Options{Seed: 2})
	ls, _ := m.Listings(0, "")
	want := map[string]string{"us": "Magnesium Oxide", "de": "Magnesiumoxid", "jp": "酸化マグネシウム", "ru": "Оксид магния", "br": "Óxido de Magnésio", "kr": "산화마그네슘"}
	found := map[string]bool{}
	for _, l := range ls {
		if l.ProductType == "mgo-powder" && strings.Contains(l.Title, want[l.Store]) {
			found[l.Store] = true
		}
	}
	for store, kw := range want {
		if !found[store] {
			t.Errorf("no magnesium oxide listing on %s has %q in its title", store, kw)
		}
	}
}

func TestStats(t *testing.T) {
	m, srv := testMarket(t, Options{Seed: 1})
	get(t, srv, "/")
	get(t, srv, "/us/cart")
	got := m.Stats()
	want := Stats{Requests: 2, RobotsViolations: 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats mismatch (-want +got):\n%s", diff)
	}
}
