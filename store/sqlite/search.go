package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/exportscope/exportscope/store"
)

// cursor is the position after the last listing of a page: the value of
// the sort expression there (nil when it had none) and its ID, plus a
// fingerprint of the query so that a cursor cannot be replayed against
// another one.
type cursor struct {
	V     *float64 `json:"v"`
	ID    string   `json:"id"`
	Query string   `json:"q"`
}

func fingerprint(q store.ListingQuery) string {
	b, _ := json.Marshal(struct {
		T string
		F store.Filter
		S []store.SortField
		P store.Scope
	}{q.Text, q.Filter, q.Sort, q.Scope})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, fp string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return c, fmt.Errorf("%w: cursor is malformed", store.ErrBadCursor)
	}
	if c.Query != fp {
		return c, fmt.Errorf("%w: cursor belongs to another query", store.ErrBadCursor)
	}
	return c, nil
}

// SearchListings runs a listing search: the page, the total and the facets
// come from separate queries over the same WHERE clause, run concurrently
// on the read pool.
func (s *Store) SearchListings(ctx context.Context, q store.ListingQuery) (store.ListingPage, error) {
	var page store.ListingPage
	if err := store.CheckListingQuery(&q); err != nil {
		return page, err
	}
	if len(q.Sort) > 1 {
		return page, fmt.Errorf("%w: the embedded store sorts by one field (then ID)", store.ErrBadQuery)
	}
	done, err := s.enter()
	if err != nil {
		return page, err
	}
	defer done()

	cond, args, err := where(store.KindListing, q.Scope, q.Filter)
	if err != nil {
		return page, err
	}
	from := "listings t"
	match := matchQuery(q.Text)
	if strings.TrimSpace(q.Text) != "" {
		if match == "" {
			return page, nil // only stop words or punctuation: nothing can match
		}
		from = "listings_fts f JOIN listings t ON t.rowid = f.rowid"
		cond = "listings_fts MATCH ? AND " + cond
		args = append([]any{match}, args...)
	}

	sort := q.Sort[0]
	var sortExpr string
	switch {
	case sort.Field == "relevance" && match != "":
		sortExpr, sort.Desc = "bm25(listings_fts)", false // lower is better
	case sort.Field == "relevance":
		sortExpr = "NULL" // every listing is equally relevant: ID order
	default:
		sortExpr = "t." + quote(sort.Field)
	}
	dir := "ASC"
	if sort.Desc {
		dir = "DESC"
	}
	fp := fingerprint(q)

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		pageCond, pageArgs := cond, append([]any(nil), args...)
		if q.After != "" {
			c, err := decodeCursor(q.After, fp)
			if err != nil {
				return err
			}
			cmp := ">"
			if sort.Desc {
				cmp = "<"
			}
			if c.V == nil {
				pageCond += fmt.Sprintf(" AND (%s) IS NULL AND t.id > ?", sortExpr)
				pageArgs = append(pageArgs, c.ID)
			} else {
				pageCond += fmt.Sprintf(" AND (((%[1]s) %[2]s ? OR ((%[1]s) = ? AND t.id > ?)) OR (%[1]s) IS NULL)", sortExpr, cmp)
				pageArgs = append(pageArgs, *c.V, *c.V, c.ID)
			}
		}
		query := fmt.Sprintf("SELECT t.doc, %[1]s FROM %[2]s WHERE %[3]s ORDER BY (%[1]s) IS NULL, %[1]s %[4]s, t.id LIMIT ?",
			sortExpr, from, pageCond, dir)
		rows, err := s.read.QueryContext(gctx, query, append(pageArgs, q.Limit+1)...)
		if err != nil {
			return fmt.Errorf("%w: search listings: %v", store.ErrUnavailable, err)
		}
		defer rows.Close()
		var last cursor
		for rows.Next() {
			var body []byte
			var v sql.NullFloat64
			if err := rows.Scan(&body, &v); err != nil {
				return fmt.Errorf("search listings: %w", err)
			}
			if len(page.Listings) == q.Limit {
				page.Next = encodeCursor(last)
				break
			}
			var l store.Listing
			if err := json.Unmarshal(body, &l); err != nil {
				return fmt.Errorf("decode stored listing: %w", err)
			}
			page.Listings = append(page.Listings, l)
			last = cursor{ID: l.ID, Query: fp}
			if v.Valid {
				last.V = &v.Float64
			}
		}
		return rows.Err()
	})
	g.Go(func() error {
		err := s.read.QueryRowContext(gctx, fmt.Sprintf("SELECT count(*) FROM %s WHERE %s", from, cond), args...).Scan(&page.Total)
		if err != nil {
			return fmt.Errorf("%w: count listings: %v", store.ErrUnavailable, err)
		}
		return nil
	})
	facets := make([]store.Facet, len(q.Facets))
	for i, field := range q.Facets {
		g.Go(func() error {
			f, err := s.facet(gctx, from, cond, args, field, q.FacetSize)
			facets[i] = f
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return store.ListingPage{}, err
	}
	page.Facets = facets
	return page, nil
}

func (s *Store) facet(ctx context.Context, from, cond string, args []any, field string, size int) (store.Facet, error) {
	f := store.Facet{Field: field, Buckets: []store.Bucket{}}
	typ, _ := store.FieldTypeOf(store.KindListing, field)
	key := "t." + quote(field)
	if typ == store.KeywordList {
		from += ", json_each(t." + quote(field) + ") j"
		key = "j.value"
	}
	query := fmt.Sprintf("SELECT %[1]s, count(*) AS c FROM %[2]s WHERE %[3]s AND %[1]s IS NOT NULL GROUP BY %[1]s ORDER BY c DESC, %[1]s ASC LIMIT ?",
		key, from, cond)
	rows, err := s.read.QueryContext(ctx, query, append(append([]any(nil), args...), size)...)
	if err != nil {
		return f, fmt.Errorf("%w: facet %s: %v", store.ErrUnavailable, field, err)
	}
	defer rows.Close()
	for rows.Next() {
		var b store.Bucket
		if err := rows.Scan(&b.Key, &b.Count); err != nil {
			return f, fmt.Errorf("facet %s: %w", field, err)
		}
		f.Buckets = append(f.Buckets, b)
	}
	return f, rows.Err()
}
