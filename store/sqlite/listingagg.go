package sqlite

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/exportscope/exportscope/store"
)

// aggregateListings answers listing aggregations from the in-memory
// listing index: one pass over its columns instead of SQL passes over the
// wide listing rows, which made a market report on 1M listings take
// minutes. The meaning is the SQL path's (aggregate.go), and the
// conformance suite holds both to it.
func (s *Store) aggregateListings(ctx context.Context, q store.AggQuery) (store.AggResult, error) {
	var res store.AggResult
	x, err := s.freshIndex(ctx)
	if err != nil {
		return res, err
	}
	defer x.mu.RUnlock()
	slots, err := x.matching(store.ListingQuery{Scope: q.Scope, Filter: q.Filter}, nil)
	if err != nil {
		return res, err
	}

	// keysOf lists the group keys a slot falls in: one per combination of
	// its values (a KeywordList gives several). Every prefix it reaches is
	// counted, as nested terms groups count the documents that have values
	// down to their own level; a slot missing a level's value stops there
	// and is in no leaf group.
	prefixCount := map[string]int64{}
	prefixKeys := map[string][]string{}
	keysOf := func(slot int32) [][]string {
		combos := [][]string{{}}
		for _, g := range q.GroupBy {
			var vals []string
			typ, _ := store.FieldTypeOf(store.KindListing, g.Field)
			switch typ {
			case store.Keyword:
				if g.Field == "id" {
					vals = []string{x.id[slot]}
				} else if c := x.kw[g.Field][slot]; c != 0 {
					vals = []string{x.dicts[g.Field].strs[c]}
				}
			case store.KeywordList:
				for _, c := range x.kwList[g.Field][slot] {
					vals = append(vals, x.dicts[g.Field].strs[c])
				}
			case store.Time:
				if v := x.num[g.Field][slot]; !math.IsNaN(v) {
					vals = []string{store.TimeKey(time.UnixMilli(int64(v)), g.Interval)}
				}
			}
			if len(vals) == 0 {
				return nil
			}
			var next [][]string
			for _, c := range combos {
				for _, v := range vals {
					k := append(append([]string(nil), c...), v)
					gk := groupKey(k)
					if prefixCount[gk] == 0 {
						prefixKeys[gk] = k
					}
					prefixCount[gk]++
					next = append(next, k)
				}
			}
			combos = next
		}
		return combos
	}

	// Keep the Size largest groups per parent, level by level, as the SQL
	// path does.
	var members []member
	if cols := keywordColumns(x, q.GroupBy); cols != nil {
		members = groupByCodes(x, q.GroupBy, cols, slots, prefixCount, prefixKeys)
	} else {
		for _, slot := range slots {
			for _, keys := range keysOf(slot) {
				members = append(members, member{slot, keys, groupKey(keys)})
			}
		}
	}
	allowed := map[string]bool{"": true}
	for level, g := range q.GroupBy {
		byParent := map[string][][]string{}
		for _, k := range prefixKeys {
			if len(k) == level+1 && allowed[groupKey(k[:level])] {
				byParent[groupKey(k[:level])] = append(byParent[groupKey(k[:level])], k)
			}
		}
		next := map[string]bool{}
		for _, groups := range byParent {
			if g.Interval == "" {
				sort.Slice(groups, func(i, j int) bool {
					ci, cj := prefixCount[groupKey(groups[i])], prefixCount[groupKey(groups[j])]
					if ci != cj {
						return ci > cj
					}
					return groups[i][level] < groups[j][level]
				})
				if len(groups) > g.Size {
					groups = groups[:g.Size]
				}
			}
			for _, k := range groups {
				next[groupKey(k)] = true
			}
		}
		allowed = next
	}

	// The metrics of each surviving leaf group.
	type acc struct {
		keys     []string
		count    int64
		sum      map[string]float64
		n        map[string]int64
		min, max map[string]float64
		distinct map[string]map[any]bool
		values   map[string][]float64
	}
	groups := map[string]*acc{}
	var order []string
	newAcc := func(keys []string) *acc {
		return &acc{keys: keys, sum: map[string]float64{}, n: map[string]int64{}, min: map[string]float64{},
			max: map[string]float64{}, distinct: map[string]map[any]bool{}, values: map[string][]float64{}}
	}
	if len(q.GroupBy) == 0 {
		groups[""] = newAcc([]string{})
		order = append(order, "")
	}
	for _, m := range members {
		k := m.gk
		if len(q.GroupBy) > 0 && !allowed[k] {
			continue
		}
		a := groups[k]
		if a == nil {
			a = newAcc(m.keys)
			groups[k] = a
			order = append(order, k)
		}
		a.count++
		for _, met := range q.Metrics {
			switch met.Op {
			case store.Count:
			case store.Distinct:
				if a.distinct[met.Name] == nil {
					a.distinct[met.Name] = map[any]bool{}
				}
				for _, v := range x.valuesOf(met.Field, m.slot) {
					a.distinct[met.Name][v] = true
				}
			default:
				v := x.num[met.Field][m.slot]
				if math.IsNaN(v) {
					continue
				}
				if a.n[met.Name] == 0 || v < a.min[met.Name] {
					a.min[met.Name] = v
				}
				if a.n[met.Name] == 0 || v > a.max[met.Name] {
					a.max[met.Name] = v
				}
				a.n[met.Name]++
				a.sum[met.Name] += v
				if met.Op == store.Percentiles {
					a.values[met.Name] = append(a.values[met.Name], v)
				}
			}
		}
	}
	for _, k := range order {
		a := groups[k]
		row := store.AggRow{Keys: a.keys, Count: a.count}
		set := func(name string, v float64) {
			if row.Values == nil {
				row.Values = map[string]float64{}
			}
			row.Values[name] = v
		}
		for _, met := range q.Metrics {
			n := a.n[met.Name]
			switch met.Op {
			case store.Count:
				set(met.Name, float64(a.count))
			case store.Distinct:
				set(met.Name, float64(len(a.distinct[met.Name])))
			case store.Sum:
				if n > 0 {
					set(met.Name, a.sum[met.Name])
				}
			case store.Avg:
				if n > 0 {
					set(met.Name, a.sum[met.Name]/float64(n))
				}
			case store.Min:
				if n > 0 {
					set(met.Name, a.min[met.Name])
				}
			case store.Max:
				if n > 0 {
					set(met.Name, a.max[met.Name])
				}
			case store.Percentiles:
				if n == 0 {
					continue
				}
				vs := a.values[met.Name]
				sort.Float64s(vs)
				ps := map[float64]float64{}
				for _, p := range met.Percents {
					pos := float64(len(vs)-1) * p / 100
					lo := int(pos)
					v := vs[lo]
					if frac := pos - float64(lo); frac > 0 && lo+1 < len(vs) {
						v += frac * (vs[lo+1] - v)
					}
					ps[p] = v
				}
				if row.Percentiles == nil {
					row.Percentiles = map[string]map[float64]float64{}
				}
				row.Percentiles[met.Name] = ps
			}
		}
		res.Rows = append(res.Rows, row)
	}
	sortRows(q, &res, prefixCount)
	return res, nil
}

