package cli

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/exportscope/exportscope/server/config"
	"github.com/exportscope/exportscope/store/elastic"
)

func (a *app) migrateCmd() *cobra.Command {
	var dropOld, check bool
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Upgrade the Elasticsearch indices to the current mapping versions",
		Long: `migrate brings every document kind's Elasticsearch index to the mapping
version this build expects: where the alias (<prefix>-<kind>) points to an
older index, it creates the new index (<prefix>-<kind>-v<N>) from the index
template, copies every document into it and swaps the alias in one atomic
step. Readers see the old index until the swap. Stop the writers (serve,
crawls) first: writes that reach the old index during the copy are lost.

The old index is kept unless --drop-old is given. --check only prints the
state. It prints, per kind, the alias, the index it points to and the one
wanted, as JSON. The embedded store needs no command: it upgrades its
schema when it is opened.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			if len(a.cfg.Store.ES) == 0 {
				return config.Usagef("migrate works on Elasticsearch: give --es URL (or EXPORTSCOPE_ES_URL); the embedded store upgrades itself when opened")
			}
			ctx := cmd.Context()
			st, err := elastic.Open(ctx, elastic.Config{URLs: a.cfg.Store.ES, IndexPrefix: a.cfg.Store.IndexPrefix, Logger: a.log})
			if err != nil {
				return fmt.Errorf("open Elasticsearch store at %v: %w", a.cfg.Store.ES, err)
			}
			defer func() { err = errors.Join(err, st.Close()) }()
			if !check {
				if err := st.Migrate(ctx, dropOld); err != nil {
					return fmt.Errorf("migrate Elasticsearch indices: %w", err)
				}
			}
			state, err := st.Indices(ctx)
			if err != nil {
				return fmt.Errorf("read Elasticsearch aliases: %w", err)
			}
			enc := json.NewEncoder(a.env.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(state)
		},
	}
	cmd.Flags().BoolVar(&dropOld, "drop-old", false, "delete each old index after its alias has moved")
	cmd.Flags().BoolVar(&check, "check", false, "only print where each alias points and which index is wanted")
	return cmd
}
