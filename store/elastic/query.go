package elastic

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/exportscope/exportscope/store"
)

// boolQuery holds the clauses of a query before scoped adds the tenant.
type boolQuery struct {
	Must   []any
	Should []any // scoring only: never decides a match when Must is set
	Filter []any
}

// scoped is the one place where every search, aggregation, scan, get and
// delete gets its query: the given clauses plus a filter on the scope's
// tenant. Public data has the tenant "" (Bulk always sets the field), so a
// term query on "" selects it and nothing private.
func scoped(scope store.Scope, q boolQuery) map[string]any {
	filter := append([]any{term("tenant", scope.Tenant)}, q.Filter...)
	b := map[string]any{"filter": filter}
	if len(q.Must) > 0 {
		b["must"] = q.Must
	}
	if len(q.Should) > 0 {
		b["should"] = q.Should
	}
	return map[string]any{"bool": b}
}

func term(field string, v any) map[string]any {
	return map[string]any{"term": map[string]any{field: v}}
}

func terms(field string, vs any) map[string]any {
	return map[string]any{"terms": map[string]any{field: vs}}
}

// filterClauses turns a checked store filter into query clauses. The
// store's field names are the index's field names.
func filterClauses(f store.Filter) []any {
	var out []any
	for _, c := range f {
		switch c.Op {
		case store.OpIn:
			out = append(out, terms(c.Field, c.Values))
		case store.OpPrefix:
			var should []any
			for _, v := range c.Values {
				should = append(should, map[string]any{"prefix": map[string]any{c.Field: v}})
			}
			out = append(out, map[string]any{"bool": map[string]any{"should": should, "minimum_should_match": 1}})
		case store.OpRange:
			r := map[string]any{}
			if c.Min != nil {
				r["gte"] = *c.Min
			}
			if c.Max != nil {
				r["lte"] = *c.Max
			}
			out = append(out, map[string]any{"range": map[string]any{c.Field: r}})
		case store.OpTimeRange:
			r := map[string]any{}
			if !c.From.IsZero() {
				r["gte"] = c.From.UTC().Format(time.RFC3339Nano)
			}
			if !c.To.IsZero() {
				r["lt"] = c.To.UTC().Format(time.RFC3339Nano)
			}
			out = append(out, map[string]any{"range": map[string]any{c.Field: r}})
		case store.OpExists:
			out = append(out, map[string]any{"exists": map[string]any{"field": c.Field}})
		}
	}
	return out
}

// textQuery matches listings whose title, brand, seller and category
// together hold every term of text as the cjk analyzer splits it (words;
// CJK as character bigrams); the standard-analyzed sub-fields add to the
// score only.
func textQuery(text string) boolQuery {
	return boolQuery{
		Must: []any{map[string]any{"multi_match": map[string]any{
			"query": text, "type": "cross_fields", "operator": "and",
			"fields": []string{"title^2", "brand.text", "seller.text", "category.text"},
		}}},
		Should: []any{map[string]any{"multi_match": map[string]any{
			"query": text, "type": "cross_fields", "operator": "and",
			"fields": []string{"title.std^2", "brand.std", "seller.std", "category.std"},
		}}},
	}
}

// A cursor is the sort values of the last listing of a page, exactly as
// Elasticsearch returned them (search_after takes them back), and a
// fingerprint of the query it belongs to.
type cursor struct {
	After []json.RawMessage `json:"a"`
	Query string            `json:"q"`
}

// fingerprint identifies what a cursor's position depends on: scope, text,
// filter and sort.
func fingerprint(q store.ListingQuery) string {
	b, _ := json.Marshal(struct {
		P store.Scope
		T string
		F store.Filter
		S []store.SortField
	}{q.Scope, q.Text, q.Filter, q.Sort})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, fp string, sortLen int) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || len(c.After) != sortLen {
		return c, fmt.Errorf("%w: cursor is malformed", store.ErrBadCursor)
	}
	if c.Query != fp {
		return c, fmt.Errorf("%w: cursor belongs to another query", store.ErrBadCursor)
	}
	return c, nil
}
