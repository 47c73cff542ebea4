// Package robots decides whether a crawler may fetch a URL, following
// robots.txt as RFC 9309 describes it. Parsing and matching are done by
// github.com/temoto/robotstxt (the parser colly uses); this package adds
// the fetch rules of the RFC and a per-host cache.
package robots

import (
	"bufio"
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/temoto/robotstxt"
)

// Robots is one host's parsed robots.txt.
type Robots struct {
	data *robotstxt.RobotsData
}

// Parse reads a robots.txt fetched with an HTTP status:
//
//   - 2xx: the rules in body;
//   - 4xx ("unavailable", 404 and also 401/403): no rules, everything allowed;
//   - anything else: ErrUnreachable (callers treat that as full disallow).
//
// Lines the parser rejects (a rule before any User-agent line, a
// Crawl-delay that is not a number) are dropped and the rest is kept, as
// RFC 9309 asks parsers to use the rules they can read. Unknown lines such
// as Yandex's Clean-param or eBay's Noindex are ignored.
func Parse(status int, body []byte) (*Robots, error) {
	switch {
	case status >= 200 && status < 300:
	case status >= 400 && status < 500:
		return &Robots{data: allowAll()}, nil
	default:
		return nil, &StatusError{Status: status}
	}
	data, err := robotstxt.FromBytes(body)
	if err != nil {
		data, err = robotstxt.FromBytes(sanitize(body))
	}
	if err != nil {
		// Nothing parseable: no rules apply.
		return &Robots{data: allowAll()}, nil
	}
	return &Robots{data: data}, nil
}

func allowAll() *robotstxt.RobotsData {
	d, _ := robotstxt.FromStatusAndBytes(404, nil)
	return d
}

// sanitize drops the lines that make the parser give up on a whole file.
func sanitize(body []byte) []byte {
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	seenAgent := false
	for sc.Scan() {
		line := sc.Text()
		key, val, _ := strings.Cut(line, ":")
		key = strings.ToLower(strings.TrimSpace(key))
		if i := strings.IndexByte(val, '#'); i >= 0 {
			val = val[:i]
		}
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent", "useragent":
			seenAgent = true
		case "allow", "disallow":
			if !seenAgent {
				continue
			}
		case "crawl-delay", "crawldelay":
			if f, err := strconv.ParseFloat(val, 64); !seenAgent || err != nil || f < 0 {
				continue
			}
		}
		out.WriteString(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// Allowed reports whether userAgent may fetch the path (with its query,
// "/b?node=1"). The user agent is matched by its product token
// ("ExportScopeBot/1.0 (+https://...)" is "exportscopebot"), case
// insensitively. /robots.txt itself is always allowed.
func (r *Robots) Allowed(path, userAgent string) bool {
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true
	}
	return r.data.TestAgent(path, productToken(userAgent))
}

// CrawlDelay returns the Crawl-delay of the group that applies to
// userAgent, zero when none is set. It is not part of RFC 9309 but many
// sites use it.
func (r *Robots) CrawlDelay(userAgent string) time.Duration {
	return r.data.FindGroup(productToken(userAgent)).CrawlDelay
}

// Sitemaps lists the Sitemap URLs the file names.
func (r *Robots) Sitemaps() []string { return r.data.Sitemaps }

// productToken is the first word of a User-Agent header before any '/'.
func productToken(ua string) string {
	ua = strings.TrimSpace(ua)
	if i := strings.IndexAny(ua, "/ ;("); i > 0 {
		ua = ua[:i]
	}
	return strings.ToLower(ua)
}

// ErrUnreachable means robots.txt could not be fetched (a 5xx status, a
// 429, a network error or a timeout). RFC 9309 says to assume complete
// disallow until it can be fetched.
var ErrUnreachable = errors.New("robots.txt unreachable")

// StatusError is an HTTP status that makes robots.txt unreachable.
type StatusError struct{ Status int }

func (e *StatusError) Error() string { return "robots.txt: HTTP status " + strconv.Itoa(e.Status) }

// Unwrap lets errors.Is(err, ErrUnreachable) hold.
func (e *StatusError) Unwrap() error { return ErrUnreachable }
