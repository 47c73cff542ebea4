package practice

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strings"
)

// robotsRules are the rules of the "*" group, in the order robots.txt
// lists them. A crawler must use the longest matching rule; Allow wins a
// tie. The API of the Korean storefront is allowed although /api/ is not.
var robotsRules = []struct {
	Allow   bool
	Pattern string
}{
	{false, "/cart"},
	{false, "/account"},
	{false, "/*/cart"},
	{false, "/*/account"},
	{false, "/*/checkout"},
	{false, "/*?sort="},
	{false, "/*&sort="},
	{false, "/_practice/"},
	{true, "/api/kr/"},
	{false, "/api/"},
}

// badBot is a user agent that robots.txt shuts out entirely.
const badBot = "BadBot"

// robotsTxt writes robots.txt with an absolute sitemap URL.
func robotsTxt(base string) []byte {
	var b bytes.Buffer
	b.WriteString("# " + Banner + "\n")
	b.WriteString("# Polite crawlers obey these rules, say who they are in User-Agent,\n")
	b.WriteString("# and wait as long as Retry-After says when they get a 429.\n\n")
	b.WriteString("User-agent: *\n")
	for _, r := range robotsRules {
		if r.Allow {
			b.WriteString("Allow: " + r.Pattern + "\n")
		} else {
			b.WriteString("Disallow: " + r.Pattern + "\n")
		}
	}
	b.WriteString("\nUser-agent: " + badBot + "\nDisallow: /\n")
	b.WriteString("\nSitemap: " + base + "/sitemap.xml\n")
	return b.Bytes()
}

// robotsMatch reports whether a robots.txt pattern (with * and a final $)
// matches the path plus query.
func robotsMatch(pattern, uri string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(uri, parts[0]) {
		return false
	}
	rest := uri[len(parts[0]):]
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return strings.HasSuffix(rest, p)
		}
		k := strings.Index(rest, p)
		if k < 0 {
			return false
		}
		rest = rest[k+len(p):]
	}
	return !anchored || rest == ""
}

// robotsDisallowed applies robots.txt to a request the way a polite crawler
// should, to count violations.
func robotsDisallowed(userAgent, uri string) bool {
	if uri == "/robots.txt" {
		return false
	}
	if strings.Contains(strings.ToLower(userAgent), strings.ToLower(badBot)) {
		return true
	}
	best, allow := -1, true
	for _, r := range robotsRules {
		if robotsMatch(r.Pattern, uri) && (len(r.Pattern) > best || (len(r.Pattern) == best && r.Allow)) {
			best, allow = len(r.Pattern), r.Allow
		}
	}
	return !allow
}

// baseURL is the scheme and host the request came to.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (m *Market) serveRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(robotsTxt(baseURL(r)))
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// serveSitemapIndex lists one sitemap per storefront.
func (m *Market) serveSitemapIndex(w http.ResponseWriter, r *http.Request) {
	day, q, err := m.dayOf(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	type index struct {
		XMLName  xml.Name     `xml:"sitemapindex"`
		XMLNS    string       `xml:"xmlns,attr"`
		Sitemaps []sitemapURL `xml:"sitemap"`
	}
	idx := index{XMLNS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, s := range storefronts {
		idx.Sitemaps = append(idx.Sitemaps, sitemapURL{
			Loc:     baseURL(r) + withDay("/sitemaps/"+s.Code+".xml", day, q),
			LastMod: dateOf(day).Format("2006-01-02"),
		})
	}
	writeXML(w, idx)
}

// serveSitemap lists a storefront's home, its popular searches and every
// product page live on the day.
func (m *Market) serveSitemap(w http.ResponseWriter, r *http.Request) {
	code, ok := strings.CutSuffix(r.PathValue("file"), ".xml")
	s := storefrontByCode(code)
	if !ok || s == nil {
		http.NotFound(w, r)
		return
	}
	day, q, err := m.dayOf(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	type urlset struct {
		XMLName xml.Name     `xml:"urlset"`
		XMLNS   string       `xml:"xmlns,attr"`
		URLs    []sitemapURL `xml:"url"`
	}
	base := baseURL(r)
	set := urlset{XMLNS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	set.URLs = append(set.URLs, sitemapURL{Loc: base + withDay("/"+s.Code+"/", day, q)})
	for _, kw := range popularSearches(s) {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + withDay(searchURL(s, kw.Query, 1, ""), day, q)})
	}
	st := m.state(day)
	offers := append([]*offer(nil), st.byStore[s.Code]...)
	sortByID(offers)
	for _, o := range offers {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + withDay(o.path(), day, q), LastMod: st.Date.Format("2006-01-02")})
	}
	writeXML(w, set)
}

func writeXML(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	enc.Encode(v)
}
