package portal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
)

// Status is a membership's state.
type Status string

// The membership states.
const (
	Invited  Status = "invited"
	Active   Status = "active"
	Declined Status = "declined"
	Ended    Status = "ended"
)

// Membership is an exporter's membership of an association.
type Membership struct {
	ID              string
	AssociationID   string
	AssociationName string
	MemberID        string
	MemberName      string
	Status          Status
	InvitedAt       time.Time
	AcceptedAt      *time.Time
	EndedAt         *time.Time
}

const membershipCols = `m.id, m.association_id, a.name, m.member_id, COALESCE(NULLIF(pr.company_zh, ''), e.name), m.status,
	m.invited_at, m.accepted_at, m.ended_at
	FROM portal_memberships m
	JOIN tenants a ON a.id = m.association_id
	JOIN tenants e ON e.id = m.member_id
	LEFT JOIN member_profiles pr ON pr.tenant_id = m.member_id`

func scanMembership(sc interface{ Scan(...any) error }) (Membership, error) {
	var m Membership
	var invited int64
	var accepted, ended sql.NullInt64
	err := sc.Scan(&m.ID, &m.AssociationID, &m.AssociationName, &m.MemberID, &m.MemberName, &m.Status, &invited, &accepted, &ended)
	m.InvitedAt = time.UnixMilli(invited).UTC()
	m.AcceptedAt, m.EndedAt = fromMillis(accepted), fromMillis(ended)
	return m, err
}

