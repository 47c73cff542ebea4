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
	"golang.org/x/sync/errgroup"

	"github.com/exportscope/exportscope/store"
)

// Every kind lives in a versioned index behind an alias:
//
//	<prefix>-listing-v1   the index, created from the template <prefix>-listing
//	<prefix>-listing      the alias that every read and write goes through
//
// A change of mapping raises the kind's version; Migrate then copies the
// documents into the new index and swaps the alias in one atomic step.

// mappingVersion is the current mapping version of each kind. Raise it
// whenever a kind's mapping changes in a way that needs a new index.
var mappingVersion = map[store.Kind]int{
	store.KindListing:   2, // 2: netWeightKg, usdPerKg
	store.KindSnapshot:  2, // 2: searchQuery, searchPage, searchPosition, brand
	store.KindReview:    1,
	store.KindTradeFlow: 1,
	store.KindRate:      1,
	store.KindReport:    1,
}

// Field mappings, in Elasticsearch's terms.
var (
	keyword = map[string]any{"type": "keyword", "ignore_above": 1024}
	// stored only in _source: neither searched nor aggregated.
	unindexed = map[string]any{"type": "keyword", "index": false, "doc_values": false}
	double    = map[string]any{"type": "double"}
	integer   = map[string]any{"type": "integer"}
	date      = map[string]any{"type": "date", "format": "strict_date_optional_time||epoch_millis"}
	// text for mixed Chinese, Japanese, Korean, English and Russian: the cjk
	// analyzer (CJK bigrams, width folding, lower case, English stop
	// words), with a standard-analyzer sub-field for scoring whole words.
	text = map[string]any{
		"type": "text", "analyzer": "cjk",
		"fields": map[string]any{"std": map[string]any{"type": "text", "analyzer": "standard"}},
	}
	// keywordText is a keyword (filters, facets) that is also searched as
	// text, under <field>.text (cjk) and <field>.std (standard).
	keywordText = map[string]any{
		"type": "keyword", "ignore_above": 1024,
		"fields": map[string]any{
			"text": map[string]any{"type": "text", "analyzer": "cjk"},
			"std":  map[string]any{"type": "text", "analyzer": "standard"},
		},
	}
)

// properties holds each kind's field mappings. Every document also has the
// fields tenant ("" for public data) and id, which Bulk sets.
var properties = map[store.Kind]map[string]any{
	store.KindListing: {
		"marketplace": keyword, "country": keyword, "url": unindexed,
		"title": text, "brand": keywordText, "seller": keywordText, "category": keywordText,
		"sellerCountry": keyword, "sectors": keyword,
		"price": double, "currency": keyword, "priceUSD": double, "priceCNY": double,
		"rating": double, "reviewCount": integer, "salesRank": integer,
		"shipsFrom": keyword, "gtin": keyword, "sku": keyword, "image": unindexed, "availability": keyword,
		"netWeightKg": double, "usdPerKg": double,
		"firstSeen": date, "lastSeen": date,
	},
	store.KindSnapshot: {
		"listingId": keyword, "marketplace": keyword, "country": keyword, "time": date,
		"price": double, "currency": keyword, "priceUSD": double, "rating": double,
		"reviewCount": integer, "salesRank": integer,
		"searchQuery": keyword, "searchPage": integer, "searchPosition": integer, "brand": keyword,
	},
	store.KindReview: {
		"listingId": keyword, "marketplace": keyword, "country": keyword, "brand": keyword,
		"sectors": keyword, "rating": double, "title": text, "text": text, "lang": keyword, "date": date,
	},
	store.KindTradeFlow: {
		"reporter": keyword, "partner": keyword, "hs": keyword, "year": integer, "month": integer,
		"flow": keyword, "valueUSD": double, "netWeightKg": double, "quantity": double,
		"qtyUnit": keyword, "source": keyword,
	},
	store.KindRate: {
		"date": date, "currency": keyword, "perEUR": double, "source": keyword,
	},
	store.KindReport: {
		"kind": keyword, "sector": keyword, "market": keyword, "brand": keyword, "version": integer,
		"createdAt": date,
		// The report's JSON is kept in _source as it is, not indexed.
		"body": map[string]any{"type": "object", "enabled": false},
	},
}

// mapping returns the index mapping of kind. It is strict: a document with
// a field the mapping does not know is rejected, naming the field.
func mapping(kind store.Kind) map[string]any {
	props := map[string]any{"tenant": keyword, "id": keyword}
	for k, v := range properties[kind] {
		props[k] = v
	}
	return map[string]any{"dynamic": "strict", "properties": props}
}

