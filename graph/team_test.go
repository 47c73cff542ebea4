package graph_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/server/billing"
)

// clock is a settable clock for the accounts service.
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) advance(d time.Duration) { c.offset.Add(int64(d)) }

const (
	inviteQ  = `mutation($e: String!, $r: Role!) { inviteMember(email: $e, role: $r) { token invitation { id email role expiresAt acceptedAt invitedBy { email } } } }`
	acceptQ  = `mutation($t: String!, $p: String!) { acceptInvitation(input: {token: $t, password: $p}) { token user { id email role } tenant { id } } }`
	membersQ = `{ members { id email role } }`
)

type invited struct {
	InviteMember struct {
		Token      string
		Invitation struct {
			ID, Email, Role string
			AcceptedAt      *string
			InvitedBy       *struct{ Email string }
		}
	}
}

type accepted struct {
	AcceptInvitation struct {
		Token  string
		User   struct{ ID, Email, Role string }
		Tenant struct{ ID string }
	}
}

type member struct{ ID, Email, Role string }

// teamEnv is an API with billing and a settable clock, and one tenant on
// the Pro plan (5 seats).
func teamEnv(t *testing.T) (*env, *clock, string, string) {
	t.Helper()
	c := &clock{}
	e := newEnv(t, options{billing: &billing.Config{WebhookSecret: billingSecret}, now: c.now})
	owner := e.signUp("owner@team.example", "Team Co")
	tenant := e.tenantOf(owner)
	e.subscribe(tenant, "pro")
	return e, c, owner, tenant
}

func (e *env) tenantOf(token string) string {
	e.t.Helper()
	var me struct {
		Me struct{ Tenant struct{ ID string } }
	}
	e.ok(e.do(token, `{ me { tenant { id } } }`, nil), &me)
	return me.Me.Tenant.ID
}

func (e *env) invite(token, email, role string) invited {
	e.t.Helper()
	var out invited
	e.ok(e.do(token, inviteQ, map[string]any{"e": email, "r": role}), &out)
	return out
}

func (e *env) accept(token string) accepted {
	e.t.Helper()
	var out accepted
	e.ok(e.do("", acceptQ, map[string]any{"t": token, "p": "another good secret"}), &out)
	return out
}

func (e *env) members(token string) []member {
	e.t.Helper()
	var out struct{ Members []member }
	e.ok(e.do(token, membersQ, nil), &out)
	return out.Members
}

// errCode runs a query that must fail with one error and returns its code
// and message; data must be null.
func (e *env) errCode(token, query string, vars map[string]any) (string, string) {
	e.t.Helper()
	resp := e.do(token, query, vars)
	c := e.code(resp)
	if string(resp.Data) != "" && string(resp.Data) != "null" {
		e.t.Errorf("data with an error: %s", resp.raw)
	}
	return c, resp.Errors[0].Message
}

