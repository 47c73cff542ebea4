-- +goose Up
-- Association portals (server/portal): one white-label portal per
-- association tenant, its memberships with exporter tenants, the members'
-- public profiles, buyer inquiries routed to members, and reports the
-- association publishes to its members.

-- featured_sectors and public_figures are JSON arrays of strings. The logo
-- is either an https URL or a small uploaded image kept in logo_data.
CREATE TABLE portals (
    tenant_id        TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    slug             TEXT NOT NULL UNIQUE,
    host             TEXT UNIQUE COLLATE NOCASE,
    name_zh          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    intro_zh         TEXT NOT NULL DEFAULT '',
    intro_en         TEXT NOT NULL DEFAULT '',
    logo_url         TEXT NOT NULL DEFAULT '',
    logo_type        TEXT NOT NULL DEFAULT '',
    logo_data        BLOB,
    color_primary    TEXT NOT NULL,
    color_accent     TEXT NOT NULL,
    featured_sectors TEXT NOT NULL DEFAULT '[]',
    public_figures   TEXT NOT NULL DEFAULT '[]',
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

-- An association invites an exporter; the exporter accepts or declines;
-- either side can end an active membership. Inviting again after it ended
-- reuses the row.
CREATE TABLE portal_memberships (
    id             TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    member_id      TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    status         TEXT NOT NULL CHECK (status IN ('invited', 'active', 'declined', 'ended')),
    invited_at     INTEGER NOT NULL,
    accepted_at    INTEGER,
    ended_at       INTEGER,
    ended_by       TEXT NOT NULL DEFAULT '',
    UNIQUE (association_id, member_id)
);
CREATE INDEX portal_memberships_member ON portal_memberships (member_id);

-- A member's profile, shown on the portals of its associations. The list
-- fields are JSON arrays. price_usd_per_ton is private: it only feeds the
-- anonymised peer benchmarks.
CREATE TABLE member_profiles (
    tenant_id          TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    company_zh         TEXT NOT NULL,
    company_en         TEXT NOT NULL,
    sectors            TEXT NOT NULL DEFAULT '[]',
    products_zh        TEXT NOT NULL DEFAULT '[]',
    products_en        TEXT NOT NULL DEFAULT '[]',
    certifications     TEXT NOT NULL DEFAULT '[]',
    export_markets     TEXT NOT NULL DEFAULT '[]',
    capacity_zh        TEXT NOT NULL DEFAULT '',
    capacity_en        TEXT NOT NULL DEFAULT '',
    price_usd_per_ton  REAL,
    updated_at         INTEGER NOT NULL
);

-- A buyer's inquiry sent through a portal, and the members it was routed
-- to (by sector and product), each with its own responded mark.
CREATE TABLE portal_inquiries (
    id             TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    sector         TEXT NOT NULL,
    product        TEXT NOT NULL,
    quantity       TEXT NOT NULL,
    destination    TEXT NOT NULL,
    contact_name   TEXT NOT NULL,
    contact_email  TEXT NOT NULL,
    message        TEXT NOT NULL DEFAULT '',
    lang           TEXT NOT NULL DEFAULT 'zh',
    created_at     INTEGER NOT NULL
);
CREATE INDEX portal_inquiries_association ON portal_inquiries (association_id, created_at);

CREATE TABLE portal_inquiry_recipients (
    inquiry_id   TEXT NOT NULL REFERENCES portal_inquiries (id) ON DELETE CASCADE,
    member_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    responded_at INTEGER,
    PRIMARY KEY (inquiry_id, member_id)
);
CREATE INDEX portal_inquiry_recipients_member ON portal_inquiry_recipients (member_id);

-- Reports an association publishes to its members: audience 'all' (every
-- active member) or 'chosen' (the rows of portal_report_recipients).
-- doc_id is the report document in the association's scope of the market
-- store.
CREATE TABLE portal_reports (
    id             TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    job_id         TEXT NOT NULL,
    doc_id         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    sector         TEXT NOT NULL,
    title_zh       TEXT NOT NULL,
    title_en       TEXT NOT NULL,
    audience       TEXT NOT NULL CHECK (audience IN ('all', 'chosen')),
    created_at     INTEGER NOT NULL
);
CREATE INDEX portal_reports_association ON portal_reports (association_id, created_at);

CREATE TABLE portal_report_recipients (
    report_id TEXT NOT NULL REFERENCES portal_reports (id) ON DELETE CASCADE,
    member_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    PRIMARY KEY (report_id, member_id)
);
CREATE INDEX portal_report_recipients_member ON portal_report_recipients (member_id);

-- +goose Down
DROP TABLE portal_report_recipients;
DROP TABLE portal_reports;
DROP TABLE portal_inquiry_recipients;
DROP TABLE portal_inquiries;
DROP TABLE member_profiles;
DROP TABLE portal_memberships;
DROP TABLE portals;
