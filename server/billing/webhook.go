package billing

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// maxWebhookBody caps an event's size, as Stripe's own examples do.
const maxWebhookBody = 65536

// Webhook returns the handler of POST /webhooks/stripe. It verifies the
// Stripe-Signature header (webhook.ConstructEvent: HMAC, a timestamp at
// most five minutes old, and the API version stripe-go is pinned to),
// handles each event ID once, and keeps the tenant's subscription state.
// It answers 400 to events it refuses, 200 to events handled or already
// handled, and 500 when applying one failed, so that Stripe retries.
func (s *Service) Webhook() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.WebhookSecret == "" {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"error": "billing webhooks are not set up on this server"})
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": fmt.Sprintf("the event is larger than %d bytes or unreadable", maxWebhookBody)})
			return
		}
		ev, err := webhook.ConstructEvent(body, r.Header.Get("Stripe-Signature"), s.cfg.WebhookSecret)
		if err != nil {
			msg := refusal(err)
			s.log.WarnContext(r.Context(), "stripe webhook refused", "reason", msg, "err", err)
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": msg})
			return
		}
		dup, err := s.apply(r.Context(), ev)
		if err != nil {
			s.log.ErrorContext(r.Context(), "stripe webhook failed", "event", ev.ID, "type", ev.Type, "err", err)
			writeJSON(w, http.StatusInternalServerError, map[string]any{"error": "the event could not be applied; it will be retried"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"received": true, "duplicate": dup})
	})
}

