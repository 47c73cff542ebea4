package billing

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/exportscope/exportscope/server/auth"
)

// event builds a Stripe event payload carrying obj.
func event(id, typ string, created time.Time, apiVersion string, obj map[string]any) []byte {
	raw, _ := json.Marshal(obj)
	b, _ := json.Marshal(map[string]any{
		"id": id, "object": "event", "type": typ, "api_version": apiVersion, "created": created.Unix(),
		"livemode": false, "data": map[string]any{"object": json.RawMessage(raw)},
	})
	return b
}

func subscriptionEvent(id, typ, tenant, plan, status string, created time.Time) []byte {
	return event(id, typ, created, stripe.APIVersion, map[string]any{
		"id": "sub_123", "object": "subscription", "customer": "cus_123", "status": status,
		"metadata": map[string]string{"tenant_id": tenant, "plan": plan},
	})
}

func checkoutEvent(id, tenant, plan string, created time.Time) []byte {
	return event(id, "checkout.session.completed", created, stripe.APIVersion, map[string]any{
		"id": "cs_test_123", "object": "checkout.session", "mode": "subscription", "client_reference_id": tenant,
		"customer": "cus_123", "subscription": "sub_123", "metadata": map[string]string{"tenant_id": tenant, "plan": plan},
	})
}

// post sends payload with a signature header to the webhook.
func (e *env) post(t *testing.T, payload []byte, header string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/webhooks/stripe", strings.NewReader(string(payload)))
	if header != "" {
		req.Header.Set("Stripe-Signature", header)
	}
	rec := httptest.NewRecorder()
	e.bill.Webhook().ServeHTTP(rec, req)
	return rec
}

// deliver signs payload as Stripe would and posts it, expecting status.
func (e *env) deliver(t *testing.T, payload []byte, status int) *httptest.ResponseRecorder {
	t.Helper()
	sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: testWebhookSecret})
	rec := e.post(t, payload, sp.Header)
	if rec.Code != status {
		t.Fatalf("webhook answered %d %s, want %d", rec.Code, rec.Body, status)
	}
	return rec
}

func TestWebhook(t *testing.T) {
	now := time.Now()
	type scenario struct {
		name       string
		payload    func(tenant string) []byte
		secret     string
		at         time.Time
		header     string // used as is when set
		wantStatus int
		wantBody   string
		wantPlan   string
		wantAudit  int
	}
	for _, sc := range []scenario{
		{name: "checkout completed", payload: func(tn string) []byte { return checkoutEvent("evt_1", tn, "pro", now) },
			wantStatus: 200, wantBody: `"duplicate":false`, wantPlan: "pro", wantAudit: 1},
		{name: "subscription updated", payload: func(tn string) []byte {
			return subscriptionEvent("evt_2", "customer.subscription.updated", tn, "education", "active", now)
		}, wantStatus: 200, wantPlan: "education", wantAudit: 1},
		{name: "subscription deleted", payload: func(tn string) []byte {
			return subscriptionEvent("evt_3", "customer.subscription.deleted", tn, "pro", "active", now)
		}, wantStatus: 200, wantPlan: "free", wantAudit: 1},
		{name: "unpaid subscription gives no plan", payload: func(tn string) []byte {
			return subscriptionEvent("evt_4", "customer.subscription.updated", tn, "pro", "unpaid", now)
		}, wantStatus: 200, wantPlan: "free", wantAudit: 1},
		{name: "other event type ignored", payload: func(tn string) []byte {
			return event("evt_5", "invoice.paid", now, stripe.APIVersion, map[string]any{"id": "in_1", "object": "invoice"})
		}, wantStatus: 200, wantPlan: "free"},
		{name: "forged signature", payload: func(tn string) []byte { return checkoutEvent("evt_6", tn, "pro", now) },
			secret: "whsec_not_ours", wantStatus: 400, wantBody: "signature does not match", wantPlan: "free"},
		{name: "garbage signature header", payload: func(tn string) []byte { return checkoutEvent("evt_7", tn, "pro", now) },
			header: "t=abc,v1=zz", wantStatus: 400, wantBody: "signature", wantPlan: "free"},
		{name: "no signature", payload: func(tn string) []byte { return checkoutEvent("evt_8", tn, "pro", now) },
			header: "-", wantStatus: 400, wantBody: "no Stripe-Signature", wantPlan: "free"},
		{name: "stale timestamp", payload: func(tn string) []byte { return checkoutEvent("evt_9", tn, "pro", now) },
			at: now.Add(-10 * time.Minute), wantStatus: 400, wantBody: "too old", wantPlan: "free"},
		{name: "wrong api_version", payload: func(tn string) []byte {
			return event("evt_10", "checkout.session.completed", now, "2024-06-20", map[string]any{
				"id": "cs_1", "object": "checkout.session", "mode": "subscription", "client_reference_id": tn,
				"metadata": map[string]string{"plan": "pro"},
			})
		}, wantStatus: 400, wantBody: "api_version is not 2023-10-16", wantPlan: "free"},
		{name: "unknown tenant", payload: func(string) []byte { return checkoutEvent("evt_11", "no-such-tenant", "pro", now) },
			wantStatus: 200, wantPlan: "free"},
	} {
		t.Run(sc.name, func(t *testing.T) {
			e := newEnv(t, Config{})
			p := e.signUp(t, "hook@example.com", auth.Exporter)
			payload := sc.payload(p.Tenant.ID)
			header := sc.header
			if header == "" {
				secret := sc.secret
				if secret == "" {
					secret = testWebhookSecret
				}
				header = webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: sc.at}).Header
			} else if header == "-" {
				header = ""
			}
			rec := e.post(t, payload, header)
			if rec.Code != sc.wantStatus || !strings.Contains(rec.Body.String(), sc.wantBody) {
				t.Errorf("answer %d %s, want %d with %q", rec.Code, rec.Body, sc.wantStatus, sc.wantBody)
			}
			if got := e.tenant(t, p).Plan; got != sc.wantPlan {
				t.Errorf("plan = %q, want %q", got, sc.wantPlan)
			}
			if got := e.billingAudits(t, p.Tenant.ID); got != sc.wantAudit {
				t.Errorf("%d billing audit entries, want %d", got, sc.wantAudit)
			}
			var processed int
			_ = e.db.Reader().QueryRow(`SELECT count(*) FROM processed_events`).Scan(&processed)
			if want := map[bool]int{true: 1, false: 0}[sc.wantStatus == 200]; processed != want {
				t.Errorf("%d processed events, want %d", processed, want)
			}
		})
	}
}

