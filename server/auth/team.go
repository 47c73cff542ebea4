package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/exportscope/exportscope/server/apperr"
)

// This file is a tenant's team: its members, invitations to join it, role
// changes and removals. Every method takes the caller and reads or changes
// only the caller's tenant's rows; another tenant's member or invitation
// is not found.

// InvitationTTL is how long an invitation can be accepted.
const InvitationTTL = 7 * 24 * time.Hour

// Seats limits how many users a tenant may have (billing.Service): an
// error, QUOTA_EXCEEDED naming the limit, when t has no seat left.
type Seats interface {
	RequireSeat(ctx context.Context, t Tenant) error
}

// Member is a user of a tenant.
type Member struct {
	ID        string
	Email     string
	Role      Role
	CreatedAt time.Time
}

// Invitation is an offer to join a tenant with a role.
type Invitation struct {
	ID         string
	Email      string
	Role       Role
	InvitedBy  string // a user ID; "" when that user was removed or a key invited
	CreatedAt  time.Time
	ExpiresAt  time.Time
	AcceptedAt *time.Time
	RevokedAt  *time.Time
}

// manageTeam allows owners and admins to manage the team.
func manageTeam(p *Principal) error {
	if err := Require(p, ReadData); err != nil {
		return err
	}
	if p.Role != Owner && p.Role != Admin {
		return apperr.New(apperr.Forbidden, "only owners and admins manage the team (your role: %s)", p.Role)
	}
	return nil
}

// Members lists the caller's tenant's users, oldest first.
func (s *Service) Members(ctx context.Context, p *Principal) ([]Member, error) {
	if err := Require(p, ReadData); err != nil {
		return nil, err
	}
	return s.membersWhere(ctx, p.Tenant.ID, "", nil)
}

