-- +goose Up
CREATE TABLE tenants (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('exporter', 'association', 'training_base')),
    plan       TEXT NOT NULL DEFAULT 'free',
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX users_tenant ON users (tenant_id);

-- Jobs are crawls, report builds and alert runs. A job that was running
-- when the process died is found by its stale heartbeat.
CREATE TABLE jobs (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    progress    REAL NOT NULL DEFAULT 0,
    params      TEXT NOT NULL DEFAULT '{}',
    result      TEXT,
    error       TEXT,
    created_at  INTEGER NOT NULL,
    started_at  INTEGER,
    finished_at INTEGER,
    heartbeat   INTEGER
);
CREATE INDEX jobs_tenant_status ON jobs (tenant_id, status);

-- The crawl frontier: one row per URL of a crawl, so that a killed crawl
-- resumes where it stopped.
CREATE TABLE crawl_urls (
    crawl_id   TEXT NOT NULL,
    url        TEXT NOT NULL,
    depth      INTEGER NOT NULL DEFAULT 0,
    status     TEXT NOT NULL CHECK (status IN ('queued', 'done', 'failed', 'skipped')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (crawl_id, url)
);
CREATE INDEX crawl_urls_status ON crawl_urls (crawl_id, status);

-- Stored reports are documents in the market store; this is their index
-- per tenant and job.
CREATE TABLE reports (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    job_id     TEXT REFERENCES jobs (id),
    kind       TEXT NOT NULL,
    sector     TEXT NOT NULL,
    market     TEXT,
    brand      TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX reports_tenant ON reports (tenant_id, created_at);

-- +goose Down
DROP TABLE reports;
DROP TABLE crawl_urls;
DROP TABLE jobs;
DROP TABLE users;
DROP TABLE tenants;
