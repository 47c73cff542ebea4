package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/exportscope/exportscope/crawlers/comtrade"
	"github.com/exportscope/exportscope/crawlers/ecb"
	"github.com/exportscope/exportscope/server/config"
	"github.com/exportscope/exportscope/store"
)

func (a *app) importCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Import trade statistics or exchange rates from files",
	}
	cmd.AddCommand(a.importComtradeCmd(), a.importECBCmd())
	return cmd
}

func (a *app) importComtradeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "comtrade FILE",
		Short: "Import UN Comtrade data (v1 API JSON, legacy JSON, bulk TSV or CSV)",
		Long: `import comtrade reads a Comtrade file in any of its shapes (the format is
detected), maps reporter and partner codes to ISO countries, and upserts the
flows into the market store: importing the same file twice changes nothing.

Rows that cannot be imported are listed with their line (TSV/CSV) or index
(JSON) and the reason; the good rows are stored. The exit status is 1 when any
row was rejected.`,
		Example: "  exportscope import comtrade comtrade-2019.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			flows, rowErrs, err := comtrade.ReadFile(args[0])
			if err != nil {
				return config.Usagef("import comtrade: %v", err)
			}
			for _, e := range rowErrs {
				fmt.Fprintf(a.env.Stderr, "%v\n", e)
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer func() { err = errors.Join(err, st.Close()) }()
			res, err := comtrade.Import(cmd.Context(), st, flows)
			for _, e := range res.Errs {
				fmt.Fprintf(a.env.Stderr, "%v\n", e)
			}
			fmt.Fprintf(a.env.Stdout, "%s: %d flows stored, %d rejected by the store, %d rows not imported\n",
				args[0], res.Stored, res.Failed, countRowErrors(rowErrs))
			if err != nil {
				return err
			}
			if res.Failed > 0 || countRowErrors(rowErrs) > 0 {
				return fmt.Errorf("import comtrade %s: some rows were not imported (listed above)", args[0])
			}
			return nil
		},
	}
}

// countRowErrors counts rejected rows, not warnings about the whole input.
func countRowErrors(errs []error) int {
	n := 0
	for _, e := range errs {
		var w *comtrade.Warning
		if !errors.As(e, &w) {
			n++
		}
	}
	return n
}

func (a *app) importECBCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "ecb FILE.xml",
		Short:   "Import ECB euro reference rates (eurofxref daily or history XML)",
		Example: "  exportscope import ecb eurofxref-hist.xml",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			f, err := os.Open(args[0])
			if err != nil {
				return config.Usagef("import ecb: %v", err)
			}
			defer f.Close()
			rates, err := ecb.Parse(f)
			if err != nil {
				return fmt.Errorf("import ecb %s: %w", args[0], err)
			}
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer func() { err = errors.Join(err, st.Close()) }()
			docs := make([]store.Doc, len(rates))
			for i := range rates {
				docs[i] = &rates[i]
			}
			res, err := st.Bulk(cmd.Context(), docs)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.env.Stdout, "%s: %d rates stored\n", args[0], res.Stored())
			return res.Err()
		},
	}
}
