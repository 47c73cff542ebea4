package jobs

import (
	"context"
	"fmt"
	"strings"
)

// ListKinds returns a tenant's most recent jobs of the given kinds, newest
// first (at most limit, 1 to 1000; 100 otherwise).
func (r *Runner) ListKinds(ctx context.Context, tenant string, kinds []string, limit int) ([]Info, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	args := []any{tenant}
	for _, k := range kinds {
		args = append(args, k)
	}
	args = append(args, limit)
	ph := strings.TrimSuffix(strings.Repeat("?,", len(kinds)), ",")
	rows, err := r.db.Reader().QueryContext(ctx, selectInfo+` WHERE tenant_id = ? AND kind IN (`+ph+`) ORDER BY created_at DESC, id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("jobs: list %v: %w", kinds, err)
	}
	defer rows.Close()
	var out []Info
	for rows.Next() {
		i, err := scanInfo(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}
