package site

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// SearchOf reads a search-result URL of this adapter back into its
// keyword and 1-based page number, by matching u against the search URL
// template: placeholders in the query string are read from the parameters
// of the same name (in any order, other parameters ignored), placeholders
// in the path from the path. A URL that is not a search page of the
// template reports false. A template parameter absent from u means page 1
// ({page}, {offset}); the keyword must be there.
func (a *Adapter) SearchOf(u *url.URL) (keyword string, page int, ok bool) {
	if a.Search.URL == "" || u == nil {
		return "", 0, false
	}
	tmplPath, tmplQuery, _ := strings.Cut(a.Search.URL, "?")
	// The path after the host: the template starts with a scheme and a
	// host (which may hold {host} and a subdomain).
	if i := strings.Index(tmplPath, "://"); i >= 0 {
		tmplPath = tmplPath[i+3:]
	}
	if i := strings.Index(tmplPath, "/"); i >= 0 {
		tmplPath = tmplPath[i:]
	} else {
		tmplPath = "/"
	}
	var (
		kw     string
		haveKW bool
		pg     = 1
	)
	setPage := func(v string) bool {
		if v == "" {
			return true
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return false
		}
		pg = n
		return true
	}
	setOffset := func(v string) bool {
		if v == "" {
			return true
		}
		n, err := strconv.Atoi(v)
		if err != nil || a.Search.PageSize <= 0 || n < a.Search.OffsetBase {
			return false
		}
		pg = 1 + (n-a.Search.OffsetBase)/a.Search.PageSize
		return true
	}
	// The path: a regular expression with one group per placeholder.
	if strings.Contains(tmplPath, "{") {
		re, names := templateRegexp(tmplPath)
		m := re.FindStringSubmatch(u.EscapedPath())
		if m == nil {
			return "", 0, false
		}
		for i, name := range names {
			v, err := url.PathUnescape(m[i+1])
			if err != nil {
				return "", 0, false
			}
			switch name {
			case "keywordPath":
				kw, haveKW = strings.ReplaceAll(v, "-", " "), true
			case "keyword":
				kw, haveKW = v, true
			case "page":
				if !setPage(v) {
					return "", 0, false
				}
			case "offset":
				if !setOffset(v) {
					return "", 0, false
				}
			}
		}
	} else if strings.TrimSuffix(u.EscapedPath(), "/") != strings.TrimSuffix(tmplPath, "/") {
		return "", 0, false
	}
	if tmplQuery != "" {
		tq, err := url.ParseQuery(tmplQuery)
		if err != nil {
			return "", 0, false
		}
		uq := u.Query()
		for param, vs := range tq {
			if len(vs) == 0 {
				continue
			}
			v := uq.Get(param)
			switch vs[0] {
			case "{keyword}":
				kw, haveKW = v, uq.Has(param)
			case "{page}":
				if !setPage(v) {
					return "", 0, false
				}
			case "{offset}":
				if !setOffset(v) {
					return "", 0, false
				}
			default:
				if !strings.Contains(vs[0], "{") && v != vs[0] {
					return "", 0, false
				}
			}
		}
	}
	kw = strings.TrimSpace(kw)
	if !haveKW || kw == "" {
		return "", 0, false
	}
	return kw, pg, true
}

var placeholder = regexp.MustCompile(`\{(\w+)\}`)

// templateRegexp turns a path template into an anchored regular
// expression with one group per placeholder, and the placeholders' names.
func templateRegexp(tmpl string) (*regexp.Regexp, []string) {
	var b strings.Builder
	var names []string
	b.WriteString("^")
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(tmpl, -1) {
		b.WriteString(regexp.QuoteMeta(tmpl[last:m[0]]))
		names = append(names, tmpl[m[2]:m[3]])
		b.WriteString("([^/]*?)")
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(tmpl[last:]))
	b.WriteString("/?$")
	return regexp.MustCompile(b.String()), names
}
