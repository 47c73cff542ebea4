package tenancy

import (
	"context"
	"errors"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/billing"
)

// errNoBilling answers billing operations on a Service built without
// billing.
var errNoBilling = errors.New("tenancy: no billing service")

// manageBilling allows owners and admins to change the tenant's plan.
func manageBilling(ctx context.Context) (*auth.Principal, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return nil, err
	}
	if p.Role != auth.Owner && p.Role != auth.Admin {
		return nil, apperr.New(apperr.Forbidden, "only owners and admins manage billing")
	}
	return p, nil
}

// Billing returns the caller's tenant's plan, entitlements and usage.
func (s *Service) Billing(ctx context.Context) (billing.Summary, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return billing.Summary{}, err
	}
	if s.bill == nil {
		return billing.Summary{}, errNoBilling
	}
	return s.bill.Summary(ctx, p.Tenant)
}

// Checkout starts a Stripe Checkout Session subscribing the caller's
// tenant to plan and returns its URL.
func (s *Service) Checkout(ctx context.Context, plan billing.Plan) (string, error) {
	p, err := manageBilling(ctx)
	if err != nil {
		return "", err
	}
	if s.bill == nil {
		return "", errNoBilling
	}
	return s.bill.Checkout(ctx, p, plan)
}

// BillingPortal starts a Stripe Customer Portal session for the caller's
// tenant and returns its URL.
func (s *Service) BillingPortal(ctx context.Context) (string, error) {
	p, err := manageBilling(ctx)
	if err != nil {
		return "", err
	}
	if s.bill == nil {
		return "", errNoBilling
	}
	return s.bill.Portal(ctx, p)
}

// RequireAPIAccess refuses with QUOTA_EXCEEDED when the caller's tenant's
// plan does not include API keys.
func (s *Service) RequireAPIAccess(ctx context.Context) error {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return err
	}
	if s.bill == nil {
		return nil
	}
	return s.bill.RequireAPIAccess(p.Tenant)
}
