package teaching

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/billing"
)

// Class is a teacher's class.
type Class struct {
	ID      string
	Name    string
	Sectors []string
	// JoinCode is shown to the tenant's teachers only; empty for students.
	JoinCode   string
	SnapshotID string
	CreatedAt  time.Time
	ClosedAt   *time.Time
	Students   int
}

// Closed reports whether the class takes no more joins or answers.
func (c Class) Closed() bool { return c.ClosedAt != nil }

// Student is a student of a class.
type Student struct {
	UserID   string
	Name     string
	Email    string
	JoinedAt time.Time
}

// CreateClassInput is what CreateClass takes.
type CreateClassInput struct {
	Name    string
	Sectors []string
}

const (
	maxNameLen    = 100
	maxSectors    = 5
	joinCodeLen   = 8
	joinAlphabet  = "23456789ABCDEFGHJKMNPQRSTUVWXYZ" // no 0/O, 1/I/L
	tempPassBytes = 9
)

// newJoinCode returns a random join code such as "K7QM-3XWA": 8 symbols
// of 31, about 40 bits, so codes cannot be guessed through the
// rate-limited API.
func newJoinCode() string {
	b := make([]byte, joinCodeLen)
	_, _ = rand.Read(b)
	out := make([]byte, 0, joinCodeLen+1)
	for i, c := range b {
		if i == joinCodeLen/2 {
			out = append(out, '-')
		}
		// 256 is not a multiple of 31; the bias (at most 1/256) does not
		// matter for a code checked at a rate limit.
		out = append(out, joinAlphabet[int(c)%len(joinAlphabet)])
	}
	return string(out)
}

// normalizeCode accepts a code in any case, with or without the dash and
// spaces.
func normalizeCode(s string) (string, error) {
	s = strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(s)))
	if len(s) != joinCodeLen || strings.Trim(s, joinAlphabet) != "" {
		return "", apperr.New(apperr.BadInput, "a join code has %d letters and digits, such as K7QM-3XWA", joinCodeLen)
	}
	return s[:joinCodeLen/2] + "-" + s[joinCodeLen/2:], nil
}

func checkName(what, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > maxNameLen {
		return "", apperr.New(apperr.BadInput, "%s must have 1 to %d characters", what, maxNameLen)
	}
	return s, nil
}

// sectors checks a class's sector slugs against the tenant's catalogue.
func (s *Service) sectors(ctx context.Context, tenant string, slugs []string) ([]analytics.Sector, error) {
	if len(slugs) == 0 || len(slugs) > maxSectors {
		return nil, apperr.New(apperr.BadInput, "a class needs 1 to %d sectors", maxSectors)
	}
	set, err := s.cat.Sectors(ctx, tenant)
	if err != nil {
		return nil, fmt.Errorf("sectors of %s: %w", tenant, err)
	}
	var out []analytics.Sector
	for _, slug := range slugs {
		sec, err := set.Get(slug)
		if err != nil {
			return nil, apperr.New(apperr.BadInput, "unknown sector %q (sectors: %s)", slug, strings.Join(set.Slugs(), ", "))
		}
		if !slices.ContainsFunc(out, func(x analytics.Sector) bool { return x.Slug == sec.Slug }) {
			out = append(out, sec)
		}
	}
	return out, nil
}

