package graph

import (
	"log/slog"

	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/teaching"
	"github.com/exportscope/exportscope/server/tenancy"
)

// Resolver holds the resolvers' dependencies, nothing else. Every read or
// change of tenant data goes through Data, which enforces tenant
// isolation; accounts go through Auth.
type Resolver struct {
	Auth *auth.Service
	Data *tenancy.Service
	// Teaching is the teaching mode of training bases.
	Teaching *teaching.Service
	Logger   *slog.Logger
}
