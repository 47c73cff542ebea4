package practice

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// productPaths are the product pages (and API products) of day 0.
func productPaths(t *testing.T, m *Market) []string {
	t.Helper()
	ls, _ := m.Listings(0, "")
	var out []string
	for _, l := range ls {
		if l.Store == "kr" {
			out = append(out, "/api/kr/products/"+l.ID)
		} else {
			out = append(out, l.URL)
		}
	}
	return out
}

func TestRateLimit(t *testing.T) {
	for _, rate := range []float64{0, 0.05, 0.3} {
		t.Run(fmt.Sprint(rate), func(t *testing.T) {
			m, srv := testMarket(t, Options{Seed: 12, FaultRate: rate, RetryAfter: 2 * time.Second, Listings: 1000})
			paths := productPaths(t, m)
			limited := 0
			for _, p := range paths {
				r := get(t, srv, p)
				if r.Status != http.StatusTooManyRequests {
					continue
				}
				limited++
				if r.Header.Get("Retry-After") != "2" || r.Header.Get(FaultHeader) != "rate-limit" {
					t.Errorf("GET %s: 429 with Retry-After %q, %s %q", p, r.Header.Get("Retry-After"), FaultHeader, r.Header.Get(FaultHeader))
				}
				// Retrying gets through, sooner or later.
				ok := false
				for range 20 {
					if get(t, srv, p).Status == http.StatusOK {
						ok = true
						break
					}
				}
				if !ok {
					t.Errorf("GET %s: still 429 after 20 retries", p)
				}
			}
			share := float64(limited) / float64(len(paths))
			if rate == 0 && limited > 0 {
				t.Errorf("%d 429s with rate limiting off", limited)
			}
			if rate > 0 && (share < rate*0.6 || share > rate*1.4) {
				t.Errorf("%.3f of first requests got 429, want about %.2f", share, rate)
			}
			if got := m.Stats().RateLimited; got < int64(limited) {
				t.Errorf("Stats().RateLimited = %d, saw %d", got, limited)
			}
		})
	}
	// The ECB feed, robots.txt and the landing page never fail.
	_, srv := testMarket(t, Options{Seed: 12, FaultRate: 1})
	for _, p := range []string{"/", "/robots.txt", "/sitemap.xml", "/ecb/eurofxref-daily.xml"} {
		if r := get(t, srv, p); r.Status != http.StatusOK {
			t.Errorf("GET %s with FaultRate 1: status %d", p, r.Status)
		}
	}
	r := get(t, srv, "/comtrade/data/v1/get/C/A/HS?reporterCode=392")
	if r.Status != http.StatusTooManyRequests || !bytes.Contains(r.Body, []byte(`"statusCode": 429`)) {
		t.Errorf("Comtrade with FaultRate 1: status %d, %s", r.Status, r.Body)
	}
}

func TestMalformedPages(t *testing.T) {
	for _, rate := range []float64{0, 0.1} {
		t.Run(fmt.Sprint(rate), func(t *testing.T) {
			m, srv := testMarket(t, Options{Seed: 13, MalformedRate: rate, Listings: 1500})
			ls, _ := m.Listings(0, "")
			kinds := map[string]int{}
			for _, l := range ls {
				p := l.URL
				if l.Store == "kr" {
					p = "/api/kr/products/" + l.ID
				}
				r := get(t, srv, p)
				fault, _ := strings.CutPrefix(r.Header.Get(FaultHeader), "malformed=")
				if fault != l.Malformed {
					t.Errorf("GET %s: fault header %q, answer key says %q", p, fault, l.Malformed)
				}
				kinds[fault]++
				checkFault(t, p, l, fault, r.Body)
			}
			broken := len(ls) - kinds[""]
			share := float64(broken) / float64(len(ls))
			if rate == 0 && broken > 0 {
				t.Errorf("%d malformed pages with MalformedRate 0", broken)
			}
			if rate > 0 {
				if share < rate*0.6 || share > rate*1.4 {
					t.Errorf("%.3f of product pages malformed, want about %.2f", share, rate)
				}
				for _, k := range []string{MalformedJSONLD, MalformedTruncated, MalformedPriceNA} {
					if kinds[k] == 0 {
						t.Errorf("no %s pages", k)
					}
				}
				if m.Stats().Malformed != int64(broken) {
					t.Errorf("Stats().Malformed = %d, want %d", m.Stats().Malformed, broken)
				}
			}
		})
	}
}

// checkFault verifies that a page is broken the way its header says, and
// whole otherwise.
func checkFault(t *testing.T, path string, l Listing, fault string, body []byte) {
	t.Helper()
	isAPI := strings.HasPrefix(path, "/api/")
	whole := isAPI && json.Valid(body) || !isAPI && bytes.Contains(body, []byte("</html>"))
	if (fault == MalformedTruncated) == whole {
		t.Errorf("GET %s: fault %q but whole=%v", path, fault, whole)
	}
	hasNA := bytes.Contains(body, []byte("N/A"))
	if fault == MalformedPriceNA && !hasNA {
		t.Errorf("GET %s: price-na page shows no N/A", path)
	}
	if fault == "" && hasNA {
		t.Errorf("GET %s: N/A on a page without fault", path)
	}
	if l.Store == "us" || l.Store == "br" {
		m := ldRE.FindSubmatch(body)
		if fault == MalformedTruncated {
			return
		}
		if m == nil {
			t.Fatalf("GET %s: no JSON-LD", path)
		}
		if valid := json.Valid(m[1]); valid == (fault == MalformedJSONLD) {
			t.Errorf("GET %s: fault %q but JSON-LD valid=%v", path, fault, valid)
		}
	}
	if !bytes.Contains(body, []byte(Banner)) && !isAPI {
		t.Errorf("GET %s: malformed page lost its banner", path)
	}
}

func TestSlowPages(t *testing.T) {
	m, srv := testMarket(t, Options{Seed: 14, SlowRate: 0.5, SlowDelay: 30 * time.Millisecond, Listings: 300})
	slow := 0
	for _, p := range productPaths(t, m)[:40] {
		start := time.Now()
		r := get(t, srv, p)
		if r.Header.Get(FaultHeader) == "slow" {
			slow++
			if d := time.Since(start); d < 30*time.Millisecond {
				t.Errorf("GET %s: slow page took only %v", p, d)
			}
		}
	}
	if slow < 8 || slow > 32 {
		t.Errorf("%d of 40 pages slow, want about 20", slow)
	}
}

func TestMalformedSearchPages(t *testing.T) {
	_, srv := testMarket(t, Options{Seed: 15, MalformedRate: 1})
	for _, s := range storefronts {
		p := searchURL(s, popularSearches(s)[0].Query, 1, "")
		if s.Style == StyleAPI {
			p = "/api/kr/search?q=" + queryEscape(popularSearches(s)[0].Query)
		}
		r := get(t, srv, p)
		switch f := r.Header.Get(FaultHeader); f {
		case "malformed=" + MalformedTruncated:
			if bytes.HasSuffix(bytes.TrimSpace(r.Body), []byte("</html>")) || (s.Style == StyleAPI && json.Valid(r.Body)) {
				t.Errorf("GET %s: truncated page is whole", p)
			}
		case "malformed=" + MalformedPriceNA:
			if !bytes.Contains(r.Body, []byte("N/A")) {
				t.Errorf("GET %s: price-na page has no N/A", p)
			}
		default:
			t.Errorf("GET %s with MalformedRate 1: fault header %q", p, f)
		}
	}
}
