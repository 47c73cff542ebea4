package sites_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/crawlers/extract"
	"github.com/exportscope/exportscope/crawlers/practice"
	"github.com/exportscope/exportscope/crawlers/site"
)

// The practice marketplace (crawlers/practice) serves every storefront on
// one host:port; its adapters name each storefront by its marketplace host
// (practicemart.us, ...). Like the crawler with a base URL, these tests
// fetch from the test server and read each page under the market's URL.

// practiceStore is one storefront of the practice marketplace and what its
// pages show.
type practiceStore struct {
	code    string // the path prefix: "us" serves /us/
	adapter string
	// keywords: English and Chinese ones work on every storefront; the
	// others are the store's own, from several sectors.
	keywords []string
	// shows lists, per page kind, the fields the page shows; each is
	// checked against the answer key for every product read.
	shows map[string][]site.Field
	// gaps are fields the page shows that the adapter format cannot
	// deliver as the answer key has them, with the reason. They are
	// reported, and a gap that closes fails the test so that it is
	// removed from here.
	gaps map[site.Field]string
	// names maps the country names the page writes to ISO codes, for the
	// fields of gaps the adapter reads as names.
	names map[string]string
}

var (
	// Every field but image: the practice pages have no images.
	allFields = []site.Field{site.Title, site.Brand, site.Seller, site.SellerCountry, site.Price, site.Currency,
		site.Rating, site.ReviewCount, site.SalesRank, site.Category, site.ShipsFrom, site.GTIN, site.SKU,
		site.URL, site.Availability}
	jsonldSearch = []site.Field{site.Title, site.URL, site.Brand, site.Price, site.Currency, site.Rating,
		site.ReviewCount, site.Seller}
	plainSearch = []site.Field{site.Title, site.URL, site.Price, site.Currency, site.Rating, site.ReviewCount,
		site.Seller, site.SellerCountry}
	countryNameGap = "the page writes a country name and the format has no mapping from names to ISO codes"

	practiceStores = []practiceStore{
		{
			code: "us", adapter: "practice-us",
			keywords: []string{"magnesia", "海蜇", "car lift", "naphtha"},
			shows:    map[string][]site.Field{"search": jsonldSearch, "product": allFields},
		},
		{
			code: "br", adapter: "practice-br",
			keywords: []string{"magnesia", "海蜇", "elevador automotivo", "calça jeans"},
			shows:    map[string][]site.Field{"search": jsonldSearch, "product": allFields},
		},
		{
			code: "de", adapter: "practice-de",
			keywords: []string{"magnesia", "海蜇", "Hebebühne", "Bettwäsche"},
			shows: map[string][]site.Field{
				"search":  {site.Title, site.URL, site.Brand, site.Price, site.Currency, site.Rating, site.ReviewCount},
				"product": allFields,
			},
		},
		{
			code: "jp", adapter: "practice-jp",
			keywords: []string{"magnesia", "海蜇", "カーリフト", "ジーンズ"},
			shows:    map[string][]site.Field{"search": plainSearch, "product": allFields},
			gaps:     map[site.Field]string{site.SellerCountry: countryNameGap, site.ShipsFrom: countryNameGap},
			names: map[string]string{
				"中国": "CN", "アメリカ合衆国": "US", "ドイツ": "DE", "日本": "JP", "ロシア": "RU", "ブラジル": "BR",
				"韓国": "KR", "トルコ": "TR", "インド": "IN", "ポーランド": "PL", "ベトナム": "VN", "イタリア": "IT",
				"イギリス": "GB", "オーストリア": "AT", "モンゴル": "MN", "ノルウェー": "NO",
			},
		},
		{
			code: "ru", adapter: "practice-ru",
			keywords: []string{"magnesia", "海蜇", "подъёмник", "джинсы"},
			shows:    map[string][]site.Field{"search": plainSearch, "product": allFields},
			gaps:     map[site.Field]string{site.SellerCountry: countryNameGap, site.ShipsFrom: countryNameGap},
			names: map[string]string{
				"Китай": "CN", "США": "US", "Германия": "DE", "Япония": "JP", "Россия": "RU", "Бразилия": "BR",
				"Южная Корея": "KR", "Турция": "TR", "Индия": "IN", "Польша": "PL", "Вьетнам": "VN", "Италия": "IT",
				"Великобритания": "GB", "Австрия": "AT", "Монголия": "MN", "Норвегия": "NO",
			},
		},
		{
			code: "kr", adapter: "practice-kr",
			keywords: []string{"magnesia", "海蜇", "카리프트", "청바지"},
			shows:    map[string][]site.Field{"api-search": allFields, "api-product": allFields},
			gaps: map[site.Field]string{
				site.Availability: `the API gives "available": true/false and the format cannot map it to InStock/OutOfStock`,
			},
		},
	}
)

