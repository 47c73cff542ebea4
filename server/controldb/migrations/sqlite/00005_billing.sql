-- +goose Up
-- Billing (server/billing): each tenant's Stripe customer and subscription,
-- the Stripe events already handled, and usage counters. The tenant's
-- effective plan stays in tenants.plan (00001), which the webhook keeps in
-- step with the subscription.

-- One row per tenant that has ever gone to checkout. last_event_at is the
-- creation time (Unix seconds) of the newest Stripe event applied, so an
-- older event delivered late does not undo a newer one.
CREATE TABLE billing_accounts (
    tenant_id              TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    stripe_customer_id     TEXT NOT NULL DEFAULT '',
    stripe_subscription_id TEXT NOT NULL DEFAULT '',
    status                 TEXT NOT NULL DEFAULT '',
    last_event_at          INTEGER NOT NULL DEFAULT 0,
    updated_at             INTEGER NOT NULL
);
CREATE INDEX billing_accounts_customer ON billing_accounts (stripe_customer_id);

-- Stripe delivers an event at least once; an ID found here is a duplicate
-- and changes nothing.
CREATE TABLE processed_events (
    id          TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    received_at INTEGER NOT NULL
);

-- Metered usage per tenant, metric ('reports') and period ('2026-07').
CREATE TABLE usage_counters (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    metric    TEXT NOT NULL,
    period    TEXT NOT NULL,
    count     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, metric, period)
);

-- +goose Down
DROP TABLE usage_counters;
DROP TABLE processed_events;
DROP TABLE billing_accounts;
