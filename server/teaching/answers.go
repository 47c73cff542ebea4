package teaching

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/exportscope/exportscope/server/apperr"
)

// Answer is a student's answer to a question and its grade.
type Answer struct {
	QuestionID   string
	AssignmentID string
	StudentID    string
	Value        string
	Correct      bool
	Score        float64
	// Detail explains the grade (an adapter's field accuracy); never the
	// expected answer while it is hidden.
	Detail      string
	SubmittedAt time.Time
}

// Feedback is what a student sees after answering.
type Feedback struct {
	Answer Answer
	// Expected is set once the assignment's answers are shown.
	Expected *ExpectedAnswer
	// Lab is the adapter run of an adapter answer.
	Lab *LabResult
}

const maxAnswer = 64 << 10

// SubmitAnswer grades a student's answer to question and stores it,
// replacing an earlier one.
func (s *Service) SubmitAnswer(ctx context.Context, questionID, value string) (Feedback, error) {
	p, err := student(ctx)
	if err != nil {
		return Feedback{}, err
	}
	var assignmentID string
	err = s.db.Reader().QueryRowContext(ctx, `SELECT q.assignment_id FROM teaching_questions q JOIN teaching_assignments a ON a.id = q.assignment_id
		JOIN teaching_classes c ON c.id = a.class_id WHERE q.id = ? AND c.tenant_id = ?`, questionID, p.Tenant.ID).Scan(&assignmentID)
	notFound := apperr.New(apperr.NotFound, "question %s not found", questionID)
	if errors.Is(err, sql.ErrNoRows) {
		return Feedback{}, notFound
	}
	if err != nil {
		return Feedback{}, fmt.Errorf("answer %s: %w", questionID, err)
	}
	a, err := s.assignmentFor(ctx, p, assignmentID)
	if errors.Is(err, apperr.NotFound) {
		return Feedback{}, notFound
	}
	if err != nil {
		return Feedback{}, err
	}
	c, err := s.classFor(ctx, p, a.ClassID)
	if err != nil {
		return Feedback{}, err
	}
	if c.Closed() {
		return Feedback{}, apperr.New(apperr.BadInput, "class %s is closed; it takes no more answers", c.Name)
	}
	qs, err := s.questions(ctx, a.ID)
	if err != nil {
		return Feedback{}, err
	}
	var q Question
	for _, x := range qs {
		if x.ID == questionID {
			q = x
		}
	}
	if len(value) > maxAnswer {
		return Feedback{}, apperr.New(apperr.BadInput, "an answer has at most %d bytes", maxAnswer)
	}
	fb := Feedback{Answer: Answer{QuestionID: q.ID, AssignmentID: a.ID, StudentID: p.User.ID, Value: strings.TrimSpace(value),
		SubmittedAt: s.now().UTC().Truncate(time.Millisecond)}}
	switch q.Kind {
	case KindNumeric:
		v, err := parseNumber(value)
		if err != nil {
			return Feedback{}, err
		}
		fb.Answer.Correct = q.exp.Value != nil && math.Abs(v-*q.exp.Value) <= q.Tolerance+1e-9
	case KindRanking:
		got := parseRanking(value)
		if len(got) == 0 {
			return Feedback{}, apperr.New(apperr.BadInput, "give the country codes in order, comma-separated, e.g. DE, JP, KR")
		}
		right := 0
		for i, want := range q.exp.Order {
			if i < len(got) && got[i] == want {
				right++
			}
		}
		fb.Answer.Value = strings.Join(got, ", ")
		fb.Answer.Score = float64(right) / float64(max(1, len(q.exp.Order)))
		fb.Answer.Correct = right == len(q.exp.Order) && len(got) == len(q.exp.Order)
		fb.Answer.Detail = fmt.Sprintf("%d of %d positions right", right, len(q.exp.Order))
	case KindAdapter:
		if s.lab == nil {
			return Feedback{}, apperr.New(apperr.BadInput, "the crawler lab is not running on this server")
		}
		sc, res, err := s.lab.Score(ctx, value, q.exp.Store, q.exp.Keyword)
		if err != nil {
			return Feedback{}, err
		}
		fb.Lab = &res
		fb.Answer.Score = sc.Accuracy
		fb.Answer.Correct = sc.Products > 0 && sc.Accuracy >= q.exp.Pass
		fb.Answer.Detail = adapterDetail(sc)
	}
	if q.Kind == KindNumeric && fb.Answer.Correct {
		fb.Answer.Score = 1
	}
	_, err = s.db.Writer().ExecContext(ctx, `INSERT INTO teaching_answers (question_id, student_id, assignment_id, class_id, answer, correct, score, detail, submitted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (question_id, student_id) DO UPDATE SET answer = excluded.answer, correct = excluded.correct, score = excluded.score,
			detail = excluded.detail, submitted_at = excluded.submitted_at`,
		q.ID, p.User.ID, a.ID, a.ClassID, fb.Answer.Value, fb.Answer.Correct, fb.Answer.Score, fb.Answer.Detail, millis(fb.Answer.SubmittedAt))
	if err != nil {
		return Feedback{}, fmt.Errorf("store answer to %s: %w", q.ID, err)
	}
	if !s.hidden(a) {
		fb.Expected = shown(q.exp)
	}
	return fb, nil
}

