package cli

import (
	"net/http"

	"github.com/exportscope/exportscope/graph"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/billing"
	"github.com/exportscope/exportscope/server/portal"
	"github.com/exportscope/exportscope/server/ratelimit"
	"github.com/exportscope/exportscope/server/tenancy"
)

// graphQLHandler builds the POST /graphql handler on the services: accounts
// in the control database, tenant-scoped data, a per-IP rate limit.
func (a *app) graphQLHandler(s *services, bill *billing.Service, ps *portal.Service) (http.Handler, error) {
	accounts, err := auth.New(auth.Options{DB: s.control, Logger: a.log})
	if err != nil {
		return nil, err
	}
	data, err := tenancy.New(tenancy.Options{Store: s.store, Jobs: s.jobs, Catalogue: s.catalogue, Billing: bill, Logger: a.log})
	if err != nil {
		return nil, err
	}
	h, err := graph.NewHandler(graph.Options{Auth: accounts, Data: data, Portal: ps, Logger: a.log})
	if err != nil {
		return nil, err
	}
	return ratelimit.PerIP(ratelimit.Options{PerSecond: 20, Burst: 40, Reject: graph.WriteError})(h), nil
}

// billingService builds plans, usage and Stripe billing on the control
// database, configured by the EXPORTSCOPE_STRIPE_* environment variables
// (see billing.ConfigFromEnv).
func (a *app) billingService(s *services) (*billing.Service, error) {
	cfg := billing.ConfigFromEnv(a.env.Getenv)
	a.log.Info("billing", cfg.Dump()...)
	return billing.New(billing.Options{DB: s.control, Config: cfg, Logger: a.log})
}
