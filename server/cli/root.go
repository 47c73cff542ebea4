// Package cli holds exportscope's commands. Each command is a small file
// that wires configuration into the packages that do the work.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/exportscope/exportscope/server/config"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
)

// Env is what a command sees of the process: its streams, environment and
// version. Tests pass their own.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Version        string
}

// app carries the loaded configuration to the commands.
type app struct {
	env        Env
	cfg        config.Config
	configFile string
	log        *slog.Logger
}

// New builds the root command with every subcommand.
func New(env Env) *cobra.Command {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	a := &app{env: env}
	root := &cobra.Command{
		Use:   "exportscope",
		Short: "Market intelligence for exporters: crawl marketplaces and trade statistics, build market and brand reports, serve them",
		Long: `ExportScope gathers overseas marketplace listings and trade statistics, builds
market and brand reports for export sectors, and serves them to a multi-tenant
web app and GraphQL API.

Every setting can be given as a flag, as an EXPORTSCOPE_* environment variable
(the flag name in capitals, dashes as underscores; --es is EXPORTSCOPE_ES_URL),
or as a key in the YAML file named by --config; flags win over the
environment, which wins over the file.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       env.Version,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.load(cmd)
		},
	}
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &config.UsageError{Err: fmt.Errorf("%w\nRun '%s --help' for usage.", err, cmd.CommandPath())}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&a.configFile, "config", "", "YAML file with settings (keys are flag names)")
	pf.StringVar(&a.cfg.DataDir, "data", "./data", "folder for the embedded stores (market data and control plane)")
	pf.StringSliceVar(&a.cfg.Store.ES, "es", nil, "Elasticsearch URL(s), comma-separated; market data goes there instead of the embedded store")
	_ = pf.SetAnnotation("es", config.EnvAnnotation, []string{"EXPORTSCOPE_ES_URL"})
	pf.StringVar(&a.cfg.Store.IndexPrefix, "es-index-prefix", "exportscope", "prefix of the Elasticsearch indices")
	pf.StringVar(&a.cfg.Log.Level, "log-level", "info", "log level: debug, info, warn, error")
	pf.StringVar(&a.cfg.Log.Format, "log-format", "text", "log format: text, json")
	pf.StringVar(&a.cfg.Billing.SecretKey, "stripe-secret-key", "", "Stripe secret key (sk_…); without it checkout and the billing portal are off")
	pf.StringVar(&a.cfg.Billing.WebhookSecret, "stripe-webhook-secret", "", "signing secret of the Stripe webhook endpoint (whsec_…); without it POST /webhooks/stripe refuses every event")
	pf.StringVar(&a.cfg.Billing.APIURL, "stripe-api-url", "", "Stripe API base URL (empty: Stripe's own; e.g. a stripe-mock for development)")
	pf.StringVar(&a.cfg.Billing.PricePro, "stripe-price-pro", "", "Stripe price ID of the Pro plan (price_…)")
	pf.StringVar(&a.cfg.Billing.PriceAssociation, "stripe-price-association", "", "Stripe price ID of the Association plan (price_…)")
	pf.StringVar(&a.cfg.Billing.PriceEducation, "stripe-price-education", "", "Stripe price ID of the Education plan (price_…)")
	pf.StringVar(&a.cfg.Billing.ReturnURL, "stripe-return-url", "", "where Stripe Checkout and the portal send users back to (default http://127.0.0.1:8080/)")
	pf.BoolVar(&a.cfg.Session.SecureCookie, "secure-cookie", false, "always mark the session cookie Secure (behind a TLS proxy); otherwise only on TLS requests")
	pf.StringSliceVar(&a.cfg.Session.TrustedOrigins, "trusted-origins", nil, "other origins (scheme://host[:port]) allowed to send signed-in browser mutations, comma-separated")

	root.AddCommand(
		a.versionCmd(),
		a.serveCmd(),
		a.demoCmd(),
		a.statsCmd(),
		a.extractCmd(),
		a.importCmd(),
		a.demoMarketCmd(),
		a.crawlCmd(),
		a.reportCmd(),
		a.migrateCmd(),
	)
	return root
}

func (a *app) load(cmd *cobra.Command) error {
	file := a.configFile
	if file == "" {
		file = a.env.Getenv("EXPORTSCOPE_CONFIG")
	}
	if err := config.Apply(cmd.Flags(), file, a.env.Getenv); err != nil {
		return err
	}
	if err := a.cfg.Validate(); err != nil {
		return err
	}
	level := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[a.cfg.Log.Level]
	hopts := &slog.HandlerOptions{Level: level}
	if a.cfg.Log.Format == "json" {
		a.log = slog.New(slog.NewJSONHandler(a.env.Stderr, hopts))
	} else {
		a.log = slog.New(slog.NewTextHandler(a.env.Stderr, hopts))
	}
	return nil
}

// openStore opens the configured market-data store.
func (a *app) openStore(ctx context.Context) (store.Store, error) {
	if len(a.cfg.Store.ES) > 0 {
		return openElastic(ctx, a)
	}
	path := filepath.Join(a.cfg.DataDir, "market.db")
	st, err := sqlite.Open(ctx, sqlite.Options{Path: path, Logger: a.log})
	if err != nil {
		return nil, fmt.Errorf("open market store: %w", err)
	}
	return st, nil
}

func (a *app) openControl(ctx context.Context) (*controldb.DB, error) {
	db, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(a.cfg.DataDir, "control.db"), Logger: a.log})
	if err != nil {
		return nil, fmt.Errorf("open control database: %w", err)
	}
	return db, nil
}

// ExitCode maps a command's error to the process exit status: 2 for usage
// and configuration mistakes, 1 for everything else.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var ue *config.UsageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		return 2
	}
	return 1
}

func isCobraUsage(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") || strings.HasPrefix(msg, "unknown flag") ||
		strings.HasPrefix(msg, "accepts ") || strings.HasPrefix(msg, "requires at least") ||
		strings.HasPrefix(msg, "invalid argument")
}
