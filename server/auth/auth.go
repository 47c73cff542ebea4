// Package auth holds ExportScope's accounts: tenants and their users,
// passwords (bcrypt), sign-in sessions and API keys, kept in the control
// database, and the middleware that resolves the caller of a request once
// into its context.
//
// Session tokens and API keys are 256-bit random secrets shown once and
// stored as their SHA-256. A session acts as its user with the user's
// role; an API key acts for its tenant with the key's own role.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/exportscope/exportscope/server/apperr"
)

// DB is the control database's connections (server/controldb.DB).
type DB interface {
	Writer() *sql.DB
	Reader() *sql.DB
}

// Options configure a Service.
type Options struct {
	DB     DB
	Logger *slog.Logger
	// SessionTTL is how long a session token is valid; 0 means 14 days.
	SessionTTL time.Duration
	// BcryptCost is the password hashing cost; 0 means 12. Tests use
	// bcrypt.MinCost.
	BcryptCost int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Cookies configures session cookies; nil means cookies sealed with
	// random keys of this process (they end with it).
	Cookies *CookieOptions
	// Seats limits how many users a tenant may have when invitations
	// are accepted; nil means no limit.
	Seats Seats
}

// Service manages accounts, sessions and API keys.
type Service struct {
	db      DB
	log     *slog.Logger
	ttl     time.Duration
	cost    int
	now     func() time.Time
	seats   Seats
	cookies *Cookies
	dummy   []byte // a hash to compare against when the email is unknown
}

