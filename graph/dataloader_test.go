package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/bcrypt"

	"github.com/exportscope/exportscope/graph/generated"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/controldb"
)

// countingSource counts the batch calls of the member loader.
type countingSource struct {
	next  memberSource
	mu    sync.Mutex
	calls [][]string
}

func (c *countingSource) MembersByID(ctx context.Context, p *auth.Principal, ids []string) ([]*auth.Member, error) {
	c.mu.Lock()
	c.calls = append(c.calls, slices.Clone(ids))
	c.mu.Unlock()
	return c.next.MembersByID(ctx, p, ids)
}

// TestMemberLoaderBatches lists N invitations sent by two members and
// checks that their invitedBy fields cost one batch call, with each
// invitation answered by its own inviter.
func TestMemberLoaderBatches(t *testing.T) {
	ctx := context.Background()
	control, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(t.TempDir(), "control.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { control.Close() })
	accounts, err := auth.New(auth.Options{DB: control, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	owner, err := accounts.SignUp(ctx, auth.SignUpInput{Email: "owner@loader.example", Password: "correct horse battery", TenantName: "L", TenantKind: "exporter"}, "")
	if err != nil {
		t.Fatal(err)
	}
	_, tok, err := accounts.Invite(ctx, &owner.Principal, "admin@loader.example", auth.Admin)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := accounts.AcceptInvitation(ctx, tok, "another good secret")
	if err != nil {
		t.Fatal(err)
	}
	const n = 12
	want := map[string]string{} // invitee -> inviter
	for i := range n {
		by := &owner.Principal
		if i%3 == 0 {
			by = &admin.Principal
		}
		email := fmt.Sprintf("invitee%d@loader.example", i)
		if _, _, err := accounts.Invite(ctx, by, email, auth.Viewer); err != nil {
			t.Fatal(err)
		}
		want[email] = by.User.Email
	}
	want["admin@loader.example"] = "owner@loader.example" // the accepted one

	src := &countingSource{next: accounts}
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{Auth: accounts}}))
	srv.AddTransport(transport.POST{})
	srv.AroundOperations(withLoaders(src))
	h := accounts.Middleware(WriteError)(srv)

	r := httptest.NewRequest("POST", "/graphql", bytes.NewReader([]byte(`{"query": "{ invitations { email invitedBy { email } } }"}`)))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+owner.Token)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var resp struct {
		Data struct {
			Invitations []struct {
				Email     string
				InvitedBy *struct{ Email string }
			}
		}
		Errors []any
	}
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("invitations: %v %s", err, w.Body)
	}
	got := map[string]string{}
	for _, inv := range resp.Data.Invitations {
		if inv.InvitedBy == nil {
			t.Fatalf("invitation of %s has no inviter", inv.Email)
		}
		got[inv.Email] = inv.InvitedBy.Email
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("inviters mismatch (-want +got):\n%s", diff)
	}
	if len(src.calls) != 1 {
		t.Fatalf("%d items made %d batch calls %v, want 1", len(resp.Data.Invitations), len(src.calls), src.calls)
	}
	keys := slices.Sorted(slices.Values(src.calls[0]))
	if diff := cmp.Diff(slices.Sorted(slices.Values([]string{owner.Principal.User.ID, admin.Principal.User.ID})), keys); diff != "" {
		t.Errorf("batch keys mismatch (-want +got):\n%s", diff)
	}
}

// TestMembersByIDKeyOrder checks the batch function's contract: one
// result per key in key order, nil for an unknown key or another tenant's
// member.
func TestMembersByIDKeyOrder(t *testing.T) {
	ctx := context.Background()
	control, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(t.TempDir(), "control.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { control.Close() })
	accounts, err := auth.New(auth.Options{DB: control, BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	signUp := func(email string) auth.Session {
		s, err := accounts.SignUp(ctx, auth.SignUpInput{Email: email, Password: "correct horse battery", TenantName: email, TenantKind: "exporter"}, "")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, other := signUp("a@order.example"), signUp("b@order.example")
	_, tok, err := accounts.Invite(ctx, &a.Principal, "second@order.example", auth.Analyst)
	if err != nil {
		t.Fatal(err)
	}
	second, err := accounts.AcceptInvitation(ctx, tok, "another good secret")
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{second.Principal.User.ID, "unknown", other.Principal.User.ID, a.Principal.User.ID, second.Principal.User.ID}
	ms, err := accounts.MembersByID(ctx, &a.Principal, ids)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		if m == nil {
			got = append(got, "")
			continue
		}
		got = append(got, m.Email)
	}
	if diff := cmp.Diff([]string{"second@order.example", "", "", "a@order.example", "second@order.example"}, got); diff != "" {
		t.Errorf("MembersByID mismatch (-want +got):\n%s", diff)
	}
}
