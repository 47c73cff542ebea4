package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/controldb"
)

// The end-to-end suites' training base: its owner signs in with these
// and runs classes. It is on the Education plan, which a test cannot buy
// without Stripe; students join through the API.
const (
	e2eTeacherEmail    = "teacher@e2e.exportscope.test"
	e2eTeacherPassword = "Teach-E2E-2026"
)

// seedTeaching creates the training base in the control database.
func seedTeaching(ctx context.Context, dir string) (err error) {
	ctl, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(dir, "control.db")})
	if err != nil {
		return fmt.Errorf("open control db: %w", err)
	}
	defer ctl.Close()
	acc, err := auth.New(auth.Options{DB: ctl, BcryptCost: 4})
	if err != nil {
		return err
	}
	s, err := acc.SignUp(ctx, auth.SignUpInput{Email: e2eTeacherEmail, Password: e2eTeacherPassword, TenantName: "E2E 培训基地", TenantKind: string(auth.TrainingBase)}, "")
	if err != nil {
		return fmt.Errorf("seed training base: %w", err)
	}
	if _, err := ctl.Writer().ExecContext(ctx, `UPDATE tenants SET plan = 'education' WHERE id = ?`, s.Principal.Tenant.ID); err != nil {
		return fmt.Errorf("seed training base plan: %w", err)
	}
	fmt.Printf("seeded training base with teacher %s\n", e2eTeacherEmail)
	return nil
}
