package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/exportscope/exportscope/crawlers/extract"
	"github.com/exportscope/exportscope/crawlers/site"
	"github.com/exportscope/exportscope/crawlers/ssrf"
	"github.com/exportscope/exportscope/store"
)

// Store is what the crawler needs of the market store. store.Store
// implements it.
type Store interface {
	Bulk(ctx context.Context, docs []store.Doc) (store.BulkResult, error)
	Get(ctx context.Context, scope store.Scope, kind store.Kind, ids []string) ([]store.Doc, error)
}

// Defaults for Options left zero.
const (
	DefaultUserAgent     = "ExportScopeBot/0.1 (+https://github.com/exportscope/exportscope)"
	DefaultMaxPages      = 1000
	DefaultTimeout       = 30 * time.Second
	DefaultMaxAttempts   = 3
	DefaultRetryBase     = 2 * time.Second
	DefaultRetryMax      = 2 * time.Minute
	DefaultMaxRetryAfter = 10 * time.Minute
	DefaultMaxBodySize   = 10 << 20
	// maxCrawlDelay caps what a robots.txt Crawl-delay may impose.
	maxCrawlDelay = time.Minute
)

// Options configure a crawl.
type Options struct {
	// Store receives listings, snapshots and reviews.
	Store Store
	// Frontier holds the crawl's URLs; its crawl ID names the crawl.
	Frontier *Frontier
	// Adapter is the marketplace to crawl.
	Adapter *site.Adapter
	// Markets are the hosts of the adapter's markets to crawl; empty means
	// all of them.
	Markets []string
	// BaseURL, when set, is where the one crawled market's pages are
	// fetched from ("http://127.0.0.1:8081" for the practice marketplace);
	// listings are still recorded under the market's host.
	BaseURL string
	// Keywords are searched on every crawled market (the adapter's search
	// URL, page 1; list pages lead on).
	Keywords []string
	// Seeds are more start URLs on the crawled markets.
	Seeds []string
	// Tenant scopes the stored documents; empty for shared public data.
	Tenant string
	// Sectors are the sector slugs the listings are tagged with.
	Sectors []string

	// MaxPages caps the URLs the crawl admits to its frontier (skipped
	// ones not counted); 0 means DefaultMaxPages, negative no cap.
	MaxPages int
	// MaxDepth caps the link distance from a seed: a detail link found on
	// a page adds one, a list page's next-page link does not. 0 means no
	// cap.
	MaxDepth int
	// URLFilters, when set, admit only links matching one of them;
	// DisallowedURLFilters refuse links matching any. Both see the market
	// URL (not the BaseURL one).
	URLFilters           []*regexp.Regexp
	DisallowedURLFilters []*regexp.Regexp

	// UserAgent identifies the crawler (and picks its robots.txt group).
	UserAgent string
	// Parallelism is the number of requests in flight per host, and of
	// workers; 0 means the adapter's politeness setting.
	Parallelism int
	// Delay and RandomDelay pace requests to each host; 0 means the
	// adapter's. A robots.txt Crawl-delay that asks for more wins.
	Delay       time.Duration
	RandomDelay time.Duration
	// Timeout bounds each request, body included.
	Timeout time.Duration
	// MaxBodySize caps a page's size in bytes.
	MaxBodySize int
	// MaxAttempts is how often a URL is tried before it is failed;
	// RetryBase and RetryMax bound the exponential backoff between tries
	// when the server gives no Retry-After. A Retry-After longer than
	// MaxRetryAfter fails the URL.
	MaxAttempts   int
	RetryBase     time.Duration
	RetryMax      time.Duration
	MaxRetryAfter time.Duration

	// Transport carries the requests; nil means ssrf.NewTransport with no
	// allowlist and Proxies. Give tenant-supplied crawls an SSRF-guarded
	// transport.
	Transport http.RoundTripper
	// Proxies are used in turn, one per request (see ssrf.Options.Proxies);
	// only with a nil Transport: a given transport carries its own. colly's
	// proxy switcher is not used, since it replaces the transport.
	Proxies []string
	// Rates converts prices to USD and CNY; nil leaves those empty.
	Rates Rates
	// Logger defaults to discarding.
	Logger *slog.Logger
	// Progress, when set, is called after each URL is settled.
	Progress func(Stats)
	// Now is the clock. A crawl's moment is Now when it first runs; its
	// listings' FirstSeen and LastSeen, its snapshots' times and the day of
	// its exchange rates are that moment, also when it is resumed later.
	Now func() time.Time
}

