package teaching

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/exportscope/exportscope/crawlers/extract"
	"github.com/exportscope/exportscope/crawlers/practice"
	"github.com/exportscope/exportscope/crawlers/site"
	"github.com/exportscope/exportscope/server/apperr"
)

// LabOptions configure the crawler lab.
type LabOptions struct {
	// Seed and Day fix the practice marketplace the lab serves, so every
	// student's run reads the same pages.
	Seed int64
	Day  int
	// MaxPages caps the pages one run fetches; 0 means 30.
	MaxPages int
	// Timeout caps one run; 0 means 20 s.
	Timeout time.Duration
	// MaxBody caps one page's size in bytes; 0 means 2 MiB.
	MaxBody int64
	// MaxYAML caps the adapter file's size; 0 means 64 KiB.
	MaxYAML int
	// Concurrent caps the runs at once (students' and grading); 0 means
	// 2. A run waits up to Wait for its turn, then is RATE_LIMITED.
	Concurrent int
	Wait       time.Duration
	Logger     *slog.Logger
}

// Lab is the sandbox the crawler lab runs students' adapters in: an
// in-process practice marketplace listening on loopback, and an HTTP
// client that reaches that listener and nothing else.
type Lab struct {
	opts   LabOptions
	market *practice.Market
	srv    *http.Server
	addr   string // host:port of the practice listener
	hosts  map[string]string
	client *http.Client
	slots  chan struct{}
}

// NewLab starts the lab's practice marketplace.
func NewLab(opts LabOptions) (*Lab, error) {
	if opts.MaxPages <= 0 {
		opts.MaxPages = 30
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 20 * time.Second
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = 2 << 20
	}
	if opts.MaxYAML <= 0 {
		opts.MaxYAML = 64 << 10
	}
	if opts.Concurrent <= 0 {
		opts.Concurrent = 2
	}
	if opts.Wait <= 0 {
		opts.Wait = 15 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	m, err := practice.New(practice.Options{Seed: opts.Seed, Day: opts.Day, Logger: opts.Logger})
	if err != nil {
		return nil, fmt.Errorf("crawler lab: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("crawler lab: listen: %w", err)
	}
	l := &Lab{opts: opts, market: m, addr: ln.Addr().String(), hosts: map[string]string{}, slots: make(chan struct{}, opts.Concurrent)}
	for _, sf := range m.Storefronts() {
		l.hosts[sf.Marketplace] = sf.Code
	}
	l.srv = &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := l.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			opts.Logger.Error("crawler lab practice marketplace", "err", err)
		}
	}()
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{
		Proxy: nil,
		// The sandbox's wall: whatever URL a request names, only the
		// practice listener is dialled.
		DialContext: func(ctx context.Context, network, address string) (net.Conn, error) {
			if address != l.addr {
				return nil, fmt.Errorf("the crawler lab reaches only the practice marketplace, not %s", address)
			}
			return dialer.DialContext(ctx, network, address)
		},
		MaxIdleConns:          4,
		ResponseHeaderTimeout: 10 * time.Second,
	}
	l.client = &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return l, nil
}

// Close stops the lab's practice marketplace.
func (l *Lab) Close() error { return l.srv.Close() }

// Day is the simulated day the lab serves.
func (l *Lab) Day() int { return l.opts.Day }

// LabRow is one product a run extracted, with the page it came from.
type LabRow struct {
	Page    string // the adapter's page kind ("search", "product")
	PageURL string
	Product extract.Product
}

// LabResult is what a run gives: rows and errors side by side.
type LabResult struct {
	Rows   []LabRow
	Errors []string
	Pages  int
	// Store is the practice storefront code the adapter's market is.
	Store string
}

// practiceHost returns the storefront code of a practice marketplace
// host (or a subdomain of one).
func (l *Lab) practiceHost(host string) (string, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for mp, code := range l.hosts {
		if host == mp || strings.HasSuffix(host, "."+mp) {
			return code, true
		}
	}
	return "", false
}

// Run loads an adapter from YAML and crawls from its search page for
// keyword (and from start, a URL on its market, when given), at most
// MaxPages pages within Timeout. A YAML error is BAD_INPUT; problems met
// while crawling (a refused host, a page that failed) are in Errors.
func (l *Lab) Run(ctx context.Context, yaml, keyword, start string) (LabResult, error) {
	var res LabResult
	if len(yaml) > l.opts.MaxYAML {
		return res, apperr.New(apperr.BadInput, "the adapter has %d bytes; at most %d", len(yaml), l.opts.MaxYAML)
	}
	a, err := site.Parse("adapter.yaml", []byte(yaml))
	if err != nil {
		return res, apperr.New(apperr.BadInput, "%s", err.Error())
	}
	if len(a.Markets) == 0 {
		return res, apperr.New(apperr.BadInput, "the adapter has no markets")
	}
	for _, m := range a.Markets {
		code, ok := l.practiceHost(m.Host)
		if !ok {
			return res, apperr.New(apperr.BadInput, "market host %s is refused: the crawler lab reaches only the practice marketplace (%s)", m.Host, strings.Join(l.hostList(), ", "))
		}
		if res.Store == "" {
			res.Store = code
		}
	}
	var queue []string
	keyword = strings.TrimSpace(keyword)
	if keyword != "" {
		u, err := a.SearchURL(a.Markets[0].Host, keyword, 1)
		if err != nil {
			return res, apperr.New(apperr.BadInput, "%s", err.Error())
		}
		queue = append(queue, u)
	}
	if start = strings.TrimSpace(start); start != "" {
		queue = append(queue, start)
	}
	if len(queue) == 0 {
		return res, apperr.New(apperr.BadInput, "give a keyword to search or a start URL")
	}
	wait := time.NewTimer(l.opts.Wait)
	defer wait.Stop()
	select {
	case l.slots <- struct{}{}:
		defer func() { <-l.slots }()
	case <-wait.C:
		return res, apperr.New(apperr.RateLimited, "the crawler lab is busy with other runs; try again in a few seconds")
	case <-ctx.Done():
		return res, ctx.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, l.opts.Timeout)
	defer cancel()
	seen := map[string]bool{}
	for len(queue) > 0 && res.Pages < l.opts.MaxPages {
		raw := queue[0]
		queue = queue[1:]
		if seen[raw] {
			continue
		}
		seen[raw] = true
		if ctx.Err() != nil {
			res.Errors = append(res.Errors, fmt.Sprintf("time limit of %s reached; %d URLs not fetched", l.opts.Timeout, len(queue)+1))
			break
		}
		body, ctype, err := l.fetch(ctx, raw)
		if err != nil {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: %v", raw, err))
			continue
		}
		res.Pages++
		r := extract.Extract(body, extract.Options{URL: raw, ContentType: ctype, Adapter: a})
		for _, e := range r.Errs {
			res.Errors = append(res.Errors, fmt.Sprintf("%s: %v", raw, e))
		}
		for _, p := range r.Products {
			p.Reviews = nil
			res.Rows = append(res.Rows, LabRow{Page: r.Page, PageURL: raw, Product: p})
		}
		queue = append(queue, r.Next...)
		queue = append(queue, r.Follow...)
	}
	if len(queue) > 0 && res.Pages >= l.opts.MaxPages {
		res.Errors = append(res.Errors, fmt.Sprintf("page limit of %d reached; %d URLs not fetched", l.opts.MaxPages, len(queue)))
	}
	return res, nil
}

