package cli

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/exportscope/exportscope/graph"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/billing"
	"github.com/exportscope/exportscope/server/config"
	"github.com/exportscope/exportscope/server/portal"
	"github.com/exportscope/exportscope/server/ratelimit"
	"github.com/exportscope/exportscope/server/teaching"
	"github.com/exportscope/exportscope/server/tenancy"
)

// graphQLHandler builds the /graphql handler (POST, and GET for
// subscriptions over WebSocket) on the services: accounts in the control
// database, tenant-scoped data, portals, teaching mode, a per-IP rate
// limit; and the handler of report exports (graph.ExportPattern). close
// stops what the handler started (the crawler lab's practice marketplace,
// open snapshot stores).
func (a *app) graphQLHandler(ctx context.Context, s *services, bill *billing.Service, ps *portal.Service) (api, exports http.Handler, close func() error, err error) {
	hashKey, blockKey, err := auth.LoadCookieKeys(ctx, s.control)
	if err != nil {
		return nil, nil, nil, err
	}
	accounts, err := auth.New(auth.Options{DB: s.control, Logger: a.log, Seats: bill, Cookies: &auth.CookieOptions{
		Secure: a.cfg.Session.SecureCookie, TrustedOrigins: a.cfg.Session.TrustedOrigins, HashKey: hashKey, BlockKey: blockKey,
	}})
	if err != nil {
		return nil, nil, nil, err
	}
	data, err := tenancy.New(tenancy.Options{Store: s.store, Jobs: s.jobs, Catalogue: s.catalogue, Billing: bill, Logger: a.log,
		Product: tenancy.Product{Alerts: s.alerts, Uploads: s.uploads, Control: s.control}})
	if err != nil {
		return nil, nil, nil, err
	}
	teach, closeTeach, err := a.teachingService(s, accounts, bill)
	if err != nil {
		return nil, nil, nil, err
	}
	// Browsers may open subscriptions from the server's own host and from
	// the hosts EXPORTSCOPE_WS_ORIGINS lists (comma-separated patterns such
	// as app.example.com or *.example.com), e.g. behind a proxy.
	var origins []string
	for _, o := range strings.Split(a.env.Getenv("EXPORTSCOPE_WS_ORIGINS"), ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	h, err := graph.NewHandler(graph.Options{Auth: accounts, Data: data, Portal: ps, Teaching: teach, Logger: a.log, WebSocket: graph.WebSocketOptions{Origins: origins}})
	if err != nil {
		return nil, nil, nil, errors.Join(err, closeTeach())
	}
	exp, err := graph.NewExportHandler(accounts, data, a.log)
	if err != nil {
		return nil, nil, nil, errors.Join(err, closeTeach())
	}
	limit := ratelimit.PerIP(ratelimit.Options{PerSecond: 20, Burst: 40, Reject: graph.WriteError})
	return limit(h), limit(exp), closeTeach, nil
}

// billingService builds plans, usage and Stripe billing on the control
// database, configured by the --stripe-* flags (or EXPORTSCOPE_STRIPE_*
// variables, or the YAML file).
func (a *app) billingService(s *services) (*billing.Service, error) {
	cfg := billingConfig(a.cfg.Billing)
	a.log.Info("billing", cfg.Dump()...)
	return billing.New(billing.Options{DB: s.control, Config: cfg, Logger: a.log})
}

// billingConfig turns the binary's settings into billing's.
func billingConfig(c config.Billing) billing.Config {
	out := billing.Config{SecretKey: c.SecretKey, WebhookSecret: c.WebhookSecret, APIURL: c.APIURL, ReturnURL: c.ReturnURL, Prices: map[billing.Plan]string{}}
	for plan, id := range map[billing.Plan]string{billing.Pro: c.PricePro, billing.Association: c.PriceAssociation, billing.Education: c.PriceEducation} {
		if id != "" {
			out.Prices[plan] = id
		}
	}
	return out
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
