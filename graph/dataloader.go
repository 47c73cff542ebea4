package graph

import (
	"context"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"

	"github.com/exportscope/exportscope/graph/model"
	"github.com/exportscope/exportscope/server/auth"
)

// Per-request dataloaders: a list whose items resolve a per-item field
// (an invitation's invitedBy, an audit entry's actorEmail) loads those
// in one batch per request instead of one query per item.

// memberSource loads members of the caller's tenant by ID, one result per
// ID in order (nil for an ID of no member) (auth.Service).
type memberSource interface {
	MembersByID(ctx context.Context, p *auth.Principal, ids []string) ([]*auth.Member, error)
}

var _ memberSource = (*auth.Service)(nil)

// loaderWait is how long a loader collects keys before it fetches; the
// items of a list resolve concurrently, so a short wait catches them all.
const loaderWait = 2 * time.Millisecond

// loaders are one request's dataloaders.
type loaders struct {
	members *dataloadgen.Loader[string, *model.Member]
}

type loadersKey struct{}

// withLoaders is an operation middleware giving each operation fresh
// loaders, so nothing is cached across requests or tenants.
func withLoaders(src memberSource) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(context.WithValue(ctx, loadersKey{}, newLoaders(src)))
	}
}

func newLoaders(src memberSource) *loaders {
	fetch := func(ctx context.Context, ids []string) ([]*model.Member, []error) {
		ms, err := src.MembersByID(ctx, auth.FromContext(ctx), ids)
		if err != nil {
			return nil, []error{fmt.Errorf("load %d members: %w", len(ids), err)}
		}
		out := make([]*model.Member, len(ms))
		for i, m := range ms {
			if m != nil {
				out[i] = toMember(*m)
			}
		}
		return out, nil
	}
	return &loaders{members: dataloadgen.NewLoader(fetch, dataloadgen.WithWait(loaderWait))}
}

// loadMember returns the caller's tenant's member id through the request's
// loader; nil when there is no such member.
func loadMember(ctx context.Context, src memberSource, id string) (*model.Member, error) {
	if id == "" {
		return nil, nil
	}
	l, _ := ctx.Value(loadersKey{}).(*loaders)
	if l == nil { // outside an operation (not through NewHandler)
		l = newLoaders(src)
	}
	return l.members.Load(ctx, id)
}
