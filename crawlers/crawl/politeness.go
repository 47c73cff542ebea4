package crawl

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gobwas/glob"
	"github.com/gocolly/colly/v2"

	"github.com/exportscope/exportscope/crawlers/ssrf"
)

// limitRules gives each host the crawl talks to its own colly limit rule
// (parallelism and delay), matched on host:port as colly matches it, and
// one catch-all rule so that no host is ever fetched without limits.
func limitRules(hosts map[string]time.Duration, parallelism int, randomDelay time.Duration) []*colly.LimitRule {
	var rules []*colly.LimitRule
	var fallback time.Duration
	for host, delay := range hosts {
		rules = append(rules, &colly.LimitRule{
			DomainGlob:  glob.QuoteMeta(host),
			Delay:       delay,
			RandomDelay: randomDelay,
			Parallelism: parallelism,
		})
		fallback = max(fallback, delay)
	}
	return append(rules, &colly.LimitRule{
		DomainGlob:  "*",
		Delay:       fallback,
		RandomDelay: randomDelay,
		Parallelism: parallelism,
	})
}

// outcome is what to do with a URL after a fetch.
type outcome int

const (
	outcomeOK      outcome = iota // process the page
	outcomeRetry                  // try again later
	outcomeFail                   // give up
	outcomeSkip                   // must not be fetched
	outcomeAbandon                // interrupted: leave the URL as it was
)

// verdict is the classified result of one fetch.
type verdict struct {
	outcome outcome
	status  int
	err     error
	// wait is the server's Retry-After, zero when it gave none.
	wait time.Duration
}

// Errors that classify fetches.
var (
	errRobots       = errors.New("disallowed by robots.txt")
	errOffSite      = errors.New("redirect leaves the crawl's sites")
	errFiltered     = errors.New("excluded by the URL filters")
	errDuplicate    = errors.New("redirects to a page the crawl has fetched")
	errTooManyHops  = errors.New("too many redirects")
	errRetryTooLong = errors.New("server asks to wait longer than the crawl allows")
)

// httpError is a response status that is not a page.
type httpError struct{ status int }

func (e *httpError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.status, http.StatusText(e.status))
}

// classify decides what a fetch's status and error mean. A response that
// arrived is used even if the crawl is being cancelled; a request that the
// cancellation cut short leaves its URL as it was.
func classify(ctx context.Context, r *fetchResult, now time.Time, maxWait time.Duration) verdict {
	if r.err != nil {
		switch {
		case ctx.Err() != nil || errors.Is(r.err, context.Canceled):
			return verdict{outcome: outcomeAbandon, err: r.err}
		case errors.Is(r.err, errRobots), errors.Is(r.err, errOffSite), errors.Is(r.err, errFiltered),
			errors.Is(r.err, errDuplicate), ssrf.IsBlocked(r.err):
			return verdict{outcome: outcomeSkip, status: r.status, err: r.err}
		case errors.Is(r.err, errTooManyHops):
			return verdict{outcome: outcomeFail, status: r.status, err: r.err}
		}
		// Network errors, timeouts, resets, robots.txt unreadable.
		return verdict{outcome: outcomeRetry, status: r.status, err: r.err}
	}
	switch s := r.status; {
	case s >= 200 && s < 300:
		return verdict{outcome: outcomeOK, status: s}
	case s == http.StatusTooManyRequests || s == http.StatusServiceUnavailable:
		v := verdict{outcome: outcomeRetry, status: s, err: &httpError{s}}
		if wait, ok := retryAfter(r.header.Get("Retry-After"), now); ok {
			v.wait = wait
			if wait > maxWait {
				v.outcome = outcomeFail
				v.err = fmt.Errorf("HTTP %d, Retry-After %s: %w", s, wait.Round(time.Second), errRetryTooLong)
			}
		}
		return v
	case s == http.StatusRequestTimeout || s == http.StatusTooEarly || s >= 500:
		return verdict{outcome: outcomeRetry, status: s, err: &httpError{s}}
	default:
		// Other 4xx and stray 1xx/3xx: asking again will not help.
		return verdict{outcome: outcomeFail, status: s, err: &httpError{s}}
	}
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, int64(365*24*time.Hour/time.Second))) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// backoff is the wait before attempt n+1 after n failed attempts:
// exponential from base up to ceiling, with "equal jitter" (half fixed,
// half random) so that failed URLs do not come back in lockstep.
func backoff(n int, base, ceiling time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < ceiling; i++ {
		d *= 2
	}
	d = min(d, ceiling)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// hostPauses holds hosts back after they said 429 or 503, so that the
// other URLs of the host wait too, not only the one that was refused.
type hostPauses struct {
	mu    sync.Mutex
	until map[string]time.Time
}

func (p *hostPauses) pause(host string, until time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.until == nil {
		p.until = map[string]time.Time{}
	}
	if until.After(p.until[host]) {
		p.until[host] = until
	}
}

// wait blocks until host may be fetched again.
func (p *hostPauses) wait(ctx context.Context, host string) error {
	p.mu.Lock()
	until := p.until[host]
	p.mu.Unlock()
	return sleep(ctx, time.Until(until))
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
