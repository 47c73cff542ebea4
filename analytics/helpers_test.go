package analytics_test

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/analyticstest"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
)

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(t.TempDir(), "market.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openControl(t *testing.T) *controldb.DB {
	t.Helper()
	db, err := controldb.Open(context.Background(), controldb.Options{Path: filepath.Join(t.TempDir(), "control.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

type env struct {
	st     store.Store
	db     *controldb.DB
	cat    *analytics.Catalogue
	tenant *analytics.TenantData
	svc    *analytics.Service
}

func newEnv(t *testing.T, docs ...store.Doc) *env {
	t.Helper()
	e := &env{st: openStore(t), db: openControl(t)}
	var err error
	if e.cat, err = analytics.NewCatalogue(e.db); err != nil {
		t.Fatal(err)
	}
	if e.tenant, err = analytics.NewTenantData(e.db); err != nil {
		t.Fatal(err)
	}
	e.svc, err = analytics.NewService(analytics.ServiceOptions{Store: e.st, Catalogue: e.cat, TenantData: e.tenant,
		Now: func() time.Time { return analyticstest.Now }})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) > 0 {
		analyticstest.Load(t, e.st, docs)
	}
	return e
}

// want checks a figure's value against an expected one computed in the
// test, to 1e-9 relative.
func want(t *testing.T, name string, f analytics.Figure, v float64) {
	t.Helper()
	if !f.OK() {
		t.Errorf("%s: %s (%s), want %g", name, f.Status, f.Reason, v)
		return
	}
	if math.Abs(f.V()-v) > 1e-9*math.Max(1, math.Abs(v)) {
		t.Errorf("%s = %.12g, want %.12g", name, f.V(), v)
	}
	if f.Definition == "" || f.Window.From == "" || f.Sources == nil {
		t.Errorf("%s lacks provenance: %+v", name, f)
	}
}

// wantStatus checks that a figure has no value, with a reason.
func wantStatus(t *testing.T, name string, f analytics.Figure, status analytics.Status) {
	t.Helper()
	if f.Status != status || f.Value != nil || f.Reason == "" {
		t.Errorf("%s: status %s value %v reason %q, want %s with a reason", name, f.Status, f.Value, f.Reason, status)
	}
}

// noBadNumbers fails if the report does not encode (NaN, Inf) or has a
// figure whose status and value disagree.
func noBadNumbers(t *testing.T, rep any) {
	t.Helper()
	raw, err := json.Marshal(rep)
	if err != nil {
		t.Fatalf("report does not encode: %v", err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if st, ok := x["status"].(string); ok {
				if _, isDef := x["definition"]; isDef {
					hasV := x["value"] != nil
					if (st == "ok") != hasV {
						t.Errorf("figure with status %s and value %v: %v", st, x["value"], x)
					}
					if st != "ok" && x["reason"] == "" {
						t.Errorf("figure with status %s and no reason: %v", st, x)
					}
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	var tree any
	_ = json.Unmarshal(raw, &tree)
	walk(tree)
}
