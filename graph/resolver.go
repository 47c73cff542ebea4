package graph

import (
	"log/slog"

	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/portal"
	"github.com/exportscope/exportscope/server/tenancy"
)

// Resolver holds the resolvers' dependencies, nothing else. Every read or
// change of tenant data goes through Data, which enforces tenant
// isolation; accounts go through Auth.
type Resolver struct {
	Auth   *auth.Service
	Data   *tenancy.Service
	// Portal is the association portals' service; it enforces the same
	// isolation for portal data.
	Portal *portal.Service
	Logger *slog.Logger
}
