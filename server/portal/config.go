package portal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
)

// Figure names a kind of public sector figure an association may show.
type Figure string

// The figures a portal can make public, read from the latest market
// report of each featured sector.
const (
	FigImports     Figure = "imports"     // imports by market, end year
	FigChinaShare  Figure = "china_share" // China's share of each market
	FigOpportunity Figure = "opportunity" // opportunity score ranking
	FigPrices      Figure = "prices"      // marketplace median price by storefront country
)

// Figures lists every figure, in display order.
func Figures() []Figure { return []Figure{FigImports, FigChinaShare, FigOpportunity, FigPrices} }

// Portal is an association's portal configuration.
type Portal struct {
	TenantID        string
	Slug            string
	Host            string
	NameZH, NameEN  string
	IntroZH         string
	IntroEN         string
	LogoURL         string
	HasLogoImage    bool
	Primary, Accent string
	FeaturedSectors []string
	PublicFigures   []Figure
}

// Name is the portal's name in lang ("en" or "zh").
func (p *Portal) Name(lang string) string {
	if lang == "en" {
		return p.NameEN
	}
	return p.NameZH
}

// Shows reports whether figure f is public.
func (p *Portal) Shows(f Figure) bool { return slices.Contains(p.PublicFigures, f) }

// Input is what SavePortal takes.
type Input struct {
	Slug, Host      string
	NameZH, NameEN  string
	IntroZH         string
	IntroEN         string
	LogoURL         string
	Primary, Accent string
	FeaturedSectors []string
	PublicFigures   []Figure
}

// MaxLogoBytes caps an uploaded logo.
const MaxLogoBytes = 64 << 10