func TestInvitationFlow(t *testing.T) {
	e, clk, owner, tenant := teamEnv(t)

	inv := e.invite(owner, "Analyst@Team.example", "ANALYST")
	if !strings.HasPrefix(inv.InviteMember.Token, "esi_") || inv.InviteMember.Invitation.Email != "Analyst@team.example" ||
		inv.InviteMember.Invitation.InvitedBy == nil || inv.InviteMember.Invitation.InvitedBy.Email != "owner@team.example" {
		t.Fatalf("inviteMember = %+v", inv.InviteMember)
	}
	// The token is stored only as its hash.
	var stored string
	if err := e.control.Reader().QueryRow(`SELECT token_hash FROM invitations WHERE id = ?`, inv.InviteMember.Invitation.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored == inv.InviteMember.Token || strings.Contains(stored, inv.InviteMember.Token[4:]) || len(stored) != 64 {
		t.Errorf("stored token %q is not a SHA-256 of the token", stored)
	}
	// The list shows the invitation without any token.
	resp := e.do(owner, `{ invitations { id email role acceptedAt } }`, nil)
	if len(resp.Errors) > 0 || strings.Contains(resp.raw, inv.InviteMember.Token) || !strings.Contains(resp.raw, inv.InviteMember.Invitation.ID) {
		t.Errorf("invitations: %s", resp.raw)
	}
	// A second invitation to the same address while the first is open.
	if c, msg := e.errCode(owner, inviteQ, map[string]any{"e": "analyst@team.example", "r": "VIEWER"}); c != "BAD_INPUT" || !strings.Contains(msg, "open invitation") {
		t.Errorf("second invitation: %s %s", c, msg)
	}

	// A weak password changes nothing: the invitation stays open.
	if c, msg := e.errCode("", acceptQ, map[string]any{"t": inv.InviteMember.Token, "p": "short"}); c != "BAD_INPUT" || !strings.Contains(msg, "at least 10") {
		t.Errorf("weak password: %s %s", c, msg)
	}
	acc := e.accept(inv.InviteMember.Token)
	if acc.AcceptInvitation.Tenant.ID != tenant || acc.AcceptInvitation.User.Role != "ANALYST" || acc.AcceptInvitation.User.Email != "Analyst@team.example" {
		t.Errorf("acceptInvitation = %+v", acc.AcceptInvitation)
	}
	// The new session works and sees the team.
	ms := e.members(acc.AcceptInvitation.Token)
	emails := []string{}
	for _, m := range ms {
		emails = append(emails, m.Email+" "+m.Role)
	}
	if diff := cmp.Diff([]string{"owner@team.example OWNER", "Analyst@team.example ANALYST"}, emails); diff != "" {
		t.Errorf("members mismatch (-want +got):\n%s", diff)
	}
	// One use only.
	if c, _ := e.errCode("", acceptQ, map[string]any{"t": inv.InviteMember.Token, "p": "another good secret"}); c != "BAD_INPUT" {
		t.Errorf("second accept: %s", c)
	}
	// A forged token.
	if c, _ := e.errCode("", acceptQ, map[string]any{"t": "esi_forged", "p": "another good secret"}); c != "BAD_INPUT" {
		t.Errorf("forged token: %s", c)
	}

	// A revoked invitation cannot be accepted.
	rev := e.invite(owner, "revoked@team.example", "VIEWER")
	var r struct {
		RevokeInvitation struct{ ID, RevokedAt string }
	}
	e.ok(e.do(owner, `mutation($id: ID!) { revokeInvitation(id: $id) { id revokedAt } }`, map[string]any{"id": rev.InviteMember.Invitation.ID}), &r)
	if r.RevokeInvitation.RevokedAt == "" {
		t.Errorf("revokeInvitation = %+v", r)
	}
	if c, _ := e.errCode("", acceptQ, map[string]any{"t": rev.InviteMember.Token, "p": "another good secret"}); c != "BAD_INPUT" {
		t.Errorf("revoked invitation accepted: %s", c)
	}
	// An expired one neither.
	old := e.invite(owner, "late@team.example", "VIEWER")
	clk.advance(8 * 24 * time.Hour)
	if c, _ := e.errCode("", acceptQ, map[string]any{"t": old.InviteMember.Token, "p": "another good secret"}); c != "BAD_INPUT" {
		t.Errorf("expired invitation accepted: %s", c)
	}
	if got := len(e.members(owner)); got != 2 {
		t.Errorf("%d members after refused accepts, want 2", got)
	}
}

func TestInvitationRules(t *testing.T) {
	e, _, owner, _ := teamEnv(t)
	admin := e.accept(e.invite(owner, "admin@team.example", "ADMIN").InviteMember.Token).AcceptInvitation.Token
	viewer := e.accept(e.invite(owner, "viewer@team.example", "VIEWER").InviteMember.Token).AcceptInvitation.Token
	for _, tc := range []struct {
		name, token, email, role, code, msg string
	}{
		{"viewer invites", viewer, "x@team.example", "VIEWER", "FORBIDDEN", "only owners and admins"},
		{"admin invites an owner", admin, "x@team.example", "OWNER", "FORBIDDEN", "only an owner can invite an owner"},
		{"student outside a training base", owner, "x@team.example", "STUDENT", "BAD_INPUT", "only in training bases"},
		{"existing account", owner, "viewer@team.example", "VIEWER", "BAD_INPUT", "has an ExportScope account"},
		{"bad email", owner, "not an email", "VIEWER", "BAD_INPUT", "not a valid address"},
		{"unauthenticated", "", "x@team.example", "VIEWER", "UNAUTHENTICATED", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, msg := e.errCode(tc.token, inviteQ, map[string]any{"e": tc.email, "r": tc.role})
			if c != tc.code || !strings.Contains(msg, tc.msg) {
				t.Errorf("got %s %q, want %s containing %q", c, msg, tc.code, tc.msg)
			}
		})
	}
	// An admin invites below owner.
	e.invite(admin, "analyst@team.example", "ANALYST")
}