// Stats counts what a Run did.
type Stats struct {
	Pages    int // pages fetched and processed, their documents stored
	Products int // products stored from them (a listing on two pages counts twice)
	Reviews  int // reviews stored from them (a review read again counts again)
	// New, Changed and Unchanged count distinct listings by how they
	// compare with the store before the run: not seen before; price,
	// sales rank, rating or review count changed; seen again as they were.
	New       int
	Changed   int
	Unchanged int
	Dropped   int // products and reviews that could not be stored (no title, no date, bad values)
	Skipped   int // URLs not fetched: robots.txt, SSRF guard, off-site redirects
	Retries   int // failed attempts that will be tried again
	Errors    int // URLs given up on, and documents the store refused
	Queued    int // URLs left to do when Run returned
}

// Crawler crawls one marketplace into the store.
type Crawler struct {
	opts      Options
	sites     *sites
	seeds     []string
	frontier  *Frontier
	store     Store
	scope     store.Scope
	listings  *listingMaker
	robots    *robotsRules
	pauses    hostPauses
	transport http.RoundTripper
	log       *slog.Logger

	running atomic.Bool
	// writeMu serializes reading stored listings and writing the new
	// state, so that two pages showing one product see each other.
	writeMu sync.Mutex
	changes *runChanges // guarded by writeMu
	// moment stamps the crawl's listings and snapshots; see Frontier.begin.
	moment  time.Time
	statsMu sync.Mutex
	stats   Stats

	// afterPending, in tests, runs after a page's outbox is written and
	// before its documents are stored.
	afterPending func(url string)
}

