package cli

import (
	"context"
	"errors"

	"github.com/exportscope/exportscope/store"
)

func openElastic(ctx context.Context, a *app) (store.Store, error) {
	return nil, errors.New("the Elasticsearch backend is not wired yet")
}
