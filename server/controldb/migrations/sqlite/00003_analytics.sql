-- +goose Up
-- Analytics: tenants' private sectors, their uploads for the brand report,
-- watchlists and alerts, report schedules, and what the job runner needs
-- to resume, cancel and watch jobs.

-- A tenant's own sectors (HS codes and keywords), private to the tenant.
-- body is the analytics.Sector as JSON.
CREATE TABLE tenant_sectors (
    tenant_id  TEXT NOT NULL,
    slug       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, slug)
);

-- Sellers a tenant authorises to sell its brand; marketplace '' means on
-- every marketplace. seller_key is the seller's name folded for matching.
CREATE TABLE authorised_sellers (
    tenant_id   TEXT NOT NULL,
    brand       TEXT NOT NULL COLLATE NOCASE,
    seller      TEXT NOT NULL,
    seller_key  TEXT NOT NULL,
    marketplace TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, brand, seller_key, marketplace)
);

-- A tenant's minimum advertised prices: per brand, optionally per product
-- (GTIN or SKU) and per storefront country ('' for all).
CREATE TABLE min_prices (
    tenant_id  TEXT NOT NULL,
    brand      TEXT NOT NULL COLLATE NOCASE,
    gtin       TEXT NOT NULL DEFAULT '',
    sku        TEXT NOT NULL DEFAULT '',
    country    TEXT NOT NULL DEFAULT '',
    currency   TEXT NOT NULL,
    min_price  REAL NOT NULL CHECK (min_price > 0),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, brand, gtin, sku, country)
);

-- Watchlists: what a tenant wants to be alerted about.
--   listing_price: params {"listingId"}: the price moved more than threshold_pct
--   brand_top20:   params {"sector","market"}: a brand entered the market's top 20
--   imports_jump:  params {"sector","market"}: imports grew more than threshold_pct in a year
-- state keeps what the last evaluation saw (the top 20, the last price).
CREATE TABLE watchlists (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('listing_price', 'brand_top20', 'imports_jump')),
    params        TEXT NOT NULL DEFAULT '{}',
    threshold_pct REAL NOT NULL DEFAULT 10,
    state         TEXT NOT NULL DEFAULT '{}',
    created_at    INTEGER NOT NULL,
    checked_at    INTEGER
);
CREATE INDEX watchlists_tenant ON watchlists (tenant_id);

-- Alerts raised by watchlists, for the API. dedupe_key makes the same
-- event raise one alert however often the job runs.
CREATE TABLE alerts (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL,
    watchlist_id TEXT NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    dedupe_key   TEXT NOT NULL,
    message      TEXT NOT NULL,
    details      TEXT NOT NULL DEFAULT '{}',
    created_at   INTEGER NOT NULL,
    read_at      INTEGER,
    UNIQUE (watchlist_id, dedupe_key)
);
CREATE INDEX alerts_tenant ON alerts (tenant_id, created_at);

-- Scheduled jobs (cron specifications). last_fired_at guards against two
-- processes firing the same slot.
CREATE TABLE job_schedules (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL,
    spec          TEXT NOT NULL,
    params        TEXT NOT NULL DEFAULT '{}',
    enabled       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    last_fired_at INTEGER
);

-- The runner's bookkeeping on jobs: which process runs it, how often it
-- was started, and a cancellation request another process can see.
ALTER TABLE jobs ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
CREATE INDEX jobs_status_heartbeat ON jobs (status, heartbeat);

-- +goose Down
DROP INDEX jobs_status_heartbeat;
ALTER TABLE jobs DROP COLUMN cancel_requested;
ALTER TABLE jobs DROP COLUMN attempts;
ALTER TABLE jobs DROP COLUMN owner;
DROP TABLE job_schedules;
DROP TABLE alerts;
DROP TABLE watchlists;
DROP TABLE min_prices;
DROP TABLE authorised_sellers;
DROP TABLE tenant_sectors;
