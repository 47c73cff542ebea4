package analytics

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/exportscope/exportscope/store"
)

// The small helpers every report uses to ask the store for grouped sums.

// vals are the metrics of one group.
type vals struct {
	n      int64
	value  float64 // sum of the value field
	weight float64 // sum of the weight field
	hasW   bool
	avg    float64
	hasAvg bool
	pct    map[float64]float64
}

func fptr(v float64) *float64 { return &v }

// aggregate runs q and returns its rows; errors name what was asked.
func aggregate(ctx context.Context, st store.Store, what string, q store.AggQuery) ([]store.AggRow, error) {
	res, err := st.Aggregate(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return res.Rows, nil
}

// byKey2 turns rows grouped by two keys into a nested map.
func byKey2[K comparable](rows []store.AggRow, conv func(string) (K, bool), fill func(store.AggRow) vals) map[string]map[K]vals {
	out := map[string]map[K]vals{}
	for _, r := range rows {
		if len(r.Keys) < 2 {
			continue
		}
		k2, ok := conv(r.Keys[1])
		if !ok {
			continue
		}
		if out[r.Keys[0]] == nil {
			out[r.Keys[0]] = map[K]vals{}
		}
		out[r.Keys[0]][k2] = fill(r)
	}
	return out
}

func byKey1(rows []store.AggRow, fill func(store.AggRow) vals) map[string]vals {
	out := map[string]vals{}
	for _, r := range rows {
		if len(r.Keys) < 1 {
			continue
		}
		out[r.Keys[0]] = fill(r)
	}
	return out
}

func yearKey(s string) (int, bool) {
	y, err := strconv.Atoi(s)
	return y, err == nil
}

// sumFill reads metrics named "v" (sum of value) and "w" (sum of weight).
func sumFill(r store.AggRow) vals {
	v := vals{n: r.Count}
	v.value = r.Values["v"]
	if w, ok := r.Values["w"]; ok {
		v.weight, v.hasW = w, true
	}
	if a, ok := r.Values["avg"]; ok {
		v.avg, v.hasAvg = a, true
	}
	if p, ok := r.Percentiles["p"]; ok {
		v.pct = p
	}
	return v
}

func yearStart(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }

// parallelQueries is how many independent store queries a report runs at
// once.
const parallelQueries = 4