// requireClassSlot refuses with QUOTA_EXCEEDED when the tenant's plan
// allows no more open classes.
func (s *Service) requireClassSlot(ctx context.Context, t auth.Tenant) error {
	plan, _ := billing.ParsePlan(t.Plan)
	if plan == "" {
		plan = billing.Free
	}
	limit := plan.Entitlements().Classes
	if limit == billing.Unlimited {
		return nil
	}
	var n int
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM teaching_classes WHERE tenant_id = ? AND closed_at IS NULL`, t.ID).Scan(&n); err != nil {
		return fmt.Errorf("count classes of %s: %w", t.ID, err)
	}
	if n < limit {
		return nil
	}
	return apperr.New(apperr.QuotaExceeded, "class limit reached: the %s plan allows %d open classes and the tenant has %d; close a class or upgrade to the Education plan (the checkout mutation)",
		plan.Title(), limit, n)
}

// CreateClass opens a class on sectors, takes its snapshot and gives it a
// join code.
func (s *Service) CreateClass(ctx context.Context, in CreateClassInput) (Class, error) {
	p, err := teacher(ctx)
	if err != nil {
		return Class{}, err
	}
	name, err := checkName("class name", in.Name)
	if err != nil {
		return Class{}, err
	}
	secs, err := s.sectors(ctx, p.Tenant.ID, in.Sectors)
	if err != nil {
		return Class{}, err
	}
	if err := s.requireClassSlot(ctx, p.Tenant); err != nil {
		return Class{}, err
	}
	snap, err := s.takeSnapshot(ctx, p.Tenant.ID, secs)
	if err != nil {
		return Class{}, fmt.Errorf("create class %q: %w", name, err)
	}
	slugs := make([]string, len(secs))
	for i, sec := range secs {
		slugs[i] = sec.Slug
	}
	sj, _ := json.Marshal(slugs)
	c := Class{ID: newID(), Name: name, Sectors: slugs, SnapshotID: snap, CreatedAt: s.now().UTC().Truncate(time.Millisecond)}
	var teacherID any
	if p.KeyID == "" {
		teacherID = p.User.ID
	}
	for attempt := 0; ; attempt++ {
		c.JoinCode = newJoinCode()
		_, err = s.db.Writer().ExecContext(ctx, `INSERT INTO teaching_classes (id, tenant_id, name, sectors, join_code, teacher_id, snapshot_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, p.Tenant.ID, c.Name, string(sj), c.JoinCode, teacherID, snap, millis(c.CreatedAt))
		if err == nil || attempt == 3 || !strings.Contains(err.Error(), "UNIQUE") {
			break
		}
	}
	if err != nil {
		s.dropSnapshot(ctx, snap)
		return Class{}, fmt.Errorf("create class %q: %w", name, err)
	}
	s.log.InfoContext(ctx, "class created", "tenant", p.Tenant.ID, "class", c.ID, "snapshot", snap)
	return c, nil
}

const classCols = `c.id, c.name, c.sectors, c.join_code, c.snapshot_id, c.created_at, c.closed_at,
	(SELECT count(*) FROM teaching_students st WHERE st.class_id = c.id)`

func scanClass(sc interface{ Scan(...any) error }) (Class, error) {
	var c Class
	var sectors string
	var created int64
	var closed sql.NullInt64
	if err := sc.Scan(&c.ID, &c.Name, &sectors, &c.JoinCode, &c.SnapshotID, &created, &closed, &c.Students); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(sectors), &c.Sectors); err != nil {
		return c, fmt.Errorf("class %s sectors: %w", c.ID, err)
	}
	c.CreatedAt = time.UnixMilli(created).UTC()
	c.ClosedAt = fromMillis(closed)
	return c, nil
}