// practicePage is one page read during a practice crawl.
type practicePage struct {
	url   string // the market URL it was read under
	fault string // the X-Practice-Fault header
	res   extract.Result
}

// practiceSite fetches a storefront's pages from the practice market's
// test server and reads them under the market's URL.
type practiceSite struct {
	base    *url.URL // the test server
	adapter *site.Adapter
	market  site.Market
	client  *http.Client
}

func newPracticeSite(t *testing.T, srv *httptest.Server, adapterName string) *practiceSite {
	t.Helper()
	a, ok := registry(t).Get(adapterName)
	if !ok {
		t.Fatalf("no adapter %s", adapterName)
	}
	if len(a.Markets) != 1 {
		t.Fatalf("adapter %s has %d markets, want 1", a.Name, len(a.Markets))
	}
	base, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return &practiceSite{base: base, adapter: a, market: a.Markets[0], client: srv.Client()}
}

// get fetches a market URL from the test server and reads it.
func (s *practiceSite) get(t *testing.T, marketURL string) practicePage {
	t.Helper()
	u, err := url.Parse(marketURL)
	if err != nil {
		t.Fatalf("bad URL %q: %v", marketURL, err)
	}
	if !s.market.MatchHost(u.Hostname()) {
		t.Fatalf("link %s leaves the market %s", marketURL, s.market.Host)
	}
	fetch := *u
	fetch.Scheme, fetch.Host = s.base.Scheme, s.base.Host
	resp, err := s.client.Get(fetch.String())
	if err != nil {
		t.Fatalf("GET %s: %v", fetch.String(), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", fetch.String(), err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", fetch.String(), resp.Status)
	}
	res := extract.Extract(body, extract.Options{URL: marketURL, ContentType: resp.Header.Get("Content-Type"), Adapter: s.adapter})
	return practicePage{url: marketURL, fault: resp.Header.Get(practice.FaultHeader), res: res}
}

// crawl runs the adapter's search for each keyword and follows next and
// follow links, each URL once, reading at most maxPages pages in all.
func (s *practiceSite) crawl(t *testing.T, keywords []string, maxPages int) []practicePage {
	t.Helper()
	var queue []string
	for _, kw := range keywords {
		u, err := s.adapter.SearchURL(s.market.Host, kw, 1)
		if err != nil {
			t.Fatal(err)
		}
		queue = append(queue, u)
	}
	seen := map[string]bool{}
	var pages []practicePage
	for len(queue) > 0 && len(pages) < maxPages {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		p := s.get(t, u)
		pages = append(pages, p)
		queue = append(queue, p.res.Next...)
		queue = append(queue, p.res.Follow...)
	}
	if len(queue) > 0 {
		t.Fatalf("crawl of %v stopped at %d pages with %d URLs queued", keywords, maxPages, len(queue))
	}
	return pages
}

// practiceKey is the answer key of one storefront by listing path.
func practiceKey(t *testing.T, m *practice.Market, store string) map[string]practice.Listing {
	t.Helper()
	ls, err := m.Listings(0, store)
	if err != nil {
		t.Fatal(err)
	}
	byPath := make(map[string]practice.Listing, len(ls))
	for _, l := range ls {
		byPath[l.URL] = l
	}
	return byPath
}

// listingOf finds the answer-key listing of a product by its URL's path.
func listingOf(key map[string]practice.Listing, p extract.Product) (practice.Listing, bool) {
	u, err := url.Parse(p.URL)
	if err != nil {
		return practice.Listing{}, false
	}
	l, ok := key[u.Path]
	return l, ok
}

// gotField renders a product's field for comparison with wantField.
func gotField(p extract.Product, f site.Field) string {
	switch f {
	case site.Title:
		return p.Title
	case site.Brand:
		return p.Brand
	case site.Seller:
		return p.Seller
	case site.SellerCountry:
		return p.SellerCountry
	case site.Price:
		if p.Price == nil {
			return ""
		}
		return strconv.FormatFloat(*p.Price, 'f', 2, 64)
	case site.Currency:
		return p.Currency
	case site.Rating:
		if p.Rating == nil {
			return ""
		}
		return strconv.FormatFloat(*p.Rating, 'f', 1, 64)
	case site.ReviewCount:
		return strconv.Itoa(p.ReviewCount)
	case site.SalesRank:
		return strconv.Itoa(p.SalesRank)
	case site.Category:
		return p.Category
	case site.ShipsFrom:
		return p.ShipsFrom
	case site.GTIN:
		return p.GTIN
	case site.SKU:
		return p.SKU
	case site.URL:
		if u, err := url.Parse(p.URL); err == nil {
			return u.Path
		}
		return p.URL
	case site.Availability:
		return p.Availability
	}
	return p.Image
}

