package teaching

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/store"
)

// Assignment is a piece of work of a class.
type Assignment struct {
	ID         string
	ClassID    string
	Title      string
	Template   string
	Params     map[string]string
	SnapshotID string
	DueAt      *time.Time
	Revealed   bool
	CreatedAt  time.Time
	Questions  []Question
}

// Question is one question of an assignment. Expected is set only for
// the tenant's teachers, and for students once the assignment is past
// due or revealed.
type Question struct {
	ID        string
	Position  int
	Kind      string
	Prompt    string
	Unit      string
	Tolerance float64
	Expected  *ExpectedAnswer
	exp       expected
}

// ExpectedAnswer is a question's answer key as shown to people.
type ExpectedAnswer struct {
	Value *float64
	Order []string
	// Store and Pass are an adapter task's practice store and pass mark.
	Store string
	Pass  float64
}

// CreateAssignmentInput is what CreateAssignment takes.
type CreateAssignmentInput struct {
	ClassID   string
	Template  string
	Title     string
	Params    map[string]string
	DueAt     *time.Time
	Questions []CustomQuestion // for the custom template
}

// CreateAssignment takes a fresh snapshot of the class's sectors and
// computes the template's expected answers on it.
func (s *Service) CreateAssignment(ctx context.Context, in CreateAssignmentInput) (Assignment, error) {
	p, c, err := s.teacherClass(ctx, in.ClassID)
	if err != nil {
		return Assignment{}, err
	}
	if c.Closed() {
		return Assignment{}, apperr.New(apperr.BadInput, "class %s is closed", c.ID)
	}
	title, err := checkName("assignment title", in.Title)
	if err != nil {
		return Assignment{}, err
	}
	if len(in.Params) > 10 {
		return Assignment{}, apperr.New(apperr.BadInput, "at most 10 parameters")
	}
	for k, v := range in.Params {
		if len(k) > 40 || len(v) > 200 {
			return Assignment{}, apperr.New(apperr.BadInput, "parameter %.40q is too long", k)
		}
	}
	secs, err := s.sectors(ctx, p.Tenant.ID, c.Sectors)
	if err != nil {
		return Assignment{}, err
	}
	// Check the cheap things before a snapshot is taken.
	if !validTemplate(in.Template) {
		_, err := s.questionsFor(ctx, p.Tenant.ID, in.Template, in.Params, secs, nil, in.Questions)
		return Assignment{}, err
	}
	snap, err := s.takeSnapshot(ctx, p.Tenant.ID, secs)
	if err != nil {
		return Assignment{}, fmt.Errorf("create assignment %q: %w", title, err)
	}
	st, err := s.snapshotStore(ctx, snap)
	if err != nil {
		s.dropSnapshot(ctx, snap)
		return Assignment{}, err
	}
	qs, err := s.questionsFor(ctx, p.Tenant.ID, in.Template, in.Params, secs, st, in.Questions)
	if err != nil {
		s.dropSnapshot(ctx, snap)
		return Assignment{}, err
	}
	if in.Params == nil {
		in.Params = map[string]string{}
	}
	pj, _ := json.Marshal(in.Params)
	a := Assignment{ID: newID(), ClassID: c.ID, Title: title, Template: in.Template, Params: in.Params, SnapshotID: snap,
		DueAt: in.DueAt, CreatedAt: s.now().UTC().Truncate(time.Millisecond)}
	var due any
	if in.DueAt != nil {
		due = millis(*in.DueAt)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO teaching_assignments (id, class_id, title, template, params, snapshot_id, due_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, c.ID, title, in.Template, string(pj), snap, due, millis(a.CreatedAt)); err != nil {
			return err
		}
		for i, q := range qs {
			ej, _ := json.Marshal(q.Expected)
			id := newID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO teaching_questions (id, assignment_id, position, kind, prompt, unit, expected, tolerance)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, a.ID, i+1, q.Kind, q.Prompt, q.Unit, string(ej), q.Tolerance); err != nil {
				return err
			}
			a.Questions = append(a.Questions, Question{ID: id, Position: i + 1, Kind: q.Kind, Prompt: q.Prompt, Unit: q.Unit,
				Tolerance: q.Tolerance, exp: q.Expected, Expected: shown(q.Expected)})
		}
		return nil
	})
	if err != nil {
		s.dropSnapshot(ctx, snap)
		return Assignment{}, fmt.Errorf("create assignment %q: %w", title, err)
	}
	return a, nil
}

