package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/analytics/jobs"
)

func TestListKinds(t *testing.T) {
	db := openDB(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r, err := jobs.New(jobs.Options{DB: db, Host: "test-host", Now: func() time.Time { now = now.Add(time.Second); return now }})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "b", "c"} {
		r.Register(k, jobs.Kind{Run: func(context.Context, *jobs.Task) (any, error) { return nil, nil }})
	}
	ctx := context.Background()
	submit := func(tenant, kind string) string {
		t.Helper()
		id, err := r.Submit(ctx, tenant, kind, nil)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a1 := submit("t1", "a")
	submit("t1", "c")
	b1 := submit("t1", "b")
	submit("t2", "a")
	a2 := submit("t1", "a")
	ids := func(is []jobs.Info) []string {
		var out []string
		for _, i := range is {
			out = append(out, i.ID)
		}
		return out
	}
	got, err := r.ListKinds(ctx, "t1", []string{"a", "b"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{a2, b1, a1}, ids(got)); diff != "" {
		t.Errorf("t1's a and b jobs, newest first (-want +got):\n%s", diff)
	}
	if got, _ := r.ListKinds(ctx, "t1", []string{"a"}, 1); !cmp.Equal(ids(got), []string{a2}) {
		t.Errorf("limit 1: %v", ids(got))
	}
	if got, _ := r.ListKinds(ctx, "t1", nil, 10); len(got) != 0 {
		t.Errorf("no kinds: %v", ids(got))
	}
}
