package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/crawlers/comtrade"
	"github.com/exportscope/exportscope/crawlers/ecb"
	"github.com/exportscope/exportscope/crawlers/practice"
	"github.com/exportscope/exportscope/crawlers/sites"
	"github.com/exportscope/exportscope/server/config"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/store"
)

// demoOptions size the demo's data.
type demoOptions struct {
	Seed     int64
	Day      int
	MaxPages int // per storefront
}

func (a *app) demoCmd() *cobra.Command {
	var addr string
	var o demoOptions
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the demo: crawl the practice marketplace into the embedded store, then serve",
		Long: `demo runs ExportScope the way a new user first meets it. It starts the
practice marketplace inside the process on a loopback port, imports its
exchange rates (ECB-shaped feed) and trade statistics (Comtrade-shaped API)
for every sector of the catalogue, crawls each practice storefront for the
sectors' keywords, and serves the app on --addr.

Everything lands in the embedded store under --data. Running demo again
resumes or reuses what is there: finished crawls are not fetched again.`,
		Example: "  exportscope demo --addr 127.0.0.1:8080",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := config.CheckAddr("addr", addr); err != nil {
				return err
			}
			if len(a.cfg.Store.ES) > 0 {
				return config.Usagef("demo runs on the embedded store; drop --es / EXPORTSCOPE_ES_URL or use serve")
			}
			return a.serve(cmd.Context(), addr, func(ctx context.Context, s *services) error {
				if err := a.fillDemo(ctx, s.store, s.control, o); err != nil {
					return err
				}
				return errors.Join(a.demoReports(ctx, s), a.demoPortal(ctx, s), a.demoTeaching(ctx, s))
			})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "HOST:PORT to listen on")
	cmd.Flags().Int64Var(&o.Seed, "seed", 1, "seed of the practice marketplace")
	cmd.Flags().IntVar(&o.Day, "day", 60, "simulated day of the practice marketplace to crawl")
	cmd.Flags().IntVar(&o.MaxPages, "max-pages", 120, "pages to crawl per practice storefront")
	return cmd
}

// demoMarkets are the importing countries of the regional plans that the
// demo fetches trade statistics for.
var demoMarkets = []string{"JP", "KR", "RU", "PL", "CZ", "HU", "DE", "BR", "AR", "CL", "PE", "VN", "TH", "ID", "MY", "KZ", "TR", "IN", "US"}

// demoKeywords are searched on every practice storefront: one product per
// sector, in English and Chinese (the practice search understands both).
var demoKeywords = []string{"magnesium oxide", "magnesia carbon brick", "jellyfish", "海蜇", "polypropylene", "bitumen membrane",
	"car lift", "mud pump", "cashmere sweater", "dried fruit", "氧化镁"}

// fillDemo loads the practice marketplace's rates, trade flows and
// listings into the store. What a previous run loaded is kept: rates and
// trade statistics are not fetched again, and finished crawls are not
// repeated (their IDs name the storefront and the simulated day).
func (a *app) fillDemo(ctx context.Context, st store.Store, ctl *controldb.DB, o demoOptions) error {
	m, err := practice.New(practice.Options{Seed: o.Seed, Day: o.Day, FaultRate: 0.01, RetryAfter: time.Second, MalformedRate: 0.01, Logger: a.log})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("demo: start the practice marketplace: %w", err)
	}
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(a.env.Stdout, "Practice marketplace (synthetic data) at %s\n", base)

	have, err := st.Counts(ctx)
	if err != nil {
		return err
	}
	if have[store.KindRate] > 0 && have[store.KindTradeFlow] > 0 {
		fmt.Fprintf(a.env.Stdout, "  rates and trade statistics: already loaded (%d rates, %d flows)\n", have[store.KindRate], have[store.KindTradeFlow])
	} else if err := a.demoRatesAndTrade(ctx, st, base); err != nil {
		return err
	}
	return a.demoCrawl(ctx, st, ctl, base, ln.Addr().String(), o)
}

// demoRatesAndTrade loads the exchange rates first (the crawl prices
// listings in USD and CNY with them), then the trade statistics.
func (a *app) demoRatesAndTrade(ctx context.Context, st store.Store, base string) error {
	hc := &http.Client{Timeout: time.Minute}
	rc, err := ecb.NewClient(hc, ecb.Options{BaseURL: base + "/ecb/"})
	if err != nil {
		return err
	}
	rates, err := rc.History(ctx)
	if err != nil {
		return fmt.Errorf("demo: rates: %w", err)
	}
	docs := make([]store.Doc, len(rates))
	for i := range rates {
		docs[i] = &rates[i]
	}
	if err := bulkAll(ctx, st, docs); err != nil {
		return fmt.Errorf("demo: store rates: %w", err)
	}
	fmt.Fprintf(a.env.Stdout, "  rates: %d ECB reference rates\n", len(rates))
	flows, err := a.demoTrade(ctx, st, hc, base)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "  trade: %d Comtrade flows\n", flows)
	return nil
}