func (e *env) billingAudits(t *testing.T, tenant string) int {
	t.Helper()
	var n int
	if err := e.db.Reader().QueryRow(`SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'billing_changed'`, tenant).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWebhookDuplicate(t *testing.T) {
	e := newEnv(t, Config{})
	p := e.signUp(t, "dup@example.com", auth.Exporter)
	now := time.Now()
	e.deliver(t, checkoutEvent("evt_once", p.Tenant.ID, "pro", now), 200)
	// The subscription is cancelled; then Stripe redelivers the first event.
	e.deliver(t, subscriptionEvent("evt_cancel", "customer.subscription.deleted", p.Tenant.ID, "pro", "canceled", now), 200)
	rec := e.deliver(t, checkoutEvent("evt_once", p.Tenant.ID, "pro", now), 200)
	if !strings.Contains(rec.Body.String(), `"duplicate":true`) {
		t.Errorf("redelivery answered %s, want duplicate", rec.Body)
	}
	if got := e.tenant(t, p).Plan; got != "free" {
		t.Errorf("plan after a replayed checkout = %q, want free (the replay changes nothing)", got)
	}
	if got := e.billingAudits(t, p.Tenant.ID); got != 2 {
		t.Errorf("%d billing audit entries, want 2", got)
	}
}

func TestWebhookOutOfOrder(t *testing.T) {
	e := newEnv(t, Config{})
	p := e.signUp(t, "order@example.com", auth.Exporter)
	now := time.Now()
	e.deliver(t, subscriptionEvent("evt_new", "customer.subscription.updated", p.Tenant.ID, "pro", "active", now), 200)
	e.deliver(t, subscriptionEvent("evt_old", "customer.subscription.updated", p.Tenant.ID, "pro", "incomplete_expired", now.Add(-time.Hour)), 200)
	if got := e.tenant(t, p).Plan; got != "pro" {
		t.Errorf("plan after a late older event = %q, want pro", got)
	}
}

func TestWebhookNotConfigured(t *testing.T) {
	e := newEnv(t, Config{})
	e.bill.cfg.WebhookSecret = ""
	payload := checkoutEvent("evt_x", "t", "pro", time.Now())
	sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: ""})
	if rec := e.post(t, payload, sp.Header); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("without a webhook secret: %d %s, want 503", rec.Code, rec.Body)
	}
}
