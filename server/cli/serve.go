package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/exportscope/exportscope/server"
	"github.com/exportscope/exportscope/server/config"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/store"
)

func (a *app) serveCmd() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web app, the API, health checks and metrics",
		Long: `serve opens the configured stores and serves HTTP until interrupted
(SIGINT or SIGTERM), then finishes in-flight requests and writes.

Endpoints: /healthz (process up), /readyz (stores reachable), /metrics
(Prometheus).`,
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

// serve opens the stores, runs prepare (if any) on them, and serves until
// ctx is done. The stores are closed after the server has stopped, so
// in-flight writes finish first.
func (a *app) serve(ctx context.Context, addr string, prepare func(ctx context.Context, st store.Store, ctl *controldb.DB) error) (err error) {
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
	a.log.Info("starting", a.cfg.Dump()...)
	if prepare != nil {
		if err := prepare(ctx, st, ctl); err != nil {
			return err
		}
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(server.NewStoreCollector(st))
	srv, err := server.New(server.Options{
		Addr:     addr,
		Logger:   a.log,
		Registry: reg,
		Ready:    map[string]server.Pinger{"market store": st, "control database": ctl},
		Mounts:   map[string]http.Handler{"GET /{$}": server.Landing(st, a.env.Version)},
	})
	if err != nil {
		return err
	}
	return srv.Run(ctx, func(url string) {
		fmt.Fprintf(a.env.Stdout, "ExportScope is serving at %s\n", url)
	})
}
