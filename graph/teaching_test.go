package graph_test

import (
	"strings"
	"testing"

	"github.com/exportscope/exportscope/server/billing"
	"github.com/exportscope/exportscope/server/controldb"
)

// newTeachingEnv is an API with the teaching mode on real SQLite
// databases; plan upgrades go straight to the control database.
func newTeachingEnv(t *testing.T) (*env, *controldb.DB) {
	t.Helper()
	e := newEnv(t, options{billing: &billing.Config{}})
	return e, e.control
}

// trainingBase signs up a training base on the Education plan and returns
// its owner's token.
func trainingBase(t *testing.T, e *env, control *controldb.DB, email string) string {
	t.Helper()
	var out struct {
		SignUp struct {
			Token  string
			Tenant struct{ ID string }
		}
	}
	e.ok(e.do("", signUp, map[string]any{"in": map[string]any{
		"email": email, "password": "correct horse battery", "tenantName": "Base " + email, "tenantKind": "TRAINING_BASE"}}), &out)
	if _, err := control.Writer().Exec(`UPDATE tenants SET plan = 'education' WHERE id = ?`, out.SignUp.Tenant.ID); err != nil {
		t.Fatal(err)
	}
	return out.SignUp.Token
}

func TestTeachingAPI(t *testing.T) {
	e, control := newTeachingEnv(t)
	teacher := trainingBase(t, e, control, "teacher@base.test")
	other := trainingBase(t, e, control, "teacher@other.test")

	var cls struct{ CreateClass struct{ ID, JoinCode string } }
	e.ok(e.do(teacher, `mutation($in: CreateClassInput!) { createClass(input: $in) { id joinCode } }`,
		map[string]any{"in": map[string]any{"name": "1班", "sectors": []string{"magnesium"}}}), &cls)
	classID := cls.CreateClass.ID

	var as struct {
		CreateAssignment struct {
			ID        string
			Questions []struct {
				ID       string
				Expected struct{ Value float64 }
			}
		}
	}
	e.ok(e.do(teacher, `mutation($in: CreateAssignmentInput!) { createAssignment(input: $in) { id questions { id expected { value } } } }`,
		map[string]any{"in": map[string]any{"classId": classID, "template": "custom", "title": "Q",
			"questions": []map[string]any{{"prompt": "a", "expected": 4, "tolerance": 0}, {"prompt": "b", "expected": 2.5, "tolerance": 0.01}}}}), &as)
	qs := as.CreateAssignment.Questions
	if len(qs) != 2 || qs[1].Expected.Value != 2.5 {
		t.Fatalf("assignment %+v", as)
	}

	join := `mutation($in: JoinClassInput!) { joinClass(input: $in) { token user { role } } }`
	var joined struct {
		JoinClass struct {
			Token string
			User  struct{ Role string }
		}
	}
	e.ok(e.do("", join, map[string]any{"in": map[string]any{"code": cls.CreateClass.JoinCode, "name": "Li", "email": "li@base.test", "password": "student horse battery"}}), &joined)
	student := joined.JoinClass.Token
	if joined.JoinClass.User.Role != "STUDENT" {
		t.Fatalf("joined as %s", joined.JoinClass.User.Role)
	}
	if got := e.code(e.do("", join, map[string]any{"in": map[string]any{"code": "AAAA-AAAA", "name": "X", "email": "x@base.test", "password": "student horse battery"}})); got != "NOT_FOUND" {
		t.Errorf("join with a wrong code: %s", got)
	}

	submit := `mutation($q: ID!, $v: String!) { submitAnswer(questionId: $q, value: $v) { answer { correct score } expected { value } } }`
	var fb struct {
		SubmitAnswer struct {
			Answer struct {
				Correct bool
				Score   float64
			}
			Expected *struct{ Value float64 }
		}
	}
	e.ok(e.do(student, submit, map[string]any{"q": qs[0].ID, "v": "4"}), &fb)
	if !fb.SubmitAnswer.Answer.Correct || fb.SubmitAnswer.Expected != nil {
		t.Errorf("right answer: %+v", fb.SubmitAnswer)
	}
	e.ok(e.do(student, submit, map[string]any{"q": qs[1].ID, "v": "3"}), &fb)
	if fb.SubmitAnswer.Answer.Correct {
		t.Errorf("wrong answer graded right: %+v", fb.SubmitAnswer)
	}
	// The student sees no expected values before the due date.
	var sa struct {
		TeachingAssignments []struct {
			Questions []struct{ Expected *struct{ Value float64 } }
		}
	}
	e.ok(e.do(student, `query($c: ID!) { teachingAssignments(classId: $c) { questions { expected { value } } } }`, map[string]any{"c": classID}), &sa)
	for _, q := range sa.TeachingAssignments[0].Questions {
		if q.Expected != nil {
			t.Error("student sees an expected value")
		}
	}

	var gb struct{ TeachingGradebookCsv string }
	e.ok(e.do(teacher, `query($c: ID!) { teachingGradebookCsv(classId: $c) }`, map[string]any{"c": classID}), &gb)
	if want := "Li,li@base.test,50.0,50.0\n"; !strings.HasSuffix(gb.TeachingGradebookCsv, want) {
		t.Errorf("gradebook CSV %q, want it to end with %q", gb.TeachingGradebookCsv, want)
	}

	for name, tc := range map[string]struct {
		token, query string
		vars         map[string]any
		code         string
	}{
		"student gradebook":         {student, `query($c: ID!) { teachingGradebook(classId: $c) { rows { total } } }`, map[string]any{"c": classID}, "FORBIDDEN"},
		"other tenant class":        {other, `query($c: ID!) { teachingClass(id: $c) { id } }`, map[string]any{"c": classID}, "NOT_FOUND"},
		"other tenant gradebook":    {other, `query($c: ID!) { teachingGradebookCsv(classId: $c) }`, map[string]any{"c": classID}, "NOT_FOUND"},
		"other tenant answers":      {other, `query($c: ID!) { teachingMyAnswers(classId: $c) { value } }`, map[string]any{"c": classID}, "NOT_FOUND"},
		"teacher cannot answer":     {teacher, submit, map[string]any{"q": qs[0].ID, "v": "4"}, "FORBIDDEN"},
		"nobody":                    {"", `{ teachingClasses { id } }`, nil, "UNAUTHENTICATED"},
		"lab on another host":       {student, `mutation($y: String!) { runCrawlerLab(yaml: $y, keyword: "x") { pages } }`, map[string]any{"y": "name: evil\nmarkets:\n  - {host: example.com, country: US, locale: en-US}\npages:\n  - name: p\n    urls: ['/']\n    fields: {title: h1}\n"}, "BAD_INPUT"},
		"exporter teaching classes": {e.signUp("boss@exporter.test", "Exporter"), `{ teachingClasses { id } }`, nil, "FORBIDDEN"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := e.code(e.do(tc.token, tc.query, tc.vars)); got != tc.code {
				t.Errorf("code %s, want %s", got, tc.code)
			}
		})
	}
}