var (
	slugRE  = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$`)
	colorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	labelRE = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)
)

// reservedHosts can never be a portal's host: they are where the app
// itself is reached.
var reservedHosts = map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}

// CheckHost validates a portal host name: a DNS name of at least two
// labels, no port, no IP address.
func CheckHost(h string) (string, error) {
	h = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(h), "."))
	if h == "" {
		return "", nil
	}
	bad := apperr.New(apperr.BadInput, "host name %q is not a DNS name such as portal.example.org (no scheme, port or path)", h)
	if len(h) > 253 || net.ParseIP(h) != nil || reservedHosts[h] {
		return "", bad
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return "", bad
	}
	for _, l := range labels {
		if !labelRE.MatchString(l) {
			return "", bad
		}
	}
	return h, nil
}

func (s *Service) checkInput(ctx context.Context, tenant string, in Input) (Input, error) {
	var err error
	in.Slug = strings.ToLower(strings.TrimSpace(in.Slug))
	if !slugRE.MatchString(in.Slug) {
		return in, apperr.New(apperr.BadInput, "slug %q must be 3 to 40 lower-case letters, digits or hyphens, not starting or ending with a hyphen", in.Slug)
	}
	if in.Host, err = CheckHost(in.Host); err != nil {
		return in, err
	}
	if in.NameZH, err = text("Chinese name", in.NameZH, 1, 100); err != nil {
		return in, err
	}
	if in.NameEN, err = text("English name", in.NameEN, 1, 100); err != nil {
		return in, err
	}
	if in.IntroZH, err = text("Chinese introduction", in.IntroZH, 0, 2000); err != nil {
		return in, err
	}
	if in.IntroEN, err = text("English introduction", in.IntroEN, 0, 2000); err != nil {
		return in, err
	}
	in.LogoURL = strings.TrimSpace(in.LogoURL)
	if in.LogoURL != "" {
		u, err := url.Parse(in.LogoURL)
		if err != nil || u.Scheme != "https" || u.Host == "" || len(in.LogoURL) > 500 || u.User != nil {
			return in, apperr.New(apperr.BadInput, "logo URL must be an https:// address of at most 500 characters")
		}
	}
	for name, c := range map[string]*string{"primary colour": &in.Primary, "accent colour": &in.Accent} {
		*c = strings.TrimSpace(*c)
		if !colorRE.MatchString(*c) {
			return in, apperr.New(apperr.BadInput, "%s %q must be a hex colour like #1a5fb4", name, *c)
		}
		*c = strings.ToLower(*c)
	}
	if in.FeaturedSectors, err = s.checkSectors(ctx, tenant, in.FeaturedSectors); err != nil {
		return in, err
	}
	figs := []Figure{}
	for _, f := range in.PublicFigures {
		if !slices.Contains(Figures(), f) {
			return in, apperr.New(apperr.BadInput, "unknown figure %q (figures: %v)", f, Figures())
		}
		if !slices.Contains(figs, f) {
			figs = append(figs, f)
		}
	}
	in.PublicFigures = figs
	return in, nil
}

// SavePortal creates or updates the caller's association's portal
// (owners and admins). The slug and host name must be free.
func (s *Service) SavePortal(ctx context.Context, in Input) (*Portal, error) {
	p, err := caller(ctx, auth.Association, manageRoles)
	if err != nil {
		return nil, err
	}
	in, err = s.checkInput(ctx, p.Tenant.ID, in)
	if err != nil {
		return nil, err
	}
	var taken string
	err = s.db.Reader().QueryRowContext(ctx, `SELECT CASE WHEN slug = ? THEN 'slug' ELSE 'host name' END FROM portals
		WHERE tenant_id <> ? AND (slug = ? OR (host IS NOT NULL AND host = ?)) LIMIT 1`,
		in.Slug, p.Tenant.ID, in.Slug, in.Host).Scan(&taken)
	if err == nil {
		return nil, apperr.New(apperr.BadInput, "that %s is already used by another portal", taken)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("save portal of %s: %w", p.Tenant.ID, err)
	}
	var host any
	if in.Host != "" {
		host = in.Host
	}
	now := millis(s.now())
	_, err = s.db.Writer().ExecContext(ctx, `INSERT INTO portals (tenant_id, slug, host, name_zh, name_en, intro_zh, intro_en, logo_url,
			color_primary, color_accent, featured_sectors, public_figures, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id) DO UPDATE SET slug = excluded.slug, host = excluded.host, name_zh = excluded.name_zh,
			name_en = excluded.name_en, intro_zh = excluded.intro_zh, intro_en = excluded.intro_en, logo_url = excluded.logo_url,
			color_primary = excluded.color_primary, color_accent = excluded.color_accent,
			featured_sectors = excluded.featured_sectors, public_figures = excluded.public_figures, updated_at = excluded.updated_at`,
		p.Tenant.ID, in.Slug, host, in.NameZH, in.NameEN, in.IntroZH, in.IntroEN, in.LogoURL, in.Primary, in.Accent,
		toJSON(in.FeaturedSectors), toJSON(figureStrings(in.PublicFigures)), now, now)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return nil, apperr.New(apperr.BadInput, "that slug or host name is already used by another portal")
		}
		return nil, fmt.Errorf("save portal of %s: %w", p.Tenant.ID, err)
	}
	s.log.InfoContext(ctx, "portal saved", "tenant", p.Tenant.ID, "slug", in.Slug, "host", in.Host)
	return s.portalOf(ctx, p.Tenant.ID)
}

func figureStrings(fs []Figure) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}

// SetLogo stores an uploaded logo image (PNG, JPEG, GIF or WebP, at most
// MaxLogoBytes) for the caller's association's portal; empty data removes
// it.
func (s *Service) SetLogo(ctx context.Context, data []byte) (*Portal, error) {
	p, err := caller(ctx, auth.Association, manageRoles)
	if err != nil {
		return nil, err
	}
	if _, err := s.portalOf(ctx, p.Tenant.ID); err != nil {
		return nil, err
	}
	var typ string
	var blob any
	if len(data) > 0 {
		if len(data) > MaxLogoBytes {
			return nil, apperr.New(apperr.BadInput, "the logo is %d bytes; at most %d are accepted", len(data), MaxLogoBytes)
		}
		typ = http.DetectContentType(data)
		switch typ {
		case "image/png", "image/jpeg", "image/gif", "image/webp":
		default:
			return nil, apperr.New(apperr.BadInput, "the logo must be a PNG, JPEG, GIF or WebP image (got %s)", typ)
		}
		blob = data
	}
	if _, err := s.db.Writer().ExecContext(ctx, `UPDATE portals SET logo_type = ?, logo_data = ?, updated_at = ? WHERE tenant_id = ?`,
		typ, blob, millis(s.now()), p.Tenant.ID); err != nil {
		return nil, fmt.Errorf("set logo of %s: %w", p.Tenant.ID, err)
	}
	return s.portalOf(ctx, p.Tenant.ID)
}

// MyPortal returns the caller's association's portal, or nil when it has
// none yet.
func (s *Service) MyPortal(ctx context.Context) (*Portal, error) {
	p, err := caller(ctx, auth.Association, nil)
	if err != nil {
		return nil, err
	}
	pt, err := s.portalOf(ctx, p.Tenant.ID)
	if errors.Is(err, apperr.NotFound) {
		return nil, nil
	}
	return pt, err
}

const portalCols = `tenant_id, slug, COALESCE(host, ''), name_zh, name_en, intro_zh, intro_en, logo_url, logo_data IS NOT NULL,
	color_primary, color_accent, featured_sectors, public_figures FROM portals`

func scanPortal(row *sql.Row) (*Portal, error) {
	var pt Portal
	var sectors, figs string
	err := row.Scan(&pt.TenantID, &pt.Slug, &pt.Host, &pt.NameZH, &pt.NameEN, &pt.IntroZH, &pt.IntroEN, &pt.LogoURL, &pt.HasLogoImage,
		&pt.Primary, &pt.Accent, &sectors, &figs)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "no such portal")
	}
	if err != nil {
		return nil, err
	}
	pt.FeaturedSectors = fromJSON(sectors)
	for _, f := range fromJSON(figs) {
		pt.PublicFigures = append(pt.PublicFigures, Figure(f))
	}
	return &pt, nil
}

func (s *Service) portalOf(ctx context.Context, tenant string) (*Portal, error) {
	pt, err := scanPortal(s.db.Reader().QueryRowContext(ctx, `SELECT `+portalCols+` WHERE tenant_id = ?`, tenant))
	if err != nil && !errors.Is(err, apperr.NotFound) {
		return nil, fmt.Errorf("portal of %s: %w", tenant, err)
	}
	return pt, err
}

// PortalByHost finds the portal served at host (a Host header, with or
// without port); ok is false when no portal has that host name.
func (s *Service) PortalByHost(ctx context.Context, host string) (*Portal, bool, error) {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "" || reservedHosts[host] {
		return nil, false, nil
	}
	pt, err := scanPortal(s.db.Reader().QueryRowContext(ctx, `SELECT `+portalCols+` WHERE host = ?`, host))
	if errors.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("portal of host %s: %w", host, err)
	}
	return pt, true, nil
}

// PortalBySlug finds a portal by its slug; ok is false when there is none.
func (s *Service) PortalBySlug(ctx context.Context, slug string) (*Portal, bool, error) {
	if !slugRE.MatchString(slug) {
		return nil, false, nil
	}
	pt, err := scanPortal(s.db.Reader().QueryRowContext(ctx, `SELECT `+portalCols+` WHERE slug = ?`, slug))
	if errors.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("portal %s: %w", slug, err)
	}
	return pt, true, nil
}

// Logo returns a portal's uploaded logo and its content type.
func (s *Service) Logo(ctx context.Context, tenant string) ([]byte, string, error) {
	var data []byte
	var typ string
	err := s.db.Reader().QueryRowContext(ctx, `SELECT logo_data, logo_type FROM portals WHERE tenant_id = ? AND logo_data IS NOT NULL`, tenant).Scan(&data, &typ)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", apperr.New(apperr.NotFound, "no logo")
	}
	if err != nil {
		return nil, "", fmt.Errorf("logo of %s: %w", tenant, err)
	}
	return data, typ, nil
}
