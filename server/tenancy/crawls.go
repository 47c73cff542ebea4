package tenancy

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/crawlers/crawl"
	"github.com/exportscope/exportscope/crawlers/fx"
	"github.com/exportscope/exportscope/crawlers/site"
	"github.com/exportscope/exportscope/crawlers/ssrf"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/store"
)

// CrawlJobKind is the job kind of tenant crawls.
const CrawlJobKind = "crawl"

// Limits of tenant crawls.
const (
	MaxCrawlPages     = 50
	DefaultCrawlPages = 5
	MaxAdapterBytes   = 64 << 10
	MaxCrawlKeywords  = 20
)

// CrawlRequest is what createCrawl takes.
type CrawlRequest struct {
	// Adapter is a site adapter in the YAML format of crawlers/site.
	Adapter  string
	Keywords []string
	// MaxPages is 1 to MaxCrawlPages; 0 means DefaultCrawlPages.
	MaxPages int
}

// crawlParams are a crawl job's params.
type crawlParams struct {
	// CrawlID is the crawl's record (tenant_crawls.id).
	CrawlID  string   `json:"crawlId"`
	Adapter  string   `json:"adapter"`
	Keywords []string `json:"keywords"`
	MaxPages int      `json:"maxPages"`
}

// Crawl is a tenant crawl: its record and its job.
type Crawl struct {
	ID        string
	Site      string
	Keywords  []string
	Job       jobs.Info
	Pages     int
	Listings  int
	CreatedAt time.Time
}

