package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"
	"github.com/elastic/go-elasticsearch/v8/esutil"

	"github.com/exportscope/exportscope/store"
)

// esID is a document's _id: its tenant and ID, so that a tenant's copy and
// the public one of the same ID are different documents. The tenant is
// path-escaped, so the first '/' ends it.
func esID(tenant, id string) string { return url.PathEscape(tenant) + "/" + id }

// source is the JSON that Bulk indexes for d: the document's own JSON plus
// its tenant and ID (which some documents omit), and zero counts that the
// JSON omits but which are values, not missing ones.
func source(d store.Doc) ([]byte, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	m["tenant"] = d.DocTenant()
	m["id"] = d.DocID()
	var zeros []string
	switch d.Kind() {
	case store.KindListing, store.KindSnapshot:
		zeros = []string{"reviewCount"} // salesRank 0 means "not shown": missing
	case store.KindTradeFlow:
		zeros = []string{"month"} // 0: annual data
	}
	for _, f := range zeros {
		if _, ok := m[f]; !ok {
			m[f] = 0
		}
	}
	return json.Marshal(m)
}

// outcome is what the bulk indexer said about one document.
type outcome struct {
	done   bool
	ok     bool
	status int
	resp   esutil.BulkIndexerResponseItem
	err    error
}

// Bulk validates docs and indexes the valid ones. Invalid documents get
// their validation error and are not sent.
//
// Each call (and each retry round within it) uses its own
// esutil.BulkIndexer: the indexer never retries failed items and delivers
// results through callbacks, so a round ends with Close, the documents
// that the cluster could not take (the request failed, or the item came
// back 429 or 5xx) are collected, and the next round resends only those
// after a backoff, until Config.RetryFor has passed. Indexing by _id makes
// a resent document replace itself, so a retry never duplicates one. A
// document is reported stored only when its own item result said so.
//
// Unless Config.NoRefresh is set, Bulk refreshes the indices it wrote, so
// that searches see the documents once it returns.
func (s *Store) Bulk(ctx context.Context, docs []store.Doc) (store.BulkResult, error) {
	res := store.BulkResult{Items: make([]store.ItemResult, len(docs))}
	for i, d := range docs {
		res.Items[i] = store.ItemResult{Kind: d.Kind(), ID: d.DocID()}
	}
	done, err := s.enter()
	if err != nil {
		for i := range res.Items {
			res.Items[i].Err = err
		}
		return res, fmt.Errorf("elastic: bulk: %w", err)
	}
	defer done()

	bodies := make([][]byte, len(docs))
	var pending []int
	for i, d := range docs {
		if err := d.Validate(); err != nil {
			res.Items[i].Err = err
			continue
		}
		if _, ok := mappingVersion[d.Kind()]; !ok {
			res.Items[i].Err = fmt.Errorf("%s %s: unknown document kind", d.Kind(), d.DocID())
			continue
		}
		b, err := source(d)
		if err != nil {
			res.Items[i].Err = fmt.Errorf("%s %s: encoding: %w", d.Kind(), d.DocID(), err)
			continue
		}
		bodies[i] = b
		pending = append(pending, i)
	}

	touched := map[store.Kind]bool{}
	deadline := time.Now().Add(s.cfg.RetryFor)
	var lastErr error
	for round := 0; len(pending) > 0; round++ {
		if round > 0 {
			wait := backoff(round-1, 250*time.Millisecond, 5*time.Second)
			if time.Now().Add(wait).After(deadline) {
				break
			}
			s.log.Warn("bulk: retrying documents the cluster did not take", "count", len(pending), "round", round, "wait", wait, "cause", lastErr)
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return s.giveUp(res, pending, ctx.Err())
			}
		}
		retry, cause, err := s.bulkRound(ctx, docs, bodies, pending, res.Items, touched)
		if err != nil {
			return s.giveUp(res, pending, err)
		}
		pending, lastErr = retry, cause
	}
	if len(pending) > 0 {
		return s.giveUp(res, pending, fmt.Errorf("%w: gave up after %s: %v", store.ErrUnavailable, s.cfg.RetryFor, lastErr))
	}
	if len(touched) > 0 && !s.cfg.NoRefresh {
		if err := s.refresh(ctx, touched); err != nil {
			return res, fmt.Errorf("elastic: bulk: documents stored, but %w", err)
		}
	}
	return res, nil
}

