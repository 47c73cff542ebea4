-- +goose Up
-- Tenant-defined crawls (server/tenancy): the tenant's own site adapter
-- and keywords. id is the ID of the crawl's job (jobs table), which holds
-- its status, progress and error; pages and listings are counted here as
-- the crawl goes. The crawl's frontier is crawl_frontier under the crawl
-- ID "tenant-<id>".
CREATE TABLE tenant_crawls (
    id         TEXT PRIMARY KEY,
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

-- +goose Down
DROP TABLE tenant_crawls;