func adapterDetail(sc AdapterScore) string {
	if sc.Products == 0 {
		return "no product page of the store was read"
	}
	var wrong []string
	for _, f := range scoredFields {
		if n := sc.Wrong[f]; n > 0 {
			wrong = append(wrong, fmt.Sprintf("%s %d", f, n))
		}
	}
	d := fmt.Sprintf("%.0f%% of %d fields right on %d product pages", 100*sc.Accuracy, sc.Compared, sc.Products)
	if len(wrong) > 0 {
		d += "; wrong: " + strings.Join(wrong, ", ")
	}
	return d
}

// parseNumber reads "1,234.5", "12.5%", " 3 ".
func parseNumber(s string) (float64, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	t = strings.ReplaceAll(t, ",", "")
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, apperr.New(apperr.BadInput, "the answer %.40q is not a number", s)
	}
	return v, nil
}

func parseRanking(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == ';' || r == '，' || r == '、' })
	out := make([]string, 0, len(f))
	for _, x := range f {
		out = append(out, strings.ToUpper(x))
	}
	return out
}

// MyAnswers returns the caller's own answers in a class.
func (s *Service) MyAnswers(ctx context.Context, classID string) ([]Answer, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.classFor(ctx, p, classID); err != nil {
		return nil, err
	}
	return s.answers(ctx, `class_id = ? AND student_id = ?`, classID, p.User.ID)
}

