package analytics_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/analyticstest"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/store"
)

func TestReportJobs(t *testing.T) {
	e := newEnv(t, analyticstest.Magnesium()...)
	ctx := context.Background()
	r, err := jobs.New(jobs.Options{DB: e.db, Concurrency: 2, HeartbeatEvery: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	e.svc.RegisterJobs(r)
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer r.Stop(ctx)

	mid, err := r.Submit(ctx, "", analytics.JobMarketReport, analytics.MarketRequest{Sector: "magnesium", Market: "DE", From: 2019, To: 2021})
	if err != nil {
		t.Fatal(err)
	}
	bid, err := r.Submit(ctx, "", analytics.JobBrandReport, analytics.BrandRequest{Sector: "magnesium", Brand: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	bad, _ := r.Submit(ctx, "", analytics.JobMarketReport, analytics.MarketRequest{Sector: "unobtainium"})
	for _, id := range []string{mid, bid} {
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		info, err := r.Wait(wctx, id)
		cancel()
		if err != nil || info.Status != jobs.Done || info.Progress != 100 {
			t.Fatalf("job %s: %+v %v", id, info, err)
		}
		var res analytics.ReportJobResult
		if err := json.Unmarshal(info.Result, &res); err != nil {
			t.Fatal(err)
		}
		rep, err := e.svc.Load(ctx, "", res.ReportID)
		if err != nil {
			t.Fatal(err)
		}
		switch x := rep.(type) {
		case *analytics.MarketReport:
			if x.Market != "DE" || res.Type != "market" || res.Version != analytics.Version {
				t.Errorf("stored market report %s %s, result %+v", x.Type, x.Market, res)
			}
		case *analytics.BrandReport:
			if x.Brand != "Acme" || res.Type != "brand" {
				t.Errorf("stored brand report %s, result %+v", x.Brand, res)
			}
		}
	}
	info, _ := r.Wait(ctx, bad)
	if info.Status != jobs.Failed || !strings.Contains(info.Error, "valid sectors: ") {
		t.Errorf("bad job %s %q, want failed listing the valid sectors", info.Status, info.Error)
	}
	n, err := e.st.Aggregate(ctx, store.AggQuery{Kind: store.KindReport, GroupBy: []store.GroupBy{{Field: "kind"}}})
	if err != nil || len(n.Rows) != 2 {
		t.Errorf("stored reports by kind: %+v %v", n.Rows, err)
	}
	// A report document of an unknown type does not decode.
	if _, err := analytics.DecodeReport(&store.Report{ID: "x", Type: "weird", Body: []byte("{}")}); err == nil {
		t.Error("a report of unknown type decoded")
	}
	if _, err := e.svc.Load(ctx, "", "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("loading a missing report: %v", err)
	}
}

func TestReclassifyJobForTenant(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	e := newEnv(t, &store.Listing{ID: "p", Marketplace: "m", Country: "DE", URL: "u", Title: "Borax 25 kg", FirstSeen: now, LastSeen: now})
	ctx := context.Background()
	if err := e.cat.Add(ctx, "t1", analytics.Sector{Slug: "boron", Name: analytics.Names{EN: "Boron"}, Keywords: map[string][]string{"en": {"borax"}}}); err != nil {
		t.Fatal(err)
	}
	r, _ := jobs.New(jobs.Options{DB: e.db, HeartbeatEvery: 10 * time.Millisecond})
	e.svc.RegisterJobs(r)
	info, err := r.Run(ctx, "t1", analytics.JobReclassify, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info.Result), `"public":{"scanned":1,"changed":1,"failed":0}`) {
		t.Errorf("result %s", info.Result)
	}
	docs, _ := e.st.Get(ctx, store.Public, store.KindListing, []string{"p"})
	if tags := docs[0].(*store.Listing).Sectors; len(tags) != 1 || tags[0] != analytics.TenantTag("t1", "boron") {
		t.Errorf("the shared listing carries %v, want only the opaque tenant tag", tags)
	}
	// The tenant's report on its own sector finds the listing by the tag.
	rep, err := e.svc.Market(ctx, analytics.MarketRequest{Tenant: "t1", Sector: "boron", Market: "DE"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want(t, "listings", rep.Marketplace[0].Listings, 1)
}
