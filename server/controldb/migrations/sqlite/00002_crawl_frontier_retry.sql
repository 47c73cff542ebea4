-- +goose Up
-- What the crawl engine (crawlers/crawl) needs beyond the frontier of
-- 00001: when a queued URL may be tried again (retries with backoff and
-- Retry-After), the last HTTP status, and the page's pending documents.
--
-- pending is an outbox: the documents a fetched page produced, written in
-- the same transaction as the links found on it, before they go to the
-- market store. A row that is still 'queued' with pending set was fetched
-- and processed; a resumed crawl stores its documents without fetching the
-- page again. It is cleared when the row becomes 'done'.
ALTER TABLE crawl_urls ADD COLUMN next_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crawl_urls ADD COLUMN http_status INTEGER;
ALTER TABLE crawl_urls ADD COLUMN pending BLOB;
CREATE INDEX crawl_urls_due ON crawl_urls (crawl_id, status, next_at);

-- One row per crawl. started_at is the crawl's moment: every listing and
-- snapshot of the crawl is stamped with it, also when the crawl is
-- resumed later, so a resumed crawl writes one snapshot per listing, as an
-- uninterrupted one does.
CREATE TABLE crawls (
    id          TEXT PRIMARY KEY,
    adapter     TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER
);

-- +goose Down
DROP TABLE crawls;
DROP INDEX crawl_urls_due;
ALTER TABLE crawl_urls DROP COLUMN pending;
ALTER TABLE crawl_urls DROP COLUMN http_status;
ALTER TABLE crawl_urls DROP COLUMN next_at;