// New checks opts and builds a crawler.
func New(opts Options) (*Crawler, error) {
	var errs []error
	if opts.Store == nil {
		errs = append(errs, errors.New("no store"))
	}
	if opts.Frontier == nil {
		errs = append(errs, errors.New("no frontier"))
	}
	if opts.Adapter == nil {
		errs = append(errs, errors.New("no adapter"))
	}
	if len(opts.Keywords) == 0 && len(opts.Seeds) == 0 {
		errs = append(errs, errors.New("no keywords and no seeds: nothing to start from"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("crawl: %w", err)
	}
	a := opts.Adapter
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.MaxPages == 0 {
		opts.MaxPages = DefaultMaxPages
	}
	if opts.Parallelism <= 0 {
		opts.Parallelism = max(a.Politeness.Parallelism, 1)
	}
	if opts.Delay <= 0 {
		opts.Delay = a.Politeness.Delay
	}
	if opts.RandomDelay <= 0 {
		opts.RandomDelay = a.Politeness.RandomDelay
	}
	opts.Timeout = orDefault(opts.Timeout, DefaultTimeout)
	opts.RetryBase = orDefault(opts.RetryBase, DefaultRetryBase)
	opts.RetryMax = orDefault(opts.RetryMax, DefaultRetryMax)
	opts.MaxRetryAfter = orDefault(opts.MaxRetryAfter, DefaultMaxRetryAfter)
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	if opts.MaxBodySize <= 0 {
		opts.MaxBodySize = DefaultMaxBodySize
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	switch {
	case opts.Transport == nil:
		t, err := ssrf.NewTransport(ssrf.Options{Proxies: opts.Proxies})
		if err != nil {
			return nil, fmt.Errorf("crawl: %w", err)
		}
		opts.Transport = t
	case len(opts.Proxies) > 0:
		return nil, errors.New("crawl: Proxies are for the default transport; configure them on the Transport given (ssrf.Options.Proxies)")
	}

	s, err := newSites(a, opts.Markets, opts.BaseURL, opts.URLFilters, opts.DisallowedURLFilters)
	if err != nil {
		return nil, fmt.Errorf("crawl: %w", err)
	}
	c := &Crawler{
		opts:      opts,
		sites:     s,
		frontier:  opts.Frontier,
		store:     opts.Store,
		scope:     store.Scope{Tenant: opts.Tenant},
		transport: opts.Transport,
		log:       opts.Logger.With("crawl", opts.Frontier.CrawlID(), "adapter", a.Name),
	}
	if c.robots, err = newRobotsRules(opts.Transport, opts.UserAgent, opts.Timeout, opts.RetryBase); err != nil {
		return nil, fmt.Errorf("crawl: %w", err)
	}
	c.listings = &listingMaker{tenant: opts.Tenant, sectors: opts.Sectors, rates: opts.Rates, log: c.log}
	if c.seeds, err = c.startURLs(); err != nil {
		return nil, fmt.Errorf("crawl: %w", err)
	}
	return c, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// startURLs are the first search page of each keyword on each market, and
// the seeds, as URLs to fetch.
func (c *Crawler) startURLs() ([]string, error) {
	var out []string
	add := func(u string) error {
		f, ok := c.sites.fetchURL(u)
		if !ok {
			return fmt.Errorf("start URL %q is not on the crawled markets", u)
		}
		out = append(out, f)
		return nil
	}
	for _, m := range c.sites.markets {
		for _, kw := range c.opts.Keywords {
			u, err := c.opts.Adapter.SearchURL(m.Host, kw, 1)
			if err != nil {
				return nil, err
			}
			if err := add(u); err != nil {
				return nil, err
			}
		}
	}
	for _, u := range c.opts.Seeds {
		if err := add(u); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Run crawls until the frontier is drained, ctx is cancelled or the store
// or control database fails. It first stores the documents a previous,
// interrupted run processed but had not stored. A cancelled run returns
// ctx's error; running again with the same frontier resumes it.
func (c *Crawler) Run(ctx context.Context) (Stats, error) {
	if !c.running.CompareAndSwap(false, true) {
		return Stats{}, errors.New("crawl: Run is already running")
	}
	defer c.running.Store(false)
	c.statsMu.Lock()
	c.stats = Stats{}
	c.statsMu.Unlock()
	c.writeMu.Lock()
	c.changes = newRunChanges()
	c.writeMu.Unlock()

	start := time.Now()
	err := c.run(ctx)
	if counts, cerr := c.frontier.Counts(context.WithoutCancel(ctx)); cerr == nil {
		c.statsMu.Lock()
		c.stats.Queued = counts.Queued
		c.statsMu.Unlock()
	} else if err == nil {
		err = cerr
	}
	st := c.Stats()
	c.log.Info("crawl run ended", "took", time.Since(start).Round(time.Millisecond), "pages", st.Pages,
		"products", st.Products, "reviews", st.Reviews, "new", st.New, "changed", st.Changed, "errors", st.Errors, "queued", st.Queued, "err", err)
	return st, err
}

func (c *Crawler) run(ctx context.Context) error {
	moment, err := c.frontier.begin(ctx, c.opts.Adapter.Name, c.opts.Now())
	if err != nil {
		return err
	}
	c.moment = moment
	if err := c.storePending(ctx); err != nil {
		return err
	}
	n, err := c.frontier.seed(ctx, c.seeds, c.opts.MaxPages)
	if err != nil {
		return err
	}
	c.log.Info("crawl run starting", "seeds", len(c.seeds), "new_seeds", n)
	col, err := c.newCollector(ctx, c.hostDelays(ctx))
	if err != nil {
		return err
	}
	if err := c.dispatch(ctx, col); err != nil {
		return err
	}
	return c.frontier.finish(ctx, c.opts.Now())
}

// hostDelays reads robots.txt of each host the crawl starts on, so that a
// Crawl-delay asking for more than the configured delay is honoured.
func (c *Crawler) hostDelays(ctx context.Context) map[string]time.Duration {
	delays := map[string]time.Duration{}
	for _, s := range c.seeds {
		u, err := url.Parse(s)
		if err != nil {
			continue
		}
		if _, ok := delays[u.Host]; ok {
			continue
		}
		d := c.opts.Delay
		if cd := min(c.robots.crawlDelay(ctx, u), maxCrawlDelay); cd > d {
			c.log.Info("crawl: robots.txt asks for a longer delay", "host", u.Host, "delay", cd)
			d = cd
		}
		delays[u.Host] = d
	}
	return delays
}

// Stats returns the counts of the current or last run.
func (c *Crawler) Stats() Stats {
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	return c.stats
}

func (c *Crawler) count(f func(*Stats)) {
	c.statsMu.Lock()
	f(&c.stats)
	c.statsMu.Unlock()
}

// dispatch hands due URLs to a fixed number of workers until the frontier
// has nothing left, waiting for retry times as needed.
func (c *Crawler) dispatch(ctx context.Context, col *colly.Collector) error {
	workers := c.opts.Parallelism * max(len(c.sites.markets), 1)
	work := make(chan entry)
	type result struct {
		url string
		err error
	}
	results := make(chan result, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for e := range work {
				results <- result{e.URL, c.visit(ctx, col, e)}
			}
		})
	}
	defer func() {
		close(work)
		wg.Wait()
	}()

	inflight := map[string]bool{}
	var fatal error
	for {
		stopping := fatal != nil || ctx.Err() != nil
		var wake *time.Timer
		if !stopping && len(inflight) < workers {
			batch, err := c.frontier.due(ctx, workers-len(inflight), time.Now(), inflight)
			if err != nil && ctx.Err() == nil {
				fatal = err
				continue
			}
			for _, e := range batch {
				inflight[e.URL] = true
				work <- e
			}
			if len(inflight) < workers {
				at, ok, err := c.frontier.nextDue(ctx, inflight)
				switch {
				case err != nil && ctx.Err() == nil:
					fatal = err
					continue
				case ok:
					wake = time.NewTimer(time.Until(at) + time.Millisecond)
				}
			}
		}
		if len(inflight) == 0 && wake == nil {
			break // drained, or stopping with nothing in flight
		}
		done := ctx.Done()
		if stopping {
			done = nil // only wait for the workers now
		}
		var woke <-chan time.Time
		if wake != nil {
			woke = wake.C
		}
		select {
		case r := <-results:
			delete(inflight, r.url)
			if r.err != nil && fatal == nil {
				fatal = r.err
			}
			if c.opts.Progress != nil {
				c.opts.Progress(c.Stats())
			}
		case <-woke:
		case <-done:
		}
		if wake != nil {
			wake.Stop()
		}
	}
	if fatal != nil {
		return fatal
	}
	return ctx.Err()
}

// visit fetches one URL and settles it. Only failures of the store or the
// control database are returned; they stop the crawl.
func (c *Crawler) visit(ctx context.Context, col *colly.Collector, e entry) error {
	u, err := url.Parse(e.URL)
	if err != nil {
		return c.settle(ctx, e, &fetchResult{}, verdict{outcome: outcomeFail, err: err})
	}
	ok, err := c.robots.allowed(ctx, u)
	if err != nil {
		// Unreadable robots.txt: retried later, unless the SSRF guard
		// refused the host.
		res := &fetchResult{err: err}
		return c.settle(ctx, e, res, classify(ctx, res, time.Now(), c.opts.MaxRetryAfter))
	}
	if !ok {
		return c.settle(ctx, e, &fetchResult{}, verdict{outcome: outcomeSkip, err: errRobots})
	}
	if err := c.pauses.wait(ctx, u.Host); err != nil {
		return nil
	}
	lang := ""
	if _, m, ok := c.sites.pageURL(u); ok {
		lang = m.Language
	}
	res := c.fetch(col, e.URL, lang)
	return c.settle(ctx, e, res, classify(ctx, res, time.Now(), c.opts.MaxRetryAfter))
}

// settle records what became of a URL. It goes on after ctx is cancelled:
// an answer that arrived is not thrown away.
func (c *Crawler) settle(ctx context.Context, e entry, res *fetchResult, v verdict) error {
	if v.outcome == outcomeAbandon {
		return nil
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancel()
	log := c.log.With("url", e.URL, "status", v.status)
	switch v.outcome {
	case outcomeOK:
		return c.record(wctx, e, res)
	case outcomeSkip:
		log.Info("crawl: URL skipped", "reason", v.err)
		c.count(func(s *Stats) { s.Skipped++ })
		return c.frontier.skip(wctx, e.URL, v.status, v.err)
	case outcomeRetry:
		attempts := e.Attempts + 1
		if attempts >= c.opts.MaxAttempts {
			err := fmt.Errorf("%w (attempt %d of %d)", v.err, attempts, c.opts.MaxAttempts)
			log.Warn("crawl: URL failed", "err", err)
			c.count(func(s *Stats) { s.Errors++ })
			return c.frontier.fail(wctx, e.URL, v.status, err)
		}
		wait := v.wait
		if wait == 0 {
			wait = backoff(attempts, c.opts.RetryBase, c.opts.RetryMax)
		}
		at := time.Now().Add(wait)
		if v.status == http.StatusTooManyRequests || v.status == http.StatusServiceUnavailable {
			if u, err := url.Parse(e.URL); err == nil {
				c.pauses.pause(u.Host, at)
			}
		}
		log.Info("crawl: will retry", "err", v.err, "attempt", attempts, "wait", wait.Round(time.Millisecond))
		c.count(func(s *Stats) { s.Retries++ })
		return c.frontier.retry(wctx, e.URL, v.status, at, v.err)
	default:
		log.Warn("crawl: URL failed", "err", v.err)
		c.count(func(s *Stats) { s.Errors++ })
		return c.frontier.fail(wctx, e.URL, v.status, v.err)
	}
}

// record reads a fetched page, queues its links and stores its listings
// and their reviews.
// The order makes resuming exact: the links and the page's documents (as
// an outbox) are committed to the frontier together, then the documents
// are stored, then the URL is done. A crash before the first step fetches
// the page again; after it, a resumed run stores the outbox without
// fetching.
func (c *Crawler) record(ctx context.Context, e entry, res *fetchResult) error {
	page, market, ok := c.sites.pageURL(res.finalURL)
	if !ok {
		return c.frontier.skip(ctx, e.URL, res.status, errOffSite)
	}
	out := extract.Extract(res.body, extract.Options{
		URL:         page.String(),
		ContentType: decodedContentType(res.header.Get("Content-Type")),
		Adapter:     c.opts.Adapter,
	})
	for _, err := range out.Errs {
		c.log.Debug("crawl: extraction problem", "url", e.URL, "err", err)
	}
	seen := c.moment
	// A list item that shows no SKU but links to a detail page this crawl
	// follows is stored from that page: its SKU there would give the
	// product another ID than the list item's URL, and one product would
	// become two listings.
	followed := map[string]bool{}
	for _, u := range out.Follow {
		followed[canonicalURL(u)] = true
	}
	var fresh []store.Listing
	reviews := map[string][]extract.Review{} // by listing ID
	dropped := 0
	for _, p := range out.Products {
		if strings.TrimSpace(p.SKU) == "" && p.URL != "" && followed[canonicalURL(p.URL)] {
			continue
		}
		if l, ok := c.listings.listing(ctx, p, page, market, seen); ok {
			fresh = append(fresh, l)
			reviews[l.ID] = append(reviews[l.ID], p.Reviews...)
		} else {
			dropped += 1 + len(p.Reviews)
		}
	}
	links := c.links(e, out)
	final := ""
	if f, err := parseHTTP(res.finalURL.String()); err == nil {
		final = f.String()
	}

	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	docs, counts, err := c.changes.reconcile(ctx, c.store, c.scope, fresh, seen)
	if err != nil {
		return fmt.Errorf("crawl %s: %w", e.URL, err)
	}
	// A keyword search page records where each organic result stood.
	docs.Snapshots = append(docs.Snapshots, c.searchSnapshots(page, market, out, seen)...)
	// Reviews take the brand and sectors of the listing as merged with
	// the stored one.
	var droppedReviews int
	docs.Reviews, droppedReviews = reviewDocs(docs.Listings, reviews)
	payload, err := docs.marshal()
	if err != nil {
		return fmt.Errorf("crawl %s: %w", e.URL, err)
	}
	if _, err := c.frontier.processed(ctx, e, res.status, final, links, c.opts.MaxPages, payload); err != nil {
		return err
	}
	if c.afterPending != nil {
		c.afterPending(e.URL)
	}
	refused, err := c.storeDocs(ctx, e.URL, docs)
	if err != nil {
		return err
	}
	if err := c.frontier.done(ctx, e.URL); err != nil {
		return err
	}
	c.count(func(s *Stats) {
		s.Pages++
		s.Products += len(docs.Listings)
		s.Reviews += len(docs.Reviews)
		s.New += counts.New
		s.Changed += counts.Changed
		s.Unchanged += counts.Unchanged
		s.Dropped += counts.Dropped + dropped + droppedReviews
		s.Errors += refused
	})
	c.log.Debug("crawl: page stored", "url", e.URL, "page", out.Page, "products", len(docs.Listings),
		"reviews", len(docs.Reviews), "new", counts.New, "changed", counts.Changed, "links", len(links))
	return nil
}

// links turns a page's next-page and detail links into frontier entries:
// on the crawl's sites, through the URL filters, within MaxDepth.
func (c *Crawler) links(e entry, out extract.Result) []entry {
	var links []entry
	seen := map[string]bool{}
	add := func(raw string, depth int) {
		if c.opts.MaxDepth > 0 && depth > c.opts.MaxDepth {
			return
		}
		if !c.sites.admits(raw) {
			return
		}
		u, ok := c.sites.fetchURL(raw)
		if !ok || seen[u] || u == e.URL {
			return
		}
		seen[u] = true
		links = append(links, entry{URL: u, Depth: depth})
	}
	for _, u := range out.Next {
		add(u, e.Depth)
	}
	for _, u := range out.Follow {
		add(u, e.Depth+1)
	}
	return links
}

// storeDocs writes a page's documents. Documents the store refuses one by
// one are logged and counted; a store that cannot be written stops the
// crawl, leaving the outbox for the next run.
func (c *Crawler) storeDocs(ctx context.Context, pageURL string, docs *pageDocs) (refused int, err error) {
	all := docs.docs()
	if len(all) == 0 {
		return 0, nil
	}
	res, err := c.store.Bulk(ctx, all)
	if err != nil {
		return 0, fmt.Errorf("crawl %s: store: %w", pageURL, err)
	}
	for _, it := range res.Failed() {
		c.log.Warn("crawl: document refused by the store", "url", pageURL, "kind", it.Kind, "id", it.ID, "err", it.Err)
	}
	return len(res.Failed()), nil
}

// storePending stores the outboxes an interrupted run left behind.
func (c *Crawler) storePending(ctx context.Context) error {
	pending, err := c.frontier.pendingPages(ctx)
	if err != nil {
		return err
	}
	for _, p := range pending {
		docs, err := unmarshalPageDocs(p.Docs)
		if err != nil {
			// Not JSON we wrote: fetch the page again rather than lose it.
			c.log.Warn("crawl: unreadable outbox; the page will be fetched again", "url", p.URL, "err", err)
			if err := c.frontier.reset(ctx, p.URL); err != nil {
				return err
			}
			continue
		}
		refused, err := c.storeDocs(ctx, p.URL, docs)
		if err != nil {
			return err
		}
		if err := c.frontier.done(ctx, p.URL); err != nil {
			return err
		}
		c.count(func(s *Stats) {
			s.Pages++
			s.Products += len(docs.Listings)
			s.Reviews += len(docs.Reviews)
			s.Errors += refused
		})
	}
	if len(pending) > 0 {
		c.log.Info("crawl: stored the documents of pages processed before an interruption", "pages", len(pending))
	}
	return nil
}
