package teaching

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/sqlite"
)

// DB is the control database's connections (server/controldb.DB).
type DB interface {
	Writer() *sql.DB
	Reader() *sql.DB
}

// Accounts signs in a student who just joined (server/auth.Service).
type Accounts interface {
	SignIn(ctx context.Context, email, password, ip string) (auth.Session, error)
}

// Seats checks the plan's seat limit before a student account is created
// (server/billing.Service).
type Seats interface {
	RequireSeat(ctx context.Context, t auth.Tenant) error
}

// Source is the main market store the snapshots are copied from.
type Source interface {
	Scan(ctx context.Context, q store.ScanQuery, fn func([]store.Doc) error) error
}

// Options configure a Service.
type Options struct {
	DB        DB
	Accounts  Accounts
	Seats     Seats
	Source    Source
	Catalogue *analytics.Catalogue
	// DataDir is where snapshots/<id>.db files are kept.
	DataDir string
	// Lab runs adapters against the practice marketplace; nil turns the
	// crawler lab and adapter assignments off.
	Lab *Lab
	// BcryptCost hashes student passwords; 0 means 12 (tests use 4).
	BcryptCost int
	Logger     *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service is the teaching mode.
type Service struct {
	db    DB
	acc   Accounts
	seats Seats
	src   Source
	cat   *analytics.Catalogue
	dir   string
	lab   *Lab
	cost  int
	log   *slog.Logger
	now   func() time.Time

	mu    sync.Mutex
	snaps map[string]*sqlite.Store // open snapshot stores by snapshot ID
}

// New checks its options and returns a Service.
func New(opts Options) (*Service, error) {
	var errs []error
	if opts.DB == nil {
		errs = append(errs, errors.New("a control database is required"))
	}
	if opts.Accounts == nil {
		errs = append(errs, errors.New("an account service is required"))
	}
	if opts.Source == nil {
		errs = append(errs, errors.New("a market store is required"))
	}
	if opts.Catalogue == nil {
		errs = append(errs, errors.New("a sector catalogue is required"))
	}
	if opts.DataDir == "" {
		errs = append(errs, errors.New("a data folder is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("teaching: %w", err)
	}
	if opts.BcryptCost == 0 {
		opts.BcryptCost = 12
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{db: opts.DB, acc: opts.Accounts, seats: opts.Seats, src: opts.Source, cat: opts.Catalogue,
		dir: opts.DataDir, lab: opts.Lab, cost: opts.BcryptCost, log: opts.Logger, now: opts.Now,
		snaps: map[string]*sqlite.Store{}}, nil
}

// Close closes the open snapshot stores.
func (s *Service) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for id, st := range s.snaps {
		errs = append(errs, st.Close())
		delete(s.snaps, id)
	}
	return errors.Join(errs...)
}

// errNotSignedIn answers a call without a caller.
var errNotSignedIn = apperr.New(apperr.Unauthenticated, "sign in or send an API key (Authorization: Bearer <token>)")

// caller returns the principal of ctx if its tenant is a training base.
func caller(ctx context.Context) (*auth.Principal, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, errNotSignedIn
	}
	if p.Tenant.Kind != auth.TrainingBase {
		return nil, apperr.New(apperr.Forbidden, "teaching mode is for training-base tenants; this tenant is a %s", p.Tenant.Kind)
	}
	return p, nil
}

// isTeacher reports whether p runs classes: a teacher, an owner or an
// admin of the training base (API keys act with their own role).
func isTeacher(p *auth.Principal) bool {
	switch p.Role {
	case auth.Teacher, auth.Owner, auth.Admin:
		return true
	}
	return false
}

// teacher returns the caller if it may run classes.
func teacher(ctx context.Context) (*auth.Principal, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if !isTeacher(p) {
		return nil, apperr.New(apperr.Forbidden, "role %s may not manage classes (teacher, owner or admin)", p.Role)
	}
	return p, nil
}

// student returns the caller if it is a student.
func student(ctx context.Context) (*auth.Principal, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if p.Role != auth.Student {
		return nil, apperr.New(apperr.Forbidden, "only students answer assignments; role %s may not", p.Role)
	}
	return p, nil
}

func (s *Service) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms sql.NullInt64) *time.Time {
	if !ms.Valid {
		return nil
	}
	t := time.UnixMilli(ms.Int64).UTC()
	return &t
}