// Classes lists the tenant's classes for a teacher, the joined ones for
// a student; newest first.
func (s *Service) Classes(ctx context.Context) ([]Class, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	if isTeacher(p) {
		rows, err = s.db.Reader().QueryContext(ctx, `SELECT `+classCols+` FROM teaching_classes c WHERE c.tenant_id = ? ORDER BY c.created_at DESC, c.rowid DESC`, p.Tenant.ID)
	} else {
		rows, err = s.db.Reader().QueryContext(ctx, `SELECT `+classCols+` FROM teaching_classes c JOIN teaching_students s ON s.class_id = c.id
			WHERE c.tenant_id = ? AND s.user_id = ? ORDER BY c.created_at DESC, c.rowid DESC`, p.Tenant.ID, p.User.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("list classes of %s: %w", p.Tenant.ID, err)
	}
	defer rows.Close()
	var out []Class
	for rows.Next() {
		c, err := scanClass(rows)
		if err != nil {
			return nil, fmt.Errorf("list classes of %s: %w", p.Tenant.ID, err)
		}
		if !isTeacher(p) {
			c.JoinCode = ""
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Class returns one class the caller may see.
func (s *Service) Class(ctx context.Context, id string) (Class, error) {
	p, err := caller(ctx)
	if err != nil {
		return Class{}, err
	}
	return s.classFor(ctx, p, id)
}

func errClassNotFound(id string) error { return apperr.New(apperr.NotFound, "class %s not found", id) }

// classFor loads class id if p may see it: a teacher of its tenant, or a
// student of the class. Anything else is NOT_FOUND.
func (s *Service) classFor(ctx context.Context, p *auth.Principal, id string) (Class, error) {
	c, err := scanClass(s.db.Reader().QueryRowContext(ctx, `SELECT `+classCols+` FROM teaching_classes c WHERE c.id = ? AND c.tenant_id = ?`, id, p.Tenant.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return Class{}, errClassNotFound(id)
	}
	if err != nil {
		return Class{}, fmt.Errorf("load class %s: %w", id, err)
	}
	if isTeacher(p) {
		return c, nil
	}
	var n int
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM teaching_students WHERE class_id = ? AND user_id = ?`, id, p.User.ID).Scan(&n); err != nil {
		return Class{}, fmt.Errorf("load class %s: %w", id, err)
	}
	if n == 0 {
		return Class{}, errClassNotFound(id)
	}
	c.JoinCode = ""
	return c, nil
}

// teacherClass loads class id for a teacher of its tenant.
func (s *Service) teacherClass(ctx context.Context, id string) (*auth.Principal, Class, error) {
	p, err := teacher(ctx)
	if err != nil {
		return nil, Class{}, err
	}
	c, err := s.classFor(ctx, p, id)
	return p, c, err
}

// RotateJoinCode gives a class a new join code; the old one stops working.
func (s *Service) RotateJoinCode(ctx context.Context, id string) (Class, error) {
	_, c, err := s.teacherClass(ctx, id)
	if err != nil {
		return Class{}, err
	}
	if c.Closed() {
		return Class{}, apperr.New(apperr.BadInput, "class %s is closed; it takes no more students", id)
	}
	c.JoinCode = newJoinCode()
	if _, err := s.db.Writer().ExecContext(ctx, `UPDATE teaching_classes SET join_code = ? WHERE id = ?`, c.JoinCode, id); err != nil {
		return Class{}, fmt.Errorf("rotate join code of class %s: %w", id, err)
	}
	return c, nil
}

// CloseClass stops joins and answers; grades stay.
func (s *Service) CloseClass(ctx context.Context, id string) (Class, error) {
	_, c, err := s.teacherClass(ctx, id)
	if err != nil {
		return Class{}, err
	}
	if c.Closed() {
		return c, nil
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	if _, err := s.db.Writer().ExecContext(ctx, `UPDATE teaching_classes SET closed_at = ? WHERE id = ?`, millis(now), id); err != nil {
		return Class{}, fmt.Errorf("close class %s: %w", id, err)
	}
	c.ClosedAt = &now
	return c, nil
}

// Students lists a class's students, for its teachers.
func (s *Service) Students(ctx context.Context, classID string) ([]Student, error) {
	if _, _, err := s.teacherClass(ctx, classID); err != nil {
		return nil, err
	}
	return s.students(ctx, classID)
}

func (s *Service) students(ctx context.Context, classID string) ([]Student, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT u.id, s.name, u.email, s.joined_at FROM teaching_students s JOIN users u ON u.id = s.user_id
		WHERE s.class_id = ? ORDER BY s.name, u.email`, classID)
	if err != nil {
		return nil, fmt.Errorf("students of class %s: %w", classID, err)
	}
	defer rows.Close()
	var out []Student
	for rows.Next() {
		var st Student
		var joined int64
		if err := rows.Scan(&st.UserID, &st.Name, &st.Email, &joined); err != nil {
			return nil, fmt.Errorf("students of class %s: %w", classID, err)
		}
		st.JoinedAt = time.UnixMilli(joined).UTC()
		out = append(out, st)
	}
	return out, rows.Err()
}

// JoinInput is what a student gives to join a class.
type JoinInput struct {
	Code, Name, Email, Password string
}

// errBadCode is the one answer to an unknown code, so that codes cannot
// be probed for which classes exist.
var errBadCode = apperr.New(apperr.NotFound, "no open class has this join code; ask your teacher for the current one")

// JoinClass creates a student account in the class's tenant, adds it to
// the class and signs it in. It needs no caller: the code is the
// credential.
func (s *Service) JoinClass(ctx context.Context, in JoinInput, ip string) (auth.Session, error) {
	code, err := normalizeCode(in.Code)
	if err != nil {
		return auth.Session{}, err
	}
	name, err := checkName("your name", in.Name)
	if err != nil {
		return auth.Session{}, err
	}
	email, err := auth.NormalizeEmail(in.Email)
	if err != nil {
		return auth.Session{}, err
	}
	if err := auth.CheckPassword(in.Password, email); err != nil {
		return auth.Session{}, err
	}
	var classID string
	var t auth.Tenant
	var kind string
	var closed sql.NullInt64
	err = s.db.Reader().QueryRowContext(ctx, `SELECT c.id, c.closed_at, t.id, t.name, t.kind, t.plan FROM teaching_classes c JOIN tenants t ON t.id = c.tenant_id
		WHERE c.join_code = ?`, code).Scan(&classID, &closed, &t.ID, &t.Name, &kind, &t.Plan)
	if errors.Is(err, sql.ErrNoRows) || closed.Valid {
		return auth.Session{}, errBadCode
	}
	if err != nil {
		return auth.Session{}, fmt.Errorf("join class: %w", err)
	}
	t.Kind = auth.TenantKind(kind)
	if s.seats != nil {
		if err := s.seats.RequireSeat(ctx, t); err != nil {
			return auth.Session{}, err
		}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), s.cost)
	if err != nil {
		return auth.Session{}, fmt.Errorf("join class: hash password: %w", err)
	}
	userID := newID()
	now := millis(s.now())
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, email).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return apperr.New(apperr.BadInput, "an account with email %s exists already; sign in, or use another email to join", email)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, tenant_id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			userID, t.ID, email, string(hash), string(auth.Student), now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO teaching_students (class_id, user_id, name, joined_at) VALUES (?, ?, ?, ?)`,
			classID, userID, name, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (tenant_id, actor, action, target, ip, created_at) VALUES (?, ?, 'join_class', ?, ?, ?)`,
			t.ID, userID, classID, ip, now)
		return err
	})
	if err != nil {
		return auth.Session{}, fmt.Errorf("join class %s: %w", classID, err)
	}
	s.log.InfoContext(ctx, "student joined", "tenant", t.ID, "class", classID, "user", userID)
	return s.acc.SignIn(ctx, email, in.Password, ip)
}

