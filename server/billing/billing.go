// Package billing holds ExportScope's plans and their entitlements, the
// usage counted against them, and the Stripe side: Checkout to subscribe,
// the Customer Portal to manage, and the webhook that keeps each tenant's
// subscription state.
//
// A tenant's effective plan is tenants.plan; only the webhook changes it,
// from events whose signatures it has verified. Stripe clients are built
// per use with the configured key and backend URL; nothing here touches
// stripe-go's package globals.
package billing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
)

// DB is the control database's connections (server/controldb.DB).
type DB interface {
	Writer() *sql.DB
	Reader() *sql.DB
}

// Config is the Stripe account billing uses. With no SecretKey, plans and
// usage still work but checkout and the portal are refused; with no
// WebhookSecret the webhook refuses every event.
type Config struct {
	// SecretKey is the Stripe secret key (sk_…).
	SecretKey string
	// WebhookSecret is the webhook endpoint's signing secret (whsec_…).
	WebhookSecret string
	// APIURL is the Stripe API's base URL; empty means Stripe's own.
	// Tests point it at stripe-mock.
	APIURL string
	// Prices are the Stripe price IDs of the paid plans.
	Prices map[Plan]string
	// ReturnURL is where Checkout and the portal send the user back to.
	ReturnURL string
}

// ConfigFromEnv reads EXPORTSCOPE_STRIPE_SECRET_KEY, _WEBHOOK_SECRET,
// _API_URL, _PRICE_PRO, _PRICE_ASSOCIATION, _PRICE_EDUCATION and
// _RETURN_URL.
func ConfigFromEnv(getenv func(string) string) Config {
	c := Config{
		SecretKey:     getenv("EXPORTSCOPE_STRIPE_SECRET_KEY"),
		WebhookSecret: getenv("EXPORTSCOPE_STRIPE_WEBHOOK_SECRET"),
		APIURL:        getenv("EXPORTSCOPE_STRIPE_API_URL"),
		ReturnURL:     getenv("EXPORTSCOPE_STRIPE_RETURN_URL"),
		Prices:        map[Plan]string{},
	}
	for _, p := range []Plan{Pro, Association, Education} {
		if v := getenv("EXPORTSCOPE_STRIPE_PRICE_" + strings.ToUpper(string(p))); v != "" {
			c.Prices[p] = v
		}
	}
	return c
}

// Dump returns the configuration as log attributes, secrets left out.
func (c Config) Dump() []any {
	set := func(s string) string {
		if s == "" {
			return "unset"
		}
		return "set"
	}
	return []any{"stripe_secret_key", set(c.SecretKey), "stripe_webhook_secret", set(c.WebhookSecret),
		"stripe_api_url", c.APIURL, "stripe_prices", len(c.Prices), "stripe_return_url", c.ReturnURL}
}

// Options configure a Service.
type Options struct {
	DB     DB
	Config Config
	Logger *slog.Logger
	// HTTPClient talks to Stripe; nil means one with a 30 s timeout.
	HTTPClient *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service counts usage, enforces entitlements and talks to Stripe.
type Service struct {
	db   DB
	cfg  Config
	log  *slog.Logger
	http *http.Client
	now  func() time.Time
}

// New checks its options and returns a Service.
func New(opts Options) (*Service, error) {
	if opts.DB == nil {
		return nil, errors.New("billing: a control database is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Config.Prices == nil {
		opts.Config.Prices = map[Plan]string{}
	}
	if opts.Config.ReturnURL == "" {
		opts.Config.ReturnURL = "http://127.0.0.1:8080/"
	}
	return &Service{db: opts.DB, cfg: opts.Config, log: opts.Logger, http: opts.HTTPClient, now: opts.Now}, nil
}

// Usage is what a tenant has used of its plan.
type Usage struct {
	// Period is the calendar month counted, "2026-07" (UTC).
	Period           string
	ReportsThisMonth int
	ReportLimit      int // Unlimited or a count
	Seats            int // the tenant's users
	SeatLimit        int
}

// Summary is a tenant's billing state.
type Summary struct {
	Plan         Plan
	Status       string // the Stripe subscription's status; "" on Free
	Entitlements Entitlements
	Usage        Usage
}

const metricReports = "reports"

func (s *Service) period() string { return s.now().UTC().Format("2006-01") }

// Summary returns tenant t's plan, entitlements and usage.
func (s *Service) Summary(ctx context.Context, t auth.Tenant) (Summary, error) {
	plan := planOf(t.Plan)
	ent := plan.Entitlements()
	sum := Summary{Plan: plan, Entitlements: ent, Usage: Usage{Period: s.period(), ReportLimit: ent.ReportsPerMonth, SeatLimit: ent.Seats}}
	r := s.db.Reader()
	err := r.QueryRowContext(ctx, `SELECT count FROM usage_counters WHERE tenant_id = ? AND metric = ? AND period = ?`,
		t.ID, metricReports, sum.Usage.Period).Scan(&sum.Usage.ReportsThisMonth)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Summary{}, fmt.Errorf("billing summary of %s: reports: %w", t.ID, err)
	}
	if sum.Usage.Seats, err = s.seats(ctx, t.ID); err != nil {
		return Summary{}, fmt.Errorf("billing summary of %s: %w", t.ID, err)
	}
	err = r.QueryRowContext(ctx, `SELECT status FROM billing_accounts WHERE tenant_id = ?`, t.ID).Scan(&sum.Status)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Summary{}, fmt.Errorf("billing summary of %s: status: %w", t.ID, err)
	}
	return sum, nil
}

