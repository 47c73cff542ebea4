package ecb

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeECB serves the shared fixtures at the ECB's feed paths, under /stats/eurofxref/.
func fakeECB(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	daily := readFixture(t, dailyFixture)
	hist := readFixture(t, histFixture)
	var hits atomic.Int32
	mux := http.NewServeMux()
	serve := func(body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			if r.Header.Get("User-Agent") == "" {
				t.Error("request without User-Agent")
			}
			w.Header().Set("Content-Type", "text/xml")
			w.Write(body)
		}
	}
	mux.HandleFunc("GET /stats/eurofxref/eurofxref-daily.xml", serve(daily))
	mux.HandleFunc("GET /stats/eurofxref/eurofxref-hist-90d.xml", serve(hist))
	mux.HandleFunc("GET /stats/eurofxref/eurofxref-hist.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone fishing", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("GET /html/eurofxref-daily.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<!DOCTYPE html><html><body>Maintenance</body></html>"))
	})
	mux.HandleFunc("GET /slow/eurofxref-daily.xml", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("GET /big/eurofxref-daily.xml", serve(daily))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &hits
}

func newClient(t *testing.T, opts Options) *Client {
	t.Helper()
	c, err := NewClient(http.DefaultClient, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClientFetch(t *testing.T) {
	srv, _ := fakeECB(t)
	c := newClient(t, Options{BaseURL: srv.URL + "/stats/eurofxref"}) // no trailing slash: added
	ctx := context.Background()

	daily, err := c.Daily(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(daily) != 32 || byCurrency(daily)["USD"].PerEUR != 1.1790 {
		t.Errorf("daily: %d rates, USD %v; want 32, 1.1790", len(daily), byCurrency(daily)["USD"].PerEUR)
	}
	hist, err := c.History90d(ctx)
	if err != nil {
		t.Fatal(err)
	}
	days := map[time.Time]bool{}
	for _, r := range hist {
		days[r.Date] = true
	}
	if len(days) != 61 {
		t.Errorf("hist-90d: %d days, want 61", len(days))
	}
}

func TestClientErrors(t *testing.T) {
	srv, _ := fakeECB(t)
	for _, tc := range []struct {
		name    string
		opts    Options
		feed    Feed
		check   func(error) bool
		wantMsg string
	}{
		{
			name:    "server error",
			opts:    Options{BaseURL: srv.URL + "/stats/eurofxref/"},
			feed:    FeedHist,
			check:   func(err error) bool { var se *StatusError; return errors.As(err, &se) && se.StatusCode == 503 },
			wantMsg: "HTTP 503 Service Unavailable: gone fishing",
		},
		{
			name:    "not found",
			opts:    Options{BaseURL: srv.URL + "/nowhere/"},
			feed:    FeedDaily,
			check:   func(err error) bool { var se *StatusError; return errors.As(err, &se) && se.StatusCode == 404 },
			wantMsg: "/nowhere/eurofxref-daily.xml: HTTP 404",
		},
		{
			name:    "html instead of xml",
			opts:    Options{BaseURL: srv.URL + "/html/"},
			feed:    FeedDaily,
			check:   func(err error) bool { return errors.Is(err, ErrMalformed) },
			wantMsg: "but have <html>",
		},
		{
			name:    "timeout",
			opts:    Options{BaseURL: srv.URL + "/slow/", Timeout: 100 * time.Millisecond},
			feed:    FeedDaily,
			check:   func(err error) bool { return errors.Is(err, context.DeadlineExceeded) },
			wantMsg: "/slow/eurofxref-daily.xml",
		},
		{
			name:    "body too large",
			opts:    Options{BaseURL: srv.URL + "/big/", MaxBodyBytes: 100},
			feed:    FeedDaily,
			check:   func(err error) bool { return errors.Is(err, ErrTooLarge) },
			wantMsg: "over 100 bytes",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, tc.opts)
			rates, err := c.Fetch(context.Background(), tc.feed)
			if err == nil {
				t.Fatalf("no error; got %d rates", len(rates))
			}
			if !tc.check(err) {
				t.Errorf("error %q (%T) is not the expected kind", err, err)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q does not say %q", err, tc.wantMsg)
			}
		})
	}
}

func TestClientCancelled(t *testing.T) {
	srv, hits := fakeECB(t)
	c := newClient(t, Options{BaseURL: srv.URL + "/stats/eurofxref/"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Daily(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests reached the server after cancel", n)
	}
}

func TestNewClient(t *testing.T) {
	if _, err := NewClient(nil, Options{}); err == nil {
		t.Error("NewClient(nil) succeeded; want an error")
	}
	for _, bad := range []string{"ftp://example.com/", "/relative/path/", "http://%zz/"} {
		if _, err := NewClient(http.DefaultClient, Options{BaseURL: bad}); err == nil {
			t.Errorf("NewClient with base URL %q succeeded; want an error", bad)
		}
	}
	c, err := NewClient(http.DefaultClient, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.base.JoinPath(string(FeedDaily)).String(); got != DefaultBaseURL+"eurofxref-daily.xml" {
		t.Errorf("default daily URL %s", got)
	}
}