// giveUp marks the pending documents not stored because of cause.
func (s *Store) giveUp(res store.BulkResult, pending []int, cause error) (store.BulkResult, error) {
	for _, i := range pending {
		res.Items[i].Err = fmt.Errorf("%s %s: not stored: %w", res.Items[i].Kind, res.Items[i].ID, cause)
	}
	return res, fmt.Errorf("elastic: bulk: %d of %d documents not stored: %w", len(pending), len(res.Items), cause)
}

var flushStatus = regexp.MustCompile(`^flush: \[(\d{3}) `)

// bulkRound sends the pending documents through one bulk indexer and sets
// the items' results. It returns the documents to try again and why, or an
// error when the round was cut short (the context ended).
func (s *Store) bulkRound(ctx context.Context, docs []store.Doc, bodies [][]byte, pending []int, items []store.ItemResult, touched map[store.Kind]bool) (retry []int, cause, err error) {
	var mu sync.Mutex
	outcomes := make([]outcome, len(docs))
	bi, err := esutil.NewBulkIndexer(esutil.BulkIndexerConfig{
		Client:        s.es,
		NumWorkers:    2,
		FlushBytes:    5 << 20,
		FlushInterval: time.Minute, // Close flushes; no timer needed
	})
	if err != nil {
		return nil, nil, err
	}
	for _, i := range pending {
		d := docs[i]
		err := bi.Add(ctx, esutil.BulkIndexerItem{
			Index:      s.alias(d.Kind()),
			Action:     "index",
			DocumentID: esID(d.DocTenant(), d.DocID()),
			Body:       bytes.NewReader(bodies[i]),
			OnSuccess: func(_ context.Context, _ esutil.BulkIndexerItem, r esutil.BulkIndexerResponseItem) {
				mu.Lock()
				outcomes[i] = outcome{done: true, ok: true, status: r.Status}
				mu.Unlock()
			},
			OnFailure: func(_ context.Context, _ esutil.BulkIndexerItem, r esutil.BulkIndexerResponseItem, err error) {
				mu.Lock()
				outcomes[i] = outcome{done: true, status: r.Status, resp: r, err: err}
				mu.Unlock()
			},
		})
		if err != nil {
			bi.Close(context.Background())
			return nil, nil, err
		}
	}
	if err := bi.Close(ctx); err != nil {
		// The workers may still be running; their results are not read.
		return nil, nil, err
	}
	mu.Lock()
	defer mu.Unlock()
	for _, i := range pending {
		o := outcomes[i]
		d := docs[i]
		switch {
		case o.ok:
			items[i].Err = nil
			touched[d.Kind()] = true
		case !o.done:
			retry, cause = append(retry, i), errors.New("no result for the document")
		case o.err != nil:
			// The whole request failed: unreachable, or the cluster
			// answered it with an error status.
			if m := flushStatus.FindStringSubmatch(o.err.Error()); m != nil {
				if code, _ := strconv.Atoi(m[1]); code >= 400 && code < 500 && code != http.StatusTooManyRequests {
					items[i].Err = fmt.Errorf("%s %s: bulk request rejected: %v", d.Kind(), d.DocID(), o.err)
					continue
				}
			}
			retry, cause = append(retry, i), o.err
		case o.status == http.StatusTooManyRequests || o.status >= 500:
			retry, cause = append(retry, i), fmt.Errorf("%d %s: %s", o.status, o.resp.Error.Type, o.resp.Error.Reason)
		default:
			items[i].Err = itemError(d, o.resp)
		}
	}
	return retry, cause, nil
}

// Parsing and mapping errors name the offending field in their reason:
// "failed to parse field [price] of type [double] ..." or "dynamic
// introduction of [colour] within [_doc] is not allowed".
var reasonField = regexp.MustCompile(`(?:field|introduction of) \[([^\]]+)\]`)

