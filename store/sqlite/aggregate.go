package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/exportscope/exportscope/store"
)

// Aggregate computes groups and metrics in SQL. Each level of grouping is
// counted on its own to keep the Size largest groups per parent (as a
// search engine's nested terms aggregation does); the leaf groups then get
// their metrics in one GROUP BY query, and percentiles in one window query
// per metric that returns only the order statistics needed.
func (s *Store) Aggregate(ctx context.Context, q store.AggQuery) (store.AggResult, error) {
	var res store.AggResult
	if err := store.CheckAggQuery(&q); err != nil {
		return res, err
	}
	done, err := s.enter()
	if err != nil {
		return res, err
	}
	defer done()
	if q.Kind == store.KindListing {
		return s.aggregateListings(ctx, q)
	}
	t := s.tables[q.Kind]
	cond, args, err := where(q.Kind, q.Scope, q.Filter)
	if err != nil {
		return res, err
	}
	from := t.name + " t"
	keys := make([]string, len(q.GroupBy))
	for i, g := range q.GroupBy {
		typ, _ := store.FieldTypeOf(q.Kind, g.Field)
		col := "t." + quote(g.Field)
		switch typ {
		case store.KeywordList:
			alias := fmt.Sprintf("j%d", i)
			from += fmt.Sprintf(", json_each(%s) %s", col, alias)
			keys[i] = alias + ".value"
		case store.Time:
			format := map[store.Interval]string{store.Year: "%Y", store.Month: "%Y-%m", store.Day: "%Y-%m-%d"}[g.Interval]
			keys[i] = fmt.Sprintf("strftime('%s', %s / 1000, 'unixepoch')", format, col)
		case store.Number:
			keys[i] = fmt.Sprintf("CAST(CAST(%s AS INTEGER) AS TEXT)", col)
		default:
			// The unary + (a no-op on any value) keeps SQLite from
			// walking the key's own index to save the GROUP BY sort, which
			// reads every document of the scope and then its row, when
			// the filter has a far more selective index: a report's trade
			// query took seconds that way instead of milliseconds.
			keys[i] = "+" + col
		}
	}
	// A group level counts the documents that have values for its own and
	// its parents' keys, as nested terms aggregations do.
	levelCond := func(n int) string {
		c := cond
		for _, k := range keys[:n] {
			c += " AND " + k + " IS NOT NULL"
		}
		return c
	}

	// One scan: the leaf groups of the documents that have the first key,
	// with NULL standing for a missing deeper key, give every level's
	// counts (sums over the rows whose keys up to that level are there)
	// as well as the leaf groups and their metrics. A multi-valued key
	// below the first level would drop the documents without it from its
	// parents' counts (json_each is an inner join), so such a query counts
	// each level with a query of its own.
	oneScan := true
	for i, g := range q.GroupBy {
		if typ, _ := store.FieldTypeOf(q.Kind, g.Field); typ == store.KeywordList && i > 0 {
			oneScan = false
		}
	}
	allowed := map[string]int64{}
	if oneScan {
		cond = levelCond(min(1, len(keys)))
	} else {
		// Which groups survive the per-parent Size limits.
		for level := range q.GroupBy {
			kept, err := s.topGroups(ctx, q, keys[:level+1], from, levelCond(level+1), args, allowed)
			if err != nil {
				return res, err
			}
			allowed = kept
		}
		// Leaf groups with their metrics.
		cond = levelCond(len(keys))
	}
	var sel []string
	sel = append(sel, keys...)
	sel = append(sel, "count(*)")
	type scalar struct {
		name string
		expr string
	}
	var scalars []scalar
	for _, m := range q.Metrics {
		col := "t." + quote(m.Field)
		switch m.Op {
		case store.Sum:
			// total() is 0.0 over no values; sum() is NULL then, which we want.
			scalars = append(scalars, scalar{m.Name, "sum(" + col + ")"})
		case store.Avg:
			scalars = append(scalars, scalar{m.Name, "avg(" + col + ")"})
		case store.Min:
			scalars = append(scalars, scalar{m.Name, "min(" + col + ")"})
		case store.Max:
			scalars = append(scalars, scalar{m.Name, "max(" + col + ")"})
		case store.Distinct:
			scalars = append(scalars, scalar{m.Name, "count(DISTINCT " + col + ")"})
		}
	}
	for _, sc := range scalars {
		sel = append(sel, sc.expr)
	}
	query := fmt.Sprintf("SELECT %s FROM %s WHERE %s", strings.Join(sel, ", "), from, cond)
	if len(keys) > 0 {
		query += " GROUP BY " + strings.Join(keys, ", ")
	}
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return res, fmt.Errorf("%w: aggregate %s: %v", store.ErrUnavailable, q.Kind, err)
	}
	defer rows.Close()
	index := map[string]int{}
	var partial []group // oneScan: groups with a missing deeper key
	var leaves []store.AggRow
	for rows.Next() {
		ks := make([]sql.NullString, len(keys))
		var count int64
		vals := make([]sql.NullFloat64, len(scalars))
		dest := make([]any, 0, len(keys)+1+len(scalars))
		for i := range ks {
			dest = append(dest, &ks[i])
		}
		dest = append(dest, &count)
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return res, fmt.Errorf("aggregate %s: %w", q.Kind, err)
		}
		row := store.AggRow{Keys: make([]string, len(keys)), Count: count}
		present := 0
		for i, k := range ks {
			row.Keys[i] = k.String
			if k.Valid && present == i {
				present++
			}
		}
		if oneScan && present < len(keys) {
			partial = append(partial, group{keys: row.Keys[:present], count: count})
			continue
		}
		for i, v := range vals {
			if v.Valid && !math.IsNaN(v.Float64) {
				if row.Values == nil {
					row.Values = map[string]float64{}
				}
				row.Values[scalars[i].name] = v.Float64
			}
		}
		for _, m := range q.Metrics {
			if m.Op == store.Count {
				if row.Values == nil {
					row.Values = map[string]float64{}
				}
				row.Values[m.Name] = float64(count)
			}
		}
		leaves = append(leaves, row)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("%w: aggregate %s: %v", store.ErrUnavailable, q.Kind, err)
	}
	rows.Close()
	if oneScan && len(keys) > 0 {
		// Each level's groups and counts, from the leaves and the rows
		// with a missing deeper key.
		for level := range q.GroupBy {
			counts := map[string]*group{}
			var order []string
			add := func(ks []string, c int64) {
				if len(ks) <= level {
					return
				}
				k := groupKey(ks[:level+1])
				g := counts[k]
				if g == nil {
					g = &group{keys: ks[:level+1]}
					counts[k] = g
					order = append(order, k)
				}
				g.count += c
			}
			for _, r := range leaves {
				add(r.Keys, r.Count)
			}
			for _, g := range partial {
				add(g.keys, g.count)
			}
			groups := make([]group, 0, len(order))
			for _, k := range order {
				groups = append(groups, *counts[k])
			}
			allowed = keepTop(q, level, groups, allowed)
		}
	}
	for _, row := range leaves {
		if _, ok := allowed[groupKey(row.Keys)]; len(keys) > 0 && !ok {
			continue
		}
		index[groupKey(row.Keys)] = len(res.Rows)
		res.Rows = append(res.Rows, row)
	}

	for _, m := range q.Metrics {
		if m.Op != store.Percentiles {
			continue
		}
		if err := s.percentiles(ctx, q, m, keys, from, levelCond(len(keys)), args, index, &res); err != nil {
			return res, err
		}
	}
	sortRows(q, &res, allowed)
	return res, nil
}