func (s *Service) answers(ctx context.Context, where string, args ...any) ([]Answer, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT question_id, assignment_id, student_id, answer, correct, score, detail, submitted_at
		FROM teaching_answers WHERE `+where+` ORDER BY submitted_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("load answers: %w", err)
	}
	defer rows.Close()
	var out []Answer
	for rows.Next() {
		var a Answer
		var at int64
		if err := rows.Scan(&a.QuestionID, &a.AssignmentID, &a.StudentID, &a.Value, &a.Correct, &a.Score, &a.Detail, &at); err != nil {
			return nil, fmt.Errorf("load answers: %w", err)
		}
		a.SubmittedAt = time.UnixMilli(at).UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// GradeCell is one student's result on one assignment.
type GradeCell struct {
	AssignmentID string
	Answered     int // questions answered
	Questions    int
	Correct      int
	// Score is the mean question score in percent, unanswered counting 0.
	Score float64
}

// GradeRow is one student's line of the gradebook.
type GradeRow struct {
	Student Student
	Cells   []GradeCell
	// Total is the mean of the assignment scores, in percent.
	Total float64
}

// Gradebook is a class's grades: one row per student, one cell per
// assignment (oldest assignment first).
type Gradebook struct {
	Class       Class
	Assignments []Assignment
	Rows        []GradeRow
}

// Gradebook returns a class's grades, for its teachers.
func (s *Service) Gradebook(ctx context.Context, classID string) (Gradebook, error) {
	p, c, err := s.teacherClass(ctx, classID)
	if err != nil {
		return Gradebook{}, err
	}
	as, err := s.assignments(ctx, p, `a.class_id = ?`, classID)
	if err != nil {
		return Gradebook{}, err
	}
	slices.Reverse(as) // oldest first
	sts, err := s.students(ctx, classID)
	if err != nil {
		return Gradebook{}, err
	}
	ans, err := s.answers(ctx, `class_id = ?`, classID)
	if err != nil {
		return Gradebook{}, err
	}
	type key struct{ student, assignment string }
	got := map[key][]Answer{}
	for _, a := range ans {
		k := key{a.StudentID, a.AssignmentID}
		got[k] = append(got[k], a)
	}
	gb := Gradebook{Class: c, Assignments: as}
	for _, st := range sts {
		row := GradeRow{Student: st}
		for _, a := range as {
			cell := GradeCell{AssignmentID: a.ID, Questions: len(a.Questions)}
			var sum float64
			for _, x := range got[key{st.UserID, a.ID}] {
				cell.Answered++
				sum += x.Score
				if x.Correct {
					cell.Correct++
				}
			}
			if cell.Questions > 0 {
				cell.Score = round(100*sum/float64(cell.Questions), 1)
			}
			row.Total += cell.Score
			row.Cells = append(row.Cells, cell)
		}
		if len(as) > 0 {
			row.Total = round(row.Total/float64(len(as)), 1)
		}
		gb.Rows = append(gb.Rows, row)
	}
	return gb, nil
}

// GradebookCSV is the gradebook as CSV: name, email, one score column per
// assignment, total.
func (s *Service) GradebookCSV(ctx context.Context, classID string) (string, error) {
	gb, err := s.Gradebook(ctx, classID)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"student", "email"}
	for _, a := range gb.Assignments {
		head = append(head, csvSafe(a.Title))
	}
	head = append(head, "total")
	_ = w.Write(head)
	for _, r := range gb.Rows {
		line := []string{csvSafe(r.Student.Name), csvSafe(r.Student.Email)}
		for _, c := range r.Cells {
			line = append(line, strconv.FormatFloat(c.Score, 'f', 1, 64))
		}
		line = append(line, strconv.FormatFloat(r.Total, 'f', 1, 64))
		_ = w.Write(line)
	}
	w.Flush()
	return b.String(), w.Error()
}

// csvSafe keeps a spreadsheet from reading a name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// AssignmentProgress is one assignment's progress over the class.
type AssignmentProgress struct {
	Assignment Assignment
	// Done counts students who answered every question, Started those
	// who answered some.
	Done, Started int
	// Average is the mean score in percent of the students who started.
	Average float64
}

// Dashboard is a teacher's view of a class's progress.
type Dashboard struct {
	Class       Class
	Students    int
	Assignments []AssignmentProgress
	Gradebook   Gradebook
}

// Dashboard returns progress per student and assignment.
func (s *Service) Dashboard(ctx context.Context, classID string) (Dashboard, error) {
	gb, err := s.Gradebook(ctx, classID)
	if err != nil {
		return Dashboard{}, err
	}
	d := Dashboard{Class: gb.Class, Students: len(gb.Rows), Gradebook: gb}
	for i, a := range gb.Assignments {
		ap := AssignmentProgress{Assignment: a}
		var sum float64
		for _, r := range gb.Rows {
			c := r.Cells[i]
			if c.Answered > 0 {
				ap.Started++
				sum += c.Score
			}
			if c.Questions > 0 && c.Answered == c.Questions {
				ap.Done++
			}
		}
		if ap.Started > 0 {
			ap.Average = round(sum/float64(ap.Started), 1)
		}
		d.Assignments = append(d.Assignments, ap)
	}
	return d, nil
}

// RunLab runs an adapter in the crawler lab for a member of a training
// base (students and teachers).
func (s *Service) RunLab(ctx context.Context, yaml, keyword, start string) (LabResult, error) {
	if _, err := caller(ctx); err != nil {
		return LabResult{}, err
	}
	if s.lab == nil {
		return LabResult{}, apperr.New(apperr.BadInput, "the crawler lab is not running on this server")
	}
	return s.lab.Run(ctx, yaml, keyword, start)
}
