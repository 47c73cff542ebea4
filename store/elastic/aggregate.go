package elastic

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/exportscope/exportscope/store"
)

// Aggregate groups the scope's documents in the engine: nested terms
// aggregations (count desc, then key asc, Size per parent) and date
// histograms (calendar intervals, empty buckets left out, keys formatted as
// store.TimeKey does), with the metrics at the innermost level.
func (s *Store) Aggregate(ctx context.Context, q store.AggQuery) (store.AggResult, error) {
	var out store.AggResult
	if err := store.CheckAggQuery(&q); err != nil {
		return out, err
	}
	if _, ok := mappingVersion[q.Kind]; !ok {
		return out, fmt.Errorf("%w: unknown document kind %q", store.ErrBadQuery, q.Kind)
	}
	done, err := s.enter()
	if err != nil {
		return out, err
	}
	defer done()

	aggs := metricAggs(q.Metrics)
	for i := len(q.GroupBy) - 1; i >= 0; i-- {
		g := groupAgg(q.Kind, q.GroupBy[i])
		if len(aggs) > 0 {
			g["aggs"] = aggs
		}
		aggs = map[string]any{fmt.Sprintf("g%d", i): g}
	}
	body := map[string]any{
		"query":            scoped(q.Scope, boolQuery{Filter: filterClauses(q.Filter)}),
		"size":             0,
		"track_total_hits": true,
	}
	if len(aggs) > 0 {
		body["aggs"] = aggs
	}
	res, err := s.search(ctx, []string{s.alias(q.Kind)}, body)
	if err != nil {
		return out, fmt.Errorf("elastic: aggregate %s: %w", q.Kind, err)
	}
	var top map[string]json.RawMessage
	if len(res.Aggregations) > 0 {
		if err := json.Unmarshal(res.Aggregations, &top); err != nil {
			return out, fmt.Errorf("elastic: decode aggregation: %w", err)
		}
	}
	if len(q.GroupBy) == 0 {
		row, err := metricRow([]string{}, res.Hits.Total.Value, top, q.Metrics)
		if err != nil {
			return out, err
		}
		out.Rows = []store.AggRow{row}
		return out, nil
	}
	if err := collectRows(top, 0, nil, q.GroupBy, q.Metrics, &out.Rows); err != nil {
		return out, err
	}
	return out, nil
}

var intervalFormat = map[store.Interval]string{store.Year: "yyyy", store.Month: "yyyy-MM", store.Day: "yyyy-MM-dd"}

func groupAgg(kind store.Kind, g store.GroupBy) map[string]any {
	if t, _ := store.FieldTypeOf(kind, g.Field); t == store.Time {
		return map[string]any{"date_histogram": map[string]any{
			"field": g.Field, "calendar_interval": string(g.Interval), "min_doc_count": 1,
			"time_zone": "UTC", "format": intervalFormat[g.Interval],
		}}
	}
	return facetAgg(g.Field, g.Size)
}

// metricAggs names metric i "m<i>" (the caller's names may hold characters
// that aggregation names may not). Sums get a value count "m<i>n" beside
// them, since a sum over no values is absent, not 0.
func metricAggs(ms []store.Metric) map[string]any {
	aggs := map[string]any{}
	for i, m := range ms {
		name := fmt.Sprintf("m%d", i)
		field := map[string]any{"field": m.Field}
		switch m.Op {
		case store.Count:
			if m.Field != "" {
				aggs[name] = map[string]any{"value_count": field}
			}
		case store.Sum:
			aggs[name] = map[string]any{"sum": field}
			aggs[name+"n"] = map[string]any{"value_count": field}
		case store.Avg, store.Min, store.Max:
			aggs[name] = map[string]any{string(m.Op): field}
		case store.Distinct:
			aggs[name] = map[string]any{"cardinality": map[string]any{"field": m.Field, "precision_threshold": 40000}}
		case store.Percentiles:
			aggs[name] = map[string]any{"percentiles": map[string]any{"field": m.Field, "percents": m.Percents, "keyed": false}}
		}
	}
	return aggs
}

