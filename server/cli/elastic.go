package cli

import (
	"context"
	"fmt"

	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/elastic"
)

// openElastic opens the Elasticsearch backend named by --es.
func openElastic(ctx context.Context, a *app) (store.Store, error) {
	st, err := elastic.Open(ctx, elastic.Config{URLs: a.cfg.Store.ES, IndexPrefix: a.cfg.Store.IndexPrefix, Logger: a.log})
	if err != nil {
		return nil, fmt.Errorf("open Elasticsearch store at %v: %w", a.cfg.Store.ES, err)
	}
	return st, nil
}
