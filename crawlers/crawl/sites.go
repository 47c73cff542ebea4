package crawl

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/exportscope/exportscope/crawlers/site"
)

// sites is the part of the web a crawl may visit: the markets of the
// adapter it crawls, and where their pages are fetched from.
//
// With a base URL (the practice marketplace on 127.0.0.1:8081, a test
// server), every URL of the market is fetched from the base instead, and
// pages are read and listings recorded under the market's own address, so
// that the adapter finds its market and page kinds and a listing's ID does
// not depend on where it was fetched from.
type sites struct {
	adapter *site.Adapter
	markets []site.Market
	base    *url.URL // scheme and host only; nil without an override
	allow   []*regexp.Regexp
	deny    []*regexp.Regexp
}

func newSites(a *site.Adapter, hosts []string, base string, allow, deny []*regexp.Regexp) (*sites, error) {
	s := &sites{adapter: a, allow: allow, deny: deny}
	if len(hosts) == 0 {
		s.markets = a.Markets
	}
	for _, h := range hosts {
		m, ok := a.Market(strings.ToLower(h))
		if !ok {
			return nil, fmt.Errorf("adapter %s has no market for host %q", a.Name, h)
		}
		s.markets = append(s.markets, m)
	}
	if len(s.markets) == 0 {
		return nil, fmt.Errorf("adapter %s has no markets", a.Name)
	}
	if base != "" {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("base URL %q: want http(s)://host[:port]", base)
		}
		if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("base URL %q: only scheme, host and port are replaced; drop the path", base)
		}
		if len(s.markets) != 1 {
			return nil, fmt.Errorf("base URL %q: the adapter %s has %d markets; name the one to crawl", base, a.Name, len(s.markets))
		}
		s.base = &url.URL{Scheme: u.Scheme, Host: strings.ToLower(u.Host)}
	}
	return s, nil
}

// market returns the crawled market serving host.
func (s *sites) market(host string) (site.Market, bool) {
	host = strings.ToLower(host)
	best, found := site.Market{}, false
	for _, m := range s.markets {
		if m.MatchHost(host) && len(m.Host) > len(best.Host) {
			best, found = m, true
		}
	}
	return best, found
}

// fetchURL maps a URL of a market (or of the base) to the URL to request,
// normalized and without tracking parameters (see cleanURL) so that the
// frontier knows a page by one URL, and reports false for URLs off the
// crawl's sites.
func (s *sites) fetchURL(raw string) (string, bool) {
	u := cleanURL(raw)
	if u == nil {
		return "", false
	}
	if s.base != nil {
		if u.Host == s.base.Host && u.Scheme == s.base.Scheme {
			return u.String(), true
		}
		if _, ok := s.market(u.Hostname()); !ok {
			return "", false
		}
		u.Scheme, u.Host = s.base.Scheme, s.base.Host
		return u.String(), true
	}
	if _, ok := s.market(u.Hostname()); !ok {
		return "", false
	}
	return u.String(), true
}

// pageURL maps a fetched URL to the market address the page is read and
// recorded under.
func (s *sites) pageURL(fetched *url.URL) (*url.URL, site.Market, bool) {
	u := *fetched
	u.Fragment = ""
	if s.base != nil && strings.EqualFold(u.Host, s.base.Host) {
		m := s.markets[0]
		u.Scheme, u.Host = "https", m.Host
		return &u, m, true
	}
	m, ok := s.market(u.Hostname())
	return &u, m, ok
}

// onSite reports whether a fetched URL (a redirect target) is on the
// crawl's sites.
func (s *sites) onSite(u *url.URL) bool {
	if s.base != nil && strings.EqualFold(u.Host, s.base.Host) {
		return true
	}
	_, ok := s.market(u.Hostname())
	return ok
}

// admits applies the URL filters to a market URL: none of deny may match,
// and one of allow must when there are any.
func (s *sites) admits(u string) bool {
	for _, re := range s.deny {
		if re.MatchString(u) {
			return false
		}
	}
	if len(s.allow) == 0 {
		return true
	}
	for _, re := range s.allow {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}

// parseHTTP parses an absolute http(s) URL and normalizes it: lower-case
// scheme and host, no default port, no fragment, "/" for an empty path.
func parseHTTP(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, err
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("URL %.80q: not http(s)", raw)
	}
	if u.Hostname() == "" || u.User != nil {
		return nil, fmt.Errorf("URL %.80q: no host, or a user name", raw)
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u, nil
}
