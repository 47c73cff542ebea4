package auth_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/controldb"
)

func newService(t *testing.T, now func() time.Time) (*auth.Service, *controldb.DB) {
	t.Helper()
	db, err := controldb.Open(context.Background(), controldb.Options{Path: filepath.Join(t.TempDir(), "control.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := auth.New(auth.Options{DB: db, BcryptCost: bcrypt.MinCost, SessionTTL: time.Hour, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return s, db
}

func TestSessionExpiresAndPasswordIsHashed(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	s, db := newService(t, func() time.Time { return now })
	sess, err := s.SignUp(ctx, auth.SignUpInput{Email: "a@example.com", Password: "correct horse battery", TenantName: "A", TenantKind: "training_base"}, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	var hash string
	if err := db.Reader().QueryRowContext(ctx, `SELECT password_hash FROM users`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte("correct horse battery")) != nil {
		t.Errorf("stored hash %q does not verify the password", hash)
	}
	var stored int
	if err := db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE token_hash = ?`, sess.Token).Scan(&stored); err != nil || stored != 0 {
		t.Errorf("the session token is stored in clear (%d, %v)", stored, err)
	}
	p, err := s.Authenticate(ctx, sess.Token)
	if err != nil || p.Tenant.Kind != auth.TrainingBase || p.Role != auth.Owner {
		t.Fatalf("authenticate: %+v, %v", p, err)
	}
	now = now.Add(time.Hour + time.Second)
	if _, err := s.Authenticate(ctx, sess.Token); !errors.Is(err, apperr.Unauthenticated) {
		t.Errorf("expired session: %v, want unauthenticated", err)
	}
	log, err := s.AuditLog(ctx, p.Tenant.ID, 10)
	if err != nil || len(log) != 1 || log[0].Action != "sign_up" || log[0].IP != "192.0.2.1" {
		t.Errorf("audit log %+v, %v", log, err)
	}
}

func TestRoles(t *testing.T) {
	for _, tc := range []struct {
		kind auth.TenantKind
		role auth.Role
		ok   bool
	}{
		{auth.Exporter, auth.Analyst, true},
		{auth.Exporter, auth.Teacher, false},
		{auth.TrainingBase, auth.Student, true},
		{auth.Exporter, "pirate", false},
	} {
		if err := auth.CheckRole(tc.kind, tc.role); (err == nil) != tc.ok {
			t.Errorf("CheckRole(%s, %s) = %v", tc.kind, tc.role, err)
		}
	}
	if auth.Viewer.Can(auth.RunReports) || !auth.Analyst.Can(auth.RunReports) || auth.Analyst.Can(auth.ManageKeys) {
		t.Error("permissions table is off")
	}
	if auth.CanDelegate(auth.Admin, auth.Owner) == nil || auth.CanDelegate(auth.Analyst, auth.Admin) == nil || auth.CanDelegate(auth.Admin, auth.Analyst) != nil {
		t.Error("delegation rules are off")
	}
}
