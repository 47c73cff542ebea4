package crawl

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/exportscope/exportscope/crawlers/robots"
)

// robotsRules applies robots.txt (package robots: RFC 9309 rules, one
// cached file per scheme and host:port) to this crawl's user agent. The
// crawler asks it before every request and on every redirect hop.
//
// colly's own robots.txt support is not used: it is never asked about
// redirect targets, it caches a 5xx answer as "disallow all" for the rest
// of the run, and it would fetch each file a second time.
type robotsRules struct {
	cache     *robots.Cache
	userAgent string
}

// newRobotsRules fetches robots.txt through rt, the crawl's (SSRF-guarded)
// transport. An unreachable robots.txt is remembered for retryBase/2 only,
// so that the URL's next attempt, at least that much later, asks again.
func newRobotsRules(rt http.RoundTripper, userAgent string, timeout, retryBase time.Duration) (*robotsRules, error) {
	cache, err := robots.New(robots.Options{
		Client:    &http.Client{Transport: rt},
		UserAgent: userAgent,
		Timeout:   timeout,
		ErrorTTL:  max(retryBase/2, time.Millisecond),
	})
	if err != nil {
		return nil, err
	}
	return &robotsRules{cache: cache, userAgent: userAgent}, nil
}

// allowed reports whether u may be fetched. An error means robots.txt
// could not be read (network error, 429 or 5xx: RFC 9309's "unreachable",
// a full disallow for now); the caller tries the URL again later.
func (r *robotsRules) allowed(ctx context.Context, u *url.URL) (bool, error) {
	return r.cache.Allowed(ctx, u.String(), r.userAgent)
}

// crawlDelay is the Crawl-delay robots.txt asks of this crawler on u's
// host, zero when none or unreadable.
func (r *robotsRules) crawlDelay(ctx context.Context, u *url.URL) time.Duration {
	d, err := r.cache.CrawlDelay(ctx, u.String(), r.userAgent)
	if err != nil {
		return 0
	}
	return d
}
