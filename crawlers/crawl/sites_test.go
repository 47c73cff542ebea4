package crawl

import (
	"net/url"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/crawlers/extract"
)

func TestSitesWithBaseURL(t *testing.T) {
	s, err := newSites(loadTestAdapter(t), nil, "http://127.0.0.1:8081", nil, []*regexp.Regexp{regexp.MustCompile(`/admin`)})
	if err != nil {
		t.Fatal(err)
	}
	fetch := []struct{ in, want string }{
		{"https://shop.test/p/1", "http://127.0.0.1:8081/p/1"},
		{"https://www.shop.test/search?q=a#top", "http://127.0.0.1:8081/search?q=a"},
		{"HTTP://127.0.0.1:8081", "http://127.0.0.1:8081/"},
		{"https://other.test/p/1", ""},
		{"http://127.0.0.1:9999/p/1", ""},
		{"ftp://shop.test/x", ""},
		{"https://user@shop.test/x", ""},
	}
	for _, tt := range fetch {
		got, ok := s.fetchURL(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("fetchURL(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	u, _ := url.Parse("http://127.0.0.1:8081/p/1?x=1")
	page, m, ok := s.pageURL(u)
	if !ok || page.String() != "https://shop.test/p/1?x=1" || m.Country != "DE" {
		t.Errorf("pageURL = %v, %+v, %v", page, m, ok)
	}
	if s.admits("https://shop.test/admin/x") || !s.admits("https://shop.test/p/1") {
		t.Error("URL filters not applied")
	}
}

func TestSitesErrors(t *testing.T) {
	a := loadTestAdapter(t)
	for _, tt := range []struct {
		hosts []string
		base  string
	}{
		{[]string{"nowhere.test"}, ""},
		{nil, "127.0.0.1:8081"},
		{nil, "http://127.0.0.1:8081/us/"},
	} {
		if _, err := newSites(a, tt.hosts, tt.base, nil, nil); err == nil {
			t.Errorf("newSites(%v, %q) succeeded", tt.hosts, tt.base)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://Shop.Test/p/1?utm_source=x&b=2&a=1&ref=abc#reviews", "https://shop.test/p/1?a=1&b=2"},
		{"https://shop.test:443/p/1", "https://shop.test/p/1"},
		{"https://shop.test", "https://shop.test/"},
		{"/relative", ""},
	}
	for _, tt := range tests {
		if got := canonicalURL(tt.in); got != tt.want {
			t.Errorf("canonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLinks(t *testing.T) {
	e := newEnv(t, "")
	c := e.crawler(t, "http://127.0.0.1:8081", "c1", func(o *Options) {
		o.MaxDepth = 2
		o.DisallowedURLFilters = []*regexp.Regexp{regexp.MustCompile(`/cart`)}
	})
	out := extract.Result{
		Next:   []string{"https://shop.test/search?q=a&p=2"},
		Follow: []string{"https://shop.test/p/1", "https://shop.test/p/1", "https://shop.test/cart?add=1", "https://elsewhere.test/p/2"},
	}
	got := c.links(entry{URL: "http://127.0.0.1:8081/search?q=a&p=1", Depth: 1}, out)
	want := []entry{
		{URL: "http://127.0.0.1:8081/search?q=a&p=2", Depth: 1}, // next page: same depth
		{URL: "http://127.0.0.1:8081/p/1", Depth: 2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("links mismatch (-want +got):\n%s", diff)
	}
	// At the depth cap only the next page is followed.
	got = c.links(entry{URL: "http://127.0.0.1:8081/search?q=a&p=1", Depth: 2}, out)
	if len(got) != 1 || got[0].Depth != 2 {
		t.Errorf("at MaxDepth: %+v, want only the next page", got)
	}
}
