package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"

	"github.com/exportscope/exportscope/store"
)

// listingIndex keeps the filterable, facetable and sortable fields of every
// listing in memory, column by column, with keywords dictionary-coded per
// field. The listing explorer's searches (filters, five facets, sort, a
// page) then run as tight loops over compact arrays instead of SQL passes
// over wide rows; SQLite still does the full-text match and holds the
// documents.
//
// The index is a cache of the listings table. Every write transaction that
// touches listings bumps a generation number in the meta table; the index
// remembers the generation it reflects. This process's own writes update
// the index in place; a write by another process (a crawl running beside
// the server) shows as a generation gap and the index is rebuilt before
// the next search.
type listingIndex struct {
	mu  sync.RWMutex
	gen int64 // generation reflected; -1 before the first build

	rowid   []int64
	alive   []bool
	tenant  []int32 // code in tenants
	id      []string
	textLen []float64
	kw      map[string][]uint32   // Keyword fields: per-field dictionary code, 0 = no value
	kwList  map[string][][]uint32 // KeywordList fields
	num     map[string][]float64  // Number and Time fields (ms), NaN = no value
	dicts   map[string]*dict
	tenants *dict
	// slotOf maps a rowid to its slot (-1: none). SQLite hands out rowids
	// in increasing order, so a slice indexed by rowid is dense and a
	// lookup is one load, which matters for 100k text matches.
	slotOf []int32

	cols []column

	// postings lists the slots per value of a keyword field, built on
	// first use by a search (under pmu, as searches hold mu only for
	// reading) and dropped by every change to the index.
	pmu      sync.Mutex
	postings map[string]map[uint32][]int32
}

// dict codes the values of one keyword field; code 0 is "no value".
type dict struct {
	codes map[string]uint32
	strs  []string
}

func newDict() *dict { return &dict{codes: map[string]uint32{"": 0}, strs: []string{""}} }

func (d *dict) code(s string) uint32 {
	if c, ok := d.codes[s]; ok {
		return c
	}
	c := uint32(len(d.strs))
	d.codes[s] = c
	d.strs = append(d.strs, s)
	return c
}

func newListingIndex(t *table) *listingIndex {
	return &listingIndex{gen: -1, cols: t.columns}
}

func (x *listingIndex) reset() {
	x.postings = nil
	x.rowid, x.alive, x.tenant, x.id, x.textLen = nil, nil, nil, nil, nil
	x.kw, x.kwList, x.num = map[string][]uint32{}, map[string][][]uint32{}, map[string][]float64{}
	x.dicts = map[string]*dict{}
	x.tenants = newDict()
	x.slotOf = nil
	for _, c := range x.cols {
		switch c.typ {
		case store.Keyword:
			x.kw[c.name] = nil
			x.dicts[c.name] = newDict()
		case store.KeywordList:
			x.kwList[c.name] = nil
			x.dicts[c.name] = newDict()
		default:
			x.num[c.name] = nil
		}
	}
}

// put records the listing stored at rowid, in a new slot or its old one.
func (x *listingIndex) put(rowid int64, l *store.Listing) {
	x.postings = nil
	slot, ok := x.slot(rowid)
	if !ok {
		slot = x.newSlot(rowid)
	}
	x.alive[slot] = true
	x.tenant[slot] = int32(x.tenants.code(l.Tenant))
	x.id[slot] = l.ID
	x.textLen[slot] = float64(len(tokens(listingText(l))))
	v := reflect.ValueOf(l).Elem()
	for _, c := range x.cols {
		f := v.FieldByIndex(c.index)
		switch c.typ {
		case store.Keyword:
			x.kw[c.name][slot] = x.dicts[c.name].code(f.String())
		case store.KeywordList:
			var codes []uint32
			for _, s := range f.Interface().([]string) {
				codes = append(codes, x.dicts[c.name].code(s))
			}
			x.kwList[c.name][slot] = codes
		default:
			x.num[c.name][slot] = numberOf(columnValue(f, c))
		}
	}
}

// newSlot appends an empty slot for rowid.
func (x *listingIndex) newSlot(rowid int64) int32 {
	slot := int32(len(x.rowid))
	x.setSlot(rowid, slot)
	x.rowid = append(x.rowid, rowid)
	x.alive = append(x.alive, true)
	x.tenant = append(x.tenant, 0)
	x.id = append(x.id, "")
	x.textLen = append(x.textLen, 0)
	for name := range x.kw {
		x.kw[name] = append(x.kw[name], 0)
	}
	for name := range x.kwList {
		x.kwList[name] = append(x.kwList[name], nil)
	}
	for name := range x.num {
		x.num[name] = append(x.num[name], math.NaN())
	}
	return slot
}

