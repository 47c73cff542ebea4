package alerts_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/alerts"
	"github.com/exportscope/exportscope/analytics/analyticstest"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
)

func setup(t *testing.T) (*alerts.Service, store.Store, *controldb.DB) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "m.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	db, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(t.TempDir(), "c.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	analyticstest.Load(t, st, analyticstest.Magnesium())
	cat, _ := analytics.NewCatalogue(db)
	rep, err := analytics.NewService(analytics.ServiceOptions{Store: st, Catalogue: cat})
	if err != nil {
		t.Fatal(err)
	}
	s, err := alerts.New(alerts.Options{DB: db, Store: st, Reports: rep})
	if err != nil {
		t.Fatal(err)
	}
	return s, st, db
}

func snapshot(listing string, day int, price float64) *store.Snapshot {
	tm := time.Date(2024, 5, day, 10, 0, 0, 0, time.UTC)
	return &store.Snapshot{ID: store.SnapshotID(listing, tm), ListingID: listing, Marketplace: "shop.DE", Country: "DE", Time: tm,
		Price: store.Float(price), Currency: "USD", PriceUSD: store.Float(price)}
}

func TestAlerts(t *testing.T) {
	s, st, _ := setup(t)
	ctx := context.Background()
	analyticstest.Load(t, st, []store.Doc{snapshot("l1", 1, 100), snapshot("l1", 2, 100), snapshot("l1", 3, 80), snapshot("l2", 1, 10), snapshot("l2", 3, 10.5)})
	add := func(w alerts.Watchlist) string {
		t.Helper()
		id, err := s.AddWatchlist(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	add(alerts.Watchlist{Tenant: "t1", Kind: alerts.ListingPrice, Params: alerts.Params{ListingID: "l1"}, ThresholdPct: 10})
	add(alerts.Watchlist{Tenant: "t1", Kind: alerts.ListingPrice, Params: alerts.Params{ListingID: "l2"}, ThresholdPct: 10})
	add(alerts.Watchlist{Tenant: "t1", Kind: alerts.ImportsJump, Params: alerts.Params{Sector: "magnesium", Market: "DE"}, ThresholdPct: 100})
	add(alerts.Watchlist{Tenant: "t1", Kind: alerts.BrandTop20, Params: alerts.Params{Sector: "magnesium", Market: "DE"}})
	if _, err := s.AddWatchlist(ctx, alerts.Watchlist{Tenant: "t1", Kind: alerts.BrandTop20, Params: alerts.Params{Sector: "nope", Market: "DE"}}); err == nil {
		t.Error("a watchlist on an unknown sector was accepted")
	}

	res, err := s.Evaluate(ctx, "t1", nil)
	if err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	// l1: 100 -> 80 (-20 %) raises; l2: +5 % does not; DE imports
	// 400 -> 1000 (+150 %) raise; the first top-20 check sets a baseline.
	if res.Checked != 4 || res.Raised != 2 {
		t.Errorf("result %+v, want 4 checked and 2 raised", res)
	}
	got, err := s.Alerts(ctx, "t1", true, 10)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, a := range got {
		msgs = append(msgs, a.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"Price of listing l1 moved -20.0%", "Imports of magnesium into DE changed +150.0% in 2021"} {
		if !strings.Contains(all, want) {
			t.Errorf("alerts %q lack %q", all, want)
		}
	}

	// A new brand enters DE's top 20; the next run raises it once.
	now := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	analyticstest.Load(t, st, []store.Doc{analyticstest.Listing(analyticstest.ListingSpec{ID: "new", Country: "DE", Title: "Magnesia", Brand: "Newco", FirstSeen: now})})
	for i, wantRaised := range []int{1, 0} {
		res, err = s.Evaluate(ctx, "t1", nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Raised != wantRaised {
			t.Errorf("run %d raised %d, want %d (the same events raise once)", i+2, res.Raised, wantRaised)
		}
	}
	got, _ = s.Alerts(ctx, "t1", false, 10)
	if len(got) != 3 || !strings.Contains(got[0].Message+got[1].Message+got[2].Message, "Brand Newco entered the top 20") {
		t.Errorf("alerts %+v", got)
	}
	if err := s.MarkRead(ctx, "t1", got[0].ID); err != nil {
		t.Fatal(err)
	}
	unread, _ := s.Alerts(ctx, "t1", true, 10)
	other, _ := s.Alerts(ctx, "t2", false, 10)
	if len(unread) != 2 || len(other) != 0 {
		t.Errorf("unread %d, other tenant %d; want 2 and 0", len(unread), len(other))
	}
}

func TestAlertJob(t *testing.T) {
	s, _, db := setup(t)
	ctx := context.Background()
	if _, err := s.AddWatchlist(ctx, alerts.Watchlist{Tenant: "t1", Kind: alerts.ImportsJump, Params: alerts.Params{Sector: "magnesium", Market: "DE"}}); err != nil {
		t.Fatal(err)
	}
	r, err := jobs.New(jobs.Options{DB: db, HeartbeatEvery: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	s.RegisterJobs(r)
	info, err := r.Run(ctx, "t1", alerts.JobKind, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(info.Result) != `{"checked":1,"raised":1}` || info.Progress != 100 {
		t.Errorf("job %+v", info)
	}
}
