package practice

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestPaginationTerminates(t *testing.T) {
	m, srv := testMarket(t, Options{Seed: 9})
	for _, s := range storefronts {
		for _, kw := range popularSearches(s)[:3] {
			t.Run(s.Code+"/"+kw.Query, func(t *testing.T) {
				ids := map[string]bool{}
				path, pages := searchURL(s, kw.Query, 1, ""), 0
				if s.Style == StyleAPI {
					path = "/api/" + s.Code + "/search?q=" + queryEscape(kw.Query)
				}
				want := len(search(m.state(0), s, kw.Query, ""))
				for path != "" {
					pages++
					if pages > 100 {
						t.Fatal("more than 100 pages: pagination does not end")
					}
					r := get(t, srv, path)
					if r.Status != http.StatusOK {
						t.Fatalf("GET %s: status %d", path, r.Status)
					}
					var pageIDs []string
					pageIDs, path = resultsAndNext(t, s, r.Body)
					if len(pageIDs) > PageSize {
						t.Errorf("page %d has %d results, want at most %d", pages, len(pageIDs), PageSize)
					}
					for _, id := range pageIDs {
						if ids[id] {
							t.Errorf("listing %s on two pages", id)
						}
						ids[id] = true
					}
				}
				if len(ids) != want {
					t.Errorf("pages list %d listings, search has %d", len(ids), want)
				}
			})
		}
	}
}

var (
	jsonldResultRE    = regexp.MustCompile(`<li class="s-result" data-id="([^"]+)"`)
	jsonldNextRE      = regexp.MustCompile(`<a class="s-next" rel="next" href="([^"]+)"`)
	microdataResultRE = regexp.MustCompile(`<article class="produktkachel"[^>]*data-id="([^"]+)"`)
	microdataNextRE   = regexp.MustCompile(`<a class="weiter" rel="next" href="([^"]+)"`)
	plainResultRE     = regexp.MustCompile(`<div class="item-card" data-goods="([^"]+)"`)
	plainNextRE       = regexp.MustCompile(`<a class="pager-next" href="([^"]+)"`)
)

// resultsAndNext reads a search page the way each storefront's adapter
// must: the listing IDs and the next page's path.
func resultsAndNext(t *testing.T, s *Storefront, body []byte) ([]string, string) {
	t.Helper()
	var resRE, nextRE *regexp.Regexp
	switch s.Style {
	case StyleAPI:
		var res apiSearch
		if err := json.Unmarshal(body, &res); err != nil {
			t.Fatalf("API search: %v", err)
		}
		var ids []string
		for _, it := range res.Items {
			ids = append(ids, it.ID)
		}
		if res.Next == nil {
			return ids, ""
		}
		return ids, *res.Next
	case StyleJSONLD:
		resRE, nextRE = jsonldResultRE, jsonldNextRE
	case StyleMicrodata:
		resRE, nextRE = microdataResultRE, microdataNextRE
	case StylePlain:
		resRE, nextRE = plainResultRE, plainNextRE
	}
	var ids []string
	for _, m := range resRE.FindAllSubmatch(body, -1) {
		ids = append(ids, string(m[1]))
	}
	next := ""
	if m := nextRE.FindSubmatch(body); m != nil {
		next = htmlUnescape(string(m[1]))
	}
	return ids, next
}

func TestPageBeyondTheLastIsEmpty(t *testing.T) {
	_, srv := testMarket(t, Options{Seed: 9})
	s := storefrontByCode("us")
	r := get(t, srv, searchURL(s, "magnesia", 999, ""))
	if r.Status != http.StatusOK || !bytes.Contains(r.Body, []byte(`class="s-empty"`)) || bytes.Contains(r.Body, []byte(`s-next`)) {
		t.Errorf("page 999: status %d, want an empty page with no next link", r.Status)
	}
	if r := get(t, srv, "/us/search?q=x&page=zero"); r.Status != http.StatusBadRequest {
		t.Errorf("page=zero: status %d, want 400", r.Status)
	}
}

var ldRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

