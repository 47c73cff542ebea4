package crawl

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/exportscope/exportscope/crawlers/extract"
	"github.com/exportscope/exportscope/store"
)

// TestReviewsStoredOnce crawls the shop on two days: the reviews its
// product pages show are stored with their listing's facts on the first
// and replaced, not added again, on the second.
func TestReviewsStoredOnce(t *testing.T) {
	s := newShop(t, 4)
	e := newEnv(t, "")
	day := time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC)
	for i, id := range []string{"day1", "day2"} {
		c := e.crawler(t, s.srv.URL, id, func(o *Options) { o.Now = func() time.Time { return day } })
		st, err := c.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if st.Reviews != 4*reviewsPerProduct || st.Dropped != 0 {
			t.Errorf("crawl %d: %+v, want %d reviews and nothing dropped", i+1, st, 4*reviewsPerProduct)
		}
		day = day.AddDate(0, 0, 1)
	}
	docs := e.docs(t, store.KindReview)
	if len(docs) != 4*reviewsPerProduct {
		t.Fatalf("%d reviews stored after two crawls, want %d", len(docs), 4*reviewsPerProduct)
	}
	l := e.listings(t)["MGO-002"]
	var got []*store.Review
	for _, d := range docs {
		if r := d.(*store.Review); r.ListingID == l.ID {
			got = append(got, r)
		}
	}
	want := []*store.Review{
		{ListingID: l.ID, Marketplace: "shop.test", Country: "DE", Brand: "Yingkou Refr", Sectors: []string{"magnesium"},
			Rating: 4, Title: "Gut", Text: "Gute Qualität, MGO-002.", Lang: "de", Date: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)},
		{ListingID: l.ID, Marketplace: "shop.test", Country: "DE", Brand: "Yingkou Refr", Sectors: []string{"magnesium"},
			Rating: 2, Text: "Slow delivery.", Lang: "en", Date: time.Date(2025, 2, 3, 9, 30, 0, 0, time.UTC)},
	}
	sortByDate := cmpopts.SortSlices(func(a, b *store.Review) bool { return a.Date.Before(b.Date) })
	if diff := cmp.Diff(want, got, sortByDate, cmpopts.IgnoreFields(store.Review{}, "ID")); diff != "" {
		t.Errorf("MGO-002 reviews mismatch (-want +got):\n%s", diff)
	}
	for _, r := range got {
		if want := store.StableID(l.ID, "", r.Date.Format(time.RFC3339), textHash(r.Text)); r.ID == want {
			t.Errorf("review ID %s ignores the author", r.ID)
		}
	}
}

func TestReviewDocs(t *testing.T) {
	l := &store.Listing{ID: "L1", Tenant: "t1", Marketplace: "shop.test", Country: "DE", Brand: "B", Sectors: []string{"s"}}
	date := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	rs := map[string][]extract.Review{
		"L1": {
			{Author: "A", Rating: 5, Text: "Top.", Lang: "pt-BR", Date: date},
			{Author: "A", Rating: 5, Text: " Top. ", Lang: "pt-BR", Date: date}, // the same, spaced differently
			{Author: "B", Rating: 3, Date: date, Lang: "x-klingon"},             // no text: kept for its rating
			{Author: "C", Text: "No date."},                                     // dropped
			{Author: "D", Date: date},                                           // nothing to keep: dropped
		},
		"gone": {{Text: "Its listing was refused.", Date: date}},
	}
	got, dropped := reviewDocs([]*store.Listing{l}, rs)
	if dropped != 3 {
		t.Errorf("dropped %d, want 3", dropped)
	}
	if len(got) != 2 {
		t.Fatalf("got %d reviews, want 2: %+v", len(got), got)
	}
	if r := got[0]; r.Tenant != "t1" || r.Lang != "pt" || r.ID != store.StableID("L1", "A", "2025-01-02T00:00:00Z", textHash("Top.")) {
		t.Errorf("first review %+v", r)
	}
	if got[1].Lang != "" {
		t.Errorf("lang %q from x-klingon, want none", got[1].Lang)
	}
	for tag, want := range map[string]string{"en": "en", "EN-us": "en", "zh_Hant_TW": "zh", "fil": "fil", "x": "", "e1": "", "": ""} {
		if got := primaryLang(tag); got != want {
			t.Errorf("primaryLang(%q) = %q, want %q", tag, got, want)
		}
	}
}