func groupKey(keys []string) string { return strings.Join(keys, "\x00") }

// topGroups counts the groups of keys (all levels so far) and keeps, per
// parent that survived the previous level, the Size largest (time groups
// are all kept).
func (s *Store) topGroups(ctx context.Context, q store.AggQuery, keys []string, from, cond string, args []any, parents map[string]int64) (map[string]int64, error) {
	level := len(keys) - 1
	query := fmt.Sprintf("SELECT %s, count(*) FROM %s WHERE %s GROUP BY %s", strings.Join(keys, ", "), from, cond, strings.Join(keys, ", "))
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%w: aggregate %s: %v", store.ErrUnavailable, q.Kind, err)
	}
	defer rows.Close()
	var groups []group
	for rows.Next() {
		g := group{keys: make([]string, len(keys))}
		dest := make([]any, 0, len(keys)+1)
		for i := range g.keys {
			dest = append(dest, &g.keys[i])
		}
		dest = append(dest, &g.count)
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("aggregate %s: %w", q.Kind, err)
		}
		groups = append(groups, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%w: aggregate %s: %v", store.ErrUnavailable, q.Kind, err)
	}
	return keepTop(q, level, groups, parents), nil
}

// group is one group of a level with its document count.
type group struct {
	keys  []string
	count int64
}