// itemError explains why the cluster refused a document. Mapping conflicts
// become a *store.ValidationError naming the document and the field.
func itemError(d store.Doc, r esutil.BulkIndexerResponseItem) error {
	reason := r.Error.Reason
	if r.Error.Cause.Reason != "" {
		reason += ": " + r.Error.Cause.Reason
	}
	switch r.Error.Type {
	case "document_parsing_exception", "mapper_parsing_exception", "strict_dynamic_mapping_exception", "illegal_argument_exception":
		field := "(unknown)"
		if m := reasonField.FindStringSubmatch(r.Error.Reason); m != nil {
			field = m[1]
		}
		return &store.ValidationError{Kind: d.Kind(), ID: d.DocID(), Field: field,
			Reason: fmt.Sprintf("rejected by the index mapping (%s): %s", r.Error.Type, reason)}
	}
	return fmt.Errorf("%s %s: not stored: %d %s: %s", d.Kind(), d.DocID(), r.Status, r.Error.Type, reason)
}

// refresh makes the kinds' recent writes visible to searches.
func (s *Store) refresh(ctx context.Context, kinds map[store.Kind]bool) error {
	var names []string
	for _, kind := range store.Kinds {
		if kinds[kind] {
			names = append(names, s.alias(kind))
		}
	}
	if err := s.do(ctx, esapi.IndicesRefreshRequest{Index: names}, nil); err != nil {
		return fmt.Errorf("refresh %s: %w", strings.Join(names, ","), err)
	}
	return nil
}

// Delete removes the scope's documents of kind with the given IDs. It finds
// them with a scoped query, so it cannot touch another tenant's documents,
// and deletes them by _id.
func (s *Store) Delete(ctx context.Context, scope store.Scope, kind store.Kind, ids []string) error {
	done, err := s.enter()
	if err != nil {
		return err
	}
	defer done()
	if _, ok := mappingVersion[kind]; !ok {
		return fmt.Errorf("%w: unknown document kind %q", store.ErrBadQuery, kind)
	}
	var found []string
	for chunk := range chunks(ids, 1000) {
		hits, err := s.searchHits(ctx, kind, map[string]any{
			"query":   scoped(scope, boolQuery{Filter: []any{terms("id", chunk)}}),
			"size":    len(chunk),
			"_source": false,
		})
		if err != nil {
			return fmt.Errorf("elastic: delete %s: %w", kind, err)
		}
		for _, h := range hits {
			found = append(found, h.ID)
		}
	}
	if len(found) == 0 {
		return nil
	}
	for chunk := range chunks(found, 1000) {
		var buf bytes.Buffer
		for _, id := range chunk {
			meta, _ := json.Marshal(map[string]any{"delete": map[string]any{"_index": s.alias(kind), "_id": id}})
			buf.Write(meta)
			buf.WriteByte('\n')
		}
		var res bulkResponse
		if err := s.do(ctx, esapi.BulkRequest{Body: &buf}, &res); err != nil {
			return fmt.Errorf("elastic: delete %s: %w", kind, err)
		}
		for _, it := range res.Items {
			for _, r := range it {
				if r.Status > 299 && r.Status != http.StatusNotFound {
					return fmt.Errorf("elastic: delete %s %s: %d %s: %s", kind, r.ID, r.Status, r.Error.Type, r.Error.Reason)
				}
			}
		}
	}
	if !s.cfg.NoRefresh {
		if err := s.refresh(ctx, map[store.Kind]bool{kind: true}); err != nil {
			return fmt.Errorf("elastic: delete %s: %w", kind, err)
		}
	}
	return nil
}

// bulkResponse is the part of a _bulk response that the plain (non
// indexer) bulk calls read.
type bulkResponse struct {
	Errors bool `json:"errors"`
	Items  []map[string]struct {
		ID     string `json:"_id"`
		Status int    `json:"status"`
		Error  struct {
			Type   string `json:"type"`
			Reason string `json:"reason"`
		} `json:"error"`
	} `json:"items"`
}

// chunks yields ss in pieces of at most n.
func chunks(ss []string, n int) func(yield func([]string) bool) {
	return func(yield func([]string) bool) {
		for start := 0; start < len(ss); start += n {
			if !yield(ss[start:min(start+n, len(ss))]) {
				return
			}
		}
	}
}
