package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/teaching"
	"github.com/exportscope/exportscope/store"
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
		ins := []teaching.CreateAssignmentInput{{ClassID: c.ID, Template: teaching.TemplateTopMarkets, Title: "镁砂机会市场 / Top markets for magnesia"}}
		if mp, country, ok := a.demoStorefront(ctx, s); ok {
			ins = append(ins, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateMedianPrice,
				Title:  fmt.Sprintf("%s 价格中位数 / Median price on %s", mp, mp),
				Params: map[string]string{"marketplace": mp, "country": country}})
		}
		for _, in := range ins {
			if _, err := t.CreateAssignment(tctx, in); err != nil {
				fmt.Fprintf(a.env.Stdout, "  teaching: assignment %q not created: %v\n", in.Title, err)
			}
		}
	}
	fmt.Fprintf(a.env.Stdout, "  teaching: training base teacher %s / %s; class %q join code %s\n", demoTeacherEmail, demoTeacherPassword, c.Name, c.JoinCode)
	return nil
}

// demoStorefront picks the marketplace and country with the most priced
// magnesium listings, for the demo's median-price assignment.
func (a *app) demoStorefront(ctx context.Context, s *services) (marketplace, country string, ok bool) {
	agg, err := s.store.Aggregate(ctx, store.AggQuery{Kind: store.KindListing,
		Filter:  store.Filter{store.In("sectors", "magnesium"), store.Exists("priceUSD")},
		GroupBy: []store.GroupBy{{Field: "marketplace", Size: 20}, {Field: "country", Size: 5}}})
	if err != nil {
		a.log.Warn("demo: pick a storefront", "err", err)
		return "", "", false
	}
	var best int64
	for _, r := range agg.Rows {
		if r.Count > best {
			best, marketplace, country = r.Count, r.Keys[0], r.Keys[1]
		}
	}
	return marketplace, country, best > 0
}