func validTemplate(key string) bool {
	for _, t := range Templates() {
		if t.Key == key {
			return true
		}
	}
	return false
}

func shown(e expected) *ExpectedAnswer {
	return &ExpectedAnswer{Value: e.Value, Order: e.Order, Store: e.Store, Pass: e.Pass}
}

// open reports whether the answers of a are still hidden from students.
func (s *Service) hidden(a Assignment) bool {
	return !a.Revealed && (a.DueAt == nil || s.now().Before(*a.DueAt))
}

// Assignments lists a class's assignments, newest first, with their
// questions.
func (s *Service) Assignments(ctx context.Context, classID string) ([]Assignment, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.classFor(ctx, p, classID); err != nil {
		return nil, err
	}
	return s.assignments(ctx, p, `a.class_id = ?`, classID)
}

// Assignment returns one assignment the caller may see.
func (s *Service) Assignment(ctx context.Context, id string) (Assignment, error) {
	p, err := caller(ctx)
	if err != nil {
		return Assignment{}, err
	}
	return s.assignmentFor(ctx, p, id)
}

func errAssignmentNotFound(id string) error {
	return apperr.New(apperr.NotFound, "assignment %s not found", id)
}

func (s *Service) assignmentFor(ctx context.Context, p *auth.Principal, id string) (Assignment, error) {
	var classID string
	err := s.db.Reader().QueryRowContext(ctx, `SELECT a.class_id FROM teaching_assignments a JOIN teaching_classes c ON c.id = a.class_id
		WHERE a.id = ? AND c.tenant_id = ?`, id, p.Tenant.ID).Scan(&classID)
	if errors.Is(err, sql.ErrNoRows) {
		return Assignment{}, errAssignmentNotFound(id)
	}
	if err != nil {
		return Assignment{}, fmt.Errorf("load assignment %s: %w", id, err)
	}
	if _, err := s.classFor(ctx, p, classID); err != nil {
		if errors.Is(err, apperr.NotFound) {
			return Assignment{}, errAssignmentNotFound(id)
		}
		return Assignment{}, err
	}
	as, err := s.assignments(ctx, p, `a.id = ?`, id)
	if err != nil {
		return Assignment{}, err
	}
	if len(as) == 0 {
		return Assignment{}, errAssignmentNotFound(id)
	}
	return as[0], nil
}

