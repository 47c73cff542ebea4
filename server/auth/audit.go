package auth

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// audit records a security-relevant action in the audit log.
func audit(ctx context.Context, db execer, now time.Time, tenant, actor, action, target, ip string) error {
	_, err := db.ExecContext(ctx, `INSERT INTO audit_log (tenant_id, actor, action, target, ip, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		tenant, actor, action, target, ip, now.UnixMilli())
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// AuditEntry is one row of the audit log.
type AuditEntry struct {
	Actor, Action, Target, IP string
	At                        time.Time
}

// AuditLog returns a tenant's most recent audit entries, newest first.
func (s *Service) AuditLog(ctx context.Context, tenant string, limit int) ([]AuditEntry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT actor, action, target, ip, created_at FROM audit_log
		WHERE tenant_id = ? ORDER BY id DESC LIMIT ?`, tenant, limit)
	if err != nil {
		return nil, fmt.Errorf("audit log of %s: %w", tenant, err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&e.Actor, &e.Action, &e.Target, &e.IP, &at); err != nil {
			return nil, fmt.Errorf("audit log of %s: %w", tenant, err)
		}
		e.At = time.UnixMilli(at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
