package graph_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/alerts"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/graph"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/billing"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/server/tenancy"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/elastic"
	"github.com/exportscope/exportscope/store/sqlite"
	"github.com/exportscope/exportscope/store/storetest"
)

// productEnv is the whole API as serve wires it, on real SQLite databases:
// alerts, uploads and tenant crawls included, the job runner running, and
// the handlers behind a real HTTP server for WebSocket and exports.
type productEnv struct {
	*env
	control *controldb.DB
	runner  *jobs.Runner
	exports http.Handler
	srv     *httptest.Server
}

type productOptions struct {
	billing *billing.Config
	// crawlAllow opens addresses to tenant crawls (a test shop on
	// loopback).
	crawlAllow []string
	// origins are the WebSocket origins allowed besides the host.
	origins []string
	// elastic keeps the market data in the Elasticsearch node at
	// EXPORTSCOPE_ES_URL (skipped when unset, failed when
	// EXPORTSCOPE_ES_REQUIRED is set) instead of SQLite.
	elastic bool
}

func openMarketStore(t *testing.T, ctx context.Context, dir string, o productOptions) store.Store {
	t.Helper()
	if !o.elastic {
		st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(dir, "market.db")})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	u := os.Getenv("EXPORTSCOPE_ES_URL")
	if u == "" {
		const why = "EXPORTSCOPE_ES_URL is not set: start a node with deploy/es-dev/es start and set it to the URL printed"
		if os.Getenv("EXPORTSCOPE_ES_REQUIRED") != "" {
			t.Fatal(why + " (EXPORTSCOPE_ES_REQUIRED is set, so this is a failure)")
		}
		t.Skip(why)
	}
	st, err := elastic.Open(ctx, elastic.Config{URLs: []string{u}, IndexPrefix: fmt.Sprintf("test-graph-%d", time.Now().UnixNano()%1e12)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Drop(context.WithoutCancel(ctx)); err != nil {
			t.Error(err)
		}
		st.Close()
	})
	return st
}

func newProductEnv(t *testing.T, o productOptions) *productEnv {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	control, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(dir, "control.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { control.Close() })
	st := openMarketStore(t, ctx, dir, o)
	data := storetest.Generate(60)
	res, err := st.Bulk(ctx, data.Docs())
	if err != nil || res.Err() != nil {
		t.Fatalf("load data: %v %v", err, res.Err())
	}
	cat, err := analytics.NewCatalogue(control)
	if err != nil {
		t.Fatal(err)
	}
	uploads, err := analytics.NewTenantData(control)
	if err != nil {
		t.Fatal(err)
	}
	reports, err := analytics.NewService(analytics.ServiceOptions{Store: st, Catalogue: cat, TenantData: uploads})
	if err != nil {
		t.Fatal(err)
	}
	alertSvc, err := alerts.New(alerts.Options{DB: control, Store: st, Reports: reports})
	if err != nil {
		t.Fatal(err)
	}
	runner, err := jobs.New(jobs.Options{DB: control, HeartbeatEvery: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	reports.RegisterJobs(runner)
	alertSvc.RegisterJobs(runner)
	crawls, err := tenancy.NewCrawlWorker(tenancy.CrawlWorkerOptions{Store: st, Control: control, Allow: o.crawlAllow})
	if err != nil {
		t.Fatal(err)
	}
	crawls.Register(runner)
	if err := runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		runner.Stop(sctx)
	})
	accounts, err := auth.New(auth.Options{DB: control, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	var bill *billing.Service
	if o.billing != nil {
		if bill, err = billing.New(billing.Options{DB: control, Config: *o.billing}); err != nil {
			t.Fatal(err)
		}
	}
	scoped, err := tenancy.New(tenancy.Options{Store: st, Jobs: runner, Catalogue: cat, Billing: bill,
		Product: tenancy.Product{Alerts: alertSvc, Uploads: uploads, Control: control}})
	if err != nil {
		t.Fatal(err)
	}
	h, err := graph.NewHandler(graph.Options{Auth: accounts, Data: scoped,
		WebSocket: graph.WebSocketOptions{Origins: o.origins, PollEvery: 10 * time.Millisecond, KeepAlive: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	exports, err := graph.NewExportHandler(accounts, scoped, nil)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/graphql", h)
	mux.Handle(graph.ExportPattern, exports)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &productEnv{env: &env{t: t, handler: h, data: data, store: st, bill: bill}, control: control, runner: runner, exports: exports, srv: srv}
}

// roles are tokens of one tenant, one per role (API keys the owner makes).
type roles struct {
	tenant                        string
	owner, admin, analyst, viewer string
}

func (e *productEnv) tenant(name string) roles {
	e.t.Helper()
	var up struct {
		SignUp struct {
			Token  string
			Tenant struct{ ID string }
		}
	}
	e.ok(e.do("", signUp, map[string]any{"in": map[string]any{
		"email": "owner@" + name + ".example", "password": "correct horse battery", "tenantName": name, "tenantKind": "EXPORTER"}}), &up)
	r := roles{tenant: up.SignUp.Tenant.ID, owner: up.SignUp.Token}
	key := func(role string) string {
		var out struct{ CreateApiKey struct{ Secret string } }
		e.ok(e.do(r.owner, `mutation($r: Role!) { createApiKey(input: {name: "k", role: $r}) { secret } }`, map[string]any{"r": role}), &out)
		return out.CreateApiKey.Secret
	}
	r.admin, r.analyst, r.viewer = key("ADMIN"), key("ANALYST"), key("VIEWER")
	return r
}

// waitJob polls a job until it has ended.
func (e *productEnv) waitJob(id string) jobs.Info {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	info, err := e.runner.Wait(ctx, id)
	if err != nil {
		e.t.Fatalf("wait for job %s: %v", id, err)
	}
	return info
}

// expectCode asserts that resp failed with code and carries no data.
func (e *productEnv) expectCode(what string, resp response, code string) {
	e.t.Helper()
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions.Code != code {
		e.t.Errorf("%s: want %s, got %s", what, code, resp.raw)
		return
	}
	if string(resp.Data) != "null" && string(resp.Data) != "" {
		e.t.Errorf("%s: error answer carries data: %s", what, resp.raw)
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
