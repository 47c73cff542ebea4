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
//
// It marshals d once and adds only the fields that its JSON lacks, in front
// of the others, since Elasticsearch rejects a document with a duplicate
// key. A document whose JSON does not have the plain shape that this
// relies on (an object whose keys have no escape sequences and are unique
// in every object, with a tenant and id, where present, equal to d's) goes
// through sourceSlow instead, which decodes the object, sets the fields and
// encodes it again, normalizing all that. For the plain shape the two give
// the same JSON value.
func source(d store.Doc) ([]byte, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	tenant, id := d.DocTenant(), d.DocID()
	var zero string
	switch d.Kind() {
	case store.KindListing, store.KindSnapshot:
		zero = "reviewCount" // salesRank 0 means "not shown": missing
	case store.KindTradeFlow:
		zero = "month" // 0: annual data
	}
	want := []string{"tenant", "id", zero}
	if zero == "" {
		want = want[:2]
	}
	var vals [3][]byte
	if !scanObject(b, want, vals[:]) {
		return sourceSlow(b, tenant, id, zero)
	}
	// The document's own tenant or id, if it has one, must be the one that
	// Bulk sets.
	if vals[0] != nil && !isQuoted(vals[0], tenant) || vals[1] != nil && !isQuoted(vals[1], id) {
		return sourceSlow(b, tenant, id, zero)
	}
	addTenant, addID, addZero := vals[0] == nil, vals[1] == nil, zero != "" && vals[2] == nil
	if !addTenant && !addID && !addZero {
		return b, nil
	}
	// Add "tenant":<tenant>, "id":<id> and <zero>:0 as needed, in front.
	out := make([]byte, 0, len(b)+len(tenant)+len(id)+len(zero)+32)
	out = append(out, '{')
	if addTenant {
		out = appendQuoted(append(out, `"tenant":`...), tenant)
		out = append(out, ',')
	}
	if addID {
		out = appendQuoted(append(out, `"id":`...), id)
		out = append(out, ',')
	}
	if addZero {
		out = append(out, '"')
		out = append(out, zero...)
		out = append(out, `":0,`...)
	}
	if b[1] == '}' { // an empty object: drop the last comma
		out = out[:len(out)-1]
	}
	return append(out, b[1:]...), nil
}

// plain reports whether encoding/json encodes s as s in quotes.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// appendQuoted appends s as encoding/json encodes it.
func appendQuoted(b []byte, s string) []byte {
	if plain(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	q, _ := json.Marshal(s) // a string always encodes
	return append(b, q...)
}

// isQuoted reports whether v is s as encoding/json encodes it.
func isQuoted(v []byte, s string) bool {
	if plain(s) {
		return len(v) == len(s)+2 && v[0] == '"' && string(v[1:len(v)-1]) == s && v[len(v)-1] == '"'
	}
	q, _ := json.Marshal(s)
	return bytes.Equal(v, q)
}

// sourceSlow is source for any JSON object b: it decodes b, sets the
// fields and encodes the result again.
func sourceSlow(b []byte, tenant, id, zero string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("the document encodes as null")
	}
	m["tenant"] = tenant
	m["id"] = id
	if zero != "" {
		if _, ok := m[zero]; !ok {
			m[zero] = 0
		}
	}
	return json.Marshal(m)
}

// scanObject reports whether b, which encoding/json wrote (so it is valid
// and compact JSON), is an object in which no key (at any depth) has an
// escape sequence and no object has a key twice, nested no deeper than
// encoding/json decodes: JSON that source can add fields to as it is (and
// sourceSlow would only reorder and re-escape). If so, vals[i] is the value of b's member named
// want[i], or nil if there is none.
func scanObject(b []byte, want []string, vals [][]byte) bool {
	clear(vals)
	if len(b) < 2 || b[0] != '{' {
		return false
	}
	s := scanners.Get().(*scanner)
	s.b = b
	ok := s.object(true) && s.i == len(b)
	if ok {
		for _, m := range s.top {
			for i, w := range want {
				if string(b[m.k0:m.k1]) == w {
					vals[i] = b[m.v0:m.v1]
				}
			}
		}
	}
	clear(s.keys[:s.maxKeys]) // they point into b
	*s = scanner{keys: s.keys[:0], top: s.top[:0]}
	scanners.Put(s)
	return ok
}

