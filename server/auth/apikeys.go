package auth

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/exportscope/exportscope/server/apperr"
)

// APIKey describes a key without its secret.
type APIKey struct {
	ID        string
	Name      string
	Role      Role
	Prefix    string // the key's first characters
	CreatedAt time.Time
	RevokedAt *time.Time
}

// CreateAPIKey makes a key for the caller's tenant with role (at most the
// caller's own). The secret is returned once and never stored.
func (s *Service) CreateAPIKey(ctx context.Context, p *Principal, name string, role Role, ip string) (APIKey, string, error) {
	if err := Require(p, ManageKeys); err != nil {
		return APIKey{}, "", err
	}
	name, err := checkName("key name", name)
	if err != nil {
		return APIKey{}, "", err
	}
	if err := CheckRole(p.Tenant.Kind, role); err != nil {
		return APIKey{}, "", err
	}
	if err := CanDelegate(p.Role, role); err != nil {
		return APIKey{}, "", err
	}
	secret, hash := newSecret("esk_")
	now := s.now()
	k := APIKey{ID: newID(), Name: name, Role: role, Prefix: secret[:10], CreatedAt: now.UTC()}
	var createdBy any
	if p.KeyID == "" {
		createdBy = p.User.ID
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_keys (id, tenant_id, created_by, name, role, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			k.ID, p.Tenant.ID, createdBy, k.Name, string(role), k.Prefix, hash, now.UnixMilli()); err != nil {
			return err
		}
		return audit(ctx, tx, now, p.Tenant.ID, p.User.ID, "api_key_created", k.ID, ip)
	})
	if err != nil {
		return APIKey{}, "", fmt.Errorf("create API key: %w", err)
	}
	return k, secret, nil
}

// APIKeys lists the caller's tenant's keys, newest first.
func (s *Service) APIKeys(ctx context.Context, p *Principal) ([]APIKey, error) {
	if err := Require(p, ManageKeys); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys
		WHERE tenant_id = ? ORDER BY created_at DESC, id`, p.Tenant.ID)
	if err != nil {
		return nil, fmt.Errorf("list API keys: %w", err)
	}
	defer rows.Close()
	var out []APIKey
	for rows.Next() {
		var k APIKey
		var role string
		var created int64
		var revoked sql.NullInt64
		if err := rows.Scan(&k.ID, &k.Name, &role, &k.Prefix, &created, &revoked); err != nil {
			return nil, fmt.Errorf("list API keys: %w", err)
		}
		k.Role, k.CreatedAt = Role(role), time.UnixMilli(created).UTC()
		if revoked.Valid {
			t := time.UnixMilli(revoked.Int64).UTC()
			k.RevokedAt = &t
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeAPIKey revokes one of the caller's tenant's keys; a key of another
// tenant is not found.
func (s *Service) RevokeAPIKey(ctx context.Context, p *Principal, id, ip string) error {
	if err := Require(p, ManageKeys); err != nil {
		return err
	}
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND tenant_id = ?`,
			now.UnixMilli(), id, p.Tenant.ID)
		if err != nil {
			return fmt.Errorf("revoke API key %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "no API key %q", id)
		}
		return audit(ctx, tx, now, p.Tenant.ID, p.User.ID, "api_key_revoked", id, ip)
	})
}
