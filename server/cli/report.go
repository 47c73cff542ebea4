package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/export"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/server/config"
)

// reportOpts are the flags the report subcommands share.
type reportOpts struct {
	sector, tenant, format, out string
	from, to                    int
}

func (a *app) reportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Build a market or brand report and write it as JSON, CSV, XLSX or HTML",
		Long: `report builds a report from the market-data store, records it as a job in the
control database, stores it as a report document, and writes it out.

Every figure carries its definition, data window, sources and the number of
records behind it; a figure that cannot be computed says "no_data" or
"not_defined" with the reason. The JSON fields are documented in
analytics/README.md.`,
	}
	cmd.AddCommand(a.reportMarketCmd(), a.reportBrandCmd(), a.reportClassifyCmd())
	return cmd
}

func (a *app) reportClassifyCmd() *cobra.Command {
	var tenant string
	cmd := &cobra.Command{
		Use:   "classify",
		Short: "Tag the stored listings with the sectors of the catalogue (run after crawls or catalogue changes)",
		Long: `classify re-classifies every stored listing by the sector catalogue's keywords,
category hints and stated HS codes, and stores the listings whose sectors
changed. With --tenant it also applies that tenant's private sectors (as
opaque tags on shared listings). It prints the counts as JSON.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runJob(cmd, tenant, analytics.JobReclassify, map[string]string{}, func(info jobs.Info, _ *analytics.Service) error {
				_, err := fmt.Fprintf(a.env.Stdout, "%s\n", info.Result)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&tenant, "tenant", "", "tenant whose private sectors to apply as well")
	return cmd
}

func (o *reportOpts) flags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.sector, "sector", "", "sector slug (magnesium, seafood, petrochem, waterproof, auto, energy, textiles, silk, food, or a tenant's own)")
	f.StringVar(&o.tenant, "tenant", "", "tenant whose private sectors and uploads the report may use")
	f.StringVar(&o.format, "format", "json", "output format: "+strings.Join(export.Formats, ", "))
	f.StringVarP(&o.out, "output", "o", "", "file to write; standard output when empty")
	f.IntVar(&o.from, "from", 0, "first year of the period (default: the latest five years with data)")
	f.IntVar(&o.to, "to", 0, "last year of the period")
	_ = cmd.MarkFlagRequired("sector")
}

func (o *reportOpts) check() error {
	for _, f := range export.Formats {
		if f == o.format {
			return nil
		}
	}
	return config.Usagef("--format %q: use one of %s", o.format, strings.Join(export.Formats, ", "))
}

func (a *app) reportMarketCmd() *cobra.Command {
	var o reportOpts
	var market string
	cmd := &cobra.Command{
		Use:   "market",
		Short: "Market report: import demand, growth, China's share, suppliers, opportunity ranking, marketplace landscape",
		Example: `  exportscope report market --sector magnesium
  exportscope report market --sector magnesium --market DE --from 2019 --to 2024 --format html -o magnesium-de.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.check(); err != nil {
				return err
			}
			req := analytics.MarketRequest{Tenant: o.tenant, Sector: o.sector, Market: market, From: o.from, To: o.to}
			return a.runReport(cmd, o, analytics.JobMarketReport, req)
		},
	}
	o.flags(cmd)
	cmd.Flags().StringVar(&market, "market", "", "market (ISO 3166-1 alpha-2, e.g. DE); all markets when empty")
	return cmd
}

func (a *app) reportBrandCmd() *cobra.Command {
	var o reportOpts
	var brand string
	cmd := &cobra.Command{
		Use:     "brand",
		Short:   "Brand report: listings by market, price index, rating, share of shelf, review sentiment, unauthorised sellers, minimum-price breaches",
		Example: `  exportscope report brand --brand "Acme" --sector magnesium --tenant t1 --format xlsx -o acme.xlsx`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.check(); err != nil {
				return err
			}
			if strings.TrimSpace(brand) == "" {
				return config.Usagef("--brand is required")
			}
			req := analytics.BrandRequest{Tenant: o.tenant, Sector: o.sector, Brand: brand, From: o.from, To: o.to}
			return a.runReport(cmd, o, analytics.JobBrandReport, req)
		},
	}
	o.flags(cmd)
	cmd.Flags().StringVar(&brand, "brand", "", "brand name as listings show it (case is ignored)")
	return cmd
}

// runReport runs the report as a job of the control database, then writes
// the stored report in the chosen format.
func (a *app) runReport(cmd *cobra.Command, o reportOpts, kind string, req any) error {
	return a.runJob(cmd, o.tenant, kind, req, func(info jobs.Info, svc *analytics.Service) error {
		return a.writeReport(cmd, o, info, svc)
	})
}

// runJob runs one analytics job in this process, recorded in the control
// database's jobs table, and hands its outcome to done.
func (a *app) runJob(cmd *cobra.Command, tenant, kind string, params any, done func(jobs.Info, *analytics.Service) error) (err error) {
	ctx := cmd.Context()
	s, closeAll, err := a.openServices(ctx, 1)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeAll()) }()
	info, err := s.jobs.Run(ctx, tenant, kind, params)
	if err != nil {
		if errors.Is(err, analytics.ErrUnknown) {
			return &config.UsageError{Err: err}
		}
		return err
	}
	return done(info, s.reports)
}

func (a *app) writeReport(cmd *cobra.Command, o reportOpts, info jobs.Info, svc *analytics.Service) (err error) {
	ctx := cmd.Context()
	var res analytics.ReportJobResult
	if err := json.Unmarshal(info.Result, &res); err != nil {
		return fmt.Errorf("report job %s: %w", info.ID, err)
	}
	rep, err := svc.Load(ctx, o.tenant, res.ReportID)
	if err != nil {
		return err
	}
	a.log.Info("report built", "job", info.ID, "report", res.ReportID, "type", res.Type, "sector", res.Sector)

	var w io.Writer = a.env.Stdout
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			return fmt.Errorf("report output: %w", err)
		}
		defer func() { err = errors.Join(err, f.Close()) }()
		w = f
	}
	switch o.format {
	case "csv":
		return export.CSV(w, rep)
	case "xlsx":
		return export.XLSX(w, rep)
	case "html":
		return export.HTML(w, rep)
	default:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
}