type bucket struct {
	Key         json.RawMessage `json:"key"`
	KeyAsString string          `json:"key_as_string"`
	DocCount    int64           `json:"doc_count"`
}

// collectRows walks the buckets of group level depth depth-first, so rows
// come by parent group, then in each level's bucket order.
func collectRows(aggs map[string]json.RawMessage, depth int, keys []string, groups []store.GroupBy, ms []store.Metric, rows *[]store.AggRow) error {
	var level struct {
		Buckets []json.RawMessage `json:"buckets"`
	}
	if err := json.Unmarshal(aggs[fmt.Sprintf("g%d", depth)], &level); err != nil {
		return fmt.Errorf("elastic: decode group %s: %w", groups[depth].Field, err)
	}
	for _, raw := range level.Buckets {
		var b bucket
		var subs map[string]json.RawMessage
		if err := json.Unmarshal(raw, &b); err != nil {
			return fmt.Errorf("elastic: decode bucket: %w", err)
		}
		if err := json.Unmarshal(raw, &subs); err != nil {
			return fmt.Errorf("elastic: decode bucket: %w", err)
		}
		k := append(append([]string(nil), keys...), bucketKey(b.Key, b.KeyAsString))
		if depth+1 < len(groups) {
			if err := collectRows(subs, depth+1, k, groups, ms, rows); err != nil {
				return err
			}
			continue
		}
		row, err := metricRow(k, b.DocCount, subs, ms)
		if err != nil {
			return err
		}
		*rows = append(*rows, row)
	}
	return nil
}

// metricRow reads the metrics of one group from its sub-aggregations.
func metricRow(keys []string, count int64, aggs map[string]json.RawMessage, ms []store.Metric) (store.AggRow, error) {
	row := store.AggRow{Keys: keys, Count: count}
	set := func(name string, v float64) {
		if row.Values == nil {
			row.Values = map[string]float64{}
		}
		row.Values[name] = v
	}
	value := func(name string) (*float64, error) {
		var v struct {
			Value *float64 `json:"value"`
		}
		if err := json.Unmarshal(aggs[name], &v); err != nil {
			return nil, fmt.Errorf("elastic: decode metric: %w", err)
		}
		return v.Value, nil
	}
	for i, m := range ms {
		name := fmt.Sprintf("m%d", i)
		switch m.Op {
		case store.Count:
			if m.Field == "" {
				set(m.Name, float64(count))
				continue
			}
			v, err := value(name)
			if err != nil {
				return row, err
			}
			set(m.Name, *v)
		case store.Sum:
			n, err := value(name + "n")
			if err != nil {
				return row, err
			}
			if n == nil || *n == 0 {
				continue
			}
			v, err := value(name)
			if err != nil {
				return row, err
			}
			set(m.Name, *v)
		case store.Avg, store.Min, store.Max, store.Distinct:
			v, err := value(name)
			if err != nil {
				return row, err
			}
			if v != nil {
				set(m.Name, *v)
			}
		case store.Percentiles:
			var p struct {
				Values []struct {
					Key   float64  `json:"key"`
					Value *float64 `json:"value"`
				} `json:"values"`
			}
			if err := json.Unmarshal(aggs[name], &p); err != nil {
				return row, fmt.Errorf("elastic: decode percentiles: %w", err)
			}
			// Keyed by the percents as asked, not as the response spells them.
			ps := map[float64]float64{}
			for _, v := range p.Values {
				for _, want := range m.Percents {
					if v.Value != nil && math.Abs(v.Key-want) < 1e-9 {
						ps[want] = *v.Value
					}
				}
			}
			if len(ps) == 0 {
				continue
			}
			if row.Percentiles == nil {
				row.Percentiles = map[string]map[float64]float64{}
			}
			row.Percentiles[m.Name] = ps
		}
	}
	return row, nil
}