// wantField renders what the answer key says a field should read. Text is
// compared with its white space collapsed, as extract reads it: the answer
// key keeps the no-break spaces of "25\u00a0кг".
func wantField(l practice.Listing, f site.Field) string {
	switch f {
	case site.Title:
		return collapse(l.Title)
	case site.Brand:
		return collapse(l.Brand)
	case site.Seller:
		return collapse(l.Seller)
	case site.SellerCountry:
		return l.SellerCountry
	case site.Price:
		return strconv.FormatFloat(l.Price, 'f', 2, 64)
	case site.Currency:
		return l.Currency
	case site.Rating:
		if l.Rating == 0 { // no reviews: no rating shown
			return ""
		}
		return strconv.FormatFloat(l.Rating, 'f', 1, 64)
	case site.ReviewCount:
		return strconv.Itoa(l.ReviewCount)
	case site.SalesRank:
		return strconv.Itoa(l.SalesRank)
	case site.Category:
		return collapse(l.Category)
	case site.ShipsFrom:
		return l.ShipsFrom
	case site.GTIN:
		return l.GTIN
	case site.SKU:
		return l.SKU
	case site.URL:
		return l.URL
	case site.Availability:
		if l.Available {
			return "InStock"
		}
		return "OutOfStock"
	}
	return ""
}

// tally counts, per page kind and field, the products whose value matches
// the answer key.
type tally struct {
	ok, total map[string]int // by "kind/field"
	misses    map[string][]string
}

func newTally() *tally {
	return &tally{ok: map[string]int{}, total: map[string]int{}, misses: map[string][]string{}}
}

func (ta *tally) add(kind string, f site.Field, id, got, want string) {
	k := kind + "/" + string(f)
	ta.total[k]++
	if got == want {
		ta.ok[k]++
		return
	}
	if len(ta.misses[k]) < 3 {
		ta.misses[k] = append(ta.misses[k], fmt.Sprintf("%s: got %q, want %q", id, got, want))
	}
}

func (ta *tally) accuracy(kind string, f site.Field) (ok, total int) {
	k := kind + "/" + string(f)
	return ta.ok[k], ta.total[k]
}

