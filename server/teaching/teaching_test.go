package teaching_test

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/billing"
	"github.com/exportscope/exportscope/server/controldb"
	"github.com/exportscope/exportscope/server/teaching"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
	"github.com/exportscope/exportscope/store/storetest"
)

// env is one isolated teaching setup: control DB, accounts, a market
// store seeded with the generated test data, and the teaching service.
type env struct {
	ctlPath string
	ctl     *controldb.DB
	acc     *auth.Service
	st      store.Store
	data    *storetest.Data
	svc     *teaching.Service
	now     time.Time
	clock   func() time.Time
}

func newEnv(t *testing.T, lab *teaching.Lab) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	ctl, err := controldb.Open(ctx, controldb.Options{Path: filepath.Join(dir, "control.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ctl.Close() })
	e := &env{ctlPath: filepath.Join(dir, "control.db"), ctl: ctl, now: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	e.clock = func() time.Time { return e.now }
	if e.acc, err = auth.New(auth.Options{DB: ctl, BcryptCost: bcrypt.MinCost}); err != nil {
		t.Fatal(err)
	}
	bill, err := billing.New(billing.Options{DB: ctl})
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(dir, "market.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e.st = st
	e.data = storetest.Generate(300)
	if res, err := st.Bulk(ctx, e.data.Docs()); err != nil || res.Err() != nil {
		t.Fatalf("seed: %v %v", err, res.Err())
	}
	cat, err := analytics.NewCatalogue(ctl)
	if err != nil {
		t.Fatal(err)
	}
	e.svc, err = teaching.New(teaching.Options{DB: ctl, Accounts: e.acc, Seats: bill, Source: st, Catalogue: cat,
		DataDir: dir, Lab: lab, BcryptCost: bcrypt.MinCost, Now: e.clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.svc.Close() })
	return e
}

// tenant signs up a training base on plan and returns its owner's context.
func (e *env) tenant(t *testing.T, email, kind, plan string) context.Context {
	t.Helper()
	ctx := context.Background()
	sess, err := e.acc.SignUp(ctx, auth.SignUpInput{Email: email, Password: "Correct-Horse-42", TenantName: "Base " + email, TenantKind: kind}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.ctl.Writer().ExecContext(ctx, `UPDATE tenants SET plan = ? WHERE id = ?`, plan, sess.Principal.Tenant.ID); err != nil {
		t.Fatal(err)
	}
	return e.as(t, sess.Token)
}

func (e *env) as(t *testing.T, token string) context.Context {
	t.Helper()
	p, err := e.acc.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return auth.WithPrincipal(context.Background(), p)
}

func (e *env) join(t *testing.T, code, name, email string) context.Context {
	t.Helper()
	sess, err := e.svc.JoinClass(context.Background(), teaching.JoinInput{Code: code, Name: name, Email: email, Password: "Student-pass-77"}, "")
	if err != nil {
		t.Fatalf("join as %s: %v", email, err)
	}
	if sess.Principal.Role != auth.Student {
		t.Fatalf("joined with role %s, want student", sess.Principal.Role)
	}
	return e.as(t, sess.Token)
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got, msg := apperr.Public(err); got != code {
		t.Fatalf("got %s (%s), want %s", got, msg, code)
	}
}

// medianPrice computes the median USD price of the generated data's
// magnesium listings on a marketplace, independently of the store.
func medianPrice(d *storetest.Data, marketplace string) float64 {
	var ps []float64
	for _, l := range d.Listings {
		if l.Marketplace == marketplace && l.Tenant == "" && l.PriceUSD != nil && contains(l.Sectors, "magnesium") {
			ps = append(ps, *l.PriceUSD)
		}
	}
	sort.Float64s(ps)
	n := len(ps)
	if n%2 == 1 {
		return ps[n/2]
	}
	return (ps[n/2-1] + ps[n/2]) / 2
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestGradingWithTolerance(t *testing.T) {
	e := newEnv(t, nil)
	teacher := e.tenant(t, "teacher@school.test", "training_base", "education")
	c, err := e.svc.CreateClass(teacher, teaching.CreateClassInput{Name: "外贸数据分析 1班", Sectors: []string{"magnesium"}})
	if err != nil {
		t.Fatal(err)
	}
	med, err := e.svc.CreateAssignment(teacher, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateMedianPrice, Title: "Median price",
		Params: map[string]string{"marketplace": "amazon.de", "country": "DE"}})
	if err != nil {
		t.Fatal(err)
	}
	custom, err := e.svc.CreateAssignment(teacher, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateCustom, Title: "Warm-up",
		Questions: []teaching.CustomQuestion{{Prompt: "2 + 2.5?", Expected: 4.5, Tolerance: 0.1}}})
	if err != nil {
		t.Fatal(err)
	}
	top, err := e.svc.CreateAssignment(teacher, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateTopMarkets, Title: "Top markets"})
	if err != nil {
		t.Fatal(err)
	}
	want := medianPrice(e.data, "amazon.de")
	student := e.join(t, c.JoinCode, "李雷", "lilei@school.test")
	order := top.Questions[0].Expected.Order
	reversed := append([]string(nil), order...)
	for i, j := 0, len(reversed)-1; i < j; i, j = i+1, j-1 {
		reversed[i], reversed[j] = reversed[j], reversed[i]
	}
	tol := med.Questions[0].Tolerance
	tests := []struct {
		name     string
		question string
		answer   string
		correct  bool
		score    float64
	}{
		{"median exact", med.Questions[0].ID, ftoa(want), true, 1},
		{"median within tolerance", med.Questions[0].ID, ftoa(want + tol*0.9), true, 1},
		{"median outside tolerance", med.Questions[0].ID, ftoa(want + tol*1.5), false, 0},
		{"custom within", custom.Questions[0].ID, "4.55", true, 1},
		{"custom with percent sign and spaces", custom.Questions[0].ID, " 4.5 % ", true, 1},
		{"custom outside", custom.Questions[0].ID, "4.7", false, 0},
		{"ranking in order, lower case", top.Questions[0].ID, strings.ToLower(strings.Join(order, ",")), true, 1},
		{"ranking reversed", top.Questions[0].ID, strings.Join(reversed, " "), len(order) == 1, positionsRight(order, reversed)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fb, err := e.svc.SubmitAnswer(student, tt.question, tt.answer)
			if err != nil {
				t.Fatal(err)
			}
			if fb.Answer.Correct != tt.correct || fb.Answer.Score != tt.score {
				t.Errorf("answer %q: correct %v score %v, want %v %v (%s)", tt.answer, fb.Answer.Correct, fb.Answer.Score, tt.correct, tt.score, fb.Answer.Detail)
			}
			if fb.Expected != nil {
				t.Errorf("expected answer shown before the due date: %+v", fb.Expected)
			}
		})
	}
	if _, err := e.svc.SubmitAnswer(student, custom.Questions[0].ID, "four"); err == nil {
		t.Error("a non-number was accepted")
	} else {
		wantCode(t, err, apperr.CodeBadInput)
	}
	// The teacher reveals: the student now sees the expected value.
	if _, err := e.svc.RevealAnswers(teacher, custom.ID); err != nil {
		t.Fatal(err)
	}
	fb, err := e.svc.SubmitAnswer(student, custom.Questions[0].ID, "4.5")
	if err != nil {
		t.Fatal(err)
	}
	if fb.Expected == nil || fb.Expected.Value == nil || *fb.Expected.Value != 4.5 {
		t.Errorf("after reveal: expected %+v, want 4.5", fb.Expected)
	}
	gb, err := e.svc.Gradebook(teacher, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(gb.Rows) != 1 || len(gb.Rows[0].Cells) != 3 {
		t.Fatalf("gradebook %d rows", len(gb.Rows))
	}
	// Oldest first: median (last answer wrong), custom (right), top (reversed).
	cells := gb.Rows[0].Cells
	if cells[0].Score != 0 || cells[1].Score != 100 {
		t.Errorf("gradebook cells %+v", cells)
	}
	csv, err := e.svc.GradebookCSV(teacher, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(csv, "student,email,Median price,Warm-up,Top markets,total\n") || !strings.Contains(csv, "李雷,lilei@school.test,0.0,100.0,") {
		t.Errorf("CSV:\n%s", csv)
	}
}

func positionsRight(want, got []string) float64 {
	n := 0
	for i := range want {
		if got[i] == want[i] {
			n++
		}
	}
	return float64(n) / float64(len(want))
}

func ftoa(v float64) string { return strings.TrimRight(strings.TrimRight(fmtFloat(v), "0"), ".") }

func TestSnapshotStaysFrozen(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	teacher := e.tenant(t, "t@frozen.test", "training_base", "education")
	c, err := e.svc.CreateClass(teacher, teaching.CreateClassInput{Name: "Frozen", Sectors: []string{"magnesium"}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.svc.CreateAssignment(teacher, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateMedianPrice, Title: "Median",
		Params: map[string]string{"marketplace": "amazon.com", "country": "US"}})
	if err != nil {
		t.Fatal(err)
	}
	before := *a.Questions[0].Expected.Value
	q := store.ListingQuery{Filter: store.Filter{store.In("marketplace", "amazon.com"), store.In("sectors", "magnesium")}, Limit: 1}
	pageBefore, err := e.svc.SearchListings(teacher, teaching.DataInput{ClassID: c.ID, AssignmentID: a.ID}, q)
	if err != nil {
		t.Fatal(err)
	}
	// The crawlers move on: many expensive new listings, and the old
	// ones' prices change.
	var docs []store.Doc
	for i := range 200 {
		docs = append(docs, &store.Listing{ID: "NEW" + itoa(i), Marketplace: "amazon.com", Country: "US", URL: "https://amazon.com/dp/NEW" + itoa(i),
			Title: "Magnesium Oxide powder new", Sectors: []string{"magnesium"}, PriceUSD: store.Float(9999), Price: store.Float(9999), Currency: "USD",
			FirstSeen: storetest.Base, LastSeen: storetest.Base})
	}
	if res, err := e.st.Bulk(ctx, docs); err != nil || res.Err() != nil {
		t.Fatal(err, res.Err())
	}
	main, err := e.st.SearchListings(ctx, store.ListingQuery{Filter: q.Filter, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if main.Total != pageBefore.Total+200 {
		t.Fatalf("main store has %d listings, want %d", main.Total, pageBefore.Total+200)
	}
	pageAfter, err := e.svc.SearchListings(teacher, teaching.DataInput{ClassID: c.ID, AssignmentID: a.ID}, q)
	if err != nil {
		t.Fatal(err)
	}
	if pageAfter.Total != pageBefore.Total {
		t.Errorf("snapshot changed: %d listings, was %d", pageAfter.Total, pageBefore.Total)
	}
	again, err := e.svc.Assignment(teacher, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if *again.Questions[0].Expected.Value != before {
		t.Errorf("expected answer moved from %v to %v", before, *again.Questions[0].Expected.Value)
	}
	student := e.join(t, c.JoinCode, "Han Meimei", "han@frozen.test")
	fb, err := e.svc.SubmitAnswer(student, a.Questions[0].ID, ftoa(medianPrice(e.data, "amazon.com")))
	if err != nil {
		t.Fatal(err)
	}
	if !fb.Answer.Correct {
		t.Errorf("the median of the data at assignment time is graded wrong: %+v", fb.Answer)
	}
	// A new assignment takes a new snapshot that sees the new listings.
	a2, err := e.svc.CreateAssignment(teacher, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateMedianPrice, Title: "Median again",
		Params: map[string]string{"marketplace": "amazon.com", "country": "US"}})
	if err != nil {
		t.Fatal(err)
	}
	if a2.SnapshotID == a.SnapshotID || *a2.Questions[0].Expected.Value != 9999 {
		t.Errorf("new assignment: snapshot %s (old %s), median %v, want 9999", a2.SnapshotID, a.SnapshotID, *a2.Questions[0].Expected.Value)
	}
}

func TestStudentIsolation(t *testing.T) {
	e := newEnv(t, nil)
	teacher := e.tenant(t, "t@iso.test", "training_base", "education")
	other := e.tenant(t, "t@other.test", "training_base", "education")
	exporter := e.tenant(t, "boss@export.test", "exporter", "pro")
	c, err := e.svc.CreateClass(teacher, teaching.CreateClassInput{Name: "A", Sectors: []string{"magnesium"}})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := e.svc.CreateClass(teacher, teaching.CreateClassInput{Name: "B", Sectors: []string{"seafood"}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.svc.CreateAssignment(teacher, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateCustom, Title: "Q",
		Questions: []teaching.CustomQuestion{{Prompt: "x?", Expected: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	alice := e.join(t, c.JoinCode, "Alice", "alice@iso.test")
	bob := e.join(t, c.JoinCode, "Bob", "bob@iso.test")
	carol := e.join(t, c2.JoinCode, "Carol", "carol@iso.test")
	if _, err := e.svc.SubmitAnswer(alice, a.Questions[0].ID, "1"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SubmitAnswer(bob, a.Questions[0].ID, "2"); err != nil {
		t.Fatal(err)
	}
	mine, err := e.svc.MyAnswers(alice, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 1 || mine[0].Value != "1" || mine[0].StudentID != auth.FromContext(alice).User.ID {
		t.Errorf("alice sees %+v, want only her own answer", mine)
	}
	// Alice's view of the assignment hides the expected value.
	seen, err := e.svc.Assignment(alice, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if seen.Questions[0].Expected != nil {
		t.Error("a student sees the expected answer before the due date")
	}
	classes, err := e.svc.Classes(alice)
	if err != nil {
		t.Fatal(err)
	}
	if len(classes) != 1 || classes[0].ID != c.ID || classes[0].JoinCode != "" {
		t.Errorf("alice's classes %+v, want only class A without its join code", classes)
	}
	data := teaching.DataInput{ClassID: c.ID}
	cases := []struct {
		name string
		ctx  context.Context
		call func(context.Context) error
		code string
	}{
		{"student of another class: class", carol, func(ctx context.Context) error { _, err := e.svc.Class(ctx, c.ID); return err }, apperr.CodeNotFound},
		{"student of another class: assignment", carol, func(ctx context.Context) error { _, err := e.svc.Assignment(ctx, a.ID); return err }, apperr.CodeNotFound},
		{"student of another class: answer", carol, func(ctx context.Context) error { _, err := e.svc.SubmitAnswer(ctx, a.Questions[0].ID, "1"); return err }, apperr.CodeNotFound},
		{"student of another class: snapshot", carol, func(ctx context.Context) error {
			_, err := e.svc.SearchListings(ctx, data, store.ListingQuery{})
			return err
		}, apperr.CodeNotFound},
		{"student: gradebook", alice, func(ctx context.Context) error { _, err := e.svc.Gradebook(ctx, c.ID); return err }, apperr.CodeForbidden},
		{"student: dashboard", alice, func(ctx context.Context) error { _, err := e.svc.Dashboard(ctx, c.ID); return err }, apperr.CodeForbidden},
		{"student: students", alice, func(ctx context.Context) error { _, err := e.svc.Students(ctx, c.ID); return err }, apperr.CodeForbidden},
		{"student: reset password", alice, func(ctx context.Context) error {
			_, err := e.svc.ResetStudentPassword(ctx, c.ID, auth.FromContext(bob).User.ID)
			return err
		}, apperr.CodeForbidden},
		{"student: create class", alice, func(ctx context.Context) error {
			_, err := e.svc.CreateClass(ctx, teaching.CreateClassInput{Name: "x", Sectors: []string{"magnesium"}})
			return err
		}, apperr.CodeForbidden},
		{"other tenant: class", other, func(ctx context.Context) error { _, err := e.svc.Class(ctx, c.ID); return err }, apperr.CodeNotFound},
		{"other tenant: gradebook", other, func(ctx context.Context) error { _, err := e.svc.Gradebook(ctx, c.ID); return err }, apperr.CodeNotFound},
		{"other tenant: gradebook CSV", other, func(ctx context.Context) error { _, err := e.svc.GradebookCSV(ctx, c.ID); return err }, apperr.CodeNotFound},
		{"other tenant: assignment", other, func(ctx context.Context) error { _, err := e.svc.Assignment(ctx, a.ID); return err }, apperr.CodeNotFound},
		{"other tenant: assignments", other, func(ctx context.Context) error { _, err := e.svc.Assignments(ctx, c.ID); return err }, apperr.CodeNotFound},
		{"other tenant: my answers", other, func(ctx context.Context) error { _, err := e.svc.MyAnswers(ctx, c.ID); return err }, apperr.CodeNotFound},
		{"other tenant: close", other, func(ctx context.Context) error { _, err := e.svc.CloseClass(ctx, c.ID); return err }, apperr.CodeNotFound},
		{"other tenant: rotate code", other, func(ctx context.Context) error { _, err := e.svc.RotateJoinCode(ctx, c.ID); return err }, apperr.CodeNotFound},
		{"other tenant: reveal", other, func(ctx context.Context) error { _, err := e.svc.RevealAnswers(ctx, a.ID); return err }, apperr.CodeNotFound},
		{"other tenant: new assignment", other, func(ctx context.Context) error {
			_, err := e.svc.CreateAssignment(ctx, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateCustom, Title: "x"})
			return err
		}, apperr.CodeNotFound},
		{"other tenant: reset password", other, func(ctx context.Context) error {
			_, err := e.svc.ResetStudentPassword(ctx, c.ID, auth.FromContext(bob).User.ID)
			return err
		}, apperr.CodeNotFound},
		{"other tenant: snapshot", other, func(ctx context.Context) error {
			_, err := e.svc.SearchListings(ctx, data, store.ListingQuery{})
			return err
		}, apperr.CodeNotFound},
		{"exporter tenant", exporter, func(ctx context.Context) error { _, err := e.svc.Classes(ctx); return err }, apperr.CodeForbidden},
		{"nobody", context.Background(), func(ctx context.Context) error { _, err := e.svc.Classes(ctx); return err }, apperr.CodeUnauthenticated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.call(tc.ctx), tc.code) })
	}
	gb, err := e.svc.Gradebook(teacher, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(gb.Rows) != 2 {
		t.Errorf("gradebook of class A has %d rows, want alice and bob", len(gb.Rows))
	}
}

func TestClassLifecycle(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	free := e.tenant(t, "t@free.test", "training_base", "free")
	_, err := e.svc.CreateClass(free, teaching.CreateClassInput{Name: "A", Sectors: []string{"magnesium"}})
	wantCode(t, err, apperr.CodeQuotaExceeded)
	if !strings.Contains(err.Error(), "class limit") {
		t.Errorf("quota error %q does not name the limit", err)
	}
	teacher := e.tenant(t, "t@life.test", "training_base", "education")
	_, err = e.svc.CreateClass(teacher, teaching.CreateClassInput{Name: "A", Sectors: []string{"no-such-sector"}})
	wantCode(t, err, apperr.CodeBadInput)
	c, err := e.svc.CreateClass(teacher, teaching.CreateClassInput{Name: "A", Sectors: []string{"magnesium"}})
	if err != nil {
		t.Fatal(err)
	}
	student := e.join(t, strings.ToLower(strings.ReplaceAll(c.JoinCode, "-", "")), "Lin", "lin@life.test")
	studentID := auth.FromContext(student).User.ID
	// Reset: the temporary password signs in, the old one does not.
	temp, err := e.svc.ResetStudentPassword(teacher, c.ID, studentID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.acc.SignIn(ctx, "lin@life.test", temp, ""); err != nil {
		t.Errorf("temporary password does not sign in: %v", err)
	}
	if _, err := e.acc.SignIn(ctx, "lin@life.test", "Student-pass-77", ""); err == nil {
		t.Error("the old password still signs in")
	}
	// Rotation: the old code stops working.
	old := c.JoinCode
	c, err = e.svc.RotateJoinCode(teacher, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.JoinClass(ctx, teaching.JoinInput{Code: old, Name: "X", Email: "x@life.test", Password: "Student-pass-77"}, "")
	wantCode(t, err, apperr.CodeNotFound)
	a, err := e.svc.CreateAssignment(teacher, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateCustom, Title: "Q",
		Questions: []teaching.CustomQuestion{{Prompt: "x?", Expected: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SubmitAnswer(e.as(t, mustSignIn(t, e, "lin@life.test", temp)), a.Questions[0].ID, "1"); err != nil {
		t.Fatal(err)
	}
	// Closing: no joins, no answers; grades stay.
	if _, err := e.svc.CloseClass(teacher, c.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.JoinClass(ctx, teaching.JoinInput{Code: c.JoinCode, Name: "Y", Email: "y@life.test", Password: "Student-pass-77"}, "")
	wantCode(t, err, apperr.CodeNotFound)
	_, err = e.svc.SubmitAnswer(e.as(t, mustSignIn(t, e, "lin@life.test", temp)), a.Questions[0].ID, "1")
	wantCode(t, err, apperr.CodeBadInput)
	gb, err := e.svc.Gradebook(teacher, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(gb.Rows) != 1 || gb.Rows[0].Total != 100 {
		t.Errorf("grades after closing: %+v", gb.Rows)
	}
	// Seats: the Free plan of an education tenant... a tenant on the
	// Education plan with its seats used up refuses new students.
	if _, err := e.ctl.Writer().ExecContext(ctx, `UPDATE tenants SET plan = 'pro' WHERE id = ?`, auth.FromContext(teacher).Tenant.ID); err != nil {
		t.Fatal(err)
	}
	c2, err := e.svc.CreateClass(e.tenant(t, "t2@life.test", "training_base", "education"), teaching.CreateClassInput{Name: "B", Sectors: []string{"magnesium"}})
	if err != nil {
		t.Fatal(err)
	}
	var tenant2 string
	if err := e.ctl.Reader().QueryRowContext(ctx, `SELECT tenant_id FROM teaching_classes WHERE id = ?`, c2.ID).Scan(&tenant2); err != nil {
		t.Fatal(err)
	}
	for i := range billing.Education.Entitlements().Seats - 1 {
		if _, err := e.ctl.Writer().ExecContext(ctx, `INSERT INTO users (id, tenant_id, email, password_hash, role, created_at) VALUES (?, ?, ?, 'x', 'student', 0)`,
			"fill"+itoa(i), tenant2, "fill"+itoa(i)+"@life.test"); err != nil {
			t.Fatal(err)
		}
	}
	_, err = e.svc.JoinClass(ctx, teaching.JoinInput{Code: c2.JoinCode, Name: "Z", Email: "z@life.test", Password: "Student-pass-77"}, "")
	wantCode(t, err, apperr.CodeQuotaExceeded)
	if !strings.Contains(err.Error(), "seat limit") {
		t.Errorf("seat error %q does not name the limit", err)
	}
}

func mustSignIn(t *testing.T, e *env, email, password string) string {
	t.Helper()
	s, err := e.acc.SignIn(context.Background(), email, password, "")
	if err != nil {
		t.Fatal(err)
	}
	return s.Token
}

var _ = errors.Is

func TestFailedAssignmentLeavesNoSnapshot(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	teacher := e.tenant(t, "t@drop.test", "training_base", "education")
	c, err := e.svc.CreateClass(teacher, teaching.CreateClassInput{Name: "A", Sectors: []string{"magnesium"}})
	if err != nil {
		t.Fatal(err)
	}
	count := func() (rows, files int) {
		if err := e.ctl.Reader().QueryRowContext(ctx, `SELECT count(*) FROM teaching_snapshots`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		m, _ := filepath.Glob(filepath.Join(filepath.Dir(e.ctlPath), "snapshots", "*.db"))
		return rows, len(m)
	}
	rows0, files0 := count()
	_, err = e.svc.CreateAssignment(teacher, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateMedianPrice, Title: "Nothing there",
		Params: map[string]string{"marketplace": "no-such-market.example", "country": "DE"}})
	wantCode(t, err, apperr.CodeBadInput)
	if rows, files := count(); rows != rows0 || files != files0 || rows != 1 {
		t.Errorf("after a failed assignment: %d snapshot rows, %d files; before %d, %d", rows, files, rows0, files0)
	}
}

// chinaShare computes China's share (%) of market's imports of the
// magnesium codes in the generated data in year, from the partner rows.
func chinaShare(d *storetest.Data, market string, year int) float64 {
	codes := map[string]bool{"251910": true, "251990": true, "810411": true, "810419": true, "810430": true, "810490": true,
		"281610": true, "282731": true, "283321": true, "690210": true, "681591": true}
	var cn, all float64
	for _, f := range d.Flows {
		if f.Reporter != market || f.Year != year || !codes[f.HS] || f.Partner == store.World || f.Flow != store.FlowImport {
			continue
		}
		all += f.ValueUSD
		if f.Partner == "CN" {
			cn += f.ValueUSD
		}
	}
	return cn / all * 100
}

func TestChinaShareAndDueDate(t *testing.T) {
	e := newEnv(t, nil)
	teacher := e.tenant(t, "t@share.test", "training_base", "education")
	c, err := e.svc.CreateClass(teacher, teaching.CreateClassInput{Name: "Share", Sectors: []string{"magnesium"}})
	if err != nil {
		t.Fatal(err)
	}
	due := e.now.Add(time.Hour)
	a, err := e.svc.CreateAssignment(teacher, teaching.CreateAssignmentInput{ClassID: c.ID, Template: teaching.TemplateChinaShare, Title: "China in DE",
		Params: map[string]string{"market": "de"}, DueAt: &due})
	if err != nil {
		t.Fatal(err)
	}
	share, change := chinaShare(e.data, "DE", 2023), chinaShare(e.data, "DE", 2023)-chinaShare(e.data, "DE", 2019)
	if !(share > 0 && share < 100) || change != change {
		t.Fatalf("test data gives share %v, change %v", share, change)
	}
	if len(a.Questions) != 2 {
		t.Fatalf("%d questions, want share and change", len(a.Questions))
	}
	for i, want := range []float64{share, change} {
		if got := *a.Questions[i].Expected.Value; got < want-0.01 || got > want+0.01 {
			t.Errorf("question %d expects %v, computed %v", i+1, got, want)
		}
	}
	student := e.join(t, c.JoinCode, "Zhao", "zhao@share.test")
	for i, v := range []float64{share, change} {
		fb, err := e.svc.SubmitAnswer(student, a.Questions[i].ID, ftoa(v+0.3))
		if err != nil {
			t.Fatal(err)
		}
		if !fb.Answer.Correct || fb.Expected != nil {
			t.Errorf("question %d, answer %v: correct %v, expected shown %v", i+1, v+0.3, fb.Answer.Correct, fb.Expected != nil)
		}
	}
	// After the due date the student sees the expected answers.
	e.now = due.Add(time.Minute)
	seen, err := e.svc.Assignment(student, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if seen.Questions[0].Expected == nil || seen.Questions[0].Expected.Value == nil {
		t.Error("expected answers still hidden after the due date")
	}
}
