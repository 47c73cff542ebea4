package cli

import (
	"encoding/json"
	"errors"

	"github.com/spf13/cobra"

	"github.com/exportscope/exportscope/store"
)

// statsNames are the JSON keys of `exportscope stats`, stable for scripts.
var statsNames = map[store.Kind]string{
	store.KindListing:   "listings",
	store.KindSnapshot:  "snapshots",
	store.KindReview:    "reviews",
	store.KindTradeFlow: "tradeFlows",
	store.KindRate:      "rates",
	store.KindReport:    "reports",
}

func (a *app) statsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "stats",
		Short: "Print the number of stored documents of each kind as JSON",
		Long: `stats prints, as one JSON object, how many documents of each kind the
configured market-data store holds: listings, snapshots, reviews, tradeFlows,
rates, reports.`,
		Example: "  exportscope stats --data ./data\n  EXPORTSCOPE_ES_URL=http://127.0.0.1:9200 exportscope stats",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) (err error) {
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer func() { err = errors.Join(err, st.Close()) }()
			counts, err := st.Counts(cmd.Context())
			if err != nil {
				return err
			}
			out := map[string]int64{}
			for kind, name := range statsNames {
				out[name] = counts[kind]
			}
			enc := json.NewEncoder(a.env.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		},
	}
}
