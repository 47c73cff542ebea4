package cli

import (
	"github.com/spf13/cobra"

	"github.com/exportscope/exportscope/server/config"
)

func (a *app) demoCmd() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the demo: the embedded store, filled with practice data, served on one port",
		Long: `demo runs ExportScope the way a new user first meets it: market data in the
embedded store under --data, the server on --addr.`,
		Example: "  exportscope demo --addr 127.0.0.1:8080",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := config.CheckAddr("addr", addr); err != nil {
				return err
			}
			if len(a.cfg.Store.ES) > 0 {
				return config.Usagef("demo runs on the embedded store; drop --es / EXPORTSCOPE_ES_URL or use serve")
			}
			return a.serve(cmd.Context(), addr, nil)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "HOST:PORT to listen on")
	return cmd
}
