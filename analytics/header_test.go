package analytics_test

import (
	"context"
	"encoding/json"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/analyticstest"
)

// TestReportFieldNamesAreStable checks the top-level JSON names of both
// reports, which are documented as stable, against the documented list:
// the shared header must flatten into the document as the fields did
// before it was shared.
func TestReportFieldNamesAreStable(t *testing.T) {
	e := newEnv(t, append(analyticstest.Magnesium(), analyticstest.MagnesiumSearches()...)...)
	ctx := context.Background()
	m, err := e.svc.Market(ctx, analytics.MarketRequest{Tenant: "t1", Sector: "magnesium", Market: "DE"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	m.Notes = []string{"a note"}
	b, err := e.svc.Brand(ctx, analytics.BrandRequest{Tenant: "t1", Sector: "magnesium", Brand: "Acme"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Notes = []string{"a note"}
	header := []string{"type", "version", "generatedAt", "tenant", "sector", "sources", "records", "notes"}
	for _, tt := range []struct {
		name string
		rep  any
		own  []string
	}{
		{"market", m, []string{"market", "period", "trade", "opportunity", "marketplace", "retailVsCustoms"}},
		{"brand", b, []string{"brand", "window", "summary", "markets", "shareOfShelf", "sentiment", "unauthorisedSellers", "underMinimumPrice"}},
	} {
		raw, err := json.Marshal(tt.rep)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		var got []string
		for k := range doc {
			got = append(got, k)
		}
		want := append(append([]string(nil), header...), tt.own...)
		sort.Strings(got)
		sort.Strings(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s report: top-level fields (-want +got):\n%s", tt.name, diff)
		}
		var recs map[string]any
		if err := json.Unmarshal(doc["records"], &recs); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"tradeFlows", "listings", "reviews"} {
			if _, ok := recs[k]; !ok {
				t.Errorf("%s report: records has no %s", tt.name, k)
			}
		}
	}
}