func (s *Store) alias(kind store.Kind) string { return s.cfg.IndexPrefix + "-" + string(kind) }

func (s *Store) indexName(kind store.Kind, version int) string {
	return fmt.Sprintf("%s-v%d", s.alias(kind), version)
}

// template is the composable index template of kind: every index of the
// kind (any version) gets its settings and mapping from it.
func (s *Store) template(kind store.Kind) map[string]any {
	return map[string]any{
		"index_patterns": []string{s.alias(kind) + "-v*"},
		"priority":       200,
		"template": map[string]any{
			"settings": map[string]any{
				"number_of_shards":   s.cfg.Shards,
				"number_of_replicas": s.cfg.Replicas,
			},
			"mappings": mapping(kind),
		},
		"_meta": map[string]any{"managed_by": "exportscope", "kind": string(kind), "mapping_version": mappingVersion[kind]},
	}
}

// ensure puts the index templates and creates each kind's current index
// with its alias unless the alias exists already. The kinds are done
// concurrently: index creation waits for a cluster-state update each, and
// the master batches those.
func (s *Store) ensure(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, kind := range store.Kinds {
		g.Go(func() error { return s.ensureKind(ctx, kind) })
	}
	return g.Wait()
}

func (s *Store) ensureKind(ctx context.Context, kind store.Kind) error {
	body, _ := json.Marshal(s.template(kind))
	err := s.do(ctx, esapi.IndicesPutIndexTemplateRequest{Name: s.alias(kind), Body: bytes.NewReader(body)}, nil)
	if err != nil {
		return fmt.Errorf("put index template %s: %w", s.alias(kind), err)
	}
	current, err := s.aliasTargets(ctx, kind)
	if err != nil {
		return err
	}
	want := s.indexName(kind, mappingVersion[kind])
	switch {
	case len(current) == 0:
		return s.createIndex(ctx, want, s.alias(kind))
	case len(current) > 1:
		return fmt.Errorf("alias %s points to %d indices (%s), want one", s.alias(kind), len(current), strings.Join(current, ", "))
	case current[0] != want:
		s.log.Warn("index mapping is out of date; run Migrate", "alias", s.alias(kind), "index", current[0], "want", want)
	}
	return nil
}

// createIndex creates index with alias; an index that exists already (a
// concurrent Open) is fine.
func (s *Store) createIndex(ctx context.Context, index, alias string) error {
	body := map[string]any{}
	if alias != "" {
		body["aliases"] = map[string]any{alias: map[string]any{}}
	}
	b, _ := json.Marshal(body)
	err := s.do(ctx, esapi.IndicesCreateRequest{Index: index, Body: bytes.NewReader(b)}, nil)
	var ee *esError
	if errors.As(err, &ee) && ee.Type == "resource_already_exists_exception" {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create index %s: %w", index, err)
	}
	return nil
}

// aliasTargets lists the indices that kind's alias points to.
func (s *Store) aliasTargets(ctx context.Context, kind store.Kind) ([]string, error) {
	var out map[string]any
	err := s.do(ctx, esapi.IndicesGetAliasRequest{Name: []string{s.alias(kind)}}, &out)
	var ee *esError
	if errors.As(err, &ee) && ee.Status == http.StatusNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get alias %s: %w", s.alias(kind), err)
	}
	var names []string
	for name := range out {
		names = append(names, name)
	}
	return names, nil
}

// Migrate brings every kind's index to the current mapping version: when
// the alias points to an older index, it creates the new one from the
// template, copies all documents into it (a point-in-time scan and bulk
// writes, so it needs no reindex module on the server), and swaps the alias
// in one atomic step. The old index is kept unless dropOld is set. Writes
// that reach the old index during the copy are lost unless the caller stops
// the writers first.
func (s *Store) Migrate(ctx context.Context, dropOld bool) error {
	done, err := s.enter()
	if err != nil {
		return err
	}
	defer done()
	for _, kind := range store.Kinds {
		current, err := s.aliasTargets(ctx, kind)
		if err != nil {
			return err
		}
		want := s.indexName(kind, mappingVersion[kind])
		if len(current) == 1 && current[0] == want {
			continue
		}
		if len(current) != 1 {
			return fmt.Errorf("migrate %s: alias points to %d indices", kind, len(current))
		}
		if err := s.reindex(ctx, current[0], want); err != nil {
			return fmt.Errorf("migrate %s: %w", kind, err)
		}
		actions := []any{
			map[string]any{"remove": map[string]any{"index": current[0], "alias": s.alias(kind)}},
			map[string]any{"add": map[string]any{"index": want, "alias": s.alias(kind)}},
		}
		b, _ := json.Marshal(map[string]any{"actions": actions})
		if err := s.do(ctx, esapi.IndicesUpdateAliasesRequest{Body: bytes.NewReader(b)}, nil); err != nil {
			return fmt.Errorf("migrate %s: swap alias: %w", kind, err)
		}
		s.log.Info("migrated index", "alias", s.alias(kind), "from", current[0], "to", want)
		if dropOld {
			if err := s.do(ctx, esapi.IndicesDeleteRequest{Index: []string{current[0]}}, nil); err != nil {
				return fmt.Errorf("migrate %s: delete %s: %w", kind, current[0], err)
			}
		}
	}
	return nil
}

