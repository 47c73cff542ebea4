// Package ratelimit limits requests per client IP with token buckets
// (golang.org/x/time/rate).
package ratelimit

import (
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
)

// Options configure PerIP.
type Options struct {
	// PerSecond is the sustained rate per IP; Burst the bucket size.
	PerSecond float64
	Burst     int
	// IdleAfter drops an IP's bucket after this long without requests; 0
	// means 10 minutes.
	IdleAfter time.Duration
	// Reject answers a limited request (it gets an apperr.RateLimited
	// error).
	Reject auth.RejectFunc
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

type visitor struct {
	lim  *rate.Limiter
	seen time.Time
}

// PerIP returns middleware that refuses requests above the rate of their
// client IP.
func PerIP(opts Options) func(http.Handler) http.Handler {
	if opts.IdleAfter <= 0 {
		opts.IdleAfter = 10 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var (
		mu       sync.Mutex
		visitors = map[string]*visitor{}
		swept    = opts.Now()
	)
	allow := func(ip string) bool {
		now := opts.Now()
		mu.Lock()
		defer mu.Unlock()
		if now.Sub(swept) > opts.IdleAfter {
			for k, v := range visitors {
				if now.Sub(v.seen) > opts.IdleAfter {
					delete(visitors, k)
				}
			}
			swept = now
		}
		v := visitors[ip]
		if v == nil {
			v = &visitor{lim: rate.NewLimiter(rate.Limit(opts.PerSecond), opts.Burst)}
			visitors[ip] = v
		}
		v.seen = now
		return v.lim.AllowN(now, 1)
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !allow(auth.ClientIP(r)) {
				w.Header().Set("Retry-After", "1")
				opts.Reject(w, r, apperr.New(apperr.RateLimited, "too many requests from your address; retry in a second"))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