func TestSeatLimit(t *testing.T) {
	e := newEnv(t, options{billing: &billing.Config{WebhookSecret: billingSecret}})
	owner := e.signUp("solo@team.example", "Solo Co")
	// Free has one seat, taken by the owner.
	c, msg := e.errCode(owner, inviteQ, map[string]any{"e": "second@team.example", "r": "ANALYST"})
	if c != "QUOTA_EXCEEDED" || !strings.Contains(msg, "seat limit reached: the Free plan allows 1 users") || !strings.Contains(msg, "Pro plan") {
		t.Errorf("invite on Free: %s %q", c, msg)
	}
	// On Pro (5 seats) two invitations are open when the tenant has 4
	// users; the second to be accepted finds no seat.
	e.subscribe(e.tenantOf(owner), "pro")
	for _, m := range []string{"a@team.example", "b@team.example", "c@team.example"} {
		e.accept(e.invite(owner, m, "VIEWER").InviteMember.Token)
	}
	last1 := e.invite(owner, "d@team.example", "VIEWER").InviteMember.Token
	last2 := e.invite(owner, "e@team.example", "VIEWER").InviteMember.Token
	e.accept(last1)
	if c, msg := e.errCode("", acceptQ, map[string]any{"t": last2, "p": "another good secret"}); c != "QUOTA_EXCEEDED" || !strings.Contains(msg, "5 users") {
		t.Errorf("accept beyond the seats: %s %q", c, msg)
	}
	if got := len(e.members(owner)); got != 5 {
		t.Errorf("%d members, want 5", got)
	}
}

const (
	setRoleQ = `mutation($id: ID!, $r: Role!) { setMemberRole(id: $id, role: $r) { id role } }`
	removeQ  = `mutation($id: ID!) { removeMember(id: $id) }`
)

