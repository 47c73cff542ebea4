package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Errors that callers test with errors.Is.
var (
	// ErrBadQuery: the query names an unknown field, a wrong operator or an
	// out-of-range value.
	ErrBadQuery = errors.New("bad query")
	// ErrNotFound: no document with that ID in the scope.
	ErrNotFound = errors.New("not found")
	// ErrUnavailable: the backend cannot be reached or written.
	ErrUnavailable = errors.New("store unavailable")
	// ErrBadCursor: a pagination cursor that this store did not issue for
	// this query.
	ErrBadCursor = errors.New("bad cursor")
)

// Store is the market-data store. Every method takes the scope it works in;
// Bulk writes each document into its own tenant's scope.
type Store interface {
	// Bulk validates and upserts docs. The result has one entry per doc, in
	// order; a doc that fails validation or storage has its Err set and the
	// others are still stored. The error is for failures of the whole call
	// (the store is unreachable); then no entry claims success unless it
	// was durably stored.
	Bulk(ctx context.Context, docs []Doc) (BulkResult, error)
	// Get fetches documents of one kind by ID; missing IDs are left out.
	Get(ctx context.Context, scope Scope, kind Kind, ids []string) ([]Doc, error)
	// Delete removes documents by ID; missing IDs are ignored.
	Delete(ctx context.Context, scope Scope, kind Kind, ids []string) error
	// SearchListings runs a full-text, faceted, paginated listing search.
	SearchListings(ctx context.Context, q ListingQuery) (ListingPage, error)
	// Aggregate groups documents and computes metrics inside the engine.
	Aggregate(ctx context.Context, q AggQuery) (AggResult, error)
	// Scan calls fn with batches of all documents matching q, in ID order,
	// until fn returns an error or the documents run out.
	Scan(ctx context.Context, q ScanQuery, fn func([]Doc) error) error
	// Counts reports the number of stored documents of each kind, over all
	// tenants.
	Counts(ctx context.Context) (map[Kind]int64, error)
	// Ping checks that the backend is reachable.
	Ping(ctx context.Context) error
	// Close finishes in-flight writes and releases the backend.
	Close() error
}

// ItemResult is the outcome for one document of a bulk.
type ItemResult struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"`
	Err  error  `json:"-"`
}

// BulkResult lists the outcome of each document of a bulk, in input order.
type BulkResult struct {
	Items []ItemResult
}

// Stored counts the documents that were stored.
func (r BulkResult) Stored() int {
	n := 0
	for _, it := range r.Items {
		if it.Err == nil {
			n++
		}
	}
	return n
}

// Failed returns the entries that were not stored.
func (r BulkResult) Failed() []ItemResult {
	var out []ItemResult
	for _, it := range r.Items {
		if it.Err != nil {
			out = append(out, it)
		}
	}
	return out
}

// Err joins the per-document errors (nil when all were stored), capped so
// that a huge failed bulk gives a readable message.
func (r BulkResult) Err() error {
	failed := r.Failed()
	if len(failed) == 0 {
		return nil
	}
	const show = 5
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d documents not stored", len(failed), len(r.Items))
	for i, it := range failed {
		if i == show {
			fmt.Fprintf(&b, "; and %d more", len(failed)-show)
			break
		}
		fmt.Fprintf(&b, "; %v", it.Err)
	}
	return errors.New(b.String())
}

// NewDoc returns an empty document of kind, for decoding.
func NewDoc(kind Kind) (Doc, error) {
	switch kind {
	case KindListing:
		return &Listing{}, nil
	case KindSnapshot:
		return &Snapshot{}, nil
	case KindReview:
		return &Review{}, nil
	case KindTradeFlow:
		return &TradeFlow{}, nil
	case KindRate:
		return &Rate{}, nil
	case KindReport:
		return &Report{}, nil
	}
	return nil, fmt.Errorf("%w: unknown document kind %q", ErrBadQuery, kind)
}

// FailAll marks the entries at idx as not stored because of err, keeping any
// error an entry already has. Backends use it when a whole write failed.
func (r BulkResult) FailAll(idx []int, err error) BulkResult {
	for _, i := range idx {
		if r.Items[i].Err == nil {
			r.Items[i].Err = fmt.Errorf("%s %s: %w", r.Items[i].Kind, r.Items[i].ID, err)
		}
	}
	return r
}
