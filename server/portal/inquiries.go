package portal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"sort"
	"strings"
	"time"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
)

// InquiryInput is what a visitor sends through a portal's form.
type InquiryInput struct {
	Sector      string
	Product     string
	Quantity    string
	Destination string // ISO alpha-2
	ContactName string
	Email       string
	Message     string
	Lang        string
}

// Limits on inquiry fields, in characters.
const (
	maxProduct  = 200
	maxQuantity = 100
	maxContact  = 100
	maxEmail    = 254
	maxMessage  = 4000
)

// Inquiry is a stored inquiry as a member's inbox shows it.
type Inquiry struct {
	ID              string
	AssociationName string
	Sector          string
	Product         string
	Quantity        string
	Destination     string
	ContactName     string
	Email           string
	Message         string
	CreatedAt       time.Time
	RespondedAt     *time.Time
}

// FieldError is a bad inquiry field, for the form to show beside it.
type FieldError struct {
	Field string
	Msg   string
}

// CheckInquiry validates an inquiry for pt; the errors name each bad field.
func CheckInquiry(pt *Portal, in *InquiryInput) []FieldError {
	var errs []FieldError
	check := func(field, label string, v *string, min, max int) {
		t, err := text(label, *v, min, max)
		if err != nil {
			errs = append(errs, FieldError{field, err.Error()})
			return
		}
		*v = t
	}
	if !contains(pt.FeaturedSectors, in.Sector) {
		errs = append(errs, FieldError{"sector", "choose one of the portal's sectors"})
	}
	check("product", "product", &in.Product, 2, maxProduct)
	check("quantity", "quantity", &in.Quantity, 1, maxQuantity)
	in.Destination = strings.ToUpper(strings.TrimSpace(in.Destination))
	if !isAlpha2(in.Destination) {
		errs = append(errs, FieldError{"destination", "destination market must be a two-letter country code"})
	}
	check("name", "contact name", &in.ContactName, 1, maxContact)
	in.Email = strings.TrimSpace(in.Email)
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > maxEmail || !strings.Contains(in.Email[strings.LastIndexByte(in.Email, '@')+1:], ".") {
		errs = append(errs, FieldError{"email", "email is not a valid address (like buyer@example.com)"})
	}
	check("message", "message", &in.Message, 0, maxMessage)
	if in.Lang != "en" {
		in.Lang = "zh"
	}
	return errs
}

// matches reports whether a member with profile pr should get an inquiry
// for product in sector: the sector is one of the member's, and one of
// its products (Chinese or English) contains the inquiry's product or is
// contained in it, ignoring case.
func matches(pr *Profile, sector, product string) bool {
	if !contains(pr.Sectors, sector) {
		return false
	}
	q := strings.ToLower(strings.Join(strings.Fields(product), " "))
	for _, p := range append(append([]string{}, pr.ProductsZH...), pr.ProductsEN...) {
		p = strings.ToLower(strings.Join(strings.Fields(p), " "))
		if p != "" && (strings.Contains(q, p) || strings.Contains(p, q)) {
			return true
		}
	}
	return false
}