func TestRolesAndRemoval(t *testing.T) {
	e, _, owner, _ := teamEnv(t)
	ownerID := e.memberID(owner, "owner@team.example")
	adminAcc := e.accept(e.invite(owner, "admin@team.example", "ADMIN").InviteMember.Token).AcceptInvitation
	analystAcc := e.accept(e.invite(owner, "analyst@team.example", "ANALYST").InviteMember.Token).AcceptInvitation
	admin, analystID := adminAcc.Token, analystAcc.User.ID

	for _, tc := range []struct {
		name, token, query string
		vars               map[string]any
		code, msg          string
	}{
		{"last owner demotes itself", owner, setRoleQ, map[string]any{"id": ownerID, "r": "ADMIN"}, "BAD_INPUT", "last owner"},
		{"last owner removes itself", owner, removeQ, map[string]any{"id": ownerID}, "BAD_INPUT", "last owner"},
		{"admin makes an owner", admin, setRoleQ, map[string]any{"id": analystID, "r": "OWNER"}, "FORBIDDEN", "only an owner"},
		{"admin demotes the owner", admin, setRoleQ, map[string]any{"id": ownerID, "r": "VIEWER"}, "FORBIDDEN", "only an owner"},
		{"admin removes the owner", admin, removeQ, map[string]any{"id": ownerID}, "FORBIDDEN", "only an owner"},
		{"analyst changes a role", analystAcc.Token, setRoleQ, map[string]any{"id": analystID, "r": "ADMIN"}, "FORBIDDEN", "only owners and admins"},
		{"unknown member", owner, setRoleQ, map[string]any{"id": "nobody", "r": "VIEWER"}, "NOT_FOUND", "no member"},
		{"teacher outside a training base", owner, setRoleQ, map[string]any{"id": analystID, "r": "TEACHER"}, "BAD_INPUT", "only in training bases"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, msg := e.errCode(tc.token, tc.query, tc.vars)
			if c != tc.code || !strings.Contains(msg, tc.msg) {
				t.Errorf("got %s %q, want %s containing %q", c, msg, tc.code, tc.msg)
			}
		})
	}
	if got := e.members(owner); got[0].Role != "OWNER" {
		t.Fatalf("refused changes changed the owner: %+v", got)
	}

	// The admin's key with role ADMIN is revoked when the admin becomes
	// an analyst; the session follows the new role at once.
	var key struct{ CreateAPIKey struct{ Secret string } }
	e.ok(e.do(admin, `mutation { createApiKey(input: {name: "ci", role: ADMIN}) { secret } }`, nil), &key)
	var set struct{ SetMemberRole member }
	e.ok(e.do(owner, setRoleQ, map[string]any{"id": adminAcc.User.ID, "r": "ANALYST"}), &set)
	if set.SetMemberRole.Role != "ANALYST" {
		t.Errorf("setMemberRole = %+v", set)
	}
	if c, _ := e.errCode(key.CreateAPIKey.Secret, membersQ, nil); c != "UNAUTHENTICATED" {
		t.Errorf("a key above the demoted creator's role still works: %s", c)
	}
	if c, _ := e.errCode(admin, inviteQ, map[string]any{"e": "z@team.example", "r": "VIEWER"}); c != "FORBIDDEN" {
		t.Errorf("a demoted admin still invites: %s", c)
	}

	// Two owners: one may step down.
	e.ok(e.do(owner, setRoleQ, map[string]any{"id": analystID, "r": "OWNER"}), &set)
	e.ok(e.do(owner, setRoleQ, map[string]any{"id": ownerID, "r": "ADMIN"}), &set)

	// Removal ends the member's sessions.
	var removed struct{ RemoveMember bool }
	e.ok(e.do(analystAcc.Token, removeQ, map[string]any{"id": adminAcc.User.ID}), &removed)
	if c, _ := e.errCode(admin, `{ me { email } }`, nil); c != "UNAUTHENTICATED" {
		t.Errorf("a removed member's session still works: %s", c)
	}
	got := []string{}
	for _, m := range e.members(owner) {
		got = append(got, m.Email+" "+m.Role)
	}
	if diff := cmp.Diff([]string{"owner@team.example ADMIN", "analyst@team.example OWNER"}, got); diff != "" {
		t.Errorf("members mismatch (-want +got):\n%s", diff)
	}
}

func (e *env) memberID(token, email string) string {
	e.t.Helper()
	for _, m := range e.members(token) {
		if m.Email == email {
			return m.ID
		}
	}
	e.t.Fatalf("no member %s", email)
	return ""
}