// MembersByID returns the caller's tenant's users with the given IDs, one
// entry per ID in order; an ID of no user of the tenant gives a nil entry.
// It is the batch function of the API's member loader.
func (s *Service) MembersByID(ctx context.Context, p *Principal, ids []string) ([]*Member, error) {
	if err := Require(p, ReadData); err != nil {
		return nil, err
	}
	out := make([]*Member, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	ms, err := s.membersWhere(ctx, p.Tenant.ID, " AND id IN (?"+strings.Repeat(", ?", len(ids)-1)+")", args)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*Member, len(ms))
	for i := range ms {
		byID[ms[i].ID] = &ms[i]
	}
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

func (s *Service) membersWhere(ctx context.Context, tenant, where string, args []any) ([]Member, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT id, email, role, created_at FROM users WHERE tenant_id = ?`+where+
		` ORDER BY created_at, id`, append([]any{tenant}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("list members of %s: %w", tenant, err)
	}
	defer rows.Close()
	out := []Member{}
	for rows.Next() {
		var m Member
		var role string
		var created int64
		if err := rows.Scan(&m.ID, &m.Email, &role, &created); err != nil {
			return nil, fmt.Errorf("list members of %s: %w", tenant, err)
		}
		m.Role, m.CreatedAt = Role(role), time.UnixMilli(created).UTC()
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list members of %s: %w", tenant, err)
	}
	return out, nil
}

// Invitations lists the caller's tenant's invitations, newest first.
func (s *Service) Invitations(ctx context.Context, p *Principal) ([]Invitation, error) {
	if err := manageTeam(p); err != nil {
		return nil, err
	}
	return s.invitationsWhere(ctx, p.Tenant.ID, "", nil)
}

func (s *Service) invitationsWhere(ctx context.Context, tenant, where string, args []any) ([]Invitation, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT id, email, role, coalesce(invited_by, ''), created_at, expires_at, accepted_at, revoked_at
		FROM invitations WHERE tenant_id = ?`+where+` ORDER BY created_at DESC, id`, append([]any{tenant}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("list invitations of %s: %w", tenant, err)
	}
	defer rows.Close()
	out := []Invitation{}
	for rows.Next() {
		var inv Invitation
		var role string
		var created, expires int64
		var accepted, revoked sql.NullInt64
		if err := rows.Scan(&inv.ID, &inv.Email, &role, &inv.InvitedBy, &created, &expires, &accepted, &revoked); err != nil {
			return nil, fmt.Errorf("list invitations of %s: %w", tenant, err)
		}
		inv.Role, inv.CreatedAt, inv.ExpiresAt = Role(role), time.UnixMilli(created).UTC(), time.UnixMilli(expires).UTC()
		inv.AcceptedAt, inv.RevokedAt = optionalTime(accepted), optionalTime(revoked)
		out = append(out, inv)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list invitations of %s: %w", tenant, err)
	}
	return out, nil
}

func (s *Service) invitation(ctx context.Context, p *Principal, id string) (Invitation, error) {
	invs, err := s.invitationsWhere(ctx, p.Tenant.ID, " AND id = ?", []any{id})
	if err != nil {
		return Invitation{}, err
	}
	if len(invs) == 0 {
		return Invitation{}, apperr.New(apperr.NotFound, "no invitation %q", id)
	}
	return invs[0], nil
}

// Invite creates an invitation to the caller's tenant for email with
// role and returns it with its token, shown only now. Owners and admins
// invite; admins cannot invite owners; the tenant needs a free seat.
func (s *Service) Invite(ctx context.Context, p *Principal, email string, role Role) (Invitation, string, error) {
	if err := manageTeam(p); err != nil {
		return Invitation{}, "", err
	}
	email, err := NormalizeEmail(email)
	if err != nil {
		return Invitation{}, "", err
	}
	if err := CheckRole(p.Tenant.Kind, role); err != nil {
		return Invitation{}, "", err
	}
	if role == Owner && p.Role != Owner {
		return Invitation{}, "", apperr.New(apperr.Forbidden, "only an owner can invite an owner")
	}
	if err := s.requireSeat(ctx, p.Tenant); err != nil {
		return Invitation{}, "", err
	}
	token, hash := newSecret("esi_")
	now := s.now()
	inv := Invitation{ID: newID(), Email: email, Role: role, CreatedAt: now.UTC(), ExpiresAt: now.Add(InvitationTTL).UTC()}
	var invitedBy any
	if p.KeyID == "" {
		invitedBy, inv.InvitedBy = p.User.ID, p.User.ID
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.New(apperr.BadInput, "%s has an ExportScope account already; an account belongs to one tenant", email)
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM invitations WHERE tenant_id = ? AND email = ?
			AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?`, p.Tenant.ID, email, now.UnixMilli()).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.New(apperr.BadInput, "%s has an open invitation already; revoke it to send a new one", email)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO invitations (id, tenant_id, email, role, token_hash, invited_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, inv.ID, p.Tenant.ID, email, string(role), hash, invitedBy, now.UnixMilli(), inv.ExpiresAt.UnixMilli()); err != nil {
			return err
		}
		return audit(ctx, tx, now, p.Tenant.ID, p.User.ID, "member_invited", email+" as "+string(role), IPFromContext(ctx))
	})
	if err != nil {
		return Invitation{}, "", fmt.Errorf("invite %s: %w", email, err)
	}
	return inv, token, nil
}

// RevokeInvitation withdraws an open invitation of the caller's tenant.
func (s *Service) RevokeInvitation(ctx context.Context, p *Principal, id string) (Invitation, error) {
	if err := manageTeam(p); err != nil {
		return Invitation{}, err
	}
	inv, err := s.invitation(ctx, p, id)
	if err != nil {
		return Invitation{}, err
	}
	if inv.AcceptedAt != nil {
		return Invitation{}, apperr.New(apperr.BadInput, "invitation %s was accepted already; remove the member instead", id)
	}
	now := s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE invitations SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND tenant_id = ?`,
			now.UnixMilli(), id, p.Tenant.ID); err != nil {
			return err
		}
		return audit(ctx, tx, now, p.Tenant.ID, p.User.ID, "invitation_revoked", inv.Email, IPFromContext(ctx))
	})
	if err != nil {
		return Invitation{}, fmt.Errorf("revoke invitation %s: %w", id, err)
	}
	return s.invitation(ctx, p, id)
}

