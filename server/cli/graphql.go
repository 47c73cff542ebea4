package cli

import (
	"errors"
	"net/http"

	"github.com/exportscope/exportscope/graph"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/billing"
	"github.com/exportscope/exportscope/server/ratelimit"
	"github.com/exportscope/exportscope/server/teaching"
	"github.com/exportscope/exportscope/server/tenancy"
)

// graphQLHandler builds the POST /graphql handler on the services: accounts
// in the control database, tenant-scoped data, teaching mode, a per-IP
// rate limit. close stops what the handler started (the crawler lab's
// practice marketplace, open snapshot stores).
func (a *app) graphQLHandler(s *services, bill *billing.Service) (h http.Handler, close func() error, err error) {
	accounts, err := auth.New(auth.Options{DB: s.control, Logger: a.log})
	if err != nil {
		return nil, nil, err
	}
	data, err := tenancy.New(tenancy.Options{Store: s.store, Jobs: s.jobs, Catalogue: s.catalogue, Billing: bill, Logger: a.log})
	if err != nil {
		return nil, nil, err
	}
	teach, closeTeach, err := a.teachingService(s, accounts, bill)
	if err != nil {
		return nil, nil, err
	}
	gh, err := graph.NewHandler(graph.Options{Auth: accounts, Data: data, Teaching: teach, Logger: a.log})
	if err != nil {
		return nil, nil, errors.Join(err, closeTeach())
	}
	return ratelimit.PerIP(ratelimit.Options{PerSecond: 20, Burst: 40, Reject: graph.WriteError})(gh), closeTeach, nil
}

// billingService builds plans, usage and Stripe billing on the control
// database, configured by the EXPORTSCOPE_STRIPE_* environment variables
// (see billing.ConfigFromEnv).
func (a *app) billingService(s *services) (*billing.Service, error) {
	cfg := billing.ConfigFromEnv(a.env.Getenv)
	a.log.Info("billing", cfg.Dump()...)
	return billing.New(billing.Options{DB: s.control, Config: cfg, Logger: a.log})
}

// teachingService builds the teaching mode: snapshots under the data
// folder and a crawler lab on its own loopback practice marketplace.
func (a *app) teachingService(s *services, accounts *auth.Service, bill *billing.Service) (*teaching.Service, func() error, error) {
	lab, err := teaching.NewLab(teaching.LabOptions{Seed: 1, Day: 60, Logger: a.log})
	if err != nil {
		return nil, nil, err
	}
	t, err := teaching.New(teaching.Options{DB: s.control, Accounts: accounts, Seats: bill, Source: s.store, Catalogue: s.catalogue,
		DataDir: a.cfg.DataDir, Lab: lab, Logger: a.log})
	if err != nil {
		return nil, nil, errors.Join(err, lab.Close())
	}
	return t, func() error { return errors.Join(t.Close(), lab.Close()) }, nil
}