func TestJSONLDParses(t *testing.T) {
	m, srv := testMarket(t, Options{Seed: 4})
	for _, store := range []string{"us", "br"} {
		ls, _ := m.Listings(0, store)
		for _, l := range ls[:40] {
			r := get(t, srv, l.URL)
			blocks := ldRE.FindAllSubmatch(r.Body, -1)
			if len(blocks) != 1 {
				t.Fatalf("%s: %d JSON-LD blocks, want 1", l.URL, len(blocks))
			}
			var p struct {
				Type   string `json:"@type"`
				Name   string `json:"name"`
				GTIN13 string `json:"gtin13"`
				Weight struct {
					Value    float64 `json:"value"`
					UnitCode string  `json:"unitCode"`
				} `json:"weight"`
				Offers struct {
					Type          string `json:"@type"`
					Price         string `json:"price"`
					PriceCurrency string `json:"priceCurrency"`
					Seller        struct {
						Address struct {
							AddressCountry string `json:"addressCountry"`
						} `json:"address"`
					} `json:"seller"`
				} `json:"offers"`
				AggregateRating *struct {
					Type        string `json:"@type"`
					RatingValue string `json:"ratingValue"`
					ReviewCount int    `json:"reviewCount"`
				} `json:"aggregateRating"`
				Review []struct {
					InLanguage string `json:"inLanguage"`
					ReviewBody string `json:"reviewBody"`
				} `json:"review"`
			}
			if err := json.Unmarshal(blocks[0][1], &p); err != nil {
				t.Fatalf("%s: JSON-LD does not parse: %v", l.URL, err)
			}
			if p.Type != "Product" || p.Offers.Type != "Offer" || p.Name != l.Title ||
				p.Offers.PriceCurrency != l.Currency || p.Weight.UnitCode != "KGM" || p.Weight.Value != l.NetWeightKg ||
				p.Offers.Seller.Address.AddressCountry != l.SellerCountry || p.GTIN13 != l.GTIN {
				t.Errorf("%s: JSON-LD %+v does not match the listing %+v", l.URL, p, l)
			}
			if l.ReviewCount > 0 && (p.AggregateRating == nil || p.AggregateRating.Type != "AggregateRating" || p.AggregateRating.ReviewCount != l.ReviewCount) {
				t.Errorf("%s: aggregateRating %+v, want %d reviews", l.URL, p.AggregateRating, l.ReviewCount)
			}
			if want := min(l.ReviewCount, productReviews); len(p.Review) != want {
				t.Errorf("%s: %d reviews in JSON-LD, want %d", l.URL, len(p.Review), want)
			}
		}
	}
	// Search pages carry an ItemList.
	s := storefrontByCode("us")
	r := get(t, srv, searchURL(s, "magnesia", 1, ""))
	var list ldItemList
	if err := json.Unmarshal(ldRE.FindSubmatch(r.Body)[1], &list); err != nil || list.Type != "ItemList" || len(list.ItemListElement) == 0 {
		t.Errorf("search ItemList: %v, %+v", err, list)
	}
}