// errBadInvitation is the one answer to an invitation token that cannot
// be used, so that tokens reveal nothing.
var errBadInvitation = apperr.New(apperr.BadInput, "the invitation is invalid, expired, revoked or used already; ask for a new one")

// AcceptInvitation creates the invitee's account in the inviting tenant
// with the invited role, uses the invitation up, and signs the new user
// in.
func (s *Service) AcceptInvitation(ctx context.Context, token, password string) (Session, error) {
	if !strings.HasPrefix(token, "esi_") || len(token) > 100 {
		return Session{}, errBadInvitation
	}
	now := s.now()
	var invID, email, role, tenantID string
	err := s.db.Reader().QueryRowContext(ctx, `SELECT id, email, role, tenant_id FROM invitations
		WHERE token_hash = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?`, hashSecret(token), now.UnixMilli()).
		Scan(&invID, &email, &role, &tenantID)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, errBadInvitation
	}
	if err != nil {
		return Session{}, fmt.Errorf("accept invitation: %w", err)
	}
	if err := CheckPassword(password, email); err != nil {
		return Session{}, err
	}
	tenant, err := s.tenant(ctx, tenantID)
	if err != nil {
		return Session{}, fmt.Errorf("accept invitation %s: %w", invID, err)
	}
	if err := s.requireSeat(ctx, tenant); err != nil {
		return Session{}, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cost)
	if err != nil {
		return Session{}, fmt.Errorf("accept invitation %s: hash password: %w", invID, err)
	}
	p := Principal{Tenant: tenant, User: User{ID: newID(), Email: email, Role: Role(role)}, Role: Role(role)}
	session, sessionHash := newSecret("ess_")
	expires := now.Add(s.ttl)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL`,
			now.UnixMilli(), invID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errBadInvitation // accepted or revoked meanwhile
		}
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, email).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return apperr.New(apperr.BadInput, "an account with email %s exists already; sign in instead", email)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, tenant_id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			p.User.ID, tenant.ID, email, string(hash), role, now.UnixMilli()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			sessionHash, p.User.ID, now.UnixMilli(), expires.UnixMilli()); err != nil {
			return err
		}
		return audit(ctx, tx, now, tenant.ID, p.User.ID, "invitation_accepted", email+" as "+role, IPFromContext(ctx))
	})
	if err != nil {
		return Session{}, fmt.Errorf("accept invitation %s: %w", invID, err)
	}
	s.log.InfoContext(ctx, "invitation accepted", "tenant", tenant.ID, "user", p.User.ID, "role", role)
	return Session{Token: session, ExpiresAt: expires, Principal: p}, nil
}

// SetMemberRole changes the role of a user of the caller's tenant. Owners
// and admins change roles; only an owner makes or unmakes an owner; the
// last owner keeps the role. API keys the user made with a role above the
// new one are revoked.
func (s *Service) SetMemberRole(ctx context.Context, p *Principal, id string, role Role) (Member, error) {
	if err := manageTeam(p); err != nil {
		return Member{}, err
	}
	if err := CheckRole(p.Tenant.Kind, role); err != nil {
		return Member{}, err
	}
	m, err := s.member(ctx, p, id)
	if err != nil {
		return Member{}, err
	}
	if (role == Owner || m.Role == Owner) && p.Role != Owner {
		return Member{}, apperr.New(apperr.Forbidden, "only an owner can make or unmake an owner")
	}
	if m.Role == role {
		return m, nil
	}
	now := s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if m.Role == Owner {
			if err := lastOwner(ctx, tx, p.Tenant.ID, "demote"); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ? AND tenant_id = ?`, string(role), id, p.Tenant.ID); err != nil {
			return err
		}
		if err := revokeKeysAbove(ctx, tx, now, p.Tenant.ID, id, role); err != nil {
			return err
		}
		return audit(ctx, tx, now, p.Tenant.ID, p.User.ID, "role_changed", fmt.Sprintf("%s: %s -> %s", m.Email, m.Role, role), IPFromContext(ctx))
	})
	if err != nil {
		return Member{}, fmt.Errorf("set role of %s: %w", id, err)
	}
	return s.member(ctx, p, id)
}