// demoCrawl crawls every practice storefront for the demo keywords at the
// simulated day's date.
func (a *app) demoCrawl(ctx context.Context, st store.Store, ctl *controldb.DB, base, host string, o demoOptions) error {
	reg, err := sites.Load()
	if err != nil {
		return err
	}
	at := practice.Epoch.AddDate(0, 0, o.Day)
	for _, ad := range reg.Adapters() {
		if !strings.HasPrefix(ad.Name, "practice-") {
			continue
		}
		j := crawlJob{
			Adapter: ad, Base: base, Keywords: demoKeywords, MaxPages: o.MaxPages, Allow: []string{host},
			UserAgent: "ExportScopeBot/1.0 (demo)", Delay: time.Millisecond, Now: at,
			CrawlID: "demo-" + ad.Name + "-day" + strconv.Itoa(o.Day),
		}
		stats, err := a.runCrawl(ctx, st, ctl, j, nil)
		if err != nil {
			return fmt.Errorf("demo: crawl %s: %w", ad.Name, err)
		}
		fmt.Fprintf(a.env.Stdout, "  crawl %-12s %s\n", ad.Name, summary(stats))
	}
	return nil
}

// demoReports tags the crawled listings with their sectors and builds a
// market report for every sector of the catalogue that has none yet.
func (a *app) demoReports(ctx context.Context, s *services) error {
	info, err := s.jobs.Run(ctx, "", analytics.JobReclassify, map[string]string{})
	if err != nil {
		return fmt.Errorf("demo: classify listings: %w", err)
	}
	fmt.Fprintf(a.env.Stdout, "  classify: %s\n", info.Result)
	for _, sector := range s.catalogue.Builtin().List() {
		agg, err := s.store.Aggregate(ctx, store.AggQuery{Kind: store.KindReport, Filter: store.Filter{store.In("sector", sector.Slug)}})
		if err != nil {
			return err
		}
		if agg.Rows[0].Count > 0 {
			continue // built by an earlier run
		}
		if _, err := s.jobs.Run(ctx, "", analytics.JobMarketReport, analytics.MarketRequest{Sector: sector.Slug}); err != nil {
			return fmt.Errorf("demo: market report for %s: %w", sector.Slug, err)
		}
		fmt.Fprintf(a.env.Stdout, "  report: market report for %s (%s)\n", sector.Name.ZH, sector.Name.EN)
	}
	return nil
}

// demoTrade imports ten years of imports into the demo markets for every
// HS code the practice marketplace models (all of the sector catalogue's).
func (a *app) demoTrade(ctx context.Context, st store.Store, hc *http.Client, base string) (int, error) {
	cc, err := comtrade.NewClient(hc, comtrade.ClientOptions{BaseURL: base + "/comtrade", SubscriptionKey: "practice", Logger: a.log, MaxRecords: 500})
	if err != nil {
		return 0, err
	}
	var periods []string
	for y := 2015; y <= 2024; y++ {
		periods = append(periods, strconv.Itoa(y))
	}
	total := 0
	for _, hs := range practice.TradeCodes() {
		res, err := cc.Get(ctx, comtrade.Query{Reporters: demoMarkets, Periods: periods, HS: []string{hs}, Flows: []string{store.FlowImport}})
		if err != nil && res == nil {
			return total, fmt.Errorf("demo: trade statistics for HS %s: %w", hs, err)
		}
		if err != nil {
			a.log.Warn("demo: some trade statistics missing", "hs", hs, "err", err)
		}
		ir, err := comtrade.Import(ctx, st, res.Flows)
		if err != nil {
			return total, fmt.Errorf("demo: store trade statistics: %w", err)
		}
		total += ir.Stored
	}
	return total, nil
}

func bulkAll(ctx context.Context, st store.Store, docs []store.Doc) error {
	for start := 0; start < len(docs); start += 2000 {
		res, err := st.Bulk(ctx, docs[start:min(start+2000, len(docs))])
		if err != nil {
			return err
		}
		if err := res.Err(); err != nil {
			return err
		}
	}
	return nil
}
