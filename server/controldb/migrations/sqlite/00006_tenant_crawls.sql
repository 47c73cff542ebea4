-- +goose Up
-- Tenant-defined crawls (server/tenancy): the tenant's own site adapter
-- and keywords. job_id is the crawl's job (jobs table), which holds its
-- status, progress and error; it is set right after the record is
-- written. pages and listings are counted here as the crawl goes. The
-- crawl's frontier is crawl_frontier under the crawl ID "tenant-<id>".
CREATE TABLE tenant_crawls (
    id         TEXT PRIMARY KEY,
    job_id     TEXT NOT NULL DEFAULT '',
    tenant_id  TEXT NOT NULL,
    site       TEXT NOT NULL,
    adapter    TEXT NOT NULL,
    keywords   TEXT NOT NULL DEFAULT '[]',
    max_pages  INTEGER NOT NULL,
    pages      INTEGER NOT NULL DEFAULT 0,
    listings   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX tenant_crawls_tenant ON tenant_crawls (tenant_id, created_at);

-- A tenant's jobs of some kinds, newest first (the API's report list).
CREATE INDEX jobs_tenant_kind_created ON jobs (tenant_id, kind, created_at);

-- +goose Down
DROP INDEX jobs_tenant_kind_created;
DROP TABLE tenant_crawls;
