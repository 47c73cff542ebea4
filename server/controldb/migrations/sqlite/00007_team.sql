-- +goose Up
-- Team (server/auth/team.go): invitations to join a tenant, and the key
-- that signs session cookies.
--
-- An invitation's token is shown once to the inviter and stored as its
-- SHA-256 (256-bit random, like session tokens). It can be accepted once,
-- before expires_at, unless revoked.
CREATE TABLE invitations (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email       TEXT NOT NULL COLLATE NOCASE,
    role        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    invited_by  TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    accepted_at INTEGER,
    revoked_at  INTEGER
);
CREATE INDEX invitations_tenant ON invitations (tenant_id, created_at);

-- Keys of the server itself, made on first start and kept so that
-- cookies stay valid across restarts (name 'session_cookie': the
-- securecookie hash and block keys).
CREATE TABLE server_keys (
    name       TEXT PRIMARY KEY,
    hash_key   BLOB NOT NULL,
    block_key  BLOB NOT NULL,
    created_at INTEGER NOT NULL
);

-- +goose Down
DROP TABLE server_keys;
DROP TABLE invitations;
