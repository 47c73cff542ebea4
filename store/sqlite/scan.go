package sqlite

import (
	"context"
	"fmt"

	"github.com/exportscope/exportscope/store"
)

// Scan pages through the matching documents by ID (keyset pagination, so a
// long scan holds no transaction open between batches).
func (s *Store) Scan(ctx context.Context, q store.ScanQuery, fn func([]store.Doc) error) error {
	t, ok := s.tables[q.Kind]
	if !ok {
		return fmt.Errorf("%w: unknown kind %q", store.ErrBadQuery, q.Kind)
	}
	if q.BatchSize <= 0 {
		q.BatchSize = 1000
	}
	cond, args, err := where(q.Kind, q.Scope, q.Filter)
	if err != nil {
		return err
	}
	query := fmt.Sprintf("SELECT t.doc FROM %s t WHERE %s AND t.id > ? ORDER BY t.id LIMIT ?", t.name, cond)
	after := ""
	for {
		batch, err := s.scanBatch(ctx, q.Kind, query, append(append([]any(nil), args...), after, q.BatchSize))
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		if err := fn(batch); err != nil {
			return err
		}
		if len(batch) < q.BatchSize {
			return nil
		}
		after = batch[len(batch)-1].DocID()
	}
}

func (s *Store) scanBatch(ctx context.Context, kind store.Kind, query string, args []any) ([]store.Doc, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	return s.queryDocs(ctx, kind, query, args...)
}