func (s *Service) seats(ctx context.Context, tenant string) (int, error) {
	var n int
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM users WHERE tenant_id = ?`, tenant).Scan(&n); err != nil {
		return 0, fmt.Errorf("seats: %w", err)
	}
	return n, nil
}

// ReserveReport counts one report against tenant t's monthly quota, or
// refuses with QUOTA_EXCEEDED when the quota is used up. The check and the
// count are one statement, so concurrent requests cannot overrun the
// quota. Call release when the report could not be queued after all.
func (s *Service) ReserveReport(ctx context.Context, t auth.Tenant) (release func(context.Context), err error) {
	plan := planOf(t.Plan)
	limit := plan.Entitlements().ReportsPerMonth
	period := s.period()
	exceeded := func() error {
		return apperr.New(apperr.QuotaExceeded,
			"report quota reached: the %s plan allows %s reports per month and this month's (%s) are used; %s, or wait for next month",
			plan.Title(), limitText(limit), period,
			howToRaise(plan, t.Kind, func(e Entitlements) bool {
				return e.ReportsPerMonth == Unlimited || (limit != Unlimited && e.ReportsPerMonth > limit)
			}))
	}
	if limit == 0 {
		return nil, exceeded()
	}
	bound := limit
	if limit == Unlimited {
		bound = 1 << 62
	}
	res, err := s.db.Writer().ExecContext(ctx, `INSERT INTO usage_counters (tenant_id, metric, period, count) VALUES (?, ?, ?, 1)
		ON CONFLICT (tenant_id, metric, period) DO UPDATE SET count = count + 1 WHERE count < ?`,
		t.ID, metricReports, period, bound)
	if err != nil {
		return nil, fmt.Errorf("count report of %s: %w", t.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, fmt.Errorf("count report of %s: %w", t.ID, err)
	} else if n == 0 {
		return nil, exceeded()
	}
	return func(ctx context.Context) {
		_, err := s.db.Writer().ExecContext(context.WithoutCancel(ctx), `UPDATE usage_counters SET count = count - 1
			WHERE tenant_id = ? AND metric = ? AND period = ? AND count > 0`, t.ID, metricReports, period)
		if err != nil {
			s.log.ErrorContext(ctx, "release report count", "tenant", t.ID, "err", err)
		}
	}, nil
}

// RequireAPIAccess refuses with QUOTA_EXCEEDED when tenant t's plan does
// not include API access.
func (s *Service) RequireAPIAccess(t auth.Tenant) error {
	plan := planOf(t.Plan)
	if plan.Entitlements().APIAccess {
		return nil
	}
	return apperr.New(apperr.QuotaExceeded, "API access is not included in the %s plan; %s",
		plan.Title(), howToRaise(plan, t.Kind, func(e Entitlements) bool { return e.APIAccess }))
}

// RequireSeat refuses with QUOTA_EXCEEDED when tenant t has no seat left
// for another user.
func (s *Service) RequireSeat(ctx context.Context, t auth.Tenant) error {
	plan := planOf(t.Plan)
	limit := plan.Entitlements().Seats
	if limit == Unlimited {
		return nil
	}
	n, err := s.seats(ctx, t.ID)
	if err != nil {
		return fmt.Errorf("check seats of %s: %w", t.ID, err)
	}
	if n < limit {
		return nil
	}
	return apperr.New(apperr.QuotaExceeded, "seat limit reached: the %s plan allows %d users and the tenant has %d; %s",
		plan.Title(), limit, n, howToRaise(plan, t.Kind, func(e Entitlements) bool { return e.Seats == Unlimited || e.Seats > limit }))
}
