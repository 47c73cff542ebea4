package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/exportscope/exportscope/crawlers/crawl"
	"github.com/exportscope/exportscope/crawlers/fx"
	"github.com/exportscope/exportscope/crawlers/site"
	"github.com/exportscope/exportscope/crawlers/sites"
	"github.com/exportscope/exportscope/crawlers/ssrf"
	"github.com/exportscope/exportscope/server/config"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/store"
)

// crawlJob is one crawl as the commands describe it.
type crawlJob struct {
	Adapter   *site.Adapter
	Markets   []string
	Base      string
	Keywords  []string
	MaxPages  int
	MaxDepth  int
	Allow     []string // operator allowlist for the SSRF guard
	UserAgent string
	Delay     time.Duration
	Now       time.Time // the crawl's moment; zero means now
	CrawlID   string    // empty: derived from the rest, so a rerun resumes
}

// id names the crawl: the same adapter, markets, base, keywords and day
// give the same ID, so running an interrupted command again resumes it.
func (j crawlJob) id() string {
	if j.CrawlID != "" {
		return j.CrawlID
	}
	day := j.Now
	if day.IsZero() {
		day = time.Now()
	}
	kw := append([]string(nil), j.Keywords...)
	sort.Strings(kw)
	return j.Adapter.Name + "-" + day.UTC().Format("20060102") + "-" +
		store.StableID(strings.Join(j.Markets, ","), j.Base, strings.Join(kw, ","))[:8]
}

func (a *app) runCrawl(ctx context.Context, st store.Store, ctl *controldb.DB, j crawlJob, progress func(crawl.Stats)) (crawl.Stats, error) {
	tr, err := ssrf.NewTransport(ssrf.Options{Allow: j.Allow})
	if err != nil {
		return crawl.Stats{}, config.Usagef("--allow: %v", err)
	}
	defer tr.CloseIdleConnections()
	src, err := fx.NewStoreSource(st, 14)
	if err != nil {
		return crawl.Stats{}, err
	}
	rates, err := fx.NewConverter(src, fx.Options{MaxAgeDays: -1})
	if err != nil {
		return crawl.Stats{}, err
	}
	frontier, err := crawl.NewFrontier(ctl, j.id())
	if err != nil {
		return crawl.Stats{}, err
	}
	var now func() time.Time
	if !j.Now.IsZero() {
		now = func() time.Time { return j.Now }
	}
	c, err := crawl.New(crawl.Options{
		Store: st, Frontier: frontier, Adapter: j.Adapter, Markets: j.Markets, BaseURL: j.Base,
		Keywords: j.Keywords, MaxPages: j.MaxPages, MaxDepth: j.MaxDepth, UserAgent: j.UserAgent,
		Delay: j.Delay, Transport: tr, Rates: rates, Logger: a.log, Progress: progress, Now: now,
	})
	if err != nil {
		return crawl.Stats{}, config.Usagef("crawl: %v", err)
	}
	a.log.Info("crawl starting", "crawl", frontier.CrawlID(), "site", j.Adapter.Name, "markets", j.Markets, "base", j.Base)
	return c.Run(ctx)
}

// loadAdapter takes a YAML file or the name of a shipped adapter.
func loadAdapter(ref string) (*site.Adapter, error) {
	if strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml") || strings.Contains(ref, "/") {
		a, err := site.Load(ref)
		if err != nil {
			return nil, config.Usagef("%v", err)
		}
		return a, nil
	}
	reg, err := sites.Load()
	if err != nil {
		return nil, err
	}
	if a, ok := reg.Get(ref); ok {
		return a, nil
	}
	var names []string
	for _, a := range reg.Adapters() {
		names = append(names, a.Name)
	}
	return nil, config.Usagef("--site %q: no such adapter file or shipped adapter (shipped: %s)", ref, strings.Join(names, ", "))
}