func numberOf(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	}
	return math.NaN()
}

func (x *listingIndex) remove(rowid int64) {
	x.postings = nil
	if slot, ok := x.slot(rowid); ok {
		x.alive[slot] = false
		x.slotOf[rowid] = -1
	}
}

func (x *listingIndex) slot(rowid int64) (int32, bool) {
	if rowid < 0 || rowid >= int64(len(x.slotOf)) || x.slotOf[rowid] < 0 {
		return 0, false
	}
	return x.slotOf[rowid], true
}

func (x *listingIndex) setSlot(rowid int64, slot int32) {
	for int64(len(x.slotOf)) <= rowid {
		x.slotOf = append(x.slotOf, -1)
	}
	x.slotOf[rowid] = slot
}

// applied records this process's own committed write at generation gen:
// changes lists the stored listings by rowid, removed the deleted rowids.
// If the index missed a generation (another process wrote), it is left as
// it is and catches up from the database before the next search.
func (x *listingIndex) applied(gen int64, changes map[int64]*store.Listing, removed []int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.gen < 0 {
		return // not built yet: the build will read the table
	}
	if gen != x.gen+1 {
		return
	}
	for rowid, l := range changes {
		x.put(rowid, l)
	}
	for _, rowid := range removed {
		x.remove(rowid)
	}
	x.gen = gen
}

// fresh returns the index read-locked and current with the database; the
// caller must RUnlock it.
func (s *Store) freshIndex(ctx context.Context) (*listingIndex, error) {
	x := s.index
	for attempt := 0; ; attempt++ {
		gen, err := s.generation(ctx, s.read)
		if err != nil {
			return nil, err
		}
		x.mu.RLock()
		if x.gen == gen {
			return x, nil
		}
		x.mu.RUnlock()
		if attempt == 3 {
			return nil, fmt.Errorf("%w: listings keep changing while the search index is rebuilt", store.ErrUnavailable)
		}
		if err := s.rebuildIndex(ctx); err != nil {
			return nil, err
		}
	}
}

func (s *Store) generation(ctx context.Context, db interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int64, error) {
	var gen int64
	if err := db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'listings_gen'").Scan(&gen); err != nil {
		return 0, fmt.Errorf("%w: read listings generation: %v", store.ErrUnavailable, err)
	}
	return gen, nil
}

// rebuildIndex brings the index up to the database's generation in one
// read transaction, so the generation and the rows agree: incrementally
// (the rows stamped with a newer generation, and the newer tombstones)
// when the index was built before, else from every row.
func (s *Store) rebuildIndex(ctx context.Context) error {
	x := s.index
	x.mu.Lock()
	defer x.mu.Unlock()
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	defer tx.Rollback()
	gen, err := s.generation(ctx, tx)
	if err != nil {
		return err
	}
	if gen == x.gen {
		return nil
	}
	names := []string{"rowid", "tenant", "id", "textlen"}
	for _, c := range x.cols {
		names = append(names, "t."+quote(c.name))
	}
	query := "SELECT " + strings.Join(names, ", ") + " FROM listings t"
	var args []any
	full := x.gen < 0 || gen < x.gen
	if full {
		x.reset()
	} else {
		query += " WHERE gen > ?"
		args = append(args, x.gen)
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%w: refresh listing index: %v", store.ErrUnavailable, err)
	}
	defer rows.Close()
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			x.gen = -1
			return fmt.Errorf("refresh listing index: %w", err)
		}
		if err := x.putRow(vals); err != nil {
			x.gen = -1
			return err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		x.gen = -1
		return fmt.Errorf("%w: refresh listing index: %v", store.ErrUnavailable, err)
	}
	if !full {
		tomb, err := tx.QueryContext(ctx, "SELECT rowid FROM listing_tombstones WHERE gen > ?", x.gen)
		if err != nil {
			x.gen = -1
			return fmt.Errorf("%w: refresh listing index: %v", store.ErrUnavailable, err)
		}
		defer tomb.Close()
		for tomb.Next() {
			var rowid int64
			if err := tomb.Scan(&rowid); err != nil {
				x.gen = -1
				return fmt.Errorf("refresh listing index: %w", err)
			}
			x.remove(rowid)
		}
		if err := tomb.Err(); err != nil {
			x.gen = -1
			return fmt.Errorf("%w: refresh listing index: %v", store.ErrUnavailable, err)
		}
	}
	s.log.Debug("listing index refreshed", "full", full, "rows", n, "from", x.gen, "to", gen)
	x.gen = gen
	return nil
}