// New checks its options and returns a Service.
func New(opts Options) (*Service, error) {
	if opts.DB == nil {
		return nil, errors.New("auth: a control database is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 14 * 24 * time.Hour
	}
	if opts.BcryptCost == 0 {
		opts.BcryptCost = 12
	}
	if opts.BcryptCost < bcrypt.MinCost || opts.BcryptCost > bcrypt.MaxCost {
		return nil, fmt.Errorf("auth: bcrypt cost %d is outside %d..%d", opts.BcryptCost, bcrypt.MinCost, bcrypt.MaxCost)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var co CookieOptions
	if opts.Cookies != nil {
		co = *opts.Cookies
	}
	cookies, err := NewCookies(co, opts.SessionTTL)
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	dummy, err := bcrypt.GenerateFromPassword([]byte("not a real password"), opts.BcryptCost)
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	return &Service{db: opts.DB, log: opts.Logger, ttl: opts.SessionTTL, cost: opts.BcryptCost, now: opts.Now, seats: opts.Seats, cookies: cookies, dummy: dummy}, nil
}

// Tenant is an organisation using ExportScope.
type Tenant struct {
	ID   string
	Name string
	Kind TenantKind
	Plan string
}

// User is a person of a tenant.
type User struct {
	ID    string
	Email string
	Role  Role
}

// Principal is who is calling: a user through a session, or an API key.
// Either way it belongs to exactly one tenant.
type Principal struct {
	Tenant Tenant
	// User is the signed-in user; for an API key, its ID is the key's
	// ("key:<id>") and Email is empty.
	User User
	Role Role
	// KeyID is set when the caller used an API key.
	KeyID string
}

// SignUpInput is what signUp takes.
type SignUpInput struct {
	Email, Password, TenantName string
	TenantKind                  string
}

// Session is a new session and who it is for.
type Session struct {
	Token     string
	ExpiresAt time.Time
	Principal Principal
}

// SignUp creates a tenant with its first user as owner and signs that user
// in.
func (s *Service) SignUp(ctx context.Context, in SignUpInput, ip string) (Session, error) {
	email, err := NormalizeEmail(in.Email)
	if err != nil {
		return Session{}, err
	}
	if err := CheckPassword(in.Password, email); err != nil {
		return Session{}, err
	}
	name, err := checkName("tenant name", in.TenantName)
	if err != nil {
		return Session{}, err
	}
	kind, err := ParseTenantKind(in.TenantKind)
	if err != nil {
		return Session{}, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), s.cost)
	if err != nil {
		return Session{}, fmt.Errorf("sign up: hash password: %w", err)
	}
	p := Principal{
		Tenant: Tenant{ID: newID(), Name: name, Kind: kind, Plan: "free"},
		User:   User{ID: newID(), Email: email, Role: Owner},
		Role:   Owner,
	}
	token, tokenHash := newSecret("ess_")
	now := s.now()
	expires := now.Add(s.ttl)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, email).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return apperr.New(apperr.BadInput, "an account with email %s exists already; sign in instead", email)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO tenants (id, name, kind, plan, created_at) VALUES (?, ?, ?, ?, ?)`,
			p.Tenant.ID, p.Tenant.Name, string(kind), p.Tenant.Plan, now.UnixMilli()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, tenant_id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			p.User.ID, p.Tenant.ID, email, string(hash), string(Owner), now.UnixMilli()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, p.User.ID, now.UnixMilli(), expires.UnixMilli()); err != nil {
			return err
		}
		return audit(ctx, tx, now, p.Tenant.ID, p.User.ID, "sign_up", email, ip)
	})
	if err != nil {
		return Session{}, fmt.Errorf("sign up %s: %w", email, err)
	}
	s.log.InfoContext(ctx, "signed up", "tenant", p.Tenant.ID, "user", p.User.ID, "kind", kind)
	return Session{Token: token, ExpiresAt: expires, Principal: p}, nil
}

// errBadCredentials is the one answer to a wrong email or a wrong
// password, so that sign-in does not tell which accounts exist.
var errBadCredentials = apperr.New(apperr.Unauthenticated, "the email or password is wrong")

// SignIn checks an email and password and starts a session.
func (s *Service) SignIn(ctx context.Context, email, password, ip string) (Session, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return Session{}, errBadCredentials
	}
	var userID, hash string
	err = s.db.Reader().QueryRowContext(ctx, `SELECT id, password_hash FROM users WHERE email = ?`, email).Scan(&userID, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		_ = bcrypt.CompareHashAndPassword(s.dummy, []byte(password)) // take as long as a real check
		return Session{}, errBadCredentials
	}
	if err != nil {
		return Session{}, fmt.Errorf("sign in %s: %w", email, err)
	}
	now := s.now()
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		p, err := s.userPrincipal(ctx, userID)
		if err == nil {
			if err := audit(ctx, s.db.Writer(), now, p.Tenant.ID, userID, "sign_in_failed", email, ip); err != nil {
				s.log.ErrorContext(ctx, "audit", "err", err)
			}
		}
		return Session{}, errBadCredentials
	}
	p, err := s.userPrincipal(ctx, userID)
	if err != nil {
		return Session{}, fmt.Errorf("sign in %s: %w", email, err)
	}
	token, tokenHash := newSecret("ess_")
	expires := now.Add(s.ttl)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, userID, now.UnixMilli(), expires.UnixMilli()); err != nil {
			return err
		}
		return audit(ctx, tx, now, p.Tenant.ID, userID, "sign_in", email, ip)
	})
	if err != nil {
		return Session{}, fmt.Errorf("sign in %s: %w", email, err)
	}
	return Session{Token: token, ExpiresAt: expires, Principal: p}, nil
}

// SignOut revokes a session token.
func (s *Service) SignOut(ctx context.Context, token string) error {
	_, err := s.db.Writer().ExecContext(ctx, `UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL`,
		s.now().UnixMilli(), hashSecret(token))
	if err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	return nil
}

// errBadToken answers any token that is not valid now.
var errBadToken = apperr.New(apperr.Unauthenticated, "the token is invalid, expired or revoked; sign in again")

// Authenticate resolves a session token or an API key to its principal.
func (s *Service) Authenticate(ctx context.Context, token string) (*Principal, error) {
	now := s.now().UnixMilli()
	switch {
	case strings.HasPrefix(token, "ess_"):
		var userID string
		err := s.db.Reader().QueryRowContext(ctx, `SELECT user_id FROM sessions WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?`,
			hashSecret(token), now).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errBadToken
		}
		if err != nil {
			return nil, fmt.Errorf("authenticate session: %w", err)
		}
		p, err := s.userPrincipal(ctx, userID)
		if err != nil {
			return nil, fmt.Errorf("authenticate session: %w", err)
		}
		return &p, nil
	case strings.HasPrefix(token, "esk_"):
		var p Principal
		var kind, role string
		err := s.db.Reader().QueryRowContext(ctx, `SELECT k.id, k.role, t.id, t.name, t.kind, t.plan
			FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = ? AND k.revoked_at IS NULL`,
			hashSecret(token)).Scan(&p.KeyID, &role, &p.Tenant.ID, &p.Tenant.Name, &kind, &p.Tenant.Plan)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errBadToken
		}
		if err != nil {
			return nil, fmt.Errorf("authenticate API key: %w", err)
		}
		p.Tenant.Kind, p.Role = TenantKind(kind), Role(role)
		p.User = User{ID: "key:" + p.KeyID, Role: p.Role}
		return &p, nil
	}
	return nil, errBadToken
}

// userPrincipal loads a user with its tenant.
func (s *Service) userPrincipal(ctx context.Context, userID string) (Principal, error) {
	var p Principal
	var kind, role string
	err := s.db.Reader().QueryRowContext(ctx, `SELECT u.id, u.email, u.role, t.id, t.name, t.kind, t.plan
		FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.id = ?`, userID).
		Scan(&p.User.ID, &p.User.Email, &role, &p.Tenant.ID, &p.Tenant.Name, &kind, &p.Tenant.Plan)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errBadToken
	}
	if err != nil {
		return p, fmt.Errorf("load user %s: %w", userID, err)
	}
	p.Tenant.Kind, p.Role, p.User.Role = TenantKind(kind), Role(role), Role(role)
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

// newSecret returns a random token with prefix and the hash to store.
func newSecret(prefix string) (token, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, hashSecret(token)
}

func hashSecret(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