// assignments loads assignments matching where (one ? argument) with
// their questions; the expected answers only where p may see them.
func (s *Service) assignments(ctx context.Context, p *auth.Principal, where string, arg string) ([]Assignment, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT a.id, a.class_id, a.title, a.template, a.params, a.snapshot_id, a.due_at, a.revealed, a.created_at
		FROM teaching_assignments a WHERE `+where+` ORDER BY a.created_at DESC, a.rowid DESC`, arg)
	if err != nil {
		return nil, fmt.Errorf("load assignments: %w", err)
	}
	var out []Assignment
	idx := map[string]int{}
	for rows.Next() {
		var a Assignment
		var params string
		var due sql.NullInt64
		var created int64
		if err := rows.Scan(&a.ID, &a.ClassID, &a.Title, &a.Template, &params, &a.SnapshotID, &due, &a.Revealed, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("load assignments: %w", err)
		}
		if err := json.Unmarshal([]byte(params), &a.Params); err != nil {
			rows.Close()
			return nil, fmt.Errorf("assignment %s params: %w", a.ID, err)
		}
		a.DueAt, a.CreatedAt = fromMillis(due), time.UnixMilli(created).UTC()
		idx[a.ID] = len(out)
		out = append(out, a)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for i := range out {
		qs, err := s.questions(ctx, out[i].ID)
		if err != nil {
			return nil, err
		}
		for j := range qs {
			if isTeacher(p) || !s.hidden(out[i]) {
				qs[j].Expected = shown(qs[j].exp)
			}
		}
		out[i].Questions = qs
	}
	return out, nil
}

func (s *Service) questions(ctx context.Context, assignmentID string) ([]Question, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT id, position, kind, prompt, unit, expected, tolerance FROM teaching_questions
		WHERE assignment_id = ? ORDER BY position`, assignmentID)
	if err != nil {
		return nil, fmt.Errorf("questions of %s: %w", assignmentID, err)
	}
	defer rows.Close()
	var out []Question
	for rows.Next() {
		var q Question
		var exp string
		if err := rows.Scan(&q.ID, &q.Position, &q.Kind, &q.Prompt, &q.Unit, &exp, &q.Tolerance); err != nil {
			return nil, fmt.Errorf("questions of %s: %w", assignmentID, err)
		}
		if err := json.Unmarshal([]byte(exp), &q.exp); err != nil {
			return nil, fmt.Errorf("question %s expected: %w", q.ID, err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// RevealAnswers shows an assignment's expected answers to its students
// before the due date.
func (s *Service) RevealAnswers(ctx context.Context, assignmentID string) (Assignment, error) {
	p, err := teacher(ctx)
	if err != nil {
		return Assignment{}, err
	}
	if _, err := s.assignmentFor(ctx, p, assignmentID); err != nil {
		return Assignment{}, err
	}
	if _, err := s.db.Writer().ExecContext(ctx, `UPDATE teaching_assignments SET revealed = 1 WHERE id = ?`, assignmentID); err != nil {
		return Assignment{}, fmt.Errorf("reveal answers of %s: %w", assignmentID, err)
	}
	return s.assignmentFor(ctx, p, assignmentID)
}

// DataInput picks the snapshot a caller queries: the assignment's when
// AssignmentID is set, else the class's.
type DataInput struct {
	ClassID      string
	AssignmentID string
}

// snapshotFor resolves the snapshot store the caller may query.
func (s *Service) snapshotFor(ctx context.Context, in DataInput) (*auth.Principal, Class, store.Store, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, Class{}, nil, err
	}
	c, err := s.classFor(ctx, p, in.ClassID)
	if err != nil {
		return nil, Class{}, nil, err
	}
	snap := c.SnapshotID
	if in.AssignmentID != "" {
		a, err := s.assignmentFor(ctx, p, in.AssignmentID)
		if err != nil {
			return nil, Class{}, nil, err
		}
		if a.ClassID != c.ID {
			return nil, Class{}, nil, errAssignmentNotFound(in.AssignmentID)
		}
		snap = a.SnapshotID
	}
	if _, err := s.snapshot(ctx, p.Tenant.ID, snap); err != nil {
		return nil, Class{}, nil, err
	}
	st, err := s.snapshotStore(ctx, snap)
	return p, c, st, err
}

// SearchListings searches a class's snapshot: what students use to
// answer, so that everyone sees the same listings.
func (s *Service) SearchListings(ctx context.Context, in DataInput, q store.ListingQuery) (store.ListingPage, error) {
	_, _, st, err := s.snapshotFor(ctx, in)
	if err != nil {
		return store.ListingPage{}, err
	}
	q.Scope = store.Public
	if err := store.CheckListingQuery(&q); err != nil {
		return store.ListingPage{}, apperr.New(apperr.BadInput, "%s", err.Error())
	}
	return st.SearchListings(ctx, q)
}

// MarketReport builds the market report of one of the class's sectors on
// its snapshot.
func (s *Service) MarketReport(ctx context.Context, in DataInput, sector, market string) (*analytics.MarketReport, error) {
	p, c, st, err := s.snapshotFor(ctx, in)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(","+strings.Join(c.Sectors, ",")+",", ","+sector+",") {
		return nil, apperr.New(apperr.BadInput, "sector %q is not one of the class's (%s)", sector, strings.Join(c.Sectors, ", "))
	}
	return s.marketReport(ctx, st, p.Tenant.ID, sector, strings.ToUpper(strings.TrimSpace(market)))
}
