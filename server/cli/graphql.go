package cli

import (
	"context"
	"net/http"
	"strings"

	"github.com/exportscope/exportscope/graph"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/billing"
	"github.com/exportscope/exportscope/server/config"
	"github.com/exportscope/exportscope/server/ratelimit"
	"github.com/exportscope/exportscope/server/tenancy"
)

// graphQLHandler builds the /graphql handler (POST, and GET for
// subscriptions over WebSocket) on the services: accounts in the control
// database, tenant-scoped data, a per-IP rate limit; and the handler of
// report exports (graph.ExportPattern).
func (a *app) graphQLHandler(ctx context.Context, s *services, bill *billing.Service) (api, exports http.Handler, err error) {
	hashKey, blockKey, err := auth.LoadCookieKeys(ctx, s.control)
	if err != nil {
		return nil, nil, err
	}
	accounts, err := auth.New(auth.Options{DB: s.control, Logger: a.log, Seats: bill, Cookies: &auth.CookieOptions{
		Secure: a.cfg.Session.SecureCookie, TrustedOrigins: a.cfg.Session.TrustedOrigins, HashKey: hashKey, BlockKey: blockKey,
	}})
	if err != nil {
		return nil, nil, err
	}
	data, err := tenancy.New(tenancy.Options{Store: s.store, Jobs: s.jobs, Catalogue: s.catalogue, Billing: bill, Logger: a.log,
		Product: tenancy.Product{Alerts: s.alerts, Uploads: s.uploads, Control: s.control}})
	if err != nil {
		return nil, nil, err
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
	h, err := graph.NewHandler(graph.Options{Auth: accounts, Data: data, Logger: a.log, WebSocket: graph.WebSocketOptions{Origins: origins}})
	if err != nil {
		return nil, nil, err
	}
	exp, err := graph.NewExportHandler(accounts, data, a.log)
	if err != nil {
		return nil, nil, err
	}
	limit := ratelimit.PerIP(ratelimit.Options{PerSecond: 20, Burst: 40, Reject: graph.WriteError})
	return limit(h), limit(exp), nil
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
