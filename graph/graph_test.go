package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/bcrypt"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/alerts"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/graph"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/billing"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/server/portal"
	"github.com/exportscope/exportscope/server/teaching"
	"github.com/exportscope/exportscope/server/tenancy"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/storetest"
)

// env is an API on real SQLite databases in a temporary folder, with the
// job runner running.
type env struct {
	t       *testing.T
	handler http.Handler
	data    *storetest.Data
	store   store.Store
	bill    *billing.Service // set when options.billing is
	control *controldb.DB
	runner  *jobs.Runner
	exports http.Handler
	// srv serves the API and the exports over real HTTP (WebSocket tests).
	srv *httptest.Server
}

type options struct {
	maxDepth int
	// billing, when set, enforces plans with this Stripe configuration.
	billing *billing.Config
	// now is the accounts' clock; nil means time.Now.
	now func() time.Time
	// logger receives the API's logs; nil discards them.
	logger *slog.Logger
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

// newEnv is the whole API as serve wires it, on real databases: accounts,
// billing, tenant data with alerts, uploads and tenant crawls, portals,
// teaching, the job runner running, and the handlers behind a real HTTP
// server too (for WebSocket and exports).
func newEnv(t *testing.T, o options) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	control, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(dir, "control.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { control.Close() })
	st := openMarketStore(t, ctx, dir, o.elastic)
	data := storetest.Generate(60)
	res, err := st.Bulk(ctx, data.Docs())
	if err != nil || res.Err() != nil {
		t.Fatalf("load data: %v %v", err, res.Err())
	}
	cat, err := analytics.NewCatalogue(control)
	if err != nil {
		t.Fatal(err)
	}
	tenantData, err := analytics.NewTenantData(control)
	if err != nil {
		t.Fatal(err)
	}
	reports, err := analytics.NewService(analytics.ServiceOptions{Store: st, Catalogue: cat, TenantData: tenantData})
	if err != nil {
		t.Fatal(err)
	}
	runner, err := jobs.New(jobs.Options{DB: control, HeartbeatEvery: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	reports.RegisterJobs(runner)
	alertSvc, err := alerts.New(alerts.Options{DB: control, Store: st, Reports: reports})
	if err != nil {
		t.Fatal(err)
	}
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
	var bill *billing.Service
	var seats auth.Seats
	var teachSeats teaching.Seats
	if o.billing != nil {
		if bill, err = billing.New(billing.Options{DB: control, Config: *o.billing}); err != nil {
			t.Fatal(err)
		}
		seats, teachSeats = bill, bill
	}
	accounts, err := auth.New(auth.Options{DB: control, BcryptCost: bcrypt.MinCost, Seats: seats, Now: o.now})
	if err != nil {
		t.Fatal(err)
	}
	scoped, err := tenancy.New(tenancy.Options{Store: st, Jobs: runner, Catalogue: cat, Billing: bill,
		Product: tenancy.Product{Alerts: alertSvc, Uploads: tenantData, Control: control}})
	if err != nil {
		t.Fatal(err)
	}
	portals, err := portal.New(portal.Options{DB: control, Docs: st, Jobs: runner, Sectors: cat})
	if err != nil {
		t.Fatal(err)
	}
	lab, err := teaching.NewLab(teaching.LabOptions{Seed: 1, Day: 30, MaxPages: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lab.Close() })
	teach, err := teaching.New(teaching.Options{DB: control, Accounts: accounts, Seats: teachSeats, Source: st, Catalogue: cat, DataDir: dir,
		Lab: lab, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { teach.Close() })
	h, err := graph.NewHandler(graph.Options{Auth: accounts, Data: scoped, Portal: portals, Teaching: teach, MaxDepth: o.maxDepth, Logger: o.logger,
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
	return &env{t: t, handler: h, data: data, store: st, bill: bill, control: control, runner: runner, exports: exports, srv: srv}
}

type gqlError struct {
	Message    string `json:"message"`
	Extensions struct {
		Code string `json:"code"`
	} `json:"extensions"`
}

type response struct {
	status int
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
	raw    string
}

// do posts a GraphQL request in-process.
func (e *env) do(token, query string, vars map[string]any) response {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return e.post(token, "application/json", body)
}

func (e *env) post(token, contentType string, body []byte) response {
	e.t.Helper()
	r := httptest.NewRequest("POST", "/graphql", bytes.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	e.handler.ServeHTTP(w, r)
	resp := response{status: w.Code, raw: w.Body.String()}
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		e.t.Fatalf("response is not JSON (%v): %s", err, w.Body.String())
	}
	return resp
}

// ok decodes a response that must have no errors.
func (e *env) ok(resp response, into any) {
	e.t.Helper()
	if len(resp.Errors) > 0 {
		e.t.Fatalf("unexpected errors: %s", resp.raw)
	}
	if err := json.Unmarshal(resp.Data, into); err != nil {
		e.t.Fatalf("decode data: %v: %s", err, resp.raw)
	}
}

// code returns the only error's code, failing if there is not exactly one.
func (e *env) code(resp response) string {
	e.t.Helper()
	if len(resp.Errors) != 1 {
		e.t.Fatalf("want one error, got: %s", resp.raw)
	}
	return resp.Errors[0].Extensions.Code
}

const signUp = `mutation($in: SignUpInput!) { signUp(input: $in) { token user { id email role } tenant { id name kind plan } } }`

// signUp creates a tenant and returns its owner's session token.
func (e *env) signUp(email, tenant string) string {
	e.t.Helper()
	var out struct{ SignUp struct{ Token string } }
	e.ok(e.do("", signUp, map[string]any{"in": map[string]any{
		"email": email, "password": "correct horse battery", "tenantName": tenant, "tenantKind": "EXPORTER"}}), &out)
	return out.SignUp.Token
}

func TestSignUpSignInMe(t *testing.T) {
	e := newEnv(t, options{})
	var up struct {
		SignUp struct {
			Token  string
			User   struct{ ID, Email, Role string }
			Tenant struct {
				ID, Name, Kind, Plan string
			}
		}
	}
	e.ok(e.do("", signUp, map[string]any{"in": map[string]any{
		"email": "Li.Wei@Example.COM", "password": "correct horse battery", "tenantName": "  Yingkou Magnesia Co ", "tenantKind": "EXPORTER"}}), &up)
	if !strings.HasPrefix(up.SignUp.Token, "ess_") || up.SignUp.User.ID == "" || up.SignUp.Tenant.ID == "" {
		t.Fatalf("signUp gave %+v", up.SignUp)
	}
	if diff := cmp.Diff([]string{"Li.Wei@example.com", "OWNER", "Yingkou Magnesia Co", "EXPORTER", "free"},
		[]string{up.SignUp.User.Email, up.SignUp.User.Role, up.SignUp.Tenant.Name, up.SignUp.Tenant.Kind, up.SignUp.Tenant.Plan}); diff != "" {
		t.Errorf("signUp mismatch (-want +got):\n%s", diff)
	}

	var in struct{ SignIn struct{ Token string } }
	e.ok(e.do("", `mutation { signIn(email: "li.wei@example.com", password: "correct horse battery") { token } }`, nil), &in)
	if in.SignIn.Token == "" || in.SignIn.Token == up.SignUp.Token {
		t.Fatalf("signIn token %q", in.SignIn.Token)
	}

	const me = `{ me { email role tenant { id name kind plan } } }`
	var got struct {
		Me struct {
			Email, Role string
			Tenant      struct{ ID, Name, Kind, Plan string }
		}
	}
	e.ok(e.do(in.SignIn.Token, me, nil), &got)
	if got.Me.Email != "Li.Wei@example.com" || got.Me.Role != "OWNER" || got.Me.Tenant.ID != up.SignUp.Tenant.ID || got.Me.Tenant.Kind != "EXPORTER" {
		t.Errorf("me = %+v", got.Me)
	}

	// Wrong password, unknown email: the same answer.
	for _, q := range []string{
		`mutation { signIn(email: "li.wei@example.com", password: "wrong horse battery") { token } }`,
		`mutation { signIn(email: "nobody@example.com", password: "correct horse battery") { token } }`,
	} {
		resp := e.do("", q, nil)
		if c := e.code(resp); c != "UNAUTHENTICATED" || resp.Errors[0].Message != "the email or password is wrong" {
			t.Errorf("%s: %s", q, resp.raw)
		}
	}

	// Signing out revokes the token.
	var out struct{ SignOut bool }
	e.ok(e.do(in.SignIn.Token, `mutation { signOut }`, nil), &out)
	resp := e.do(in.SignIn.Token, me, nil)
	if c := e.code(resp); c != "UNAUTHENTICATED" || resp.status != http.StatusUnauthorized {
		t.Errorf("me with a revoked token: %d %s", resp.status, resp.raw)
	}
}

func TestBadInput(t *testing.T) {
	e := newEnv(t, options{})
	e.signUp("taken@example.com", "First")
	for _, tc := range []struct {
		name, email, password, kind, wantMsg string
	}{
		{"bad email", "not-an-email", "correct horse battery", "EXPORTER", "not a valid address"},
		{"email without domain dot", "a@localhost", "correct horse battery", "EXPORTER", "no valid domain"},
		{"short password", "a@example.com", "short1", "EXPORTER", "at least 10 characters"},
		{"common password", "a@example.com", "1234567890", "EXPORTER", "too common"},
		{"repetitive password", "a@example.com", "aaaaabbbbbaaaaa", "EXPORTER", "5 different characters"},
		{"password with email", "wangfang@example.com", "wangfang2024!", "EXPORTER", "must not contain your email"},
		{"email taken", "TAKEN@example.com", "correct horse battery", "EXPORTER", "exists already"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := e.do("", signUp, map[string]any{"in": map[string]any{
				"email": tc.email, "password": tc.password, "tenantName": "X", "tenantKind": tc.kind}})
			if c := e.code(resp); c != "BAD_INPUT" || !strings.Contains(resp.Errors[0].Message, tc.wantMsg) {
				t.Errorf("got %s, want BAD_INPUT containing %q", resp.raw, tc.wantMsg)
			}
		})
	}
	t.Run("unknown enum value", func(t *testing.T) {
		resp := e.do("", signUp, map[string]any{"in": map[string]any{
			"email": "b@example.com", "password": "correct horse battery", "tenantName": "X", "tenantKind": "PIRATE"}})
		if c := e.code(resp); c != "BAD_INPUT" {
			t.Errorf("got %s", resp.raw)
		}
	})
	t.Run("malformed JSON", func(t *testing.T) {
		resp := e.post("", "application/json", []byte(`{"query": "{ me { email } `))
		if c := e.code(resp); c != "BAD_INPUT" || strings.Contains(resp.raw, "me { email") {
			t.Errorf("got %s", resp.raw)
		}
	})
	t.Run("wrong content type", func(t *testing.T) {
		resp := e.post("", "text/plain", []byte(`{"query": "{ me { email } }"}`))
		if c := e.code(resp); c != "BAD_INPUT" {
			t.Errorf("got %s", resp.raw)
		}
	})
}

func TestUnauthenticated(t *testing.T) {
	e := newEnv(t, options{})
	for _, tc := range []struct{ name, token, query string }{
		{"me without token", "", `{ me { email } }`},
		{"listings without token", "", `{ listings { totalCount } }`},
		{"report without token", "", `{ report(id: "x") { id } }`},
		{"bad token", "ess_forged", `{ me { email } }`},
		{"not a token", "hello", `{ me { email } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := e.do(tc.token, tc.query, nil)
			if c := e.code(resp); c != "UNAUTHENTICATED" {
				t.Errorf("got %s", resp.raw)
			}
			if string(resp.Data) != "" && string(resp.Data) != "null" {
				t.Errorf("data leaked: %s", resp.Data)
			}
		})
	}
}

const listings = `query($q: String, $f: ListingFilter, $first: Int, $after: String) {
  listings(query: $q, filter: $f, first: $first, after: $after) {
    totalCount
    edges { node { id title brand seller marketplace country price { amount currency usd cny } rating reviewCount url } }
    pageInfo { hasNextPage endCursor }
    facets { field buckets { key count } }
  }
}`

type connection struct {
	Listings struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				ID, Title, Marketplace, Country, URL string
				Brand, Seller                        *string
				Price                                *struct {
					Amount   float64
					Currency string
					USD, CNY *float64
				}
				Rating      *float64
				ReviewCount int
			}
		}
		PageInfo struct {
			HasNextPage bool
			EndCursor   *string
		}
		Facets []struct {
			Field   string
			Buckets []struct {
				Key   string
				Count int
			}
		}
	}
}

func TestListingsFacetsAndPages(t *testing.T) {
	e := newEnv(t, options{})
	token := e.signUp("analyst@example.com", "Acme")

	// What the data holds for the filter, computed over the raw rows.
	var want []string
	brands := map[string]int{}
	for _, l := range e.data.Listings {
		if l.Country == "DE" {
			want = append(want, l.ID)
			if l.Brand != "" {
				brands[l.Brand]++
			}
		}
	}
	if len(want) < 5 {
		t.Fatalf("test data has %d DE listings", len(want))
	}

	var got []string
	var after any
	pages := 0
	for {
		var c connection
		e.ok(e.do(token, listings, map[string]any{"f": map[string]any{"countries": []string{"DE"}}, "first": 5, "after": after}), &c)
		pages++
		if c.Listings.TotalCount != len(want) {
			t.Fatalf("totalCount %d, want %d", c.Listings.TotalCount, len(want))
		}
		for _, ed := range c.Listings.Edges {
			if ed.Node.Country != "DE" {
				t.Errorf("listing %s of %s in a DE search", ed.Node.ID, ed.Node.Country)
			}
			got = append(got, ed.Node.ID)
		}
		if pages == 1 {
			facet := map[string]int{}
			for _, f := range c.Listings.Facets {
				if f.Field == "brand" {
					for _, b := range f.Buckets {
						facet[b.Key] = b.Count
					}
				}
			}
			if diff := cmp.Diff(brands, facet); diff != "" {
				t.Errorf("brand facet mismatch (-want +got):\n%s", diff)
			}
		}
		if !c.Listings.PageInfo.HasNextPage {
			break
		}
		if pages > 20 {
			t.Fatal("pagination does not end")
		}
		after = *c.Listings.PageInfo.EndCursor
	}
	if wantPages := (len(want) + 4) / 5; pages != wantPages {
		t.Errorf("%d pages, want %d", pages, wantPages)
	}
	if diff := cmp.Diff(sortedCopy(want), sortedCopy(got)); diff != "" {
		t.Errorf("listings over all pages mismatch (-want +got):\n%s", diff)
	}

	for _, tc := range []struct {
		name string
		vars map[string]any
		want string
	}{
		{"huge first", map[string]any{"first": 100000}, "between 1 and 100"},
		{"zero first", map[string]any{"first": 0}, "between 1 and 100"},
		{"forged cursor", map[string]any{"after": "garbage"}, "cursor"},
		{"long query", map[string]any{"q": strings.Repeat("x", 201)}, "at most 200"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := e.do(token, listings, tc.vars)
			if c := e.code(resp); c != "BAD_INPUT" || !strings.Contains(resp.Errors[0].Message, tc.want) {
				t.Errorf("got %s, want BAD_INPUT mentioning %q", resp.raw, tc.want)
			}
		})
	}
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

const createReport = `mutation($in: CreateReportInput!) { createReport(input: $in) { id status progress } }`
const report = `query($id: ID!) { report(id: $id) { id status progress result } }`

type reportOut struct {
	ID       string
	Status   string
	Progress float64
	Result   json.RawMessage
}

func TestReportIsolation(t *testing.T) {
	e := newEnv(t, options{})
	first := e.signUp("owner@first.example", "First")
	second := e.signUp("owner@second.example", "Second")

	var created struct{ CreateReport reportOut }
	e.ok(e.do(first, createReport, map[string]any{"in": map[string]any{"kind": "MARKET", "sector": "magnesium", "market": "DE"}}), &created)
	id := created.CreateReport.ID
	if id == "" || (created.CreateReport.Status != "QUEUED" && created.CreateReport.Status != "RUNNING") {
		t.Fatalf("createReport gave %+v", created.CreateReport)
	}

	var rep struct{ Report reportOut }
	deadline := time.Now().Add(30 * time.Second)
	for {
		e.ok(e.do(first, report, map[string]any{"id": id}), &rep)
		if rep.Report.Status == "DONE" || rep.Report.Status == "FAILED" || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if rep.Report.Status != "DONE" || rep.Report.Progress != 100 {
		t.Fatalf("report ended %s at %v%%", rep.Report.Status, rep.Report.Progress)
	}
	var doc struct {
		Type   string
		Market string
		Sector struct{ Slug string }
	}
	if err := json.Unmarshal(rep.Report.Result, &doc); err != nil {
		t.Fatalf("result is not the report JSON: %v: %s", err, rep.Report.Result)
	}
	if doc.Type != "market" || doc.Market != "DE" || doc.Sector.Slug != "magnesium" {
		t.Errorf("result is %s %s %s, want market DE magnesium", doc.Type, doc.Market, doc.Sector.Slug)
	}

	// The second tenant cannot see, or cancel, the first one's report.
	for _, q := range []string{report, `mutation($id: ID!) { cancelReport(id: $id) { id status } }`} {
		resp := e.do(second, q, map[string]any{"id": id})
		if c := e.code(resp); c != "NOT_FOUND" {
			t.Errorf("%s by another tenant: %s", q, resp.raw)
		}
		if string(resp.Data) != "null" || strings.Contains(resp.raw, "magnesium") {
			t.Errorf("%s by another tenant leaked data: %s", q, resp.raw)
		}
	}
	// Nor does an unknown ID tell anything different.
	resp := e.do(second, report, map[string]any{"id": "no-such-report"})
	if c := e.code(resp); c != "NOT_FOUND" {
		t.Errorf("unknown report: %s", resp.raw)
	}

	// Bad requests are BAD_INPUT and queue nothing.
	for _, in := range []map[string]any{
		{"kind": "MARKET", "sector": "unobtainium"},
		{"kind": "MARKET", "sector": "magnesium", "market": "Germany"},
		{"kind": "BRAND", "sector": "magnesium"},
	} {
		resp := e.do(first, createReport, map[string]any{"in": in})
		if c := e.code(resp); c != "BAD_INPUT" {
			t.Errorf("createReport %v: %s", in, resp.raw)
		}
	}
}

func TestCancelReport(t *testing.T) {
	e := newEnv(t, options{})
	token := e.signUp("owner@example.com", "Acme")
	var created struct{ CreateReport reportOut }
	e.ok(e.do(token, createReport, map[string]any{"in": map[string]any{"kind": "BRAND", "sector": "magnesium", "brand": "Jinlong"}}), &created)
	resp := e.do(token, `mutation($id: ID!) { cancelReport(id: $id) { id status } }`, map[string]any{"id": created.CreateReport.ID})
	// The job may have finished already; either answer is fine, but not
	// an internal error.
	if len(resp.Errors) > 0 && resp.Errors[0].Extensions.Code != "BAD_INPUT" {
		t.Errorf("cancelReport: %s", resp.raw)
	}
}

func TestAPIKeys(t *testing.T) {
	e := newEnv(t, options{})
	owner := e.signUp("owner@example.com", "Acme")
	var created struct {
		CreateApiKey struct {
			Key    struct{ ID, Role, Prefix string }
			Secret string
		}
	}
	e.ok(e.do(owner, `mutation { createApiKey(input: {name: "ci", role: VIEWER}) { key { id role prefix } secret } }`, nil), &created)
	key := created.CreateApiKey.Secret
	if !strings.HasPrefix(key, created.CreateApiKey.Key.Prefix) || created.CreateApiKey.Key.Role != "VIEWER" {
		t.Fatalf("createApiKey gave %+v", created.CreateApiKey)
	}
	var me struct{ Me struct{ Role string } }
	e.ok(e.do(key, `{ me { role tenant { id } } }`, nil), &me)
	if me.Me.Role != "VIEWER" {
		t.Errorf("key role %s, want VIEWER", me.Me.Role)
	}
	// A viewer may read but not run reports or manage keys.
	var c connection
	e.ok(e.do(key, listings, map[string]any{"first": 1}), &c)
	for _, q := range []string{
		`mutation { createReport(input: {kind: MARKET, sector: "magnesium"}) { id } }`,
		`mutation { createApiKey(input: {name: "escalate", role: ADMIN}) { secret } }`,
	} {
		if code := e.code(e.do(key, q, nil)); code != "FORBIDDEN" {
			t.Errorf("%s as viewer: %s", q, code)
		}
	}
	// Another tenant cannot revoke it; its owner can, and then it is dead.
	other := e.signUp("owner@other.example", "Other")
	revoke := fmt.Sprintf(`mutation { revokeApiKey(id: %q) { id revokedAt } }`, created.CreateApiKey.Key.ID)
	if code := e.code(e.do(other, revoke, nil)); code != "NOT_FOUND" {
		t.Errorf("revoke by another tenant: %s", code)
	}
	var revoked struct{ RevokeApiKey struct{ RevokedAt *string } }
	e.ok(e.do(owner, revoke, nil), &revoked)
	if revoked.RevokeApiKey.RevokedAt == nil {
		t.Error("revokedAt not set")
	}
	if code := e.code(e.do(key, `{ me { role } }`, nil)); code != "UNAUTHENTICATED" {
		t.Errorf("revoked key: %s", code)
	}
}

func TestQueryLimits(t *testing.T) {
	e := newEnv(t, options{maxDepth: 4})
	token := e.signUp("owner@example.com", "Acme")
	// listings > edges > node > price > amount nests 5 levels.
	resp := e.do(token, `{ listings(first: 1) { edges { node { price { amount } } } } }`, nil)
	if c := e.code(resp); c != "BAD_INPUT" || !strings.Contains(resp.Errors[0].Message, "nests 5 levels") {
		t.Errorf("deep query: %s", resp.raw)
	}
	// Through a fragment too.
	resp = e.do(token, `{ listings(first: 1) { ...E } } fragment E on ListingConnection { edges { node { price { amount } } } }`, nil)
	if c := e.code(resp); c != "BAD_INPUT" {
		t.Errorf("deep query through a fragment: %s", resp.raw)
	}
	// A query nested far beyond the schema fails cleanly.
	deep := "{ me " + strings.Repeat("{ tenant ", 200) + strings.Repeat("}", 201)
	if c := e.code(e.do(token, deep, nil)); c != "BAD_INPUT" {
		t.Errorf("absurdly deep query: %s", c)
	}
	// Introspection is off.
	if c := e.code(e.do(token, `{ __schema { types { name } } }`, nil)); c != "FORBIDDEN" {
		t.Errorf("introspection: %s", c)
	}
}

func TestInternalErrorsAreHidden(t *testing.T) {
	e := newEnv(t, options{})
	token := e.signUp("owner@example.com", "Acme")
	e.store.Close() // the market store fails from now on
	resp := e.do(token, `{ listings(first: 1) { totalCount } }`, nil)
	if c := e.code(resp); c != "INTERNAL" {
		t.Errorf("got %s", resp.raw)
	}
	for _, leak := range []string{"sql", "sqlite", "closed", ".go:"} {
		if strings.Contains(strings.ToLower(resp.Errors[0].Message), leak) {
			t.Errorf("message %q reveals %q", resp.Errors[0].Message, leak)
		}
	}
}
