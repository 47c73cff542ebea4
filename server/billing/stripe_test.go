package billing

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
)

// TestCheckoutAndPortal runs the Stripe calls against stripe-mock, which
// checks every request against Stripe's OpenAPI spec for 2023-10-16.
func TestCheckoutAndPortal(t *testing.T) {
	url := stripeMock(t)
	ctx := context.Background()
	e := newEnv(t, Config{
		SecretKey: "sk_test_123", APIURL: url, ReturnURL: "http://127.0.0.1:8080/billing",
		Prices: map[Plan]string{Pro: "price_pro", Association: "price_assoc", Education: "price_edu"},
	})
	p := e.signUp(t, "buyer@example.com", auth.Exporter)

	_, err := e.bill.Portal(ctx, p)
	wantCode(t, err, apperr.CodeBadInput, "subscribe first")

	u, err := e.bill.Checkout(ctx, p, Pro)
	if err != nil {
		t.Fatalf("checkout: %v", err)
	}
	if !strings.HasPrefix(u, "https://") {
		t.Errorf("checkout URL = %q", u)
	}
	a, err := e.bill.account(ctx, p.Tenant.ID)
	if err != nil || !strings.HasPrefix(a.customer, "cus_") {
		t.Fatalf("billing account after checkout = %+v, %v; want a Stripe customer", a, err)
	}

	u, err = e.bill.Portal(ctx, p)
	if err != nil {
		t.Fatalf("portal: %v", err)
	}
	if !strings.HasPrefix(u, "https://") {
		t.Errorf("portal URL = %q", u)
	}

	_, err = e.bill.Checkout(ctx, p, Free)
	wantCode(t, err, apperr.CodeBadInput, "paid plan")

	// Once subscribed, checkout sends the tenant to the portal instead.
	e.deliver(t, checkoutEvent("evt_paid", p.Tenant.ID, "pro", time.Now()), 200)
	p.Tenant = e.tenant(t, p)
	_, err = e.bill.Checkout(ctx, p, Association)
	wantCode(t, err, apperr.CodeBadInput, "billing portal")
}

func TestCheckoutNotConfigured(t *testing.T) {
	e := newEnv(t, Config{Prices: map[Plan]string{Pro: "price_pro"}})
	p := e.signUp(t, "nokey@example.com", auth.Exporter)
	_, err := e.bill.Checkout(context.Background(), p, Pro)
	wantCode(t, err, apperr.CodeBadInput, "not set up")
}
