package graph

import (
	"log/slog"
	"time"

	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/portal"
	"github.com/exportscope/exportscope/server/teaching"
	"github.com/exportscope/exportscope/server/tenancy"
)

// Resolver holds the resolvers' dependencies, nothing else. Every read or
// change of tenant data goes through Data, which enforces tenant
// isolation; accounts go through Auth.
type Resolver struct {
	Auth   *auth.Service
	Data   *tenancy.Service
	Portal *portal.Service // the association portals (nil: portal operations are FORBIDDEN)
	// Teaching is the teaching mode of training bases.
	Teaching *teaching.Service
	Logger   *slog.Logger
	// PollEvery is how often subscriptions look at a job; 0 means 250 ms.
	PollEvery time.Duration
}
