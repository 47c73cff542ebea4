package robots

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a settable clock for expiry tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// robotsServer serves robots.txt with a status and body that the test can
// change, counting fetches.
type robotsServer struct {
	*httptest.Server
	mu     sync.Mutex
	status int
	body   string
	delay  time.Duration
	hits   atomic.Int32
	agent  atomic.Value
}

func newRobotsServer(t *testing.T, status int, body string) *robotsServer {
	s := &robotsServer{status: status, body: body}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
		case "/moved":
			http.Redirect(w, r, "/robots.txt", http.StatusMovedPermanently)
			return
		default:
			http.NotFound(w, r)
			return
		}
		s.hits.Add(1)
		s.agent.Store(r.UserAgent())
		s.mu.Lock()
		status, body, delay := s.status, s.body, s.delay
		s.mu.Unlock()
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *robotsServer) set(status int, body string) {
	s.mu.Lock()
	s.status, s.body = status, body
	s.mu.Unlock()
}

func newCache(t *testing.T, clock *fakeClock, o Options) *Cache {
	t.Helper()
	if o.Client == nil {
		o.Client = &http.Client{}
	}
	o.Now = clock.Now
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCacheStatuses(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		body        string
		path        string
		want        bool
		unreachable bool
	}{
		{"200 with rules", 200, "User-agent: *\nDisallow: /private\n", "/private/x", false, false},
		{"200 allows the rest", 200, "User-agent: *\nDisallow: /private\n", "/public", true, false},
		{"404 allows all", 404, "not found", "/private/x", true, false},
		{"403 allows all", 403, "", "/private/x", true, false},
		{"500 disallows", 500, "", "/public", false, true},
		{"503 disallows", 503, "", "/public", false, true},
		{"429 disallows", 429, "", "/public", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRobotsServer(t, tt.status, tt.body)
			c := newCache(t, &fakeClock{t: time.Unix(0, 0)}, Options{})
			got, err := c.Allowed(context.Background(), srv.URL+tt.path, bot)
			if got != tt.want || errors.Is(err, ErrUnreachable) != tt.unreachable {
				t.Errorf("Allowed = %v, %v; want %v (unreachable %v)", got, err, tt.want, tt.unreachable)
			}
		})
	}
}

func TestCacheExpiry(t *testing.T) {
	srv := newRobotsServer(t, 200, "User-agent: *\nDisallow: /a\n")
	clock := &fakeClock{t: time.Unix(0, 0)}
	c := newCache(t, clock, Options{TTL: time.Hour, ErrorTTL: time.Minute, UserAgent: bot})
	ctx := context.Background()
	check := func(path string, want bool, wantHits int32) {
		t.Helper()
		got, err := c.Allowed(ctx, srv.URL+path, bot)
		if got != want || srv.hits.Load() != wantHits {
			t.Errorf("Allowed(%s) = %v, %v after %d fetches; want %v after %d", path, got, err, srv.hits.Load(), want, wantHits)
		}
	}
	check("/a", false, 1)
	check("/b", true, 1) // cached
	if ua, _ := srv.agent.Load().(string); ua != bot {
		t.Errorf("robots.txt fetched with User-Agent %q, want %q", ua, bot)
	}
	srv.set(503, "")
	clock.Add(59 * time.Minute)
	check("/b", true, 1) // still fresh
	clock.Add(2 * time.Minute)
	check("/b", false, 2) // expired, refetched, unreachable: disallow
	clock.Add(30 * time.Second)
	check("/b", false, 2) // unreachable is remembered for ErrorTTL
	srv.set(200, "User-agent: *\nDisallow: /b\n")
	clock.Add(31 * time.Second)
	check("/a", true, 3) // tried again, new rules
	check("/b", false, 3)
	check("/robots.txt", true, 3)
}

