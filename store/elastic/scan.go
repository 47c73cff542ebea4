package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/exportscope/exportscope/store"
)

// scanKeepAlive is how long a point in time stays open between two pages.
const scanKeepAlive = "2m"

// Scan reads every matching document of the scope in ID order from a point
// in time, so that concurrent writes do not shift its pages: sorted by id
// (ties, which IDs do not have, by _shard_doc) and paged with search_after,
// sending the newest point-in-time ID each time.
func (s *Store) Scan(ctx context.Context, q store.ScanQuery, fn func([]store.Doc) error) error {
	if err := store.CheckFilter(q.Kind, q.Filter); err != nil {
		return err
	}
	if _, ok := mappingVersion[q.Kind]; !ok {
		return fmt.Errorf("%w: unknown document kind %q", store.ErrBadQuery, q.Kind)
	}
	if q.BatchSize <= 0 {
		q.BatchSize = 1000
	}
	q.BatchSize = min(q.BatchSize, 10000) // index.max_result_window
	done, err := s.enter()
	if err != nil {
		return err
	}
	defer done()
	query := scoped(q.Scope, boolQuery{Filter: filterClauses(q.Filter)})
	sort := []any{map[string]any{"id": "asc"}, map[string]any{"_shard_doc": "asc"}}
	return s.scanRaw(ctx, s.alias(q.Kind), query, sort, q.BatchSize, func(hits []hit) error {
		docs := make([]store.Doc, 0, len(hits))
		for _, h := range hits {
			d, err := decode(q.Kind, h)
			if err != nil {
				return fmt.Errorf("elastic: scan: %w", err)
			}
			docs = append(docs, d)
		}
		return fn(docs)
	})
}

// scanRaw pages through index with a point in time and calls fn with each
// page of hits. An error of fn ends the scan and is returned as it is.
func (s *Store) scanRaw(ctx context.Context, index string, query map[string]any, sort []any, size int, fn func([]hit) error) error {
	var opened struct {
		ID string `json:"id"`
	}
	if err := s.do(ctx, esapi.OpenPointInTimeRequest{Index: []string{index}, KeepAlive: scanKeepAlive}, &opened); err != nil {
		return fmt.Errorf("elastic: open point in time on %s: %w", index, err)
	}
	pit := opened.ID
	defer func() {
		// Close the point in time even when ctx has ended.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		b, _ := json.Marshal(map[string]any{"id": pit})
		if err := s.do(cctx, esapi.ClosePointInTimeRequest{Body: bytes.NewReader(b)}, nil); err != nil {
			s.log.Warn("closing point in time", "index", index, "err", err)
		}
	}()
	var after []json.RawMessage
	for {
		body := map[string]any{
			"query":            query,
			"size":             size,
			"sort":             sort,
			"pit":              map[string]any{"id": pit, "keep_alive": scanKeepAlive},
			"track_total_hits": false,
		}
		if after != nil {
			body["search_after"] = after
		}
		res, err := s.search(ctx, nil, body)
		if err != nil {
			return fmt.Errorf("elastic: scan %s: %w", index, err)
		}
		if res.PitID != "" {
			pit = res.PitID
		}
		hits := res.Hits.Hits
		if len(hits) == 0 {
			return nil
		}
		if err := fn(hits); err != nil {
			return err
		}
		if len(hits) < size {
			return nil
		}
		after = hits[len(hits)-1].Sort
	}
}
