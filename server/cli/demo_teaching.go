package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/teaching"
)

// The demo training base's teacher (an owner, who runs classes).
const (
	demoTeacherEmail    = "teacher@demo.exportscope.test"
	demoTeacherPassword = "Teach-Demo-2026"
)

// demoTeaching seeds one training base on the Education plan with a
// class on the magnesium sector and two assignments, and prints how to
// sign in and the join code. A later run reuses them.
func (a *app) demoTeaching(ctx context.Context, s *services) error {
	acc, err := auth.New(auth.Options{DB: s.control, Logger: a.log})
	if err != nil {
		return err
	}
	t, err := teaching.New(teaching.Options{DB: s.control, Accounts: acc, Source: s.store, Catalogue: s.catalogue, DataDir: a.cfg.DataDir, Logger: a.log})
	if err != nil {
		return err
	}
	defer t.Close()
	sess, err := acc.SignIn(ctx, demoTeacherEmail, demoTeacherPassword, "")
	if errors.Is(err, apperr.Unauthenticated) {
		sess, err = acc.SignUp(ctx, auth.SignUpInput{Email: demoTeacherEmail, Password: demoTeacherPassword,
			TenantName: "示范培训基地 Demo Training Base", TenantKind: string(auth.TrainingBase)}, "")
		if err == nil {
			_, err = s.control.Writer().ExecContext(ctx, `UPDATE tenants SET plan = 'education' WHERE id = ?`, sess.Principal.Tenant.ID)
		}
	}
	if err != nil {
		return fmt.Errorf("demo: training base: %w", err)
	}
	p, err := acc.Authenticate(ctx, sess.Token)
	if err != nil {
		return fmt.Errorf("demo: training base: %w", err)
	}
	tctx := auth.WithPrincipal(ctx, p)
	classes, err := t.Classes(tctx)
	if err != nil {
		return fmt.Errorf("demo: classes: %w", err)
	}
	var c teaching.Class
	if len(classes) > 0 {
		c = classes[0]
	} else {
		if c, err = t.CreateClass(tctx, teaching.CreateClassInput{Name: "跨境电商数据分析 示范班 / Demo class", Sectors: []string{"magnesium"}}); err != nil {
			return fmt.Errorf("demo: class: %w", err)
		}
		for _, in := range []teaching.CreateAssignmentInput{
			{ClassID: c.ID, Template: teaching.TemplateTopMarkets, Title: "镁砂机会市场 / Top markets for magnesia"},
			{ClassID: c.ID, Template: teaching.TemplateMedianPrice, Title: "美国练习商城价格中位数 / Median price on Practice Mart US",
				Params: map[string]string{"marketplace": "practicemart.us", "country": "US"}},
		} {
			if _, err := t.CreateAssignment(tctx, in); err != nil {
				fmt.Fprintf(a.env.Stdout, "  teaching: assignment %q not created: %v\n", in.Title, err)
			}
		}
	}
	fmt.Fprintf(a.env.Stdout, "  teaching: training base teacher %s / %s; class %q join code %s\n", demoTeacherEmail, demoTeacherPassword, c.Name, c.JoinCode)
	return nil
}