func (a *app) crawlCmd() *cobra.Command {
	var j crawlJob
	var siteRef, now string
	cmd := &cobra.Command{
		Use:   "crawl --site FILE.yaml|NAME [--base URL] [--keywords …] [--max-pages N]",
		Short: "Crawl a marketplace into the market store",
		Long: `crawl searches a marketplace for keywords, follows result pages and product
pages, and stores the listings it finds (a changed price, rank, rating or
review count also writes a snapshot). It obeys robots.txt, paces itself per
host, backs off on 429/503 and honours Retry-After.

The crawl's state lives in the control database: run the same command again
after an interruption (even kill -9) and it resumes where it stopped.

Targets that resolve to loopback, private, link-local or metadata addresses
are refused unless --allow lists them (CIDR, IP or IP:PORT), e.g. the practice
marketplace on 127.0.0.1.`,
		Example: `  exportscope demo-market --addr 127.0.0.1:8090 &
  exportscope crawl --site practice-jsonld --base http://127.0.0.1:8090 --allow 127.0.0.1:8090 --keywords "magnesium oxide"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			if siteRef == "" {
				return config.Usagef("--site is required: an adapter YAML file or a shipped adapter's name")
			}
			if j.Adapter, err = loadAdapter(siteRef); err != nil {
				return err
			}
			if now != "" {
				if j.Now, err = time.Parse("2006-01-02", now); err != nil {
					return config.Usagef("--at %q: want a date such as 2025-01-06", now)
				}
			}
			ctx := cmd.Context()
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer func() { err = errors.Join(err, st.Close()) }()
			ctl, err := a.openControl(ctx)
			if err != nil {
				return err
			}
			defer func() { err = errors.Join(err, ctl.Close()) }()
			bar := newCrawlProgress(a.env.Stdout, a.env.Stderr)
			stats, err := a.runCrawl(ctx, st, ctl, j, bar.update)
			bar.finish()
			fmt.Fprintln(a.env.Stdout, summary(stats))
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&siteRef, "site", "", "site adapter: a YAML file or a shipped adapter's name")
	f.StringVar(&j.Base, "base", "", "fetch the market's pages from this URL instead (a mirror, the practice marketplace)")
	f.StringSliceVar(&j.Markets, "market", nil, "market host(s) of the adapter to crawl (default: all)")
	f.StringSliceVar(&j.Keywords, "keywords", nil, "keywords to search for, comma-separated")
	f.IntVar(&j.MaxPages, "max-pages", 200, "most URLs to fetch (negative: no limit)")
	f.IntVar(&j.MaxDepth, "max-depth", 0, "most links away from a search page (0: no limit)")
	f.StringSliceVar(&j.Allow, "allow", nil, "addresses the SSRF guard lets through (CIDR, IP, IP:PORT)")
	f.StringVar(&j.UserAgent, "user-agent", "ExportScopeBot/1.0 (+https://exportscope.dev/bot)", "User-Agent sent and matched against robots.txt")
	f.DurationVar(&j.Delay, "delay", 0, "pause between requests to one host (0: the adapter's)")
	f.StringVar(&j.CrawlID, "crawl-id", "", "name of the crawl to start or resume (default: derived from the other flags and the day)")
	f.StringVar(&now, "at", "", "the crawl's date, YYYY-MM-DD (default: today); stamps listings and picks exchange rates")
	return cmd
}

func summary(s crawl.Stats) string {
	return fmt.Sprintf("pages %d, products %d, new %d, changed %d, unchanged %d, reviews %d, errors %d, skipped %d, retries %d, left queued %d",
		s.Pages, s.Products, s.New, s.Changed, s.Unchanged, s.Reviews, s.Errors, s.Skipped, s.Retries, s.Queued)
}

// crawlProgress shows a live bar on a terminal and a line every 25 pages
// elsewhere.
type crawlProgress struct {
	bar  *progressbar.ProgressBar
	log  io.Writer
	last int
}

func newCrawlProgress(stdout, stderr io.Writer) *crawlProgress {
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &crawlProgress{bar: progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(f), progressbar.OptionSetDescription("crawling"),
			progressbar.OptionSpinnerType(14), progressbar.OptionShowCount(), progressbar.OptionSetItsString("pages"),
			progressbar.OptionShowIts(), progressbar.OptionClearOnFinish())}
	}
	return &crawlProgress{log: stderr}
}

func (p *crawlProgress) update(s crawl.Stats) {
	if p.bar != nil {
		p.bar.Describe(fmt.Sprintf("products %d · new %d · queued %d · errors %d", s.Products, s.New, s.Queued, s.Errors))
		_ = p.bar.Set(s.Pages)
		return
	}
	if s.Pages-p.last >= 25 {
		p.last = s.Pages
		fmt.Fprintf(p.log, "crawl: %s\n", summary(s))
	}
}

func (p *crawlProgress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