func TestAuditLog(t *testing.T) {
	e, _, owner, tenant := teamEnv(t)
	acc := e.accept(e.invite(owner, "viewer@team.example", "VIEWER").InviteMember.Token).AcceptInvitation
	e.ok(e.do(owner, setRoleQ, map[string]any{"id": acc.User.ID, "r": "ANALYST"}), &struct{}{})
	e.ok(e.do(owner, `mutation { createApiKey(input: {name: "ci", role: VIEWER}) { secret } }`, nil), &struct{}{})
	e.ok(e.do(owner, `mutation { signIn(email: "owner@team.example", password: "correct horse battery") { token } }`, nil), &struct{}{})
	e.ok(e.do(owner, removeQ, map[string]any{"id": acc.User.ID}), &struct{}{})

	var out struct {
		AuditLog []struct {
			Actor, Action, Detail string
			ActorEmail            *string
		}
	}
	e.ok(e.do(owner, `{ auditLog(first: 20) { time actor action detail actorEmail } }`, nil), &out)
	var actions []string
	for _, a := range out.AuditLog {
		actions = append(actions, a.Action)
		if a.Action == "role_changed" && (a.ActorEmail == nil || *a.ActorEmail != "owner@team.example" || !strings.Contains(a.Detail, "viewer -> analyst")) {
			t.Errorf("role change entry = %+v", a)
		}
	}
	want := []string{"member_removed", "sign_in", "api_key_created", "role_changed", "invitation_accepted", "member_invited", "billing_changed", "sign_up"}
	if diff := cmp.Diff(want, actions); diff != "" {
		t.Errorf("audit actions mismatch (-want +got):\n%s", diff)
	}
	// Stripe's entry has no member behind it.
	if i := slices.Index(actions, "billing_changed"); out.AuditLog[i].Actor != "stripe" || out.AuditLog[i].ActorEmail != nil {
		t.Errorf("billing entry = %+v", out.AuditLog[i])
	}
	_ = tenant
	viewer := e.accept(e.invite(owner, "v2@team.example", "VIEWER").InviteMember.Token).AcceptInvitation.Token
	if c, _ := e.errCode(viewer, `{ auditLog { action } }`, nil); c != "FORBIDDEN" {
		t.Errorf("viewer reads the audit log: %s", c)
	}
	if c, _ := e.errCode(owner, `{ auditLog(first: 1000) { action } }`, nil); c != "BAD_INPUT" {
		t.Errorf("auditLog(first: 1000): %s", c)
	}
}

// request posts a GraphQL request with extra headers and cookies and
// returns the response and its Set-Cookie headers.
func (e *env) request(query string, header map[string]string, cookies ...*http.Cookie) (response, []*http.Cookie) {
	e.t.Helper()
	r := newJSONRequest(e.t, query)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	return e.serve(r)
}

