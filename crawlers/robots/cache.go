package robots

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Defaults for Options.
const (
	// DefaultTTL: RFC 9309 §2.4 says not to use a cached robots.txt for
	// more than 24 hours.
	DefaultTTL = 24 * time.Hour
	// DefaultErrorTTL is how long an unreachable robots.txt keeps its host
	// disallowed before it is tried again.
	DefaultErrorTTL = 10 * time.Minute
	// DefaultMaxBytes: RFC 9309 §2.5 asks parsers to read at least 500 KiB.
	DefaultMaxBytes = 500 << 10
	// DefaultTimeout bounds one fetch of robots.txt.
	DefaultTimeout = 30 * time.Second
	// maxRedirects: RFC 9309 §2.3.1.2 asks to follow at least five.
	maxRedirects = 5
)

// Options configure a Cache.
type Options struct {
	// Client fetches robots.txt; required. Its redirect policy is kept if
	// set, else redirects are followed up to five hops.
	Client *http.Client
	// UserAgent is sent with the robots.txt request.
	UserAgent string
	// TTL, ErrorTTL, MaxBytes and Timeout default to the constants above.
	TTL, ErrorTTL time.Duration
	MaxBytes      int64
	Timeout       time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Cache fetches each host's robots.txt once and answers from memory until
// the entry expires. It is safe for concurrent use; concurrent first
// requests for one host share one fetch.
type Cache struct {
	opt     Options
	client  *http.Client
	group   singleflight.Group
	mu      sync.Mutex
	entries map[string]entry
}

type entry struct {
	robots  *Robots // nil when unreachable
	err     error
	expires time.Time
}

// New checks the options and returns an empty cache.
func New(o Options) (*Cache, error) {
	if o.Client == nil {
		return nil, errors.New("robots cache: nil http.Client")
	}
	if o.TTL <= 0 {
		o.TTL = DefaultTTL
	}
	if o.ErrorTTL <= 0 {
		o.ErrorTTL = DefaultErrorTTL
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	cl := *o.Client
	if cl.CheckRedirect == nil {
		cl.CheckRedirect = func(_ *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			return nil
		}
	}
	return &Cache{opt: o, client: &cl, entries: map[string]entry{}}, nil
}

// Allowed reports whether userAgent may fetch rawURL under its host's
// robots.txt. When robots.txt is unreachable the answer is false with an
// error wrapping ErrUnreachable, remembered for ErrorTTL; a cancelled ctx
// gives false and ctx's error, remembered not at all.
func (c *Cache) Allowed(ctx context.Context, rawURL, userAgent string) (bool, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false, fmt.Errorf("robots: not an http(s) URL: %.100q", rawURL)
	}
	r, err := c.get(ctx, u)
	if err != nil {
		return false, err
	}
	target := u.EscapedPath()
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	return r.Allowed(target, userAgent), nil
}

// CrawlDelay returns the Crawl-delay robots.txt sets for userAgent on
// rawURL's host.
func (c *Cache) CrawlDelay(ctx context.Context, rawURL, userAgent string) (time.Duration, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return 0, fmt.Errorf("robots: not an http(s) URL: %.100q", rawURL)
	}
	r, err := c.get(ctx, u)
	if err != nil {
		return 0, err
	}
	return r.CrawlDelay(userAgent), nil
}

// get returns the cached robots.txt of u's origin, fetching it when
// missing or expired.
func (c *Cache) get(ctx context.Context, u *url.URL) (*Robots, error) {
	origin := u.Scheme + "://" + u.Host
	c.mu.Lock()
	e, ok := c.entries[origin]
	c.mu.Unlock()
	if ok && c.opt.Now().Before(e.expires) {
		return e.robots, e.err
	}
	ch := c.group.DoChan(origin, func() (any, error) {
		// One caller's cancellation must not spoil the fetch for others.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.opt.Timeout)
		defer cancel()
		r, err := c.fetch(fctx, origin)
		ttl := c.opt.TTL
		if err != nil {
			ttl = c.opt.ErrorTTL
		}
		c.mu.Lock()
		c.entries[origin] = entry{robots: r, err: err, expires: c.opt.Now().Add(ttl)}
		c.mu.Unlock()
		return r, err
	})
	select {
	case <-ctx.Done():
		return nil, fmt.Errorf("robots %s: %w", origin, ctx.Err())
	case res := <-ch:
		if res.Err != nil {
			return nil, res.Err
		}
		return res.Val.(*Robots), nil
	}
}

// fetch gets and parses origin's robots.txt.
func (c *Cache) fetch(ctx context.Context, origin string) (*Robots, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/robots.txt", nil)
	if err != nil {
		return nil, fmt.Errorf("robots %s: %w", origin, err)
	}
	if c.opt.UserAgent != "" {
		req.Header.Set("User-Agent", c.opt.UserAgent)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("robots %s: %w: %w", origin, ErrUnreachable, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opt.MaxBytes))
	if err != nil {
		return nil, fmt.Errorf("robots %s: read: %w: %w", origin, ErrUnreachable, err)
	}
	status := resp.StatusCode
	if status == http.StatusTooManyRequests {
		// Rate limited: a temporary server condition, not "unavailable".
		status = http.StatusServiceUnavailable
	}
	r, err := Parse(status, body)
	if err != nil {
		return nil, fmt.Errorf("robots %s: %w", origin, err)
	}
	return r, nil
}