// TestPracticeAdapters crawls every storefront of a fault-free practice
// market with its adapter, following next and product links, and checks
// every field each page shows, for every product read, against the
// answer key.
func TestPracticeAdapters(t *testing.T) {
	m, err := practice.New(practice.Options{Seed: 1, Day: 0})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()

	for _, st := range practiceStores {
		t.Run(st.code, func(t *testing.T) {
			s := newPracticeSite(t, srv, st.adapter)
			key := practiceKey(t, m, st.code)
			pages := s.crawl(t, st.keywords, 2000)

			ta, names := newTally(), newTally()
			seen := map[string]map[string]bool{} // paths by page kind: a product counts once per kind
			for kind := range st.shows {
				seen[kind] = map[string]bool{}
			}
			var noGTIN, noReviews, outOfStock, reviews int
			for _, p := range pages {
				for _, err := range p.res.Errs {
					t.Errorf("%s: %v", p.url, err)
				}
				kind := p.res.Page
				fields, ok := st.shows[kind]
				if !ok {
					if len(p.res.Products) > 0 {
						t.Errorf("%s: page kind %q gave %d products", p.url, kind, len(p.res.Products))
					}
					continue
				}
				if strings.HasSuffix(kind, "product") && len(p.res.Products) != 1 {
					t.Errorf("%s: %d products on a product page", p.url, len(p.res.Products))
				}
				for _, prod := range p.res.Products {
					l, ok := listingOf(key, prod)
					if !ok {
						t.Errorf("%s: product %q at %q is not in the answer key", p.url, prod.Title, prod.URL)
						continue
					}
					if seen[kind][l.URL] {
						continue
					}
					seen[kind][l.URL] = true
					if prod.Marketplace != st.adapter || prod.Country != l.Country {
						t.Errorf("%s: marketplace %q country %q, want %q %q", l.ID, prod.Marketplace, prod.Country, st.adapter, l.Country)
					}
					for _, f := range fields {
						got := gotField(prod, f)
						ta.add(kind, f, l.ID, got, wantField(l, f))
						if _, gap := st.gaps[f]; gap && st.names != nil {
							names.add(kind, f, l.ID, st.names[got], wantField(l, f))
						}
					}
					if strings.HasSuffix(kind, "product") {
						n, diff := reviewDiff(t, m, st.code, l, prod)
						reviews += n
						if diff != "" {
							t.Errorf("%s (%s): reviews mismatch (-want +got):\n%s", l.ID, p.url, diff)
						}
						noGTIN += b2i(l.GTIN == "")
						noReviews += b2i(l.ReviewCount == 0)
						outOfStock += b2i(!l.Available)
					}
				}
			}

			var list, detail map[string]bool
			for kind, paths := range seen {
				if len(paths) == 0 {
					t.Errorf("no products read from %s pages", kind)
				}
				if strings.HasSuffix(kind, "product") {
					detail = paths
				} else {
					list = paths
				}
			}
			for path := range list {
				if !detail[path] {
					t.Errorf("%s: found by search, its product page never read", path)
				}
			}
			t.Logf("%s: %d pages, %d products; of them %d without GTIN, %d without reviews, %d out of stock; %d reviews checked",
				st.adapter, len(pages), len(detail), noGTIN, noReviews, outOfStock, reviews)
			if reviews == 0 {
				t.Error("no reviews read from product pages")
			}
			for _, kind := range sortedKeys(st.shows) {
				for _, f := range st.shows[kind] {
					ok, total := ta.accuracy(kind, f)
					line := fmt.Sprintf("%-4s %-11s %-13s %4d/%-4d %6.1f%%", st.code, kind, f, ok, total, pct(ok, total))
					reason, gap := st.gaps[f]
					switch {
					case gap && ok == total:
						t.Errorf("%s: the gap has closed (%s); remove it from the test", line, reason)
					case gap:
						if st.names != nil {
							nok, ntotal := names.accuracy(kind, f)
							line += fmt.Sprintf("  (name read right: %d/%d)", nok, ntotal)
							if nok != ntotal {
								t.Errorf("%s: country names wrong: %v", line, names.misses[kind+"/"+string(f)])
							}
						}
						t.Logf("%s  GAP: %s", line, reason)
					case ok != total:
						t.Errorf("%s: %v", line, ta.misses[kind+"/"+string(f)])
					default:
						t.Log(line)
					}
				}
			}
			if ms := m.Stats(); ms.RobotsViolations != 0 {
				t.Errorf("%d robots.txt violations", ms.RobotsViolations)
			}
		})
	}
}

// TestPracticeMalformed crawls a practice market that serves some pages
// broken (invalid JSON-LD, truncated bodies, price "N/A") and checks every
// product read against the answer key:
//
//   - sound pages give no errors and every field right;
//   - a page whose JSON-LD is broken gives errors, and every field right
//     from the visible page;
//   - a page with price "N/A" gives errors, no price for that product (nor
//     a currency, where only the price names it) and everything else right;
//   - a truncated JSON answer is an error. A truncated HTML page is not:
//     extract cannot tell it from a whole one, and the format has no
//     required fields. The products before the cut must be right; the
//     last one, where the page stops, may lose fields or keep a value cut
//     short ("Ir" for "Ironwood Industrial LLC"), which is counted here.
func TestPracticeMalformed(t *testing.T) {
	m, err := practice.New(practice.Options{Seed: 1, Day: 0, MalformedRate: 0.25})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()

	served := map[string]int{} // by fault kind
	for _, st := range practiceStores {
		t.Run(st.code, func(t *testing.T) {
			s := newPracticeSite(t, srv, st.adapter)
			key := practiceKey(t, m, st.code)
			pages := s.crawl(t, st.keywords[:2], 2000)
			var good, checked, truncated, truncatedSilent, lost, cut int
			for _, p := range pages {
				kind := strings.TrimPrefix(p.fault, "malformed=")
				served[kind]++
				switch {
				case kind == "" && len(p.res.Errs) > 0:
					t.Errorf("%s: sound page, errors %v", p.url, p.res.Errs)
				case kind == practice.MalformedTruncated:
					truncated++
					truncatedSilent += b2i(len(p.res.Errs) == 0)
				case kind != "" && len(p.res.Errs) == 0:
					t.Errorf("%s: served %s, read without errors", p.url, p.fault)
				}
				for i, prod := range p.res.Products {
					l, ok := listingOf(key, prod)
					if !ok {
						t.Errorf("%s: product %q at %q is not in the answer key", p.url, prod.Title, prod.URL)
						continue
					}
					checked++
					wrong, missing := compare(st, l, prod, st.shows[p.res.Page])
					good += b2i(len(wrong) == 0 && len(missing) == 0)
					if kind == practice.MalformedTruncated && i == len(p.res.Products)-1 {
						lost += len(missing)
						cut += len(wrong)
						continue
					}
					if strings.HasSuffix(p.res.Page, "product") && (kind == "" || kind == practice.MalformedJSONLD || kind == practice.MalformedPriceNA) {
						if _, diff := reviewDiff(t, m, st.code, l, prod); diff != "" {
							t.Errorf("%s (%s, %q): reviews mismatch (-want +got):\n%s", l.ID, p.url, kind, diff)
						}
					}
					if kind == practice.MalformedPriceNA {
						// The search page's first result, or the product.
						missing = slices.DeleteFunc(missing, func(f site.Field) bool { return f == site.Price || f == site.Currency })
					}
					for _, w := range wrong {
						t.Errorf("%s (%s, %q): %s", l.ID, p.url, kind, w)
					}
					if len(missing) > 0 {
						t.Errorf("%s (%s, %q): missing %v", l.ID, p.url, kind, missing)
					}
				}
			}
			t.Logf("%s: %d pages, %d products checked, %d complete and right; %d truncated pages, %d of them without errors; where they stop, %d fields lost and %d cut short",
				st.adapter, len(pages), checked, good, truncated, truncatedSilent, lost, cut)
			if good == 0 {
				t.Error("no good products kept")
			}
		})
	}
	t.Logf("pages served, by fault: %v", served)
	for _, kind := range []string{practice.MalformedJSONLD, practice.MalformedTruncated, practice.MalformedPriceNA} {
		if served[kind] == 0 {
			t.Errorf("the crawl met no %s page; raise MalformedRate or add keywords", kind)
		}
	}
}

