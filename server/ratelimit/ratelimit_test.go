package ratelimit_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/ratelimit"
)

func TestPerIP(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var rejected error
	mw := ratelimit.PerIP(ratelimit.Options{PerSecond: 1, Burst: 2, Now: func() time.Time { return now },
		Reject: func(w http.ResponseWriter, _ *http.Request, err error) {
			rejected = err
			w.WriteHeader(http.StatusTooManyRequests)
		}})
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	do := func(ip string) int {
		r := httptest.NewRequest("POST", "/graphql", nil)
		r.RemoteAddr = ip + ":1234"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	for i, want := range []int{200, 200, 429} {
		if got := do("10.0.0.1"); got != want {
			t.Errorf("request %d: status %d, want %d", i+1, got, want)
		}
	}
	if code, _ := apperr.Public(rejected); code != apperr.CodeRateLimited {
		t.Errorf("rejected with code %q, want RATE_LIMITED", code)
	}
	if got := do("10.0.0.2"); got != 200 {
		t.Errorf("another IP: status %d, want 200", got)
	}
	now = now.Add(time.Second)
	if got := do("10.0.0.1"); got != 200 {
		t.Errorf("after a second: status %d, want 200", got)
	}
}
