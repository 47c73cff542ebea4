package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/exportscope/exportscope/graph"
	"github.com/exportscope/exportscope/server"
	"github.com/exportscope/exportscope/server/config"
	"github.com/exportscope/exportscope/server/web"
)

func (a *app) serveCmd() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web app, the API, health checks and metrics",
		Long: `serve opens the configured stores and serves HTTP until interrupted
(SIGINT or SIGTERM), then finishes in-flight requests and writes.

Endpoints: POST /graphql (the API), POST /webhooks/stripe (Stripe events;
the --stripe-* settings configure billing), /healthz (process up), /readyz (stores
reachable), /metrics (Prometheus). Association portals are served on their
host names and at /p/<slug>/.`,
		Example: "  exportscope serve --addr 127.0.0.1:8080\n  exportscope serve --es http://127.0.0.1:9200",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := config.CheckAddr("addr", addr); err != nil {
				return err
			}
			return a.serve(cmd.Context(), addr, nil)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "HOST:PORT to listen on")
	return cmd
}

// serve opens the stores and the job runner, runs prepare (if any), and
// serves until ctx is done. Shutdown runs in reverse: the HTTP server
// drains, the job runner stops (resumable jobs are queued again), and the
// stores close last, so in-flight writes finish first.
func (a *app) serve(ctx context.Context, addr string, prepare func(ctx context.Context, s *services) error) (err error) {
	s, closeAll, err := a.openServices(ctx, 2)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeAll()) }()
	a.log.Info("starting", a.cfg.Dump()...)
	if err := s.jobs.Start(ctx); err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		err = errors.Join(err, s.jobs.Stop(sctx))
	}()
	if err := s.jobs.StartSchedules(ctx); err != nil {
		return err
	}
	if prepare != nil {
		if err := prepare(ctx, s); err != nil {
			return err
		}
	}
	bill, err := a.billingService(s)
	if err != nil {
		return err
	}
	ps, err := a.portalService(s)
	if err != nil {
		return err
	}
	portals, err := a.portalPages(ps)
	if err != nil {
		return err
	}
	api, exports, closeAPI, err := a.graphQLHandler(ctx, s, bill, ps)
	if err != nil {
		return err
	}
	defer closeAPI()
	webApp, err := web.New()
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(server.NewStoreCollector(s.store))
	srv, err := server.New(server.Options{
		Addr:     addr,
		Logger:   a.log,
		Registry: reg,
		Ready:    map[string]server.Pinger{"market store": s.store, "control database": s.control},
		Mounts: map[string]http.Handler{
			"GET /":                 webApp,
			"POST /graphql":         api,
			"GET /graphql":          api, // subscriptions over WebSocket
			graph.ExportPattern:     exports,
			"POST /webhooks/stripe": bill.Webhook(),
		},
		Before: []func(http.Handler) http.Handler{portals},
	})
	if err != nil {
		return err
	}
	return srv.Run(ctx, func(url string) {
		fmt.Fprintf(a.env.Stdout, "ExportScope is serving at %s\n", url)
	})
}
