package billing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
)

// client builds a Stripe client for one use, on the configured key and
// backend URL, without touching stripe-go's package globals.
func (s *Service) client() (*client.API, error) {
	if s.cfg.SecretKey == "" {
		return nil, apperr.New(apperr.BadInput, "billing is not set up on this server (no Stripe key)")
	}
	cfg := &stripe.BackendConfig{
		HTTPClient:        s.http,
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		MaxNetworkRetries: stripe.Int64(2),
	}
	if s.cfg.APIURL != "" {
		cfg.URL = stripe.String(s.cfg.APIURL)
	}
	api := stripe.GetBackendWithConfig(stripe.APIBackend, cfg)
	sc := &client.API{}
	sc.Init(s.cfg.SecretKey, &stripe.Backends{API: api, Connect: api, Uploads: api})
	return sc, nil
}

// account is a tenant's row of billing_accounts.
type account struct {
	customer, subscription, status string
}

func (s *Service) account(ctx context.Context, tenant string) (account, error) {
	var a account
	err := s.db.Reader().QueryRowContext(ctx, `SELECT stripe_customer_id, stripe_subscription_id, status FROM billing_accounts WHERE tenant_id = ?`,
		tenant).Scan(&a.customer, &a.subscription, &a.status)
	if errors.Is(err, sql.ErrNoRows) {
		return account{}, nil
	}
	return a, err
}

// customer returns the Stripe customer of p's tenant, creating it on first
// use.
func (s *Service) customer(ctx context.Context, sc *client.API, p *auth.Principal) (string, error) {
	a, err := s.account(ctx, p.Tenant.ID)
	if err != nil {
		return "", err
	}
	if a.customer != "" {
		return a.customer, nil
	}
	params := &stripe.CustomerParams{Name: stripe.String(p.Tenant.Name)}
	if p.User.Email != "" {
		params.Email = stripe.String(p.User.Email)
	}
	params.Context = ctx
	params.AddMetadata("tenant_id", p.Tenant.ID)
	params.SetIdempotencyKey("customer-" + p.Tenant.ID)
	c, err := sc.Customers.New(params)
	if err != nil {
		return "", fmt.Errorf("stripe: create customer: %w", err)
	}
	_, err = s.db.Writer().ExecContext(ctx, `INSERT INTO billing_accounts (tenant_id, stripe_customer_id, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (tenant_id) DO UPDATE SET stripe_customer_id = excluded.stripe_customer_id, updated_at = excluded.updated_at
		WHERE billing_accounts.stripe_customer_id = ''`, p.Tenant.ID, c.ID, s.now().UnixMilli())
	if err != nil {
		return "", fmt.Errorf("store customer: %w", err)
	}
	a, err = s.account(ctx, p.Tenant.ID)
	if err != nil {
		return "", err
	}
	return a.customer, nil
}

// active reports whether a subscription in status gives its plan.
func active(status string) bool {
	switch stripe.SubscriptionStatus(status) {
	case stripe.SubscriptionStatusActive, stripe.SubscriptionStatusTrialing, stripe.SubscriptionStatusPastDue:
		return true
	}
	return false
}

// Checkout starts a Stripe Checkout Session that subscribes p's tenant to
// plan and returns its URL. The session carries the tenant's ID as
// client_reference_id and in the subscription's metadata, which is how the
// webhook finds the tenant again.
func (s *Service) Checkout(ctx context.Context, p *auth.Principal, plan Plan) (string, error) {
	if !plan.Paid() {
		return "", apperr.New(apperr.BadInput, "choose a paid plan: pro, association or education")
	}
	price := s.cfg.Prices[plan]
	if price == "" {
		return "", apperr.New(apperr.BadInput, "the %s plan is not on sale on this server", plan.Title())
	}
	sc, err := s.client()
	if err != nil {
		return "", err
	}
	a, err := s.account(ctx, p.Tenant.ID)
	if err != nil {
		return "", fmt.Errorf("checkout: %w", err)
	}
	if a.subscription != "" && active(a.status) {
		return "", apperr.New(apperr.BadInput, "the tenant already has a %s subscription; change plans in the billing portal (billingPortal)", planOf(p.Tenant.Plan).Title())
	}
	cust, err := s.customer(ctx, sc, p)
	if err != nil {
		return "", fmt.Errorf("checkout: %w", err)
	}
	params := &stripe.CheckoutSessionParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		Customer:          stripe.String(cust),
		ClientReferenceID: stripe.String(p.Tenant.ID),
		LineItems:         []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(price), Quantity: stripe.Int64(1)}},
		SuccessURL:        stripe.String(s.cfg.ReturnURL + "?checkout=success"),
		CancelURL:         stripe.String(s.cfg.ReturnURL + "?checkout=cancelled"),
		SubscriptionData: &stripe.CheckoutSessionSubscriptionDataParams{
			Metadata: map[string]string{"tenant_id": p.Tenant.ID, "plan": string(plan)},
		},
	}
	params.Context = ctx
	params.AddMetadata("tenant_id", p.Tenant.ID)
	params.AddMetadata("plan", string(plan))
	sess, err := sc.CheckoutSessions.New(params)
	if err != nil {
		return "", fmt.Errorf("checkout: stripe: create session: %w", err)
	}
	s.log.InfoContext(ctx, "checkout session created", "tenant", p.Tenant.ID, "plan", plan, "session", sess.ID)
	return sess.URL, nil
}

// Portal starts a Stripe Customer Portal session for p's tenant and returns
// its URL.
func (s *Service) Portal(ctx context.Context, p *auth.Principal) (string, error) {
	sc, err := s.client()
	if err != nil {
		return "", err
	}
	a, err := s.account(ctx, p.Tenant.ID)
	if err != nil {
		return "", fmt.Errorf("billing portal: %w", err)
	}
	if a.customer == "" {
		return "", apperr.New(apperr.BadInput, "the tenant has no billing account yet; subscribe first (checkout)")
	}
	params := &stripe.BillingPortalSessionParams{Customer: stripe.String(a.customer), ReturnURL: stripe.String(s.cfg.ReturnURL)}
	params.Context = ctx
	sess, err := sc.BillingPortalSessions.New(params)
	if err != nil {
		return "", fmt.Errorf("billing portal: stripe: create session: %w", err)
	}
	return sess.URL, nil
}