// RemoveMember deletes a user of the caller's tenant with its sessions
// and revokes the API keys it made. Owners and admins remove members;
// only an owner removes an owner; the last owner cannot be removed.
func (s *Service) RemoveMember(ctx context.Context, p *Principal, id string) error {
	if err := manageTeam(p); err != nil {
		return err
	}
	m, err := s.member(ctx, p, id)
	if err != nil {
		return err
	}
	if m.Role == Owner && p.Role != Owner {
		return apperr.New(apperr.Forbidden, "only an owner can remove an owner")
	}
	now := s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if m.Role == Owner {
			if err := lastOwner(ctx, tx, p.Tenant.ID, "remove"); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE tenant_id = ? AND created_by = ?`,
			now.UnixMilli(), p.Tenant.ID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = ? AND tenant_id = ?`, id, p.Tenant.ID); err != nil {
			return err
		}
		return audit(ctx, tx, now, p.Tenant.ID, p.User.ID, "member_removed", m.Email, IPFromContext(ctx))
	})
	if err != nil {
		return fmt.Errorf("remove member %s: %w", id, err)
	}
	return nil
}

// member loads a user of p's tenant; another tenant's is not found.
func (s *Service) member(ctx context.Context, p *Principal, id string) (Member, error) {
	ms, err := s.membersWhere(ctx, p.Tenant.ID, " AND id = ?", []any{id})
	if err != nil {
		return Member{}, err
	}
	if len(ms) == 0 {
		return Member{}, apperr.New(apperr.NotFound, "no member %q", id)
	}
	return ms[0], nil
}

// lastOwner refuses when the tenant has one owner only (checked inside
// the transaction that would take the role away).
func lastOwner(ctx context.Context, tx *sql.Tx, tenant, what string) error {
	var owners int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE tenant_id = ? AND role = ?`, tenant, string(Owner)).Scan(&owners); err != nil {
		return err
	}
	if owners <= 1 {
		return apperr.New(apperr.BadInput, "cannot %s the last owner; make another member owner first", what)
	}
	return nil
}

// revokeKeysAbove revokes the keys user made that outrank role, so a
// demotion cannot be sidestepped with an old key.
func revokeKeysAbove(ctx context.Context, tx *sql.Tx, now time.Time, tenant, user string, role Role) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, role FROM api_keys WHERE tenant_id = ? AND created_by = ? AND revoked_at IS NULL`, tenant, user)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id, r string
		if err := rows.Scan(&id, &r); err != nil {
			rows.Close()
			return err
		}
		if CanDelegate(role, Role(r)) != nil {
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = ? WHERE id = ?`, now.UnixMilli(), id); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) tenant(ctx context.Context, id string) (Tenant, error) {
	var t Tenant
	var kind string
	err := s.db.Reader().QueryRowContext(ctx, `SELECT id, name, kind, plan FROM tenants WHERE id = ?`, id).Scan(&t.ID, &t.Name, &kind, &t.Plan)
	if err != nil {
		return Tenant{}, fmt.Errorf("load tenant %s: %w", id, err)
	}
	t.Kind = TenantKind(kind)
	return t, nil
}

func (s *Service) requireSeat(ctx context.Context, t Tenant) error {
	if s.seats == nil {
		return nil
	}
	return s.seats.RequireSeat(ctx, t)
}

func optionalTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.UnixMilli(v.Int64).UTC()
	return &t
}

// TenantAuditLog returns the caller's tenant's newest audit entries (owners
// and admins).
func (s *Service) TenantAuditLog(ctx context.Context, p *Principal, limit int) ([]AuditEntry, error) {
	if err := manageTeam(p); err != nil {
		return nil, err
	}
	return s.AuditLog(ctx, p.Tenant.ID, limit)
}
