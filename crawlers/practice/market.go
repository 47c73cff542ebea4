package practice

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Banner is the label every HTML page of the market carries.
const Banner = "Practice marketplace — synthetic data for training / 练习市场 — 合成数据"

// Options configure a Market. The zero value (plus a logger) is a quiet,
// fault-free market on day 0.
type Options struct {
	// Seed fixes every random choice: the same Seed and Day give
	// byte-identical pages.
	Seed int64
	// Day is the simulated day served when a request does not ask for one
	// (with ?day=N or the X-Practice-Day header); 0 is Epoch.
	Day int
	// Listings is the catalogue size over all storefronts (default 3000);
	// about 12% of them are newcomers that appear during the first year.
	Listings int
	// Logger receives request, fault and robots-violation records; nil
	// discards them.
	Logger *slog.Logger

	// FaultRate is the share of storefront, API and Comtrade requests
	// answered 429 Too Many Requests with a Retry-After header; 0 turns
	// rate limiting off.
	FaultRate float64
	// RetryAfter is the Retry-After of those answers (default 1s).
	RetryAfter time.Duration
	// MalformedRate is the share of product and search pages served broken
	// (invalid JSON-LD, truncated body, price "N/A"); 0 turns them off.
	// Broken pages carry an X-Practice-Fault header naming the fault.
	MalformedRate float64
	// SlowRate is the share of storefront requests delayed by SlowDelay.
	SlowRate  float64
	SlowDelay time.Duration
	// TradeRowCap is the most rows one Comtrade request returns (default
	// 500, the public API's preview limit); maxRecords can lower it.
	TradeRowCap int
}

// Market is the practice marketplace: storefronts, a JSON search API, a
// Comtrade-shaped trade API and an ECB-shaped rates feed, all generated
// from one seed.
type Market struct {
	opts  Options
	log   *slog.Logger
	rates *rateTable
	cat   *catalogue
	trade *tradeData
	pages *pageTemplates
	days  dayCache

	mu       sync.Mutex
	attempts map[string]int // requests seen per URL, for the 429 decision
	stats    counters
}

type counters struct {
	requests, rateLimited, malformed, slow, robotsViolations atomic.Int64
}

// Stats counts what the market has served, so that tests of crawlers can
// check their politeness.
type Stats struct {
	Requests         int64 `json:"requests"`
	RateLimited      int64 `json:"rateLimited"`
	Malformed        int64 `json:"malformed"`
	Slow             int64 `json:"slow"`
	RobotsViolations int64 `json:"robotsViolations"`
}

// New builds a market. It generates the whole catalogue, so it takes a few
// tens of milliseconds.
func New(opts Options) (*Market, error) {
	if opts.Day < 0 || opts.Day > MaxDay {
		return nil, fmt.Errorf("practice market: day %d outside 0..%d", opts.Day, MaxDay)
	}
	for name, rate := range map[string]float64{"fault": opts.FaultRate, "malformed": opts.MalformedRate, "slow": opts.SlowRate} {
		if rate < 0 || rate > 1 {
			return nil, fmt.Errorf("practice market: %s rate %v outside 0..1", name, rate)
		}
	}
	if opts.Listings < 0 || opts.Listings > 200000 {
		return nil, fmt.Errorf("practice market: %d listings outside 0..200000", opts.Listings)
	}
	if opts.Listings == 0 {
		opts.Listings = 3000
	}
	if opts.RetryAfter <= 0 {
		opts.RetryAfter = time.Second
	}
	if opts.TradeRowCap <= 0 {
		opts.TradeRowCap = 500
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, fmt.Errorf("practice market: %w", err)
	}
	m := &Market{
		opts:     opts,
		log:      log,
		rates:    newRateTable(opts.Seed),
		pages:    pages,
		attempts: map[string]int{},
		days:     dayCache{limit: 8},
	}
	m.cat = newCatalogue(opts.Seed, opts.Listings, m.rates)
	m.trade = newTradeData(opts.Seed)
	return m, nil
}