func TestMicrodataAndPlainCarryTheListing(t *testing.T) {
	m, srv := testMarket(t, Options{Seed: 4})
	for _, store := range []string{"de", "jp", "ru"} {
		ls, _ := m.Listings(0, store)
		for _, l := range ls[:20] {
			r := get(t, srv, l.URL)
			body := string(r.Body)
			wantAll := []string{l.PriceText, htmlEscape(l.Title), htmlEscape(l.Seller)}
			if store == "de" {
				wantAll = append(wantAll, `itemtype="https://schema.org/Product"`, `itemprop="price" content="`)
			} else if strings.Contains(body, "itemprop") || strings.Contains(body, "ld+json") {
				t.Errorf("%s: plain page carries structured data", l.URL)
			}
			for _, w := range wantAll {
				if !strings.Contains(body, w) {
					t.Errorf("%s: page lacks %q", l.URL, w)
				}
			}
		}
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func TestAPIProduct(t *testing.T) {
	m, srv := testMarket(t, Options{Seed: 4})
	ls, _ := m.Listings(0, "kr")
	for _, l := range ls[:20] {
		r := get(t, srv, "/api/kr/products/"+l.ID)
		var p apiProduct
		if err := json.Unmarshal(r.Body, &p); err != nil {
			t.Fatalf("%s: %v", l.ID, err)
		}
		if p.Price.Amount == nil || *p.Price.Amount != l.Price || p.Title != l.Title || p.NetWeightKg == nil || *p.NetWeightKg != l.NetWeightKg {
			t.Errorf("API product %s = %+v, want %+v", l.ID, p, l)
		}
		if len(p.Reviews) != min(l.ReviewCount, productReviews) {
			t.Errorf("API product %s: %d reviews, want %d", l.ID, len(p.Reviews), min(l.ReviewCount, productReviews))
		}
		shell := get(t, srv, l.URL)
		if !bytes.Contains(shell.Body, []byte(`data-api="/api/kr/products/`+l.ID+`"`)) {
			t.Errorf("%s: app shell does not point at the API", l.URL)
		}
	}
	if r := get(t, srv, "/api/kr/products/nope"); r.Status != http.StatusNotFound {
		t.Errorf("unknown product: status %d, want 404", r.Status)
	}
}

func TestReviewsHaveSignal(t *testing.T) {
	m, _ := testMarket(t, Options{Seed: 8})
	langs := map[string]int{}
	positive, negative := map[int]int{}, map[int]int{}
	for _, s := range storefronts {
		ls, _ := m.Listings(0, s.Code)
		for _, l := range ls[:150] {
			rs, _ := m.Reviews(0, s.Code, l.ID)
			for i, rv := range rs {
				langs[rv.Lang]++
				if i > 0 && rv.Date.After(rs[i-1].Date) {
					t.Errorf("%s/%s: reviews not newest first", s.Code, l.ID)
				}
				if rv.Date.After(Epoch) {
					t.Errorf("%s/%s: review dated %s, after the simulated day", s.Code, l.ID, rv.Date)
				}
				for _, a := range rv.Aspects {
					if strings.HasSuffix(a, "+") {
						positive[rv.Rating]++
					} else {
						negative[rv.Rating]++
					}
				}
				if rv.Lang == "en" && !containsAny(strings.ToLower(rv.Text), "quality", "price", "delivery", "packaging", "seller", "taste", "size", "installation") {
					t.Errorf("English review without an aspect word: %q", rv.Text)
				}
			}
		}
	}
	for _, lg := range []string{"en", "zh", "ru", "es", "de", "ja", "pt"} {
		if langs[lg] == 0 {
			t.Errorf("no reviews in %s", lg)
		}
	}
	// Sentiment follows stars.
	if positive[5] <= negative[5] || negative[1] <= positive[1] {
		t.Errorf("aspect polarity does not follow the rating: 5 stars %d+/%d-, 1 star %d+/%d-", positive[5], negative[5], positive[1], negative[1])
	}
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// TestBannerOnEveryHTMLPage follows links from the landing page and checks
// every HTML page it reaches, plus the error and blocked pages.
func TestBannerOnEveryHTMLPage(t *testing.T) {
	m, srv := testMarket(t, Options{Seed: 6, FaultRate: 0.3})
	queue := []string{"/", "/nope", "/api/us/search", "/us/p/", "/us/p/nope", "/jp/goods/nope.html", "/de/cart", "/cart", "/account", "/kr/account", "/us/search?q=x&page=bad"}
	seen := map[string]bool{}
	checked := 0
	for len(queue) > 0 && checked < 400 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		r := get(t, srv, p)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			if strings.HasPrefix(string(r.Body), "<") && !strings.HasPrefix(string(r.Body), "<?xml") {
				t.Errorf("GET %s: HTML-looking body served as %q", p, r.Header.Get("Content-Type"))
			}
			continue
		}
		checked++
		if !bytes.Contains(r.Body, []byte(Banner)) {
			t.Errorf("GET %s (status %d): no practice banner", p, r.Status)
		}
		for _, l := range links(r.Body) {
			if !seen[l] && !strings.HasPrefix(l, "/api/") && !strings.HasPrefix(l, "/comtrade/") && !strings.HasPrefix(l, "/ecb/") {
				queue = append(queue, l)
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked only %d HTML pages", checked)
	}
	if m.Stats().RateLimited == 0 {
		t.Error("no 429 page was checked")
	}
}
