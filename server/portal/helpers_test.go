package portal_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/server/portal"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
)

// fakeJobs holds report builds by ID, standing in for the job runner.
type fakeJobs map[string]jobs.Info

func (f fakeJobs) Get(_ context.Context, id string) (jobs.Info, error) {
	if i, ok := f[id]; ok {
		return i, nil
	}
	return jobs.Info{}, fmt.Errorf("%w: %s", jobs.ErrNotFound, id)
}

// env is a portal service on real SQLite databases in a temporary folder.
type env struct {
	t     *testing.T
	svc   *portal.Service
	auth  *auth.Service
	store store.Store
	jobs  fakeJobs
	now   time.Time
	users int // sign-ups so far, for unique emails
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	control, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(dir, "control.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { control.Close() })
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(dir, "market.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat, err := analytics.NewCatalogue(control)
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := auth.New(auth.Options{DB: control, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, auth: accounts, store: st, jobs: fakeJobs{}, now: time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC)}
	e.svc, err = portal.New(portal.Options{DB: control, Docs: st, Jobs: e.jobs, Sectors: cat, Now: func() time.Time { return e.now }})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// tenant signs up a tenant of kind and returns its owner's context.
func (e *env) tenant(kind auth.TenantKind, name string) (context.Context, *auth.Principal) {
	e.t.Helper()
	e.users++
	s, err := e.auth.SignUp(context.Background(), auth.SignUpInput{
		Email: fmt.Sprintf("owner%d@example.com", e.users), Password: "correct horse battery", TenantName: name, TenantKind: string(kind),
	}, "127.0.0.1")
	if err != nil {
		e.t.Fatal(err)
	}
	p := s.Principal
	return auth.WithPrincipal(context.Background(), &p), &p
}

// as returns ctx acting as the same tenant with another role.
func as(p *auth.Principal, role auth.Role) context.Context {
	q := *p
	q.Role = role
	return auth.WithPrincipal(context.Background(), &q)
}

// member signs up an exporter, saves its profile, and makes it an active
// member of the association in assoc.
func (e *env) member(assoc context.Context, name string, pr portal.Profile) (context.Context, *auth.Principal, portal.Membership) {
	e.t.Helper()
	ctx, p := e.tenant(auth.Exporter, name)
	if _, err := e.svc.SaveProfile(ctx, pr); err != nil {
		e.t.Fatalf("profile of %s: %v", name, err)
	}
	m, err := e.svc.Invite(assoc, p.User.Email)
	if err != nil {
		e.t.Fatalf("invite %s: %v", name, err)
	}
	if m, err = e.svc.Answer(ctx, m.ID, true); err != nil {
		e.t.Fatalf("accept %s: %v", name, err)
	}
	return ctx, p, m
}

func (e *env) portal(assoc context.Context, slug, host string, sectors ...string) *portal.Portal {
	e.t.Helper()
	pt, err := e.svc.SavePortal(assoc, portal.Input{Slug: slug, Host: host, NameZH: "镁质材料协会", NameEN: "Magnesia Association",
		Primary: "#1a5fb4", Accent: "#e66100", FeaturedSectors: sectors, PublicFigures: []portal.Figure{portal.FigImports, portal.FigOpportunity}})
	if err != nil {
		e.t.Fatalf("save portal: %v", err)
	}
	return pt
}

// report stores a finished report build of tenant with its document.
func (e *env) report(tenant, jobID, sector string, body any) {
	e.t.Helper()
	raw, _ := json.Marshal(body)
	doc := &store.Report{ID: "doc-" + jobID, Tenant: tenant, Type: analytics.TypeMarket, Sector: sector, Version: 1, CreatedAt: e.now, Body: raw}
	res, err := e.store.Bulk(context.Background(), []store.Doc{doc})
	if err != nil || res.Err() != nil {
		e.t.Fatalf("store report: %v %v", err, res.Err())
	}
	result, _ := json.Marshal(analytics.ReportJobResult{ReportID: doc.ID, Type: doc.Type, Sector: sector, Version: 1})
	e.jobs[jobID] = jobs.Info{ID: jobID, Tenant: tenant, Kind: analytics.JobMarketReport, Status: jobs.Done, Result: result}
}

// code is the client code of err ("" for nil).
func code(err error) string {
	c, _ := apperr.Public(err)
	return c
}

func wantCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if got := code(err); got != want {
		t.Errorf("%s: code %q (err %v), want %q", what, got, err, want)
	}
}

func ptr[T any](v T) *T { return &v }
