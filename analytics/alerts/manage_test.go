package alerts_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/exportscope/exportscope/analytics/alerts"
	"github.com/exportscope/exportscope/analytics/analyticstest"
	"github.com/exportscope/exportscope/store"
)

// A brand watch raises only for its brand; Alert and DeleteWatchlist see
// only the tenant's own.
func TestBrandWatchAndManagement(t *testing.T) {
	s, st, _ := setup(t)
	ctx := context.Background()
	add := func(w alerts.Watchlist) string {
		t.Helper()
		id, err := s.AddWatchlist(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	mine := add(alerts.Watchlist{Tenant: "t1", Kind: alerts.BrandTop20, Params: alerts.Params{Sector: "magnesium", Market: "DE", Brand: "newco"}})
	other := add(alerts.Watchlist{Tenant: "t1", Kind: alerts.BrandTop20, Params: alerts.Params{Sector: "magnesium", Market: "DE", Brand: "Somebody Else"}})
	if _, err := s.Evaluate(ctx, "t1", nil); err != nil { // baseline
		t.Fatal(err)
	}
	now := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	analyticstest.Load(t, st, []store.Doc{
		analyticstest.Listing(analyticstest.ListingSpec{ID: "n1", Country: "DE", Title: "Magnesia", Brand: "Newco", FirstSeen: now}),
		analyticstest.Listing(analyticstest.ListingSpec{ID: "n2", Country: "DE", Title: "Magnesia", Brand: "Otherco", FirstSeen: now}),
	})
	res, err := s.Evaluate(ctx, "t1", nil)
	if err != nil || res.Raised != 1 {
		t.Fatalf("evaluate: %+v %v; want one alert, for Newco only", res, err)
	}
	got, _ := s.Alerts(ctx, "t1", false, 10)
	if len(got) != 1 || got[0].WatchlistID != mine || !strings.Contains(got[0].Message, "Newco") {
		t.Fatalf("alerts %+v", got)
	}
	ws, _ := s.Watchlists(ctx, "t1")
	if len(ws) != 2 || ws[0].Params.Brand != "newco" {
		t.Errorf("watchlists %+v", ws)
	}

	a, err := s.Alert(ctx, "t1", got[0].ID)
	if err != nil || a.ID != got[0].ID || a.ReadAt != nil {
		t.Errorf("Alert: %+v %v", a, err)
	}
	if _, err := s.Alert(ctx, "t2", got[0].ID); !errors.Is(err, alerts.ErrNotFound) {
		t.Errorf("another tenant's alert: %v, want ErrNotFound", err)
	}
	if err := s.DeleteWatchlist(ctx, "t2", mine); !errors.Is(err, alerts.ErrNotFound) {
		t.Errorf("deleting another tenant's watchlist: %v, want ErrNotFound", err)
	}
	if err := s.DeleteWatchlist(ctx, "t1", mine); err != nil {
		t.Fatal(err)
	}
	ws, _ = s.Watchlists(ctx, "t1")
	got, _ = s.Alerts(ctx, "t1", false, 10)
	if len(ws) != 1 || ws[0].ID != other || len(got) != 0 {
		t.Errorf("after delete: watchlists %+v, alerts %+v", ws, got)
	}
	if err := s.DeleteWatchlist(ctx, "t1", mine); !errors.Is(err, alerts.ErrNotFound) {
		t.Errorf("deleting twice: %v, want ErrNotFound", err)
	}
}