// compare checks the fields a page shows against the answer key, leaving
// out the store's gaps: wrong values, and fields left empty that should
// not be.
func compare(st practiceStore, l practice.Listing, p extract.Product, fields []site.Field) (wrong []string, missing []site.Field) {
	for _, f := range fields {
		if _, gap := st.gaps[f]; gap {
			continue
		}
		got, want := gotField(p, f), wantField(l, f)
		switch {
		case got == want:
		case got == "" || got == "0":
			missing = append(missing, f)
		default:
			wrong = append(wrong, fmt.Sprintf("%s = %q, want %q", f, got, want))
		}
	}
	return wrong, missing
}

// pageReview is what a review read from a page is checked on.
type pageReview struct {
	Author, Title, Text, Lang, Date string
	Rating                          float64
}

// reviewDiff compares the reviews read from a product page with the ones
// the answer key says the page shows (on day 0), in page order, and
// returns how many it compared and their differences.
func reviewDiff(t *testing.T, m *practice.Market, store string, l practice.Listing, p extract.Product) (int, string) {
	t.Helper()
	truth, err := m.Reviews(0, store, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	var want, got []pageReview
	for _, r := range truth {
		want = append(want, pageReview{Author: collapse(r.Author), Title: collapse(r.Title), Text: collapse(r.Text),
			Lang: r.Lang, Date: r.Date.Format(time.DateOnly), Rating: float64(r.Rating)})
	}
	for _, r := range p.Reviews {
		got = append(got, pageReview{Author: r.Author, Title: r.Title, Text: r.Text, Lang: r.Lang,
			Date: r.Date.Format(time.DateOnly), Rating: r.Rating})
	}
	return len(got), cmp.Diff(want, got)
}

// TestPracticeSearchURLs checks the search URLs, and that every practice
// adapter matches its marketplace host.
func TestPracticeSearchURLs(t *testing.T) {
	r := registry(t)
	for _, st := range practiceStores {
		a, ok := r.Get(st.adapter)
		if !ok {
			t.Fatalf("no adapter %s", st.adapter)
		}
		host := a.Markets[0].Host
		if got, _, ok := r.Match("https://" + host + "/" + st.code + "/"); !ok || got.Name != st.adapter {
			t.Errorf("Match(%s) = %v, want %s", host, got, st.adapter)
		}
		got, err := a.SearchURL(host, "river crab", 2)
		if err != nil {
			t.Fatal(err)
		}
		path := "/" + st.code + "/search"
		if st.code == "kr" {
			path = "/api/kr/search"
		}
		if want := "https://" + host + path + "?q=river+crab&page=2"; got != want {
			t.Errorf("%s: SearchURL = %s, want %s", st.adapter, got, want)
		}
	}
}

// collapse joins the words of s with single spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func pct(ok, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(ok) / float64(total)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