func (l *Lab) hostList() []string {
	out := make([]string, 0, len(l.hosts))
	for h := range l.hosts {
		out = append(out, h)
	}
	return out
}

// fetch gets a practice marketplace URL from the lab's listener; any
// other host is refused before a request is made.
func (l *Lab) fetch(ctx context.Context, raw string) ([]byte, string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, "", fmt.Errorf("not an http(s) URL")
	}
	if _, ok := l.practiceHost(u.Hostname()); !ok {
		return nil, "", fmt.Errorf("host %s refused: the crawler lab reaches only the practice marketplace", u.Hostname())
	}
	local := &url.URL{Scheme: "http", Host: l.addr, Path: u.Path, RawQuery: u.RawQuery}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, local.String(), nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("User-Agent", "ExportScopeLab/1.0")
	resp, err := l.client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, l.opts.MaxBody+1))
	if err != nil {
		return nil, "", err
	}
	if int64(len(body)) > l.opts.MaxBody {
		return nil, "", fmt.Errorf("page larger than the limit of %d bytes", l.opts.MaxBody)
	}
	return body, resp.Header.Get("Content-Type"), nil
}

// AdapterScore is how well an adapter read a practice storefront.
type AdapterScore struct {
	// Accuracy is the share of compared fields that match the answer
	// key, 0..1.
	Accuracy float64
	// Products is the number of product pages compared.
	Products int
	Compared int
	Correct  int
	// Wrong counts mismatches per field.
	Wrong map[string]int
}

// scoredFields are the fields compared with the answer key.
var scoredFields = []string{"title", "brand", "seller", "price", "currency", "rating", "reviewCount", "sku"}

// Score runs an adapter for keyword and compares the products read from
// product pages of storefront store with the practice marketplace's
// answer key.
func (l *Lab) Score(ctx context.Context, yaml, store, keyword string) (AdapterScore, LabResult, error) {
	res, err := l.Run(ctx, yaml, keyword, "")
	if err != nil {
		return AdapterScore{}, res, err
	}
	sc := AdapterScore{Wrong: map[string]int{}}
	if res.Store != store {
		res.Errors = append(res.Errors, fmt.Sprintf("the adapter's market is storefront %q, the assignment asks for %q", res.Store, store))
		return sc, res, nil
	}
	key, err := l.market.Listings(l.opts.Day, store)
	if err != nil {
		return sc, res, fmt.Errorf("answer key of %s: %w", store, err)
	}
	byPath := make(map[string]practice.Listing, len(key))
	for _, k := range key {
		byPath[k.URL] = k
	}
	for _, row := range res.Rows {
		u, err := url.Parse(row.PageURL)
		if err != nil {
			continue
		}
		k, ok := byPath[u.Path]
		if !ok {
			continue // a list page, or not a product of this store
		}
		sc.Products++
		for _, f := range scoredFields {
			sc.Compared++
			if fieldMatches(f, row.Product, k) {
				sc.Correct++
			} else {
				sc.Wrong[f]++
			}
		}
	}
	if sc.Compared > 0 {
		sc.Accuracy = float64(sc.Correct) / float64(sc.Compared)
	}
	return sc, res, nil
}

func fieldMatches(f string, p extract.Product, k practice.Listing) bool {
	near := func(got *float64, want, tol float64) bool {
		return got != nil && math.Abs(*got-want) <= tol
	}
	switch f {
	case "title":
		return p.Title == k.Title
	case "brand":
		return p.Brand == k.Brand
	case "seller":
		return p.Seller == k.Seller
	case "price":
		return near(p.Price, k.Price, 0.005*math.Max(1, math.Abs(k.Price)))
	case "currency":
		return p.Currency == k.Currency
	case "rating":
		if k.ReviewCount == 0 {
			return p.Rating == nil || *p.Rating == 0
		}
		return near(p.Rating, k.Rating, 0.05)
	case "reviewCount":
		return p.ReviewCount == k.ReviewCount
	case "sku":
		return p.SKU == k.SKU
	}
	return false
}