// keepTop keeps, per parent that survived the previous level, the Size
// largest groups of level (time groups are all kept). The result holds the
// parents' counts too, which order the rows later.
func keepTop(q store.AggQuery, level int, groups []group, parents map[string]int64) map[string]int64 {
	byParent := map[string][]group{}
	for _, g := range groups {
		parent := groupKey(g.keys[:level])
		if _, ok := parents[parent]; level > 0 && !ok {
			continue
		}
		byParent[parent] = append(byParent[parent], g)
	}
	kept := map[string]int64{}
	for k, c := range parents {
		kept[k] = c // parents' counts order the rows later
	}
	gb := q.GroupBy[level]
	for _, groups := range byParent {
		if gb.Interval == "" {
			sort.Slice(groups, func(i, j int) bool {
				if groups[i].count != groups[j].count {
					return groups[i].count > groups[j].count
				}
				return groups[i].keys[level] < groups[j].keys[level]
			})
			if len(groups) > gb.Size {
				groups = groups[:gb.Size]
			}
		}
		for _, g := range groups {
			kept[groupKey(g.keys)] = g.count
		}
	}
	return kept
}

// percentiles fills one percentile metric for every row: the window query
// returns, per group, only the two order statistics around each percent,
// and the percentile is interpolated linearly between them (the "R-7"
// definition: rank (n-1)·p/100 counted from 0).
func (s *Store) percentiles(ctx context.Context, q store.AggQuery, m store.Metric, keys []string, from, cond string, args []any, index map[string]int, res *store.AggResult) error {
	col := "t." + quote(m.Field)
	part := ""
	if len(keys) > 0 {
		part = "PARTITION BY " + strings.Join(keys, ", ")
	}
	var wanted []string
	for _, p := range m.Percents {
		pos := fmt.Sprintf("((n - 1) * %s / 100.0)", strconv.FormatFloat(p, 'g', -1, 64))
		wanted = append(wanted, fmt.Sprintf("rn = CAST(%[1]s AS INTEGER) + 1 OR rn = CAST(%[1]s AS INTEGER) + 2", pos))
	}
	var keySel []string
	for i, k := range keys {
		keySel = append(keySel, fmt.Sprintf("%s AS k%d", k, i))
	}
	inner := fmt.Sprintf("SELECT %s v, row_number() OVER (%s ORDER BY %s) AS rn, count(*) OVER (%s) AS n FROM %s WHERE %s AND %s IS NOT NULL",
		strings.Join(append(keySel, col), ", "), part, col, part, from, cond, col)
	var outKeys []string
	for i := range keys {
		outKeys = append(outKeys, fmt.Sprintf("k%d", i))
	}
	query := fmt.Sprintf("SELECT %s FROM (%s) WHERE %s", strings.Join(append(outKeys, "v", "rn", "n"), ", "), inner, strings.Join(wanted, " OR "))
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%w: percentiles of %s: %v", store.ErrUnavailable, m.Field, err)
	}
	defer rows.Close()
	type stats struct {
		n      int64
		byRank map[int64]float64
	}
	groups := map[string]*stats{}
	for rows.Next() {
		ks := make([]string, len(keys))
		var v float64
		var rn, n int64
		dest := make([]any, 0, len(keys)+3)
		for i := range ks {
			dest = append(dest, &ks[i])
		}
		dest = append(dest, &v, &rn, &n)
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("percentiles of %s: %w", m.Field, err)
		}
		k := groupKey(ks)
		st := groups[k]
		if st == nil {
			st = &stats{n: n, byRank: map[int64]float64{}}
			groups[k] = st
		}
		st.byRank[rn] = v
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: percentiles of %s: %v", store.ErrUnavailable, m.Field, err)
	}
	for k, st := range groups {
		i, ok := index[k]
		if !ok {
			continue
		}
		row := &res.Rows[i]
		if row.Percentiles == nil {
			row.Percentiles = map[string]map[float64]float64{}
		}
		ps := map[float64]float64{}
		for _, p := range m.Percents {
			pos := float64(st.n-1) * p / 100
			lo := int64(pos)
			frac := pos - float64(lo)
			v := st.byRank[lo+1]
			if hi, ok := st.byRank[lo+2]; ok && frac > 0 {
				v += frac * (hi - v)
			}
			ps[p] = v
		}
		row.Percentiles[m.Name] = ps
	}
	return nil
}

// sortRows puts rows in the documented order: level by level, terms groups
// by their group's count (descending) then key, time groups by key.
// prefixCount holds the document count of every group at every level.
func sortRows(q store.AggQuery, res *store.AggResult, prefixCount map[string]int64) {
	if len(q.GroupBy) == 0 {
		return
	}
	sort.SliceStable(res.Rows, func(i, j int) bool {
		a, b := res.Rows[i].Keys, res.Rows[j].Keys
		for l, g := range q.GroupBy {
			if a[l] == b[l] {
				continue
			}
			if g.Interval == "" {
				ca, cb := prefixCount[groupKey(a[:l+1])], prefixCount[groupKey(b[:l+1])]
				if ca != cb {
					return ca > cb
				}
			}
			return a[l] < b[l]
		}
		return false
	})
}
