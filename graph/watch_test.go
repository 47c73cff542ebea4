package graph_test

import (
	"strings"
	"testing"
)

const createWatchlist = `mutation($in: WatchlistInput!) { createWatchlist(input: $in) { id kind listingId sector market brand thresholdPct createdAt checkedAt } }`

type watchlistOut struct {
	ID, Kind                         string
	ListingID, Sector, Market, Brand *string
	ThresholdPct                     float64
	CheckedAt                        *string
}

const alertsQuery = `query($u: Boolean) { alerts(unreadOnly: $u) { id watchlistId kind message details readAt } }`

type alertOut struct {
	ID, WatchlistID, Kind, Message string
	ReadAt                         *string
}

func TestWatchlistsAndAlerts(t *testing.T) {
	e := newProductEnv(t, productOptions{})
	a, b := e.tenant("alpha"), e.tenant("beta")

	var jump struct{ CreateWatchlist watchlistOut }
	e.ok(e.do(a.analyst, createWatchlist, map[string]any{"in": map[string]any{
		"kind": "IMPORTS_JUMP", "sector": "magnesium", "market": "de", "thresholdPct": 0.001}}), &jump)
	w := jump.CreateWatchlist
	if w.ID == "" || w.Kind != "IMPORTS_JUMP" || *w.Sector != "magnesium" || *w.Market != "DE" || w.ThresholdPct != 0.001 || w.CheckedAt != nil {
		t.Fatalf("createWatchlist gave %+v", w)
	}
	var brand struct{ CreateWatchlist watchlistOut }
	e.ok(e.do(a.owner, createWatchlist, map[string]any{"in": map[string]any{
		"kind": "BRAND_TOP20", "sector": "magnesium", "market": "DE", "brand": "Jinlong"}}), &brand)
	if bw := brand.CreateWatchlist; bw.Brand == nil || *bw.Brand != "Jinlong" || bw.ThresholdPct != 10 {
		t.Errorf("brand watch: %+v", bw)
	}
	var listing struct{ CreateWatchlist watchlistOut }
	e.ok(e.do(a.analyst, createWatchlist, map[string]any{"in": map[string]any{"kind": "LISTING_PRICE", "listingId": e.data.Listings[2].ID}}), &listing)

	var lists struct{ Watchlists []watchlistOut }
	e.ok(e.do(a.viewer, `{ watchlists { id kind brand } }`, nil), &lists)
	if len(lists.Watchlists) != 3 {
		t.Errorf("alpha has %d watchlists, want 3", len(lists.Watchlists))
	}
	e.ok(e.do(b.owner, `{ watchlists { id } }`, nil), &lists)
	if len(lists.Watchlists) != 0 {
		t.Errorf("beta sees %d watchlists, want none", len(lists.Watchlists))
	}

	// Run the checks as a job; the imports of DE move by more than 0.001 %
	// from one year to the next in the data set.
	var job struct {
		CheckAlerts struct{ ID, Kind, Status string }
	}
	e.ok(e.do(a.analyst, `mutation { checkAlerts { id kind status progress } }`, nil), &job)
	if job.CheckAlerts.Kind != "alerts" || job.CheckAlerts.ID == "" {
		t.Fatalf("checkAlerts gave %+v", job.CheckAlerts)
	}
	if info := e.waitJob(job.CheckAlerts.ID); info.Status != "done" || info.Tenant != a.tenant {
		t.Fatalf("alert job ended %s for %s: %s", info.Status, info.Tenant, info.Error)
	}
	var jq struct {
		Job struct {
			ID, Kind, Status string
			Progress         float64
		}
	}
	const jobQuery = `query($id: ID!) { job(id: $id) { id kind status progress error } }`
	e.ok(e.do(a.viewer, jobQuery, map[string]any{"id": job.CheckAlerts.ID}), &jq)
	if jq.Job.Status != "DONE" || jq.Job.Progress != 100 || jq.Job.Kind != "alerts" {
		t.Errorf("job after the check: %+v", jq.Job)
	}
	e.expectCode("job of alpha by beta", e.do(b.viewer, jobQuery, map[string]any{"id": job.CheckAlerts.ID}), "NOT_FOUND")

	var al struct{ Alerts []alertOut }
	e.ok(e.do(a.viewer, alertsQuery, nil), &al)
	if len(al.Alerts) != 1 || al.Alerts[0].Kind != "IMPORTS_JUMP" || al.Alerts[0].WatchlistID != w.ID || !strings.Contains(al.Alerts[0].Message, "DE") {
		t.Fatalf("alerts after the check: %+v", al.Alerts)
	}
	alertID := al.Alerts[0].ID
	e.ok(e.do(b.owner, alertsQuery, nil), &al)
	if len(al.Alerts) != 0 {
		t.Errorf("beta sees alpha's alerts: %+v", al.Alerts)
	}

	// Another tenant cannot read, mark or delete them.
	e.expectCode("markAlertRead by beta", e.do(b.owner, `mutation($id: ID!) { markAlertRead(id: $id) { id } }`, map[string]any{"id": alertID}), "NOT_FOUND")
	e.expectCode("deleteWatchlist by beta", e.do(b.owner, `mutation($id: ID!) { deleteWatchlist(id: $id) }`, map[string]any{"id": w.ID}), "NOT_FOUND")

	var read struct{ MarkAlertRead alertOut }
	e.ok(e.do(a.viewer, `mutation($id: ID!) { markAlertRead(id: $id) { id readAt } }`, map[string]any{"id": alertID}), &read)
	if read.MarkAlertRead.ReadAt == nil {
		t.Errorf("markAlertRead left readAt empty")
	}
	e.ok(e.do(a.viewer, alertsQuery, map[string]any{"u": true}), &al)
	if len(al.Alerts) != 0 {
		t.Errorf("unread alerts after marking read: %+v", al.Alerts)
	}

	// Roles: viewers read, analysts and up watch.
	e.expectCode("createWatchlist by a viewer", e.do(a.viewer, createWatchlist, map[string]any{"in": map[string]any{
		"kind": "IMPORTS_JUMP", "sector": "magnesium", "market": "DE"}}), "FORBIDDEN")
	e.expectCode("deleteWatchlist by a viewer", e.do(a.viewer, `mutation($id: ID!) { deleteWatchlist(id: $id) }`, map[string]any{"id": w.ID}), "FORBIDDEN")
	e.expectCode("checkAlerts by a viewer", e.do(a.viewer, `mutation { checkAlerts { id } }`, nil), "FORBIDDEN")
	e.expectCode("alerts without a token", e.do("", alertsQuery, nil), "UNAUTHENTICATED")

	for _, tc := range []struct {
		name string
		in   map[string]any
		want string
	}{
		{"listing watch without listing", map[string]any{"kind": "LISTING_PRICE"}, "listingId"},
		{"unknown listing", map[string]any{"kind": "LISTING_PRICE", "listingId": "nope"}, ""},
		{"unknown sector", map[string]any{"kind": "IMPORTS_JUMP", "sector": "magnesum", "market": "DE"}, "magnesium"},
		{"bad market", map[string]any{"kind": "BRAND_TOP20", "sector": "magnesium", "market": "Germany"}, "alpha-2"},
		{"negative threshold", map[string]any{"kind": "IMPORTS_JUMP", "sector": "magnesium", "market": "DE", "thresholdPct": -5}, "thresholdPct"},
		{"brand on imports", map[string]any{"kind": "IMPORTS_JUMP", "sector": "magnesium", "market": "DE", "brand": "X"}, "brand"},
	} {
		resp := e.do(a.analyst, createWatchlist, map[string]any{"in": tc.in})
		code := "BAD_INPUT"
		if tc.name == "unknown listing" {
			code = "NOT_FOUND"
		}
		e.expectCode(tc.name, resp, code)
		if !strings.Contains(resp.raw, tc.want) {
			t.Errorf("%s: message should mention %q: %s", tc.name, tc.want, resp.raw)
		}
	}
	e.expectCode("unknown kind", e.do(a.analyst, createWatchlist, map[string]any{"in": map[string]any{"kind": "PRICE"}}), "BAD_INPUT")

	// Deleting takes the watchlist's alerts along.
	var del struct{ DeleteWatchlist bool }
	e.ok(e.do(a.analyst, `mutation($id: ID!) { deleteWatchlist(id: $id) }`, map[string]any{"id": w.ID}), &del)
	if !del.DeleteWatchlist {
		t.Errorf("deleteWatchlist returned false")
	}
	e.ok(e.do(a.viewer, alertsQuery, nil), &al)
	if len(al.Alerts) != 0 {
		t.Errorf("alerts of a deleted watchlist remain: %+v", al.Alerts)
	}
	e.ok(e.do(a.viewer, `{ watchlists { id kind } }`, nil), &lists)
	if len(lists.Watchlists) != 2 {
		t.Errorf("after delete alpha has %d watchlists, want 2", len(lists.Watchlists))
	}
	e.expectCode("delete twice", e.do(a.analyst, `mutation($id: ID!) { deleteWatchlist(id: $id) }`, map[string]any{"id": w.ID}), "NOT_FOUND")
}
