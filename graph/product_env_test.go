package graph_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/store"
	es "github.com/exportscope/exportscope/store/elastic"
	"github.com/exportscope/exportscope/store/sqlite"
)

// productEnv is the API of newEnv with helpers for tenants with one
// token per role and for waiting on jobs.
type productEnv struct {
	*env
}

type productOptions = options

// openMarketStore opens the market store of a test: SQLite in dir, or
// with elastic a fresh index prefix on the node at EXPORTSCOPE_ES_URL.
func openMarketStore(t *testing.T, ctx context.Context, dir string, elastic bool) store.Store {
	t.Helper()
	if !elastic {
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
	st, err := es.Open(ctx, es.Config{URLs: []string{u}, IndexPrefix: fmt.Sprintf("test-graph-%d", time.Now().UnixNano()%1e12)})
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
	return &productEnv{env: newEnv(t, o)}
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