// Stats returns the counters so far.
func (m *Market) Stats() Stats {
	return Stats{
		Requests:         m.stats.requests.Load(),
		RateLimited:      m.stats.rateLimited.Load(),
		Malformed:        m.stats.malformed.Load(),
		Slow:             m.stats.slow.Load(),
		RobotsViolations: m.stats.robotsViolations.Load(),
	}
}

// Handler serves the whole market.
func (m *Market) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", m.serveLanding)
	mux.HandleFunc("/", m.serveNotFound)
	mux.HandleFunc("GET /robots.txt", m.serveRobots)
	mux.HandleFunc("GET /sitemap.xml", m.serveSitemapIndex)
	mux.HandleFunc("GET /sitemaps/{file}", m.serveSitemap)
	mux.HandleFunc("GET /cart", m.serveBlocked)
	mux.HandleFunc("GET /account", m.serveBlocked)
	for _, s := range storefronts {
		p := "GET /" + s.Code
		mux.HandleFunc(p+"/{$}", m.serveStoreHome)
		mux.HandleFunc(p+"/search", m.serveSearch)
		mux.HandleFunc(p+"/cart", m.serveBlocked)
		mux.HandleFunc(p+"/account", m.serveBlocked)
		mux.HandleFunc(p+"/checkout", m.serveBlocked)
		switch s.Style {
		case StyleMicrodata:
			mux.HandleFunc(p+"/item/{id}", m.serveProduct)
		case StylePlain:
			mux.HandleFunc(p+"/goods/{id}", m.serveProduct)
		default:
			mux.HandleFunc(p+"/p/{id}", m.serveProduct)
		}
		if s.Style == StyleAPI {
			mux.HandleFunc("GET /api/"+s.Code+"/search", m.serveAPISearch)
			mux.HandleFunc("GET /api/"+s.Code+"/products/{id}", m.serveAPIProduct)
		}
	}
	mux.HandleFunc("GET /comtrade/data/v1/get/{type}/{freq}/{class}", m.serveComtrade)
	mux.HandleFunc("GET /comtrade/public/v1/preview/{type}/{freq}/{class}", m.serveComtrade)
	mux.HandleFunc("GET /ecb/{file}", m.serveECB)
	mux.HandleFunc("GET /_practice/listings.json", m.serveAnswerKey)
	mux.HandleFunc("GET /_practice/search.json", m.serveSearchKey)
	mux.HandleFunc("GET /_practice/stats.json", m.serveStats)
	return m.observe(m.faults(mux))
}

// errBadDay is returned for a day outside 0..MaxDay.
var errBadDay = errors.New("day must be a whole number from 0 to " + strconv.Itoa(MaxDay))

// dayOf is the simulated day a request asks for: the day query parameter,
// then the X-Practice-Day header, then Options.Day. fromQuery tells links
// on the page to carry the parameter on.
func (m *Market) dayOf(r *http.Request) (day int, fromQuery bool, err error) {
	v, fromQuery := r.URL.Query().Get("day"), true
	if v == "" {
		v, fromQuery = r.Header.Get("X-Practice-Day"), false
	}
	if v == "" {
		return m.opts.Day, false, nil
	}
	d, err := strconv.Atoi(v)
	if err != nil || d < 0 || d > MaxDay {
		return 0, false, errBadDay
	}
	return d, fromQuery, nil
}

// state returns the offers of day.
func (m *Market) state(day int) *dayState {
	return m.days.get(day, m.cat.buildDay)
}

// statusRecorder remembers the status a handler wrote, for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// observe counts and logs requests and notes robots.txt violations.
func (m *Market) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.stats.requests.Add(1)
		if robotsDisallowed(r.UserAgent(), r.URL.RequestURI()) {
			m.stats.robotsViolations.Add(1)
			m.log.Warn("robots.txt violation", "path", r.URL.RequestURI(), "userAgent", r.UserAgent())
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		m.log.Debug("request", "method", r.Method, "path", r.URL.RequestURI(), "status", rec.status)
	})
}