// Indices reports, per kind, the index its alias points to and the index
// the current mapping version wants (they differ until Migrate has run).
func (s *Store) Indices(ctx context.Context) (map[store.Kind]IndexState, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	out := map[store.Kind]IndexState{}
	for _, kind := range store.Kinds {
		current, err := s.aliasTargets(ctx, kind)
		if err != nil {
			return nil, err
		}
		st := IndexState{Alias: s.alias(kind), Want: s.indexName(kind, mappingVersion[kind]), Version: mappingVersion[kind]}
		if len(current) == 1 {
			st.Current = current[0]
		} else if len(current) > 1 {
			st.Current = strings.Join(current, ",")
		}
		out[kind] = st
	}
	return out, nil
}

// IndexState is where one kind's alias points.
type IndexState struct {
	Alias   string `json:"alias"`
	Current string `json:"current"` // "" when the alias is missing
	Want    string `json:"want"`
	Version int    `json:"version"`
}

// reindex copies every document of index from into index to (created from
// the template), keeping their _id, and refreshes to, so that readers find
// every document as soon as the alias points to it.
func (s *Store) reindex(ctx context.Context, from, to string) error {
	if err := s.createIndex(ctx, to, ""); err != nil {
		return err
	}
	if err := s.copyDocs(ctx, from, to); err != nil {
		return err
	}
	if err := s.do(ctx, esapi.IndicesRefreshRequest{Index: []string{to}}, nil); err != nil {
		return fmt.Errorf("refresh %s: %w", to, err)
	}
	return nil
}

func (s *Store) copyDocs(ctx context.Context, from, to string) error {
	return s.scanRaw(ctx, from, map[string]any{"match_all": map[string]any{}}, []any{map[string]any{"_shard_doc": "asc"}}, 1000,
		func(hits []hit) error {
			var buf bytes.Buffer
			for _, h := range hits {
				meta, _ := json.Marshal(map[string]any{"index": map[string]any{"_index": to, "_id": h.ID}})
				buf.Write(meta)
				buf.WriteByte('\n')
				buf.Write(h.Source)
				buf.WriteByte('\n')
			}
			var res bulkResponse
			if err := s.do(ctx, esapi.BulkRequest{Body: &buf}, &res); err != nil {
				return err
			}
			for _, it := range res.Items {
				for _, r := range it {
					if r.Status > 299 {
						return fmt.Errorf("copy %s into %s: %s: %s", r.ID, to, r.Error.Type, r.Error.Reason)
					}
				}
			}
			return nil
		})
}

// Drop deletes the store's indices (every version) and index templates. It
// names the indices one by one, so it works where wildcard deletes are
// refused (action.destructive_requires_name).
func (s *Store) Drop(ctx context.Context) error {
	var patterns []string
	for _, kind := range store.Kinds {
		patterns = append(patterns, s.alias(kind)+"-v*")
	}
	var out map[string]any
	err := s.do(ctx, esapi.IndicesGetRequest{Index: patterns, FilterPath: []string{"*.settings.index.provided_name"}}, &out)
	if err != nil {
		return fmt.Errorf("list indices: %w", err)
	}
	var names []string
	for name := range out {
		names = append(names, name)
	}
	var errs []error
	if len(names) > 0 {
		if err := s.do(ctx, esapi.IndicesDeleteRequest{Index: names}, nil); err != nil {
			errs = append(errs, fmt.Errorf("delete indices %s: %w", strings.Join(names, ","), err))
		}
	}
	for _, kind := range store.Kinds {
		err = s.do(ctx, esapi.IndicesDeleteIndexTemplateRequest{Name: s.alias(kind)}, nil)
		var ee *esError
		if err != nil && !(errors.As(err, &ee) && ee.Status == http.StatusNotFound) {
			errs = append(errs, fmt.Errorf("delete index template %s: %w", s.alias(kind), err))
		}
	}
	return errors.Join(errs...)
}
