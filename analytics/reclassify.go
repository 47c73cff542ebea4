package analytics

import (
	"context"
	"fmt"
	"slices"

	"github.com/exportscope/exportscope/store"
)

// ReclassifyResult counts what a re-classification did.
type ReclassifyResult struct {
	Scanned int64 `json:"scanned"`
	Changed int64 `json:"changed"`
	Failed  int64 `json:"failed"`
}

// Reclassify scans the listings of scope, classifies each with set, and
// re-upserts the listings whose sectors changed. Tags the set does not
// manage (another tenant's private sectors) are kept. progress, if not
// nil, is called with a fraction in [0, 1] after each batch.
func Reclassify(ctx context.Context, st store.Store, set *SectorSet, scope store.Scope, progress func(float64)) (ReclassifyResult, error) {
	var res ReclassifyResult
	total, err := count(ctx, st, store.AggQuery{Scope: scope, Kind: store.KindListing})
	if err != nil {
		return res, fmt.Errorf("reclassify: %w", err)
	}
	managed := map[string]bool{}
	for _, s := range set.sectors {
		managed[s.Tag()] = true
	}
	var failures []error
	err = st.Scan(ctx, store.ScanQuery{Scope: scope, Kind: store.KindListing, BatchSize: 500}, func(docs []store.Doc) error {
		var changed []store.Doc
		for _, d := range docs {
			l, ok := d.(*store.Listing)
			if !ok {
				continue
			}
			res.Scanned++
			next := Classify(l, set)
			for _, t := range l.Sectors {
				if !managed[t] && !slices.Contains(next, t) {
					next = append(next, t)
				}
			}
			kg, perKg := WeighListing(l)
			if !sameSet(l.Sectors, next) || !sameFloat(l.NetWeightKg, kg) || !sameFloat(l.USDPerKg, perKg) {
				cp := *l
				cp.Sectors = next
				cp.NetWeightKg, cp.USDPerKg = kg, perKg
				changed = append(changed, &cp)
			}
		}
		if len(changed) > 0 {
			br, err := st.Bulk(ctx, changed)
			if err != nil {
				return fmt.Errorf("store reclassified listings: %w", err)
			}
			res.Changed += int64(br.Stored())
			res.Failed += int64(len(br.Failed()))
			if e := br.Err(); e != nil && len(failures) < 5 {
				failures = append(failures, e)
			}
		}
		if progress != nil && total > 0 {
			progress(min(1, float64(res.Scanned)/float64(total)))
		}
		return ctx.Err()
	})
	if err != nil {
		return res, fmt.Errorf("reclassify: %w", err)
	}
	if res.Failed > 0 {
		return res, fmt.Errorf("reclassify: %d listings not stored: %v", res.Failed, failures)
	}
	return res, nil
}

// WeighListing returns a listing's net weight (as stored, else read from
// its title) and its USD price per kg, nil where not known.
func WeighListing(l *store.Listing) (kg, perKg *float64) {
	kg = l.NetWeightKg
	if kg == nil {
		if w, ok := ParseNetWeight(l.Title); ok && w > 0 {
			kg = store.Float(w)
		}
	}
	if kg != nil && *kg > 0 && l.PriceUSD != nil {
		perKg = store.Float(*l.PriceUSD / *kg)
	}
	return kg, perKg
}

func sameFloat(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x := slices.Clone(a)
	y := slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// count runs q without groups and returns its document count.
func count(ctx context.Context, st store.Store, q store.AggQuery) (int64, error) {
	q.GroupBy = nil
	q.Metrics = nil
	res, err := st.Aggregate(ctx, q)
	if err != nil {
		return 0, err
	}
	if len(res.Rows) == 0 {
		return 0, nil
	}
	return res.Rows[0].Count, nil
}
