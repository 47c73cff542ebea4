package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/exportscope/exportscope/crawlers/ssrf"
)

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		h    string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"120", 2 * time.Minute, true},
		{" 5 ", 5 * time.Second, true},
		{"0", 0, true},
		{"-3", 0, false},
		{"Mon, 03 Mar 2025 12:00:30 GMT", 30 * time.Second, true},
		{"Monday, 03-Mar-25 12:01:00 GMT", time.Minute, true}, // RFC 850
		{"Mon Mar  3 12:00:10 2025", 10 * time.Second, true},  // asctime
		{"Mon, 03 Mar 2025 11:00:00 GMT", 0, true},            // in the past: now
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.h, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.h, got, ok, tt.want, tt.ok)
		}
	}
}

func TestClassify(t *testing.T) {
	now := time.Now()
	blocked := &url.Error{Op: "Get", URL: "http://x", Err: &ssrf.BlockedError{Host: "x", Addr: netip.MustParseAddrPort("127.0.0.1:80"), Reason: ssrf.ReasonLoopback}}
	tests := []struct {
		name   string
		res    fetchResult
		want   outcome
		wait   time.Duration
		errHas string
	}{
		{"ok", fetchResult{status: 200}, outcomeOK, 0, ""},
		{"no content", fetchResult{status: 204}, outcomeOK, 0, ""},
		{"not found", fetchResult{status: 404}, outcomeFail, 0, "HTTP 404"},
		{"gone", fetchResult{status: 410}, outcomeFail, 0, "HTTP 410"},
		{"server error", fetchResult{status: 500}, outcomeRetry, 0, "HTTP 500"},
		{"bad gateway", fetchResult{status: 502}, outcomeRetry, 0, "HTTP 502"},
		{"request timeout", fetchResult{status: 408}, outcomeRetry, 0, "HTTP 408"},
		{"429 without Retry-After", fetchResult{status: 429, header: http.Header{}}, outcomeRetry, 0, "HTTP 429"},
		{"429 with Retry-After", fetchResult{status: 429, header: http.Header{"Retry-After": {"7"}}}, outcomeRetry, 7 * time.Second, "HTTP 429"},
		{"503 with Retry-After", fetchResult{status: 503, header: http.Header{"Retry-After": {"60"}}}, outcomeRetry, time.Minute, "HTTP 503"},
		{"Retry-After too long", fetchResult{status: 503, header: http.Header{"Retry-After": {"86400"}}}, outcomeFail, 24 * time.Hour, "longer than the crawl allows"},
		{"network error", fetchResult{err: errors.New("connection reset by peer")}, outcomeRetry, 0, "reset"},
		{"robots on redirect", fetchResult{err: fmt.Errorf("redirect to /x: %w", errRobots)}, outcomeSkip, 0, "robots.txt"},
		{"off-site redirect", fetchResult{err: fmt.Errorf("redirect: %w", errOffSite)}, outcomeSkip, 0, "leaves"},
		{"filtered redirect", fetchResult{err: fmt.Errorf("redirect: %w", errFiltered)}, outcomeSkip, 0, "filters"},
		{"ssrf", fetchResult{err: blocked}, outcomeSkip, 0, "loopback"},
		{"redirect loop", fetchResult{err: errTooManyHops}, outcomeFail, 0, "too many"},
		{"cancelled", fetchResult{err: context.Canceled}, outcomeAbandon, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := classify(context.Background(), &tt.res, now, 10*time.Minute)
			if v.outcome != tt.want || v.wait != tt.wait {
				t.Errorf("outcome %d, wait %v; want %d, %v", v.outcome, v.wait, tt.want, tt.wait)
			}
			if tt.errHas != "" && (v.err == nil || !strings.Contains(v.err.Error(), tt.errHas)) {
				t.Errorf("error %v, want it to mention %q", v.err, tt.errHas)
			}
		})
	}

	// During cancellation a failed request is abandoned, an answer is used.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if v := classify(ctx, &fetchResult{err: errors.New("read: connection reset")}, now, time.Minute); v.outcome != outcomeAbandon {
		t.Errorf("error during cancellation: outcome %d, want abandon", v.outcome)
	}
	if v := classify(ctx, &fetchResult{status: 200}, now, time.Minute); v.outcome != outcomeOK {
		t.Errorf("answer during cancellation: outcome %d, want ok", v.outcome)
	}
}

func TestBackoff(t *testing.T) {
	base, ceiling := 100*time.Millisecond, time.Second
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 5: time.Second, 30: time.Second} {
		for range 50 {
			got := backoff(n, base, ceiling)
			if got < want/2 || got > want {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", n, got, want/2, want)
			}
		}
	}
}

func TestLimitRules(t *testing.T) {
	rules := limitRules(map[string]time.Duration{"127.0.0.1:8081": 2 * time.Second, "[::1]:9000": time.Second}, 2, 0)
	for _, r := range rules {
		if err := r.Init(); err != nil {
			t.Fatal(err)
		}
	}
	match := func(host string) time.Duration {
		for _, r := range rules {
			if r.Match(host) {
				return r.Delay
			}
		}
		t.Fatalf("no rule matches %s", host)
		return 0
	}
	if d := match("127.0.0.1:8081"); d != 2*time.Second {
		t.Errorf("127.0.0.1:8081: delay %v, want 2s", d)
	}
	if d := match("[::1]:9000"); d != time.Second {
		t.Errorf("[::1]:9000: delay %v, want 1s (brackets are not a glob class)", d)
	}
	if d := match("127.0.0.1:8082"); d != 2*time.Second {
		t.Errorf("another host: delay %v, want the catch-all's 2s", d)
	}
	if last := rules[len(rules)-1]; last.DomainGlob != "*" || last.Parallelism != 2 {
		t.Errorf("catch-all rule %+v", last)
	}
}
