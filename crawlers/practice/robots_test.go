package practice

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRobotsTxt(t *testing.T) {
	_, srv := testMarket(t, Options{Seed: 1})
	r := get(t, srv, "/robots.txt")
	body := string(r.Body)
	for _, line := range []string{
		"User-agent: *", "Disallow: /cart", "Disallow: /account", "Disallow: /*?sort=", "Disallow: /*&sort=",
		"Disallow: /_practice/", "Allow: /api/kr/", "Disallow: /api/", "User-agent: BadBot",
		"Sitemap: " + srv.URL + "/sitemap.xml",
	} {
		if !strings.Contains(body, line+"\n") {
			t.Errorf("robots.txt lacks %q", line)
		}
	}
	if !strings.Contains(body, Banner) {
		t.Error("robots.txt does not say it is practice data")
	}
}

func TestRobotsDisallowed(t *testing.T) {
	for _, tc := range []struct {
		ua, uri string
		want    bool
	}{
		{"polite/1.0", "/", false},
		{"polite/1.0", "/us/search?q=magnesia&page=2", false},
		{"polite/1.0", "/us/search?q=magnesia&sort=price_asc", true},
		{"polite/1.0", "/us/search?sort=price_asc&q=x", true},
		{"polite/1.0", "/cart", true},
		{"polite/1.0", "/de/cart", true},
		{"polite/1.0", "/jp/account", true},
		{"polite/1.0", "/br/checkout", true},
		{"polite/1.0", "/api/kr/search?q=x", false}, // Allow beats the shorter Disallow
		{"polite/1.0", "/api/us/search", true},
		{"polite/1.0", "/_practice/listings.json", true},
		{"polite/1.0", "/comtrade/data/v1/get/C/A/HS", false},
		{"BadBot/2.0", "/us/", true},
		{"BadBot/2.0", "/robots.txt", false},
	} {
		if got := robotsDisallowed(tc.ua, tc.uri); got != tc.want {
			t.Errorf("robotsDisallowed(%q, %q) = %v, want %v", tc.ua, tc.uri, got, tc.want)
		}
	}
}

func TestRobotsViolationsAreCounted(t *testing.T) {
	m, srv := testMarket(t, Options{Seed: 1})
	for _, p := range []string{"/us/", "/us/search?q=magnesia", "/us/search?q=magnesia&sort=newest", "/de/cart", "/api/kr/search?q=x"} {
		get(t, srv, p)
	}
	get(t, srv, "/us/", "User-Agent", "BadBot/2.0")
	if got := m.Stats().RobotsViolations; got != 3 {
		t.Errorf("%d robots violations counted, want 3", got)
	}
}

func TestSitemap(t *testing.T) {
	m, srv := testMarket(t, Options{Seed: 1, Listings: 600})
	var idx struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(get(t, srv, "/sitemap.xml").Body, &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Sitemaps) != len(storefronts) {
		t.Fatalf("%d sitemaps, want %d", len(idx.Sitemaps), len(storefronts))
	}
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	loc := strings.TrimPrefix(idx.Sitemaps[0].Loc, srv.URL)
	if err := xml.Unmarshal(get(t, srv, loc).Body, &set); err != nil {
		t.Fatal(err)
	}
	ls, _ := m.Listings(0, "us")
	var want, got []string
	for _, l := range ls {
		want = append(want, srv.URL+l.URL)
	}
	for _, u := range set.URLs {
		if strings.Contains(u.Loc, "/p/") {
			got = append(got, u.Loc)
		}
		if robotsDisallowed("polite", strings.TrimPrefix(u.Loc, srv.URL)) {
			t.Errorf("sitemap lists %s, which robots.txt disallows", u.Loc)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sitemap product URLs mismatch (-want +got):\n%s", diff)
	}
	if !bytes.HasPrefix(get(t, srv, "/sitemap.xml").Body, []byte("<?xml")) {
		t.Error("sitemap has no XML declaration")
	}
}
