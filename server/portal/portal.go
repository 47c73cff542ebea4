// Package portal runs the white-label portals of industry associations:
// the portal's configuration (names, logo, colours, host name, featured
// sectors, public figures), memberships of exporter tenants, the members'
// public profiles, buyer inquiries routed to matching members, reports
// the association publishes to its members, and anonymised peer
// benchmarks. Handler serves the public portal pages.
//
// Every method used by the app takes the caller from the context
// (auth.FromContext) and reads or changes only what the caller's tenant
// may see: another tenant's IDs are NOT_FOUND. Public pages reach only
// the public fields of active members, through the Public* methods.
package portal

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/store"
)

// DB is the control database's connections (server/controldb.DB).
type DB interface {
	Writer() *sql.DB
	Reader() *sql.DB
}

// Jobs finds report builds (analytics/jobs.Runner), to publish one.
type Jobs interface {
	Get(ctx context.Context, id string) (jobs.Info, error)
}

// Sectors is the sector catalogue (analytics.Catalogue).
type Sectors interface {
	Sectors(ctx context.Context, tenant string) (*analytics.SectorSet, error)
}

// Docs reads report documents from the market store.
type Docs interface {
	Get(ctx context.Context, scope store.Scope, kind store.Kind, ids []string) ([]store.Doc, error)
	Scan(ctx context.Context, q store.ScanQuery, fn func([]store.Doc) error) error
}

// MinContributors is the k of the peer benchmarks' k-anonymity: a figure
// is shown only when at least this many members contribute to it.
const MinContributors = 5

// Options configure a Service.
type Options struct {
	DB      DB
	Docs    Docs
	Jobs    Jobs
	Sectors Sectors
	Logger  *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service is the portals' data service.
type Service struct {
	db   DB
	docs Docs
	jobs Jobs
	cat  Sectors
	log  *slog.Logger
	now  func() time.Time
	figs *figureCache
}

// New checks its options and returns a Service.
func New(opts Options) (*Service, error) {
	switch {
	case opts.DB == nil:
		return nil, errors.New("portal: a control database is required")
	case opts.Docs == nil:
		return nil, errors.New("portal: a market store is required")
	case opts.Jobs == nil:
		return nil, errors.New("portal: a job runner is required")
	case opts.Sectors == nil:
		return nil, errors.New("portal: a sector catalogue is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Service{db: opts.DB, docs: opts.Docs, jobs: opts.Jobs, cat: opts.Sectors, log: opts.Logger, now: opts.Now}
	s.figs = newFigureCache(5*time.Minute, opts.Now)
	return s, nil
}

// manageRoles may change a tenant's portal settings, memberships and
// profile; actRoles may also act on inquiries.
var (
	manageRoles = []auth.Role{auth.Owner, auth.Admin}
	actRoles    = []auth.Role{auth.Owner, auth.Admin, auth.Analyst}
)

// caller returns the principal of ctx if its tenant is of kind and, when
// roles is not empty, its role is one of them.
func caller(ctx context.Context, kind auth.TenantKind, roles []auth.Role) (*auth.Principal, error) {
	p := auth.FromContext(ctx)
	if err := auth.Require(p, auth.ReadData); err != nil {
		return nil, err
	}
	if p.Tenant.Kind != kind {
		switch kind {
		case auth.Association:
			return nil, apperr.New(apperr.Forbidden, "only association tenants run portals")
		default:
			return nil, apperr.New(apperr.Forbidden, "only exporter tenants are portal members")
		}
	}
	if len(roles) > 0 {
		ok := false
		for _, r := range roles {
			ok = ok || p.Role == r
		}
		if !ok {
			return nil, apperr.New(apperr.Forbidden, "role %s may not do this", p.Role)
		}
	}
	return p, nil
}

func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
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

// text checks a free-text field: trimmed, at most max characters, and
// required when min > 0.
func text(field, s string, min, max int) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", apperr.New(apperr.BadInput, "%s is not valid UTF-8", field)
	}
	n := utf8.RuneCountInString(s)
	if n < min {
		return "", apperr.New(apperr.BadInput, "%s is required", field)
	}
	if n > max {
		return "", apperr.New(apperr.BadInput, "%s is longer than %d characters", field, max)
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' {
			return "", apperr.New(apperr.BadInput, "%s contains control characters", field)
		}
	}
	return s, nil
}

// list checks a list of short texts: at most maxItems, each at most
// maxLen characters, blanks dropped, duplicates removed.
func list(field string, in []string, maxItems, maxLen int) ([]string, error) {
	out := []string{}
	seen := map[string]bool{}
	for _, v := range in {
		v, err := text(field+" entry", v, 0, maxLen)
		if err != nil {
			return nil, err
		}
		if v == "" || seen[strings.ToLower(v)] {
			continue
		}
		seen[strings.ToLower(v)] = true
		out = append(out, v)
	}
	if len(out) > maxItems {
		return nil, apperr.New(apperr.BadInput, "%s has more than %d entries", field, maxItems)
	}
	return out, nil
}

func isAlpha2(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

func toJSON(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func fromJSON(s string) []string {
	var v []string
	_ = json.Unmarshal([]byte(s), &v)
	if v == nil {
		v = []string{}
	}
	return v
}

// sectorSet is the shipped sectors plus tenant's own.
func (s *Service) sectorSet(ctx context.Context, tenant string) (*analytics.SectorSet, error) {
	set, err := s.cat.Sectors(ctx, tenant)
	if err != nil {
		return nil, fmt.Errorf("sectors of %s: %w", tenant, err)
	}
	return set, nil
}

// checkSectors verifies that every slug is a sector tenant sees.
func (s *Service) checkSectors(ctx context.Context, tenant string, slugs []string) ([]string, error) {
	set, err := s.sectorSet(ctx, tenant)
	if err != nil {
		return nil, err
	}
	out := []string{}
	seen := map[string]bool{}
	for _, slug := range slugs {
		slug = strings.TrimSpace(slug)
		if seen[slug] {
			continue
		}
		sec, err := set.Get(slug)
		if err != nil {
			return nil, apperr.New(apperr.BadInput, "unknown sector %q (sectors: %v)", slug, set.Slugs())
		}
		seen[slug] = true
		out = append(out, sec.Slug)
	}
	if len(out) > 20 {
		return nil, apperr.New(apperr.BadInput, "at most 20 sectors")
	}
	return out, nil
}