// ResetStudentPassword gives a student of the class a new random
// password, returned once, and ends the student's sessions.
func (s *Service) ResetStudentPassword(ctx context.Context, classID, studentID string) (string, error) {
	p, _, err := s.teacherClass(ctx, classID)
	if err != nil {
		return "", err
	}
	var n int
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM teaching_students WHERE class_id = ? AND user_id = ?`, classID, studentID).Scan(&n); err != nil {
		return "", fmt.Errorf("reset password of %s: %w", studentID, err)
	}
	if n == 0 {
		return "", apperr.New(apperr.NotFound, "student %s not found in class %s", studentID, classID)
	}
	b := make([]byte, tempPassBytes)
	_, _ = rand.Read(b)
	temp := make([]byte, 0, 2*tempPassBytes)
	for _, c := range b {
		temp = append(temp, joinAlphabet[int(c)%len(joinAlphabet)], "abcdefghjkmnpqrstuvwxyz"[int(c>>3)%23])
	}
	hash, err := bcrypt.GenerateFromPassword(temp, s.cost)
	if err != nil {
		return "", fmt.Errorf("reset password of %s: %w", studentID, err)
	}
	now := millis(s.now())
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ? AND role = ?`, string(hash), studentID, string(auth.Student)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, now, studentID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (tenant_id, actor, action, target, created_at) VALUES (?, ?, 'reset_student_password', ?, ?)`,
			p.Tenant.ID, p.User.ID, studentID, now)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("reset password of %s: %w", studentID, err)
	}
	return string(temp), nil
}
