package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/exportscope/exportscope/store"
)

type hit struct {
	ID     string            `json:"_id"`
	Source json.RawMessage   `json:"_source"`
	Sort   []json.RawMessage `json:"sort"`
}

type searchResponse struct {
	PitID string `json:"pit_id"`
	Hits  struct {
		Total struct {
			Value int64 `json:"value"`
		} `json:"total"`
		Hits []hit `json:"hits"`
	} `json:"hits"`
	Aggregations json.RawMessage `json:"aggregations"`
}

// search runs a search request. With no indices the body names a point in
// time instead.
func (s *Store) search(ctx context.Context, indices []string, body map[string]any) (*searchResponse, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	var res searchResponse
	if err := s.do(ctx, esapi.SearchRequest{Index: indices, Body: bytes.NewReader(b)}, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

func (s *Store) searchHits(ctx context.Context, kind store.Kind, body map[string]any) ([]hit, error) {
	res, err := s.search(ctx, []string{s.alias(kind)}, body)
	if err != nil {
		return nil, err
	}
	return res.Hits.Hits, nil
}

func decode(kind store.Kind, h hit) (store.Doc, error) {
	d, err := store.NewDoc(kind)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(h.Source, d); err != nil {
		return nil, fmt.Errorf("decode %s %s: %w", kind, h.ID, err)
	}
	return d, nil
}

// sortClauses orders by the query's fields, missing values last in either
// direction, then by ID.
func sortClauses(sort []store.SortField) []any {
	var out []any
	for _, f := range sort {
		order := "asc"
		if f.Desc {
			order = "desc"
		}
		if f.Field == "relevance" {
			out = append(out, map[string]any{"_score": map[string]any{"order": order}})
			continue
		}
		out = append(out, map[string]any{f.Field: map[string]any{"order": order, "missing": "_last"}})
	}
	return append(out, map[string]any{"id": map[string]any{"order": "asc"}})
}

// facetAgg counts a keyword field's values: largest first, ties by key.
func facetAgg(field string, size int) map[string]any {
	return map[string]any{"terms": map[string]any{
		"field": field, "size": size,
		"order": []any{map[string]any{"_count": "desc"}, map[string]any{"_key": "asc"}},
	}}
}

type termsBuckets struct {
	Buckets []struct {
		Key         json.RawMessage `json:"key"`
		KeyAsString string          `json:"key_as_string"`
		DocCount    int64           `json:"doc_count"`
	} `json:"buckets"`
}

// bucketKey is a bucket's key as text: a string key as it is, a number as
// Elasticsearch wrote it (whole numbers for integer fields), a date by its
// formatted key.
func bucketKey(raw json.RawMessage, asString string) string {
	if asString != "" {
		return asString
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.TrimSuffix(string(raw), ".0")
}

// SearchListings runs a full-text, filtered, faceted listing search. Pages
// continue with search_after from the last listing's sort values; one
// listing more than the page is fetched to know whether there is a next
// page.
func (s *Store) SearchListings(ctx context.Context, q store.ListingQuery) (store.ListingPage, error) {
	var page store.ListingPage
	if err := store.CheckListingQuery(&q); err != nil {
		return page, err
	}
	done, err := s.enter()
	if err != nil {
		return page, err
	}
	defer done()

	bq := boolQuery{Filter: filterClauses(q.Filter)}
	if text := strings.TrimSpace(q.Text); text != "" {
		tq := textQuery(text)
		bq.Must, bq.Should = tq.Must, tq.Should
	}
	sort := sortClauses(q.Sort)
	fp := fingerprint(q)
	body := map[string]any{
		"query":            scoped(q.Scope, bq),
		"size":             q.Limit + 1,
		"sort":             sort,
		"track_total_hits": true,
	}
	if q.After != "" {
		c, err := decodeCursor(q.After, fp, len(sort))
		if err != nil {
			return page, err
		}
		body["search_after"] = c.After
	}
	if len(q.Facets) > 0 {
		aggs := map[string]any{}
		for i, f := range q.Facets {
			aggs[fmt.Sprintf("f%d", i)] = facetAgg(f, q.FacetSize)
		}
		body["aggs"] = aggs
	}
	res, err := s.search(ctx, []string{s.alias(store.KindListing)}, body)
	var ee *esError
	if q.After != "" && errors.As(err, &ee) && ee.Status == http.StatusBadRequest {
		return page, fmt.Errorf("%w: %v", store.ErrBadCursor, err)
	}
	if err != nil {
		return page, fmt.Errorf("elastic: search listings: %w", err)
	}

	page.Total = res.Hits.Total.Value
	hits := res.Hits.Hits
	if len(hits) > q.Limit {
		hits = hits[:q.Limit]
		page.Next = encodeCursor(cursor{After: hits[len(hits)-1].Sort, Query: fp})
	}
	page.Listings = make([]store.Listing, 0, len(hits))
	for _, h := range hits {
		var l store.Listing
		if err := json.Unmarshal(h.Source, &l); err != nil {
			return page, fmt.Errorf("elastic: decode listing %s: %w", h.ID, err)
		}
		page.Listings = append(page.Listings, l)
	}
	if len(q.Facets) > 0 {
		var aggs map[string]termsBuckets
		if err := json.Unmarshal(res.Aggregations, &aggs); err != nil {
			return page, fmt.Errorf("elastic: decode facets: %w", err)
		}
		for i, f := range q.Facets {
			tb := aggs[fmt.Sprintf("f%d", i)]
			facet := store.Facet{Field: f, Buckets: make([]store.Bucket, 0, len(tb.Buckets))}
			for _, b := range tb.Buckets {
				facet.Buckets = append(facet.Buckets, store.Bucket{Key: bucketKey(b.Key, b.KeyAsString), Count: b.DocCount})
			}
			page.Facets = append(page.Facets, facet)
		}
	}
	return page, nil
}

// Get fetches the scope's documents of kind by ID, in the order asked,
// leaving out missing IDs.
func (s *Store) Get(ctx context.Context, scope store.Scope, kind store.Kind, ids []string) ([]store.Doc, error) {
	if _, ok := mappingVersion[kind]; !ok {
		return nil, fmt.Errorf("%w: unknown document kind %q", store.ErrBadQuery, kind)
	}
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	byID := map[string]store.Doc{}
	for chunk := range chunks(ids, 1000) {
		hits, err := s.searchHits(ctx, kind, map[string]any{
			"query": scoped(scope, boolQuery{Filter: []any{terms("id", chunk)}}),
			"size":  len(chunk),
		})
		if err != nil {
			return nil, fmt.Errorf("elastic: get %s: %w", kind, err)
		}
		for _, h := range hits {
			d, err := decode(kind, h)
			if err != nil {
				return nil, fmt.Errorf("elastic: get: %w", err)
			}
			byID[d.DocID()] = d
		}
	}
	var out []store.Doc
	for _, id := range ids {
		if d, ok := byID[id]; ok {
			out = append(out, d)
			delete(byID, id) // an ID asked twice is returned once
		}
	}
	return out, nil
}