func (s *Service) memberships(ctx context.Context, where string, args ...any) ([]Membership, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+membershipCols+` WHERE `+where+` ORDER BY m.invited_at, m.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Membership{}
	for rows.Next() {
		m, err := scanMembership(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Invite invites the exporter tenant of the user with email (an owner or
// admin of it) into the caller's association (owners and admins).
// Inviting a member that declined or ended invites it again.
func (s *Service) Invite(ctx context.Context, email string) (Membership, error) {
	p, err := caller(ctx, auth.Association, manageRoles)
	if err != nil {
		return Membership{}, err
	}
	email, err = auth.NormalizeEmail(email)
	if err != nil {
		return Membership{}, err
	}
	var member string
	err = s.db.Reader().QueryRowContext(ctx, `SELECT t.id FROM users u JOIN tenants t ON t.id = u.tenant_id
		WHERE u.email = ? AND t.kind = 'exporter' AND u.role IN ('owner', 'admin')`, email).Scan(&member)
	if errors.Is(err, sql.ErrNoRows) {
		return Membership{}, apperr.New(apperr.NotFound, "no exporter account whose owner or admin has the email %s", email)
	}
	if err != nil {
		return Membership{}, fmt.Errorf("invite %s: %w", email, err)
	}
	now := millis(s.now())
	_, err = s.db.Writer().ExecContext(ctx, `INSERT INTO portal_memberships (id, association_id, member_id, status, invited_at)
		VALUES (?, ?, ?, 'invited', ?)
		ON CONFLICT (association_id, member_id) DO UPDATE SET status = 'invited', invited_at = excluded.invited_at,
			accepted_at = NULL, ended_at = NULL, ended_by = ''
		WHERE portal_memberships.status IN ('declined', 'ended')`, newID(), p.Tenant.ID, member, now)
	if err != nil {
		return Membership{}, fmt.Errorf("invite %s into %s: %w", member, p.Tenant.ID, err)
	}
	ms, err := s.memberships(ctx, `m.association_id = ? AND m.member_id = ?`, p.Tenant.ID, member)
	if err != nil || len(ms) == 0 {
		return Membership{}, fmt.Errorf("invite %s into %s: reading back: %w", member, p.Tenant.ID, err)
	}
	s.log.InfoContext(ctx, "portal member invited", "tenant", p.Tenant.ID, "member", member)
	return ms[0], nil
}

// Members lists the caller's association's memberships, in every state.
func (s *Service) Members(ctx context.Context) ([]Membership, error) {
	p, err := caller(ctx, auth.Association, nil)
	if err != nil {
		return nil, err
	}
	ms, err := s.memberships(ctx, `m.association_id = ?`, p.Tenant.ID)
	if err != nil {
		return nil, fmt.Errorf("members of %s: %w", p.Tenant.ID, err)
	}
	return ms, nil
}

// MyMemberships lists the caller's exporter's invitations and
// memberships.
func (s *Service) MyMemberships(ctx context.Context) ([]Membership, error) {
	p, err := caller(ctx, auth.Exporter, nil)
	if err != nil {
		return nil, err
	}
	ms, err := s.memberships(ctx, `m.member_id = ?`, p.Tenant.ID)
	if err != nil {
		return nil, fmt.Errorf("memberships of %s: %w", p.Tenant.ID, err)
	}
	return ms, nil
}

// Answer accepts or declines an invitation to the caller's exporter
// (owners and admins).
func (s *Service) Answer(ctx context.Context, id string, accept bool) (Membership, error) {
	p, err := caller(ctx, auth.Exporter, manageRoles)
	if err != nil {
		return Membership{}, err
	}
	m, err := s.membership(ctx, id, `m.member_id = ?`, p.Tenant.ID)
	if err != nil {
		return Membership{}, err
	}
	if m.Status != Invited {
		return Membership{}, apperr.New(apperr.BadInput, "membership %s is %s, not an open invitation", id, m.Status)
	}
	now := millis(s.now())
	q := `UPDATE portal_memberships SET status = 'declined', ended_at = ?, ended_by = 'member' WHERE id = ? AND status = 'invited'`
	if accept {
		q = `UPDATE portal_memberships SET status = 'active', accepted_at = ? WHERE id = ? AND status = 'invited'`
	}
	if _, err := s.db.Writer().ExecContext(ctx, q, now, id); err != nil {
		return Membership{}, fmt.Errorf("answer invitation %s: %w", id, err)
	}
	s.log.InfoContext(ctx, "portal invitation answered", "tenant", p.Tenant.ID, "membership", id, "accept", accept)
	return s.membership(ctx, id, `m.member_id = ?`, p.Tenant.ID)
}

// End ends a membership (or withdraws an invitation); either side may,
// through its owners and admins.
func (s *Service) End(ctx context.Context, id string) (Membership, error) {
	p := auth.FromContext(ctx)
	if err := auth.Require(p, auth.ReadData); err != nil {
		return Membership{}, err
	}
	var where, side string
	switch p.Tenant.Kind {
	case auth.Association:
		where, side = `m.association_id = ?`, "association"
	case auth.Exporter:
		where, side = `m.member_id = ?`, "member"
	default:
		return Membership{}, apperr.New(apperr.Forbidden, "only associations and exporters have portal memberships")
	}
	if p.Role != auth.Owner && p.Role != auth.Admin {
		return Membership{}, apperr.New(apperr.Forbidden, "role %s may not end a membership", p.Role)
	}
	m, err := s.membership(ctx, id, where, p.Tenant.ID)
	if err != nil {
		return Membership{}, err
	}
	if m.Status != Active && m.Status != Invited {
		return Membership{}, apperr.New(apperr.BadInput, "membership %s has already ended (%s)", id, m.Status)
	}
	if _, err := s.db.Writer().ExecContext(ctx, `UPDATE portal_memberships SET status = 'ended', ended_at = ?, ended_by = ? WHERE id = ?`,
		millis(s.now()), side, id); err != nil {
		return Membership{}, fmt.Errorf("end membership %s: %w", id, err)
	}
	s.log.InfoContext(ctx, "portal membership ended", "tenant", p.Tenant.ID, "membership", id, "by", side)
	return s.membership(ctx, id, where, p.Tenant.ID)
}

// membership loads id if it matches where (which scopes it to the
// caller's tenant); otherwise it is not found.
func (s *Service) membership(ctx context.Context, id, where string, tenant string) (Membership, error) {
	if id == "" || len(id) > 64 {
		return Membership{}, apperr.New(apperr.NotFound, "no membership %q", id)
	}
	ms, err := s.memberships(ctx, `m.id = ? AND `+where, id, tenant)
	if err != nil {
		return Membership{}, fmt.Errorf("membership %s: %w", id, err)
	}
	if len(ms) == 0 {
		return Membership{}, apperr.New(apperr.NotFound, "no membership %q", id)
	}
	return ms[0], nil
}

// Profile is a member's profile. Everything but PriceUSDPerTon is shown on
// the portals of the member's associations.
type Profile struct {
	CompanyZH, CompanyEN string
	Sectors              []string
	ProductsZH           []string
	ProductsEN           []string
	Certifications       []string
	ExportMarkets        []string
	CapacityZH           string
	CapacityEN           string
	// PriceUSDPerTon is the member's typical FOB price, private: it only
	// feeds the anonymised peer benchmarks. Nil when not given.
	PriceUSDPerTon *float64
	UpdatedAt      time.Time
}

// Company is the company name in lang.
func (p Profile) Company(lang string) string {
	if lang == "en" && p.CompanyEN != "" {
		return p.CompanyEN
	}
	return p.CompanyZH
}

// Products are the products in lang.
func (p Profile) Products(lang string) []string {
	if lang == "en" && len(p.ProductsEN) > 0 {
		return p.ProductsEN
	}
	return p.ProductsZH
}

// Capacity is the capacity text in lang.
func (p Profile) Capacity(lang string) string {
	if lang == "en" && p.CapacityEN != "" {
		return p.CapacityEN
	}
	return p.CapacityZH
}

// SaveProfile checks and stores the caller's exporter's profile (owners
// and admins).
func (s *Service) SaveProfile(ctx context.Context, in Profile) (*Profile, error) {
	p, err := caller(ctx, auth.Exporter, manageRoles)
	if err != nil {
		return nil, err
	}
	if in.CompanyZH, err = text("Chinese company name", in.CompanyZH, 1, 100); err != nil {
		return nil, err
	}
	if in.CompanyEN, err = text("English company name", in.CompanyEN, 1, 100); err != nil {
		return nil, err
	}
	if in.Sectors, err = s.checkSectors(ctx, "", in.Sectors); err != nil {
		return nil, err
	}
	if in.ProductsZH, err = list("Chinese products", in.ProductsZH, 30, 100); err != nil {
		return nil, err
	}
	if in.ProductsEN, err = list("English products", in.ProductsEN, 30, 100); err != nil {
		return nil, err
	}
	if len(in.ProductsZH)+len(in.ProductsEN) == 0 {
		return nil, apperr.New(apperr.BadInput, "name at least one product")
	}
	if in.Certifications, err = list("certifications", in.Certifications, 30, 100); err != nil {
		return nil, err
	}
	markets := make([]string, len(in.ExportMarkets))
	for i, m := range in.ExportMarkets {
		markets[i] = strings.ToUpper(strings.TrimSpace(m))
		if !isAlpha2(markets[i]) {
			return nil, apperr.New(apperr.BadInput, "export market %q must be a two-letter country code such as DE", m)
		}
	}
	if in.ExportMarkets, err = list("export markets", markets, 100, 2); err != nil {
		return nil, err
	}
	if in.CapacityZH, err = text("Chinese capacity", in.CapacityZH, 0, 200); err != nil {
		return nil, err
	}
	if in.CapacityEN, err = text("English capacity", in.CapacityEN, 0, 200); err != nil {
		return nil, err
	}
	var price any
	if in.PriceUSDPerTon != nil {
		if v := *in.PriceUSDPerTon; !(v > 0 && v < 1e7) {
			return nil, apperr.New(apperr.BadInput, "price per tonne must be between 0 and 10,000,000 USD, got %v", v)
		}
		price = *in.PriceUSDPerTon
	}
	_, err = s.db.Writer().ExecContext(ctx, `INSERT INTO member_profiles (tenant_id, company_zh, company_en, sectors, products_zh, products_en,
			certifications, export_markets, capacity_zh, capacity_en, price_usd_per_ton, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id) DO UPDATE SET company_zh = excluded.company_zh, company_en = excluded.company_en,
			sectors = excluded.sectors, products_zh = excluded.products_zh, products_en = excluded.products_en,
			certifications = excluded.certifications, export_markets = excluded.export_markets, capacity_zh = excluded.capacity_zh,
			capacity_en = excluded.capacity_en, price_usd_per_ton = excluded.price_usd_per_ton, updated_at = excluded.updated_at`,
		p.Tenant.ID, in.CompanyZH, in.CompanyEN, toJSON(in.Sectors), toJSON(in.ProductsZH), toJSON(in.ProductsEN),
		toJSON(in.Certifications), toJSON(in.ExportMarkets), in.CapacityZH, in.CapacityEN, price, millis(s.now()))
	if err != nil {
		return nil, fmt.Errorf("save profile of %s: %w", p.Tenant.ID, err)
	}
	return s.profileOf(ctx, p.Tenant.ID)
}

// MyProfile returns the caller's exporter's profile, or nil when it has
// none yet.
func (s *Service) MyProfile(ctx context.Context) (*Profile, error) {
	p, err := caller(ctx, auth.Exporter, nil)
	if err != nil {
		return nil, err
	}
	pr, err := s.profileOf(ctx, p.Tenant.ID)
	if errors.Is(err, apperr.NotFound) {
		return nil, nil
	}
	return pr, err
}

const profileCols = `company_zh, company_en, sectors, products_zh, products_en, certifications, export_markets,
	capacity_zh, capacity_en, price_usd_per_ton, updated_at`

func scanProfile(sc interface{ Scan(...any) error }, extra ...any) (*Profile, error) {
	var pr Profile
	var sectors, pzh, pen, certs, markets string
	var price sql.NullFloat64
	var updated int64
	dest := append(extra, &pr.CompanyZH, &pr.CompanyEN, &sectors, &pzh, &pen, &certs, &markets, &pr.CapacityZH, &pr.CapacityEN, &price, &updated)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	pr.Sectors, pr.ProductsZH, pr.ProductsEN = fromJSON(sectors), fromJSON(pzh), fromJSON(pen)
	pr.Certifications, pr.ExportMarkets = fromJSON(certs), fromJSON(markets)
	if price.Valid {
		pr.PriceUSDPerTon = &price.Float64
	}
	pr.UpdatedAt = time.UnixMilli(updated).UTC()
	return &pr, nil
}

func (s *Service) profileOf(ctx context.Context, tenant string) (*Profile, error) {
	pr, err := scanProfile(s.db.Reader().QueryRowContext(ctx, `SELECT `+profileCols+` FROM member_profiles WHERE tenant_id = ?`, tenant))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "no profile")
	}
	if err != nil {
		return nil, fmt.Errorf("profile of %s: %w", tenant, err)
	}
	return pr, nil
}

// PublicMember is what a portal shows of a member: its public profile,
// under the membership's ID (never the tenant's).
type PublicMember struct {
	ID      string
	Profile Profile
}

// PublicMembers lists a portal's active members that have a profile,
// matching query (any of its words, in Chinese or English, against name,
// products, certifications, sectors and markets) and sector when given.
// The private price is cleared.
func (s *Service) PublicMembers(ctx context.Context, pt *Portal, query, sector string) ([]PublicMember, error) {
	all, err := s.activeMembers(ctx, pt.TenantID)
	if err != nil {
		return nil, err
	}
	words := strings.Fields(strings.ToLower(query))
	out := []PublicMember{}
	for _, m := range all {
		if sector != "" && !contains(m.Profile.Sectors, sector) {
			continue
		}
		if len(words) > 0 {
			hay := strings.ToLower(strings.Join([]string{m.Profile.CompanyZH, m.Profile.CompanyEN,
				strings.Join(m.Profile.ProductsZH, " "), strings.Join(m.Profile.ProductsEN, " "),
				strings.Join(m.Profile.Certifications, " "), strings.Join(m.Profile.Sectors, " "),
				strings.Join(m.Profile.ExportMarkets, " "), m.Profile.CapacityZH, m.Profile.CapacityEN}, " "))
			ok := true
			for _, w := range words {
				ok = ok && strings.Contains(hay, w)
			}
			if !ok {
				continue
			}
		}
		m.Profile.PriceUSDPerTon = nil
		out = append(out, PublicMember{ID: m.MembershipID, Profile: m.Profile})
	}
	return out, nil
}

// PublicMember returns one active member of a portal by its public ID.
func (s *Service) PublicMember(ctx context.Context, pt *Portal, id string) (PublicMember, error) {
	all, err := s.activeMembers(ctx, pt.TenantID)
	if err != nil {
		return PublicMember{}, err
	}
	for _, m := range all {
		if m.MembershipID == id {
			m.Profile.PriceUSDPerTon = nil
			return PublicMember{ID: m.MembershipID, Profile: m.Profile}, nil
		}
	}
	return PublicMember{}, apperr.New(apperr.NotFound, "no member %q", id)
}

type activeMember struct {
	MembershipID string
	TenantID     string
	Profile      Profile
}

// activeMembers are an association's active members with a profile,
// by company name.
func (s *Service) activeMembers(ctx context.Context, association string) ([]activeMember, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT m.id, m.member_id, `+profileCols+`
		FROM portal_memberships m JOIN member_profiles p ON p.tenant_id = m.member_id
		WHERE m.association_id = ? AND m.status = 'active' ORDER BY p.company_en, m.id`, association)
	if err != nil {
		return nil, fmt.Errorf("members of %s: %w", association, err)
	}
	defer rows.Close()
	var out []activeMember
	for rows.Next() {
		var m activeMember
		pr, err := scanProfile(rows, &m.MembershipID, &m.TenantID)
		if err != nil {
			return nil, fmt.Errorf("members of %s: %w", association, err)
		}
		m.Profile = *pr
		out = append(out, m)
	}
	return out, rows.Err()
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
