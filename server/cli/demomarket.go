package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/exportscope/exportscope/crawlers/practice"
	"github.com/exportscope/exportscope/server"
	"github.com/exportscope/exportscope/server/config"
)

func (a *app) demoMarketCmd() *cobra.Command {
	var addr string
	var opts practice.Options
	cmd := &cobra.Command{
		Use:   "demo-market",
		Short: "Serve the practice marketplace: synthetic listings, trade statistics and rates",
		Long: `demo-market serves a deterministic synthetic marketplace for the demo, the
teaching lab and tests, labelled as practice data on every page. Storefronts
in several countries and page styles (JSON-LD, microdata, plain HTML, a JSON
API), a robots.txt, occasional 429s and malformed pages, prices that move from
simulated day to simulated day, a Comtrade-shaped trade API (/comtrade/...)
and an ECB-shaped rates feed (/ecb/...).

The same --seed and --day give byte-identical pages.`,
		Example: "  exportscope demo-market --addr 127.0.0.1:8090 --seed 1 --day 30",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := config.CheckAddr("addr", addr); err != nil {
				return err
			}
			opts.Logger = a.log
			m, err := practice.New(opts)
			if err != nil {
				return config.Usagef("demo-market: %v", err)
			}
			return server.Serve(cmd.Context(), server.ServeOptions{
				Addr: addr, Handler: m.Handler(), Logger: a.log, WriteTimeout: opts.SlowDelay + 60e9,
			}, func(url string) {
				fmt.Fprintf(a.env.Stdout, "Practice marketplace is serving at %s\n", url)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8090", "HOST:PORT to listen on")
	f.Int64Var(&opts.Seed, "seed", 1, "seed of every random choice")
	f.IntVar(&opts.Day, "day", 0, "simulated day served by default (0 is 2025-01-06)")
	f.IntVar(&opts.Listings, "listings", 3000, "catalogue size over all storefronts")
	f.Float64Var(&opts.FaultRate, "fault-rate", 0.02, "share of requests answered 429 with Retry-After")
	f.Float64Var(&opts.MalformedRate, "malformed-rate", 0.01, "share of pages served broken")
	f.Float64Var(&opts.SlowRate, "slow-rate", 0.01, "share of requests delayed by --slow-delay")
	f.DurationVar(&opts.SlowDelay, "slow-delay", 2e9, "delay of slow pages")
	return cmd
}