func TestCookieSessions(t *testing.T) {
	clk := &clock{}
	e := newEnv(t, options{now: clk.now})
	e.signUp("cookie@example.com", "Cookie Co")
	const signIn = `mutation { signIn(email: "cookie@example.com", password: "correct horse battery") { token } }`
	resp, set := e.request(signIn, map[string]string{"Origin": "http://example.com"})
	if len(resp.Errors) > 0 || len(set) != 1 {
		t.Fatalf("signIn: %s, cookies %v", resp.raw, set)
	}
	ck := set[0]
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure || ck.MaxAge <= 0 {
		t.Errorf("cookie flags: %+v", ck)
	}
	if strings.Contains(ck.Value, "ess_") {
		t.Errorf("cookie carries the token in clear: %q", ck.Value)
	}
	const mutation = `mutation { createReport(input: {kind: MARKET, sector: "magnesium"}) { id } }`
	const query = `{ me { email } }`
	for _, tc := range []struct {
		name, query string
		header      map[string]string
		cookie      *http.Cookie
		code        string // "" for success
	}{
		{"cookie query", query, nil, ck, ""},
		{"cookie query posted from another site", query, map[string]string{"Origin": "https://evil.example"}, ck, "FORBIDDEN"},
		{"cookie mutation from the same origin", mutation, map[string]string{"Origin": "http://example.com", "Sec-Fetch-Site": "same-origin"}, ck, ""},
		{"cookie mutation without browser headers", mutation, nil, ck, ""},
		{"cookie mutation from a foreign Origin", mutation, map[string]string{"Origin": "https://evil.example"}, ck, "FORBIDDEN"},
		{"cookie mutation cross-site", mutation, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, ck, "FORBIDDEN"},
		{"cookie mutation same-site but other origin", mutation, map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "https://other.example.com"}, ck, "FORBIDDEN"},
		{"forged cookie", query, nil, &http.Cookie{Name: ck.Name, Value: "ess_" + ck.Value[:20]}, "UNAUTHENTICATED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, _ := e.request(tc.query, tc.header, tc.cookie)
			switch {
			case tc.code == "" && len(resp.Errors) > 0:
				t.Errorf("refused: %s", resp.raw)
			case tc.code != "" && (len(resp.Errors) != 1 || resp.Errors[0].Extensions.Code != tc.code):
				t.Errorf("got %s, want %s", resp.raw, tc.code)
			case tc.code != "" && strings.Contains(resp.raw, `"id"`):
				t.Errorf("data with a refusal: %s", resp.raw)
			}
		})
	}
	// Bearer requests are exempt from the origin check.
	var in struct{ SignIn struct{ Token string } }
	e.ok(e.do("", signIn, nil), &in)
	r := newJSONRequest(t, mutation)
	r.Header.Set("Authorization", "Bearer "+in.SignIn.Token)
	r.Header.Set("Origin", "https://evil.example")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	if resp, _ := e.serve(r); len(resp.Errors) > 0 {
		t.Errorf("bearer mutation with a foreign Origin refused: %s", resp.raw)
	}

	// signOut with the cookie revokes the session and clears the cookie.
	resp, set = e.request(`mutation { signOut }`, map[string]string{"Sec-Fetch-Site": "same-origin"}, ck)
	if len(resp.Errors) > 0 || len(set) != 1 || set[0].MaxAge >= 0 {
		t.Fatalf("signOut: %s, cookies %+v", resp.raw, set)
	}
	// A revoked cookie makes the request anonymous and is cleared, so a
	// browser holding one can still sign in.
	resp, set = e.request(query, nil, ck)
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions.Code != "UNAUTHENTICATED" || string(resp.Data) != "null" {
		t.Errorf("revoked cookie session: %d %s", resp.status, resp.raw)
	}
	if len(set) != 1 || set[0].MaxAge >= 0 {
		t.Errorf("a revoked cookie is not cleared: %+v", set)
	}
	resp, set = e.request(signIn, nil, ck)
	if len(resp.Errors) > 0 || len(set) != 2 || set[1].MaxAge <= 0 {
		t.Errorf("signIn with a revoked cookie: %s, cookies %+v", resp.raw, set)
	}

	// An expired session, by cookie or bearer.
	_, set = e.request(signIn, nil)
	fresh := set[0]
	e.ok(e.do("", signIn, nil), &in)
	clk.advance(15 * 24 * time.Hour)
	if resp, _ := e.request(query, nil, fresh); len(resp.Errors) != 1 || resp.Errors[0].Extensions.Code != "UNAUTHENTICATED" {
		t.Errorf("expired cookie session: %s", resp.raw)
	}
	if c, _ := e.errCode(in.SignIn.Token, query, nil); c != "UNAUTHENTICATED" {
		t.Errorf("expired bearer session: %s", c)
	}
}

func newJSONRequest(t *testing.T, query string) *http.Request {
	t.Helper()
	r, err := http.NewRequestWithContext(context.Background(), "POST", "http://example.com/graphql", strings.NewReader(`{"query": `+quote(query)+`}`))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	r.RemoteAddr = "192.0.2.1:1234"
	return r
}

func (e *env) serve(r *http.Request) (response, []*http.Cookie) {
	e.t.Helper()
	w := httptest.NewRecorder()
	e.handler.ServeHTTP(w, r)
	resp := response{status: w.Code, raw: w.Body.String()}
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		e.t.Fatalf("response is not JSON (%v): %s", err, w.Body.String())
	}
	return resp, w.Result().Cookies()
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