// SubmitInquiry stores a visitor's inquiry to portal pt and routes it to
// the active members that match it by sector and product. It returns the
// number of members it reached. The input must have passed CheckInquiry.
func (s *Service) SubmitInquiry(ctx context.Context, pt *Portal, in InquiryInput) (int, error) {
	if errs := CheckInquiry(pt, &in); len(errs) > 0 {
		return 0, apperr.New(apperr.BadInput, "%s: %s", errs[0].Field, errs[0].Msg)
	}
	members, err := s.activeMembers(ctx, pt.TenantID)
	if err != nil {
		return 0, err
	}
	id := newID()
	tx, err := s.db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store inquiry: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_inquiries (id, association_id, sector, product, quantity, destination,
			contact_name, contact_email, message, lang, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, pt.TenantID, in.Sector, in.Product, in.Quantity, in.Destination, in.ContactName, in.Email, in.Message, in.Lang, millis(s.now())); err != nil {
		return 0, fmt.Errorf("store inquiry: %w", err)
	}
	n := 0
	for _, m := range members {
		if !matches(&m.Profile, in.Sector, in.Product) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO portal_inquiry_recipients (inquiry_id, member_id) VALUES (?, ?)`, id, m.TenantID); err != nil {
			return 0, fmt.Errorf("route inquiry %s: %w", id, err)
		}
		n++
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store inquiry: %w", err)
	}
	s.log.InfoContext(ctx, "portal inquiry received", "portal", pt.Slug, "inquiry", id, "sector", in.Sector, "recipients", n)
	return n, nil
}

const inquiryCols = `i.id, a.name, i.sector, i.product, i.quantity, i.destination, i.contact_name, i.contact_email, i.message,
	i.created_at, r.responded_at
	FROM portal_inquiry_recipients r
	JOIN portal_inquiries i ON i.id = r.inquiry_id
	JOIN tenants a ON a.id = i.association_id`

func scanInquiry(sc interface{ Scan(...any) error }) (Inquiry, error) {
	var q Inquiry
	var created int64
	var responded sql.NullInt64
	err := sc.Scan(&q.ID, &q.AssociationName, &q.Sector, &q.Product, &q.Quantity, &q.Destination, &q.ContactName, &q.Email,
		&q.Message, &created, &responded)
	q.CreatedAt = time.UnixMilli(created).UTC()
	q.RespondedAt = fromMillis(responded)
	return q, err
}

// Inbox lists the inquiries routed to the caller's exporter, newest first.
func (s *Service) Inbox(ctx context.Context) ([]Inquiry, error) {
	p, err := caller(ctx, auth.Exporter, nil)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+inquiryCols+` WHERE r.member_id = ? ORDER BY i.created_at DESC, i.id LIMIT 500`, p.Tenant.ID)
	if err != nil {
		return nil, fmt.Errorf("inbox of %s: %w", p.Tenant.ID, err)
	}
	defer rows.Close()
	out := []Inquiry{}
	for rows.Next() {
		q, err := scanInquiry(rows)
		if err != nil {
			return nil, fmt.Errorf("inbox of %s: %w", p.Tenant.ID, err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// MarkResponded marks an inquiry in the caller's exporter's inbox as
// answered (owners, admins and analysts). An inquiry not routed to it is
// not found.
func (s *Service) MarkResponded(ctx context.Context, id string) (Inquiry, error) {
	p, err := caller(ctx, auth.Exporter, actRoles)
	if err != nil {
		return Inquiry{}, err
	}
	res, err := s.db.Writer().ExecContext(ctx, `UPDATE portal_inquiry_recipients SET responded_at = COALESCE(responded_at, ?)
		WHERE inquiry_id = ? AND member_id = ?`, millis(s.now()), id, p.Tenant.ID)
	if err != nil {
		return Inquiry{}, fmt.Errorf("mark inquiry %s responded: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Inquiry{}, apperr.New(apperr.NotFound, "no inquiry %q", id)
	}
	q, err := scanInquiry(s.db.Reader().QueryRowContext(ctx, `SELECT `+inquiryCols+` WHERE r.inquiry_id = ? AND r.member_id = ?`, id, p.Tenant.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return Inquiry{}, apperr.New(apperr.NotFound, "no inquiry %q", id)
	}
	if err != nil {
		return Inquiry{}, fmt.Errorf("inquiry %s: %w", id, err)
	}
	return q, nil
}

// Stats are an association's inquiry counts and response rates: no
// inquiry's content and no member's private data.
type Stats struct {
	Inquiries int
	// Unrouted inquiries matched no member.
	Unrouted   int
	Deliveries int // inquiry × member pairs
	Responded  int
	BySector   []SectorStats
	ByMember   []MemberStats
}

// SectorStats counts inquiries of one sector.
type SectorStats struct {
	Sector    string
	Inquiries int
}

// MemberStats are one member's counts.
type MemberStats struct {
	MembershipID string
	Member       string
	Received     int
	Responded    int
}

// ResponseRate is responded / delivered, or nil with nothing delivered.
func ResponseRate(responded, delivered int) *float64 {
	if delivered == 0 {
		return nil
	}
	r := float64(responded) / float64(delivered)
	return &r
}

// InquiryStats returns the caller's association's inquiry statistics.
func (s *Service) InquiryStats(ctx context.Context) (Stats, error) {
	p, err := caller(ctx, auth.Association, nil)
	if err != nil {
		return Stats{}, err
	}
	st := Stats{BySector: []SectorStats{}, ByMember: []MemberStats{}}
	db := s.db.Reader()
	err = db.QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(NOT EXISTS (SELECT 1 FROM portal_inquiry_recipients r WHERE r.inquiry_id = i.id)), 0)
		FROM portal_inquiries i WHERE i.association_id = ?`, p.Tenant.ID).Scan(&st.Inquiries, &st.Unrouted)
	if err != nil {
		return Stats{}, fmt.Errorf("inquiry stats of %s: %w", p.Tenant.ID, err)
	}
	rows, err := db.QueryContext(ctx, `SELECT sector, count(*) FROM portal_inquiries WHERE association_id = ? GROUP BY sector ORDER BY count(*) DESC, sector`, p.Tenant.ID)
	if err != nil {
		return Stats{}, fmt.Errorf("inquiry stats of %s: %w", p.Tenant.ID, err)
	}
	for rows.Next() {
		var ss SectorStats
		if err := rows.Scan(&ss.Sector, &ss.Inquiries); err != nil {
			rows.Close()
			return Stats{}, err
		}
		st.BySector = append(st.BySector, ss)
	}
	rows.Close()
	// Per member: the member's deliveries from this association's
	// inquiries only, never from other associations'.
	rows, err = db.QueryContext(ctx, `SELECT m.id, COALESCE(NULLIF(pr.company_zh, ''), t.name), count(r.inquiry_id), count(r.responded_at)
		FROM portal_memberships m
		JOIN tenants t ON t.id = m.member_id
		LEFT JOIN member_profiles pr ON pr.tenant_id = m.member_id
		LEFT JOIN portal_inquiry_recipients r ON r.member_id = m.member_id
			AND r.inquiry_id IN (SELECT id FROM portal_inquiries WHERE association_id = m.association_id)
		WHERE m.association_id = ? AND (m.status = 'active' OR r.inquiry_id IS NOT NULL)
		GROUP BY m.id ORDER BY 2`, p.Tenant.ID)
	if err != nil {
		return Stats{}, fmt.Errorf("inquiry stats of %s: %w", p.Tenant.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var ms MemberStats
		if err := rows.Scan(&ms.MembershipID, &ms.Member, &ms.Received, &ms.Responded); err != nil {
			return Stats{}, err
		}
		st.Deliveries += ms.Received
		st.Responded += ms.Responded
		st.ByMember = append(st.ByMember, ms)
	}
	sort.SliceStable(st.ByMember, func(i, j int) bool { return st.ByMember[i].Received > st.ByMember[j].Received })
	return st, rows.Err()
}