// CreateCrawl checks the tenant's adapter and keywords and queues the
// crawl. The adapter's targets are checked by the SSRF guard when the
// crawl runs; a refusal fails the crawl with the reason in its error.
func (s *Service) CreateCrawl(ctx context.Context, req CrawlRequest) (Crawl, error) {
	p, err := caller(ctx, auth.ManageData)
	if err != nil {
		return Crawl{}, err
	}
	if s.prod.Control == nil {
		return Crawl{}, errNoControl
	}
	if len(req.Adapter) > MaxAdapterBytes {
		return Crawl{}, apperr.New(apperr.BadInput, "the adapter has %d bytes; at most %d are allowed", len(req.Adapter), MaxAdapterBytes)
	}
	a, err := site.Parse("adapter.yaml", []byte(req.Adapter))
	if err != nil {
		return Crawl{}, apperr.New(apperr.BadInput, "bad site adapter: %s", err.Error())
	}
	if a.Search.URL == "" {
		return Crawl{}, apperr.New(apperr.BadInput, "the adapter needs a search url: a tenant crawl starts from keyword searches")
	}
	var kws []string
	for _, k := range req.Keywords {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		if utf8.RuneCountInString(k) > 100 {
			return Crawl{}, apperr.New(apperr.BadInput, "keywords may have at most 100 characters each")
		}
		kws = append(kws, k)
	}
	if len(kws) == 0 || len(kws) > MaxCrawlKeywords {
		return Crawl{}, apperr.New(apperr.BadInput, "give 1 to %d keywords", MaxCrawlKeywords)
	}
	switch {
	case req.MaxPages == 0:
		req.MaxPages = DefaultCrawlPages
	case req.MaxPages < 0 || req.MaxPages > MaxCrawlPages:
		return Crawl{}, apperr.New(apperr.BadInput, "maxPages must be between 1 and %d, got %d", MaxCrawlPages, req.MaxPages)
	}
	kwJSON, _ := json.Marshal(kws)
	// The record comes first, so that the job always finds it.
	id := newCrawlID()
	w := s.prod.Control.Writer()
	_, err = w.ExecContext(ctx, `INSERT INTO tenant_crawls (id, tenant_id, site, adapter, keywords, max_pages, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, p.Tenant.ID, a.Name, req.Adapter, string(kwJSON), req.MaxPages, time.Now().UnixMilli())
	if err != nil {
		return Crawl{}, fmt.Errorf("create crawl: record: %w", err)
	}
	job, err := s.jobs.Submit(ctx, p.Tenant.ID, CrawlJobKind, crawlParams{CrawlID: id, Adapter: req.Adapter, Keywords: kws, MaxPages: req.MaxPages})
	if err == nil {
		_, err = w.ExecContext(ctx, `UPDATE tenant_crawls SET job_id = ? WHERE id = ?`, job, id)
	}
	if err != nil {
		bg := context.WithoutCancel(ctx)
		if job != "" {
			_ = s.jobs.Cancel(bg, job)
		}
		_, _ = w.ExecContext(bg, `DELETE FROM tenant_crawls WHERE id = ?`, id)
		return Crawl{}, fmt.Errorf("create crawl: %w", err)
	}
	s.log.InfoContext(ctx, "crawl queued", "tenant", p.Tenant.ID, "crawl", id, "job", job, "site", a.Name, "keywords", len(kws))
	return s.ownCrawl(ctx, p, id)
}

func newCrawlID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Crawls lists the caller's tenant's crawls, newest first.
func (s *Service) Crawls(ctx context.Context) ([]Crawl, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return nil, err
	}
	if s.prod.Control == nil {
		return nil, errNoControl
	}
	rows, err := s.prod.Control.Reader().QueryContext(ctx, `SELECT id FROM tenant_crawls WHERE tenant_id = ? ORDER BY created_at DESC, id LIMIT 200`, p.Tenant.ID)
	if err != nil {
		return nil, fmt.Errorf("crawls of %s: %w", p.Tenant.ID, err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("crawls of %s: %w", p.Tenant.ID, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("crawls of %s: %w", p.Tenant.ID, err)
	}
	out := make([]Crawl, 0, len(ids))
	for _, id := range ids {
		c, err := s.ownCrawl(ctx, p, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Crawl returns one of the caller's tenant's crawls.
func (s *Service) Crawl(ctx context.Context, id string) (Crawl, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return Crawl{}, err
	}
	if s.prod.Control == nil {
		return Crawl{}, errNoControl
	}
	return s.ownCrawl(ctx, p, id)
}

// CancelCrawl cancels one of the caller's tenant's crawls.
func (s *Service) CancelCrawl(ctx context.Context, id string) (Crawl, error) {
	p, err := caller(ctx, auth.ManageData)
	if err != nil {
		return Crawl{}, err
	}
	if s.prod.Control == nil {
		return Crawl{}, errNoControl
	}
	c, err := s.ownCrawl(ctx, p, id)
	if err != nil {
		return Crawl{}, err
	}
	if c.Job.Finished() {
		return Crawl{}, apperr.New(apperr.BadInput, "crawl %s has already ended (%s)", id, c.Job.Status)
	}
	if err := s.jobs.Cancel(ctx, c.Job.ID); errors.Is(err, jobs.ErrEnded) {
		return Crawl{}, apperr.New(apperr.BadInput, "crawl %s has already ended", id)
	} else if err != nil {
		return Crawl{}, fmt.Errorf("cancel crawl %s: %w", id, err)
	}
	return s.ownCrawl(ctx, p, id)
}

// ownCrawl loads crawl id if it belongs to p's tenant.
func (s *Service) ownCrawl(ctx context.Context, p *auth.Principal, id string) (Crawl, error) {
	notFound := apperr.New(apperr.NotFound, "no crawl %q", id)
	if id == "" || len(id) > 64 {
		return Crawl{}, notFound
	}
	var c Crawl
	var kws, job string
	var created int64
	err := s.prod.Control.Reader().QueryRowContext(ctx, `SELECT id, job_id, site, keywords, pages, listings, created_at FROM tenant_crawls WHERE id = ? AND tenant_id = ?`,
		id, p.Tenant.ID).Scan(&c.ID, &job, &c.Site, &kws, &c.Pages, &c.Listings, &created)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && job == "") {
		return Crawl{}, notFound
	}
	if err != nil {
		return Crawl{}, fmt.Errorf("crawl %s: %w", id, err)
	}
	_ = json.Unmarshal([]byte(kws), &c.Keywords)
	c.CreatedAt = time.UnixMilli(created).UTC()
	info, err := s.jobs.Get(ctx, job)
	if errors.Is(err, jobs.ErrNotFound) || (err == nil && info.Tenant != p.Tenant.ID) {
		return Crawl{}, notFound
	}
	if err != nil {
		return Crawl{}, fmt.Errorf("crawl %s: %w", id, err)
	}
	c.Job = info
	return c, nil
}

// CrawlWorkerOptions configure a CrawlWorker.
type CrawlWorkerOptions struct {
	Store   store.Store
	Control *controldb.DB
	// Allow opens addresses the SSRF guard refuses (see ssrf.NewGuard),
	// as the crawl command's --allow does; empty for production.
	Allow []string
	// Resolver resolves the adapters' hosts; nil means net.DefaultResolver.
	Resolver *net.Resolver
	Logger   *slog.Logger
}

// CrawlWorker runs tenant crawls as jobs, with the SSRF guard on.
type CrawlWorker struct {
	opts  CrawlWorkerOptions
	guard *ssrf.Guard
}

// NewCrawlWorker checks its options.
func NewCrawlWorker(opts CrawlWorkerOptions) (*CrawlWorker, error) {
	if opts.Store == nil || opts.Control == nil {
		return nil, errors.New("crawl worker: a market store and the control database are required")
	}
	g, err := ssrf.NewGuard(opts.Allow)
	if err != nil {
		return nil, fmt.Errorf("crawl worker: %w", err)
	}
	if opts.Resolver == nil {
		opts.Resolver = net.DefaultResolver
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &CrawlWorker{opts: opts, guard: g}, nil
}

// Register adds the crawl job kind to r.
func (w *CrawlWorker) Register(r *jobs.Runner) {
	r.Register(CrawlJobKind, jobs.Kind{Resumable: true, Timeout: 30 * time.Minute, Run: w.run})
}

// CrawlResult is a crawl job's result.
type CrawlResult struct {
	Stats crawl.Stats `json:"stats"`
}

func (w *CrawlWorker) run(ctx context.Context, t *jobs.Task) (any, error) {
	var p crawlParams
	if err := t.Decode(&p); err != nil {
		return nil, err
	}
	if t.Tenant == "" || p.CrawlID == "" {
		return nil, errors.New("a tenant crawl needs a tenant and a crawl record")
	}
	a, err := site.Parse("adapter.yaml", []byte(p.Adapter))
	if err != nil {
		return nil, fmt.Errorf("bad site adapter: %w", err)
	}
	if err := w.checkTargets(ctx, a, p.Keywords); err != nil {
		return nil, err
	}
	tr, err := ssrf.NewTransport(ssrf.Options{Allow: w.opts.Allow, Resolver: w.opts.Resolver})
	if err != nil {
		return nil, err
	}
	defer tr.CloseIdleConnections()
	frontier, err := crawl.NewFrontier(w.opts.Control, "tenant-"+p.CrawlID)
	if err != nil {
		return nil, err
	}
	src, err := fx.NewStoreSource(w.opts.Store, 14)
	if err != nil {
		return nil, err
	}
	rates, err := fx.NewConverter(src, fx.Options{MaxAgeDays: -1})
	if err != nil {
		return nil, err
	}
	var lastWrite time.Time
	record := func(s crawl.Stats, force bool) {
		if !force && time.Since(lastWrite) < 200*time.Millisecond {
			return
		}
		lastWrite = time.Now()
		listings := s.New + s.Changed + s.Unchanged
		if _, err := w.opts.Control.Writer().ExecContext(context.WithoutCancel(ctx), `UPDATE tenant_crawls SET pages = ?, listings = ? WHERE id = ? AND tenant_id = ?`,
			s.Pages, listings, p.CrawlID, t.Tenant); err != nil {
			w.opts.Logger.WarnContext(ctx, "record crawl progress", "crawl", p.CrawlID, "err", err)
		}
	}
	c, err := crawl.New(crawl.Options{
		Store: w.opts.Store, Frontier: frontier, Adapter: a, Keywords: p.Keywords, Tenant: t.Tenant,
		MaxPages: p.MaxPages, MaxDepth: 2, Transport: tr, Rates: rates, Logger: w.opts.Logger,
		Timeout: 20 * time.Second, MaxAttempts: 2,
		Progress: func(s crawl.Stats) {
			t.Progress(min(float64(s.Pages+s.Errors+s.Skipped)/float64(max(p.MaxPages, 1)), 0.99))
			record(s, false)
		},
	})
	if err != nil {
		return nil, err
	}
	stats, err := c.Run(ctx)
	record(stats, true)
	if err != nil {
		return nil, err
	}
	if stats.Pages == 0 {
		return nil, fmt.Errorf("no page could be fetched (%d skipped by robots.txt, the SSRF guard or off-site redirects, %d failed)", stats.Skipped, stats.Errors)
	}
	return CrawlResult{Stats: stats}, nil
}

// checkTargets resolves the hosts of the adapter's first search pages and
// refuses the crawl if the SSRF guard would refuse any of their
// addresses, so that the refusal is the crawl's error. The guarded
// transport checks every connection again while the crawl runs (DNS
// rebinding, redirects).
func (w *CrawlWorker) checkTargets(ctx context.Context, a *site.Adapter, keywords []string) error {
	for _, m := range a.Markets {
		raw, err := a.SearchURL(m.Host, keywords[0], 1)
		if err != nil {
			return err
		}
		u, err := url.Parse(raw)
		if err != nil || u.Hostname() == "" {
			return fmt.Errorf("search URL %q of %s is not a URL", raw, m.Host)
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			return fmt.Errorf("search URL %q: only http and https are crawled", raw)
		}
		port := 80
		if u.Scheme == "https" {
			port = 443
		}
		if ps := u.Port(); ps != "" {
			if port, err = strconv.Atoi(ps); err != nil {
				return fmt.Errorf("search URL %q: bad port", raw)
			}
		}
		var addrs []netip.Addr
		if ip, err := netip.ParseAddr(u.Hostname()); err == nil {
			addrs = []netip.Addr{ip}
		} else {
			lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			addrs, err = w.opts.Resolver.LookupNetIP(lctx, "ip", u.Hostname())
			cancel()
			if err != nil {
				return fmt.Errorf("cannot resolve %s: %w", u.Hostname(), err)
			}
		}
		for _, ip := range addrs {
			if err := w.guard.Check(u.Hostname(), netip.AddrPortFrom(ip, uint16(port))); err != nil {
				return err
			}
		}
	}
	return nil
}