// refusal says why ConstructEvent refused an event, without echoing it.
func refusal(err error) string {
	switch {
	case errors.Is(err, webhook.ErrNotSigned):
		return "no Stripe-Signature header"
	case errors.Is(err, webhook.ErrInvalidHeader), errors.Is(err, webhook.ErrNoValidSignature):
		return "the signature does not match"
	case errors.Is(err, webhook.ErrTooOld):
		return "the signature's timestamp is too old (more than 5 minutes)"
	case strings.Contains(err.Error(), "API version"):
		return "the event's api_version is not " + stripe.APIVersion
	default:
		return "the event is not valid JSON"
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// change is a tenant's new subscription state from one event.
type change struct {
	tenant, customer, subscription, status string
	plan                                   Plan
}

// apply handles ev once: the event's ID and the state it brings are
// written in one transaction, so a duplicate (or a retry after a crash)
// changes nothing.
func (s *Service) apply(ctx context.Context, ev stripe.Event) (duplicate bool, err error) {
	if ev.ID == "" {
		return false, errors.New("event without an id")
	}
	tx, err := s.db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("event %s: %w", ev.ID, err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	res, err := tx.ExecContext(ctx, `INSERT INTO processed_events (id, type, received_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		ev.ID, string(ev.Type), s.now().UnixMilli())
	if err != nil {
		return false, fmt.Errorf("event %s: record: %w", ev.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return true, tx.Commit()
	}
	c, ok, err := s.changeOf(ctx, tx, ev)
	if err != nil {
		return false, fmt.Errorf("event %s (%s): %w", ev.ID, ev.Type, err)
	}
	if ok {
		if err := s.setState(ctx, tx, ev, c); err != nil {
			return false, fmt.Errorf("event %s (%s): %w", ev.ID, ev.Type, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("event %s: commit: %w", ev.ID, err)
	}
	return false, nil
}

// changeOf reads the state an event brings; ok is false for events that
// bring none.
func (s *Service) changeOf(ctx context.Context, tx *sql.Tx, ev stripe.Event) (c change, ok bool, err error) {
	switch ev.Type {
	case stripe.EventTypeCheckoutSessionCompleted:
		var cs stripe.CheckoutSession
		if err := json.Unmarshal(ev.Data.Raw, &cs); err != nil {
			return c, false, fmt.Errorf("decode checkout session: %w", err)
		}
		if cs.Mode != stripe.CheckoutSessionModeSubscription || cs.ClientReferenceID == "" {
			return c, false, nil
		}
		plan, err := ParsePlan(cs.Metadata["plan"])
		if err != nil || !plan.Paid() {
			s.log.WarnContext(ctx, "checkout session without a paid plan in its metadata", "event", ev.ID, "session", cs.ID)
			return c, false, nil
		}
		c = change{tenant: cs.ClientReferenceID, plan: plan, status: string(stripe.SubscriptionStatusActive)}
		if cs.Customer != nil {
			c.customer = cs.Customer.ID
		}
		if cs.Subscription != nil {
			c.subscription = cs.Subscription.ID
		}
		return c, true, nil
	case stripe.EventTypeCustomerSubscriptionCreated, stripe.EventTypeCustomerSubscriptionUpdated, stripe.EventTypeCustomerSubscriptionDeleted:
		var sub stripe.Subscription
		if err := json.Unmarshal(ev.Data.Raw, &sub); err != nil {
			return c, false, fmt.Errorf("decode subscription: %w", err)
		}
		c = change{tenant: sub.Metadata["tenant_id"], subscription: sub.ID, status: string(sub.Status)}
		if sub.Customer != nil {
			c.customer = sub.Customer.ID
		}
		if c.tenant == "" && c.customer != "" {
			err := tx.QueryRowContext(ctx, `SELECT tenant_id FROM billing_accounts WHERE stripe_customer_id = ?`, c.customer).Scan(&c.tenant)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return c, false, err
			}
		}
		if c.tenant == "" {
			s.log.WarnContext(ctx, "subscription event for no known tenant", "event", ev.ID, "subscription", sub.ID)
			return c, false, nil
		}
		c.plan = s.planOfSubscription(&sub)
		if ev.Type == stripe.EventTypeCustomerSubscriptionDeleted {
			c.status = string(stripe.SubscriptionStatusCanceled)
		}
		if !active(c.status) {
			c.plan = Free
		}
		return c, true, nil
	}
	return c, false, nil
}

// planOfSubscription finds the plan a subscription is for: its metadata,
// or else the configured price of its first item.
func (s *Service) planOfSubscription(sub *stripe.Subscription) Plan {
	if p, err := ParsePlan(sub.Metadata["plan"]); err == nil && p.Paid() {
		return p
	}
	if sub.Items != nil {
		for _, it := range sub.Items.Data {
			if it.Price == nil {
				continue
			}
			for p, id := range s.cfg.Prices {
				if id == it.Price.ID {
					return p
				}
			}
		}
	}
	return Free
}

// setState writes c unless a newer event has already been applied, moves
// the tenant to c's plan, and records the change in the audit log.
func (s *Service) setState(ctx context.Context, tx *sql.Tx, ev stripe.Event, c change) error {
	var oldPlan string
	err := tx.QueryRowContext(ctx, `SELECT plan FROM tenants WHERE id = ?`, c.tenant).Scan(&oldPlan)
	if errors.Is(err, sql.ErrNoRows) {
		s.log.WarnContext(ctx, "billing event for an unknown tenant", "event", ev.ID, "tenant", c.tenant)
		return nil
	}
	if err != nil {
		return fmt.Errorf("tenant %s: %w", c.tenant, err)
	}
	var oldStatus string
	var last int64
	err = tx.QueryRowContext(ctx, `SELECT status, last_event_at FROM billing_accounts WHERE tenant_id = ?`, c.tenant).Scan(&oldStatus, &last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("billing account %s: %w", c.tenant, err)
	}
	if ev.Created < last {
		s.log.InfoContext(ctx, "older billing event ignored", "event", ev.ID, "tenant", c.tenant)
		return nil
	}
	now := s.now()
	_, err = tx.ExecContext(ctx, `INSERT INTO billing_accounts (tenant_id, stripe_customer_id, stripe_subscription_id, status, last_event_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id) DO UPDATE SET
			stripe_customer_id = CASE excluded.stripe_customer_id WHEN '' THEN stripe_customer_id ELSE excluded.stripe_customer_id END,
			stripe_subscription_id = CASE excluded.stripe_subscription_id WHEN '' THEN stripe_subscription_id ELSE excluded.stripe_subscription_id END,
			status = excluded.status, last_event_at = excluded.last_event_at, updated_at = excluded.updated_at`,
		c.tenant, c.customer, c.subscription, c.status, ev.Created, now.UnixMilli())
	if err != nil {
		return fmt.Errorf("billing account %s: %w", c.tenant, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tenants SET plan = ? WHERE id = ?`, string(c.plan), c.tenant); err != nil {
		return fmt.Errorf("plan of %s: %w", c.tenant, err)
	}
	if oldPlan == string(c.plan) && oldStatus == c.status {
		return nil
	}
	target := fmt.Sprintf("plan %s→%s, status %q→%q (Stripe event %s)", oldPlan, c.plan, oldStatus, c.status, ev.ID)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (tenant_id, actor, action, target, ip, created_at) VALUES (?, 'stripe', 'billing_changed', ?, '', ?)`,
		c.tenant, target, now.UnixMilli())
	if err != nil {
		return fmt.Errorf("audit billing change of %s: %w", c.tenant, err)
	}
	s.log.InfoContext(ctx, "billing changed", "tenant", c.tenant, "plan", c.plan, "status", c.status, "event", ev.ID)
	return nil
}