// putRow records one row as read by rebuildIndex: rowid, tenant, id,
// textlen, then the columns.
func (x *listingIndex) putRow(vals []any) error {
	x.postings = nil
	rowid := vals[0].(int64)
	slot, ok := x.slot(rowid)
	if !ok {
		slot = x.newSlot(rowid)
	}
	x.alive[slot] = true
	x.tenant[slot] = int32(x.tenants.code(asString(vals[1])))
	x.id[slot] = asString(vals[2])
	x.textLen[slot] = numberOf(vals[3])
	for i, c := range x.cols {
		v := vals[4+i]
		switch c.typ {
		case store.Keyword:
			x.kw[c.name][slot] = x.dicts[c.name].code(asString(v))
		case store.KeywordList:
			var codes []uint32
			if s := asString(v); s != "" {
				var list []string
				if err := json.Unmarshal([]byte(s), &list); err != nil {
					return fmt.Errorf("refresh listing index: %s of row %d: %w", c.name, rowid, err)
				}
				for _, e := range list {
					codes = append(codes, x.dicts[c.name].code(e))
				}
			}
			x.kwList[c.name][slot] = codes
		default:
			x.num[c.name][slot] = numberOf(v)
		}
	}
	return nil
}

func asString(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case []byte:
		return string(s)
	}
	return ""
}

// predicate tests one slot.
type predicate func(slot int32) bool

// compile turns a filter into predicates over the index's columns, with
// the same meaning as the SQL in filter.go.
func (x *listingIndex) compile(f store.Filter) ([]predicate, error) {
	if err := store.CheckFilter(store.KindListing, f); err != nil {
		return nil, err
	}
	var preds []predicate
	for _, c := range f {
		typ, _ := store.FieldTypeOf(store.KindListing, c.Field)
		if c.Field == "id" {
			ids := map[string]bool{}
			for _, v := range c.Values {
				ids[v] = true
			}
			switch c.Op {
			case store.OpIn:
				preds = append(preds, func(s int32) bool { return ids[x.id[s]] })
			case store.OpPrefix:
				preds = append(preds, func(s int32) bool {
					for _, p := range c.Values {
						if strings.HasPrefix(x.id[s], p) {
							return true
						}
					}
					return false
				})
			}
			continue
		}
		switch typ {
		case store.Keyword, store.KeywordList:
			d := x.dicts[c.Field]
			want := make([]bool, len(d.strs))
			for code, s := range d.strs {
				if code == 0 {
					continue
				}
				for _, v := range c.Values {
					if (c.Op == store.OpIn && s == v) || (c.Op == store.OpPrefix && strings.HasPrefix(s, v)) {
						want[code] = true
					}
				}
			}
			if c.Op == store.OpExists {
				for code := range want {
					want[code] = code != 0
				}
			}
			if typ == store.Keyword {
				col := x.kw[c.Field]
				preds = append(preds, func(s int32) bool { return want[col[s]] })
			} else {
				col := x.kwList[c.Field]
				preds = append(preds, func(s int32) bool {
					for _, code := range col[s] {
						if want[code] {
							return true
						}
					}
					return false
				})
			}
		default:
			col := x.num[c.Field]
			lo, hi := math.Inf(-1), math.Inf(1)
			hiOpen := false
			switch c.Op {
			case store.OpRange:
				if c.Min != nil {
					lo = *c.Min
				}
				if c.Max != nil {
					hi = *c.Max
				}
			case store.OpTimeRange:
				if !c.From.IsZero() {
					lo = float64(c.From.UnixMilli())
				}
				if !c.To.IsZero() {
					hi, hiOpen = float64(c.To.UnixMilli()), true
				}
			}
			preds = append(preds, func(s int32) bool {
				v := col[s]
				if math.IsNaN(v) {
					return false
				}
				return v >= lo && (v < hi || (!hiOpen && v == hi))
			})
		}
	}
	return preds, nil
}