func TestCacheHostsAreSeparate(t *testing.T) {
	a := newRobotsServer(t, 200, "User-agent: *\nDisallow: /\n")
	b := newRobotsServer(t, 404, "")
	c := newCache(t, &fakeClock{t: time.Unix(0, 0)}, Options{})
	if ok, _ := c.Allowed(context.Background(), a.URL+"/x", bot); ok {
		t.Error("host a: allowed, want disallowed")
	}
	if ok, _ := c.Allowed(context.Background(), b.URL+"/x", bot); !ok {
		t.Error("host b: disallowed, want allowed")
	}
}

func TestCacheTimeoutAndCancel(t *testing.T) {
	srv := newRobotsServer(t, 200, "User-agent: *\nDisallow: /a\n")
	srv.delay = 500 * time.Millisecond
	c := newCache(t, &fakeClock{t: time.Unix(0, 0)}, Options{Timeout: 100 * time.Millisecond})
	ok, err := c.Allowed(context.Background(), srv.URL+"/b", bot)
	if ok || !errors.Is(err, ErrUnreachable) {
		t.Errorf("slow server: Allowed = %v, %v; want false, ErrUnreachable", ok, err)
	}

	slow := newRobotsServer(t, 200, "")
	slow.delay = 500 * time.Millisecond
	c2 := newCache(t, &fakeClock{t: time.Unix(0, 0)}, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	ok, err = c2.Allowed(ctx, slow.URL+"/b", bot)
	if ok || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled ctx: Allowed = %v, %v; want false, context.DeadlineExceeded", ok, err)
	}
}

func TestCacheRedirectAndLimit(t *testing.T) {
	// A robots.txt bigger than MaxBytes is cut: rules past the limit are
	// not seen.
	body := "User-agent: *\nDisallow: /early\n" + strings.Repeat("# padding\n", 100) + "Disallow: /late\n"
	srv := newRobotsServer(t, 200, body)
	c := newCache(t, &fakeClock{t: time.Unix(0, 0)}, Options{MaxBytes: 200})
	if ok, _ := c.Allowed(context.Background(), srv.URL+"/early", bot); ok {
		t.Error("/early allowed, want disallowed")
	}
	if ok, _ := c.Allowed(context.Background(), srv.URL+"/late", bot); !ok {
		t.Error("/late disallowed, but it lies past MaxBytes")
	}

	// Redirects are followed.
	redirecting := newRobotsServer(t, 200, "User-agent: *\nDisallow: /x\n")
	client := &http.Client{Transport: rewrite{to: "/moved"}}
	c2 := newCache(t, &fakeClock{t: time.Unix(0, 0)}, Options{Client: client})
	if ok, err := c2.Allowed(context.Background(), redirecting.URL+"/x", bot); ok || err != nil {
		t.Errorf("after redirect: Allowed = %v, %v; want false, nil", ok, err)
	}
}

// rewrite sends the first robots.txt request to another path (which
// redirects back), to test redirect following.
type rewrite struct{ to string }

func (rw rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/robots.txt" && r.Response == nil {
		r = r.Clone(r.Context())
		r.URL.Path = rw.to
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestCacheSharesFetch(t *testing.T) {
	srv := newRobotsServer(t, 200, "User-agent: *\nDisallow: /a\n")
	srv.delay = 100 * time.Millisecond
	c := newCache(t, &fakeClock{t: time.Unix(0, 0)}, Options{})
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, err := c.Allowed(context.Background(), srv.URL+"/a", bot); ok || err != nil {
				t.Errorf("Allowed = %v, %v; want false, nil", ok, err)
			}
		}()
	}
	wg.Wait()
	if n := srv.hits.Load(); n != 1 {
		t.Errorf("%d fetches for 10 concurrent first requests, want 1", n)
	}
}

func TestCacheBadInput(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Error("New without a client succeeded")
	}
	c := newCache(t, &fakeClock{t: time.Unix(0, 0)}, Options{})
	for _, u := range []string{"ftp://x/y", "/relative", "::"} {
		if ok, err := c.Allowed(context.Background(), u, bot); ok || err == nil {
			t.Errorf("Allowed(%q) = %v, %v; want false and an error", u, ok, err)
		}
	}
}