var scanners = sync.Pool{New: func() any {
	return &scanner{keys: make([][]byte, 0, 64), top: make([]member, 0, 32)}
}}

// scanner is scanObject's state.
type scanner struct {
	b       []byte
	i       int
	keys    [][]byte // the keys of the open objects so far, innermost last
	maxKeys int      // the most keys held at once
	top     []member // the top-level object's members
	depth   int      // of the open objects and arrays
}

// maxDepth is the nesting depth beyond which encoding/json refuses to
// decode, so that sourceSlow reports the error.
const maxDepth = 10000

func (s *scanner) enter() bool { s.depth++; return s.depth <= maxDepth }
func (s *scanner) leave()      { s.depth-- }

// member is where a member's key (without the quotes) and value are.
type member struct{ k0, k1, v0, v1 int }

// str scans the string that starts at s.b[s.i] (a quote) and returns its
// contents and whether it has an escape sequence.
func (s *scanner) str() (contents []byte, esc, ok bool) {
	start := s.i + 1
	if n := bytes.IndexByte(s.b[start:], '"'); n >= 0 && bytes.IndexByte(s.b[start:start+n], '\\') < 0 {
		s.i = start + n + 1
		return s.b[start : start+n], false, true
	}
	for j := start; j < len(s.b); j++ {
		switch s.b[j] {
		case '\\':
			esc = true
			j++
		case '"':
			s.i = j + 1
			return s.b[start:j], esc, true
		}
	}
	return nil, false, false
}

// value scans the value that starts at s.b[s.i].
func (s *scanner) value() bool {
	if s.i >= len(s.b) {
		return false
	}
	switch s.b[s.i] {
	case '{':
		return s.object(false)
	case '[':
		if !s.enter() {
			return false
		}
		defer s.leave()
		s.i++
		if s.i < len(s.b) && s.b[s.i] == ']' {
			s.i++
			return true
		}
		for {
			if !s.value() || s.i >= len(s.b) {
				return false
			}
			switch s.b[s.i] {
			case ',':
				s.i++
			case ']':
				s.i++
				return true
			default:
				return false
			}
		}
	case '"':
		_, _, ok := s.str()
		return ok
	}
	// A number, true, false or null.
	start := s.i
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ',', '}', ']':
			return s.i > start
		}
		s.i++
	}
	return s.i > start
}

// object scans the object that starts at s.b[s.i] ('{'), recording its
// members in s.top if it is the top-level one.
func (s *scanner) object(top bool) bool {
	if !s.enter() {
		return false
	}
	defer s.leave()
	s.i++
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		return true
	}
	first := len(s.keys)
	for {
		if s.i >= len(s.b) || s.b[s.i] != '"' {
			return false
		}
		k0 := s.i + 1
		k, esc, ok := s.str()
		if !ok || esc || s.i >= len(s.b) || s.b[s.i] != ':' {
			return false
		}
		for _, prev := range s.keys[first:] {
			if len(prev) == len(k) && string(prev) == string(k) {
				return false
			}
		}
		s.keys = append(s.keys, k)
		s.maxKeys = max(s.maxKeys, len(s.keys))
		s.i++
		v0 := s.i
		if !s.value() || s.i >= len(s.b) {
			return false
		}
		if top {
			s.top = append(s.top, member{k0: k0, k1: k0 + len(k), v0: v0, v1: s.i})
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			s.keys = s.keys[:first]
			return true
		default:
			return false
		}
	}
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
