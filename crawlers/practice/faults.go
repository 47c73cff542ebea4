package practice

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Faults make the market behave like a real one under load: 429 answers,
// slow pages and broken pages. All are deterministic: whether a request is
// rate limited depends on the seed, its URL and how many times that URL
// was asked for before; whether a page is slow or broken depends on the
// seed, the simulated day and the page. With the rates at 0 nothing goes
// wrong.

// FaultHeader names the fault a response carries, so that tests know which
// answers were deliberately bad: "rate-limit", "slow" or
// "malformed=<kind>".
const FaultHeader = "X-Practice-Fault"

// Kinds of malformed pages.
const (
	MalformedJSONLD    = "broken-jsonld" // the JSON-LD block is not valid JSON
	MalformedTruncated = "truncated"     // the body stops part way
	MalformedPriceNA   = "price-na"      // the price reads "N/A"
)

// faultable reports whether the path is a storefront, API or Comtrade page
// that may be rate limited or slow. The landing page, robots.txt,
// sitemaps, the ECB feed and the answer key never fail.
func faultable(path string) bool {
	if strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/comtrade/") {
		return true
	}
	code, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return storefrontByCode(code) != nil
}

// faults answers 429 and delays slow pages.
func (m *Market) faults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !faultable(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		uri := r.URL.RequestURI()
		if m.opts.FaultRate > 0 {
			m.mu.Lock()
			attempt := m.attempts[uri]
			m.attempts[uri] = attempt + 1
			m.mu.Unlock()
			if unit(m.opts.Seed, "429", uri, strconv.Itoa(attempt)) < m.opts.FaultRate {
				m.stats.rateLimited.Add(1)
				m.log.Info("rate limited", "path", uri, "attempt", attempt)
				m.tooManyRequests(w, r)
				return
			}
		}
		if m.opts.SlowRate > 0 && m.opts.SlowDelay > 0 && unit(m.opts.Seed, "slow", uri) < m.opts.SlowRate {
			m.stats.slow.Add(1)
			w.Header().Set(FaultHeader, "slow")
			t := time.NewTimer(m.opts.SlowDelay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// tooManyRequests writes a 429 in the shape the path's clients expect.
func (m *Market) tooManyRequests(w http.ResponseWriter, r *http.Request) {
	secs := max(1, int(m.opts.RetryAfter.Round(time.Second)/time.Second))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	w.Header().Set(FaultHeader, "rate-limit")
	switch {
	case strings.HasPrefix(r.URL.Path, "/comtrade/"):
		// The shape Azure API Management gives the real Comtrade API.
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in ` + strconv.Itoa(secs) + ` seconds." }`))
	case strings.HasPrefix(r.URL.Path, "/api/"):
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "too many requests", "retryAfter": secs})
	default:
		m.renderStatus(w, r, http.StatusTooManyRequests, "429 Too Many Requests — slow down and retry after "+strconv.Itoa(secs)+" s.")
	}
}

// malformedKind decides whether the page identified by pageKey is broken on
// day, and how. kinds lists the faults that make sense for the page.
func (m *Market) malformedKind(day int, pageKey string, kinds ...string) string {
	if m.opts.MalformedRate <= 0 || len(kinds) == 0 {
		return ""
	}
	u := unit(m.opts.Seed, "malformed", strconv.Itoa(day), pageKey)
	if u >= m.opts.MalformedRate {
		return ""
	}
	return kinds[min(len(kinds)-1, int(u/m.opts.MalformedRate*float64(len(kinds))))]
}

// truncate cuts a body to about 60%, at a character boundary.
func truncate(b []byte) []byte {
	n := len(b) * 6 / 10
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return b[:n]
}

// markMalformed counts a broken page and labels the response.
func (m *Market) markMalformed(w http.ResponseWriter, kind string) {
	m.stats.malformed.Add(1)
	w.Header().Set(FaultHeader, "malformed="+kind)
}