// member is a slot in one leaf group: its keys and their groupKey.
type member struct {
	slot int32
	keys []string
	gk   string
}

// maxCodeLevels is how many single-valued keyword levels groupByCodes
// handles.
const maxCodeLevels = 4

// keywordColumns returns the code columns of the group levels when every
// level is a single-valued keyword (not id) and there are at most
// maxCodeLevels of them (the common report groupings: country, country
// and brand, ...); nil otherwise.
func keywordColumns(x *listingIndex, groupBy []store.GroupBy) [][]uint32 {
	if len(groupBy) == 0 || len(groupBy) > maxCodeLevels {
		return nil
	}
	cols := make([][]uint32, len(groupBy))
	for i, g := range groupBy {
		typ, _ := store.FieldTypeOf(store.KindListing, g.Field)
		col, ok := x.kw[g.Field]
		if typ != store.Keyword || g.Field == "id" || !ok {
			return nil
		}
		cols[i] = col
	}
	return cols
}

// groupByCodes is keysOf for single-valued keyword levels without a
// string per slot: slots are counted by their tuple of dictionary codes
// (0 = no value, which ends the tuple), and each distinct tuple's keys are
// built once. It fills prefixCount and prefixKeys as keysOf does and
// returns the slots that reach a leaf.
func groupByCodes(x *listingIndex, groupBy []store.GroupBy, cols [][]uint32, slots []int32,
	prefixCount map[string]int64, prefixKeys map[string][]string) []member {
	type tuple [maxCodeLevels]uint32
	type leaf struct {
		keys []string
		gk   string
	}
	count := map[tuple]int64{}
	tuples := make([]tuple, len(slots))
	for i, slot := range slots {
		var t tuple
		for l, col := range cols {
			c := col[slot]
			if c == 0 {
				break
			}
			t[l] = c
		}
		tuples[i] = t
		count[t]++
	}
	leaves := map[tuple]leaf{}
	for t, n := range count {
		keys := make([]string, 0, len(cols))
		for l := range cols {
			if t[l] == 0 {
				break
			}
			keys = append(keys, x.dicts[groupBy[l].Field].strs[t[l]])
			k := keys[:len(keys):len(keys)]
			gk := groupKey(k)
			if prefixCount[gk] == 0 {
				prefixKeys[gk] = k
			}
			prefixCount[gk] += n
		}
		if len(keys) == len(cols) {
			leaves[t] = leaf{keys, groupKey(keys)}
		}
	}
	members := make([]member, 0, len(slots))
	for i, slot := range slots {
		if lf, ok := leaves[tuples[i]]; ok {
			members = append(members, member{slot, lf.keys, lf.gk})
		}
	}
	return members
}

// valuesOf returns a slot's values of a field, for distinct counts.
func (x *listingIndex) valuesOf(field string, slot int32) []any {
	if field == "id" {
		return []any{x.id[slot]}
	}
	if col, ok := x.kw[field]; ok {
		if col[slot] == 0 {
			return nil
		}
		return []any{col[slot]}
	}
	if col, ok := x.kwList[field]; ok {
		var out []any
		for _, c := range col[slot] {
			out = append(out, c)
		}
		return out
	}
	if v := x.num[field][slot]; !math.IsNaN(v) {
		return []any{v}
	}
	return nil
}
