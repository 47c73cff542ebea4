package analytics

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/exportscope/exportscope/store"
)

//go:embed sectors.yaml
var sectorsYAML []byte

// Languages are the keyword languages of the catalogue: those of the
// target markets.
var Languages = []string{"en", "zh", "ru", "de", "ja", "ko", "es", "pt", "pl"}

// Names are a sector's names, Chinese first.
type Names struct {
	ZH string `yaml:"zh" json:"zh"`
	EN string `yaml:"en" json:"en"`
}

// Sector is one export sector: its HS codes and the marketplace keywords
// that find its listings.
type Sector struct {
	Slug string `yaml:"slug" json:"slug"`
	Name Names  `yaml:"name" json:"name"`
	// HS codes, digits only: 6 for a subheading, 4 for a heading, 2 for a
	// chapter. A shorter code stands for every code below it.
	HS []string `yaml:"hs" json:"hs"`
	// Keywords per language (en zh ru de ja ko es pt pl).
	Keywords map[string][]string `yaml:"keywords" json:"keywords"`
	// Categories are words of marketplace category paths that mark the
	// sector.
	Categories []string `yaml:"categories" json:"categories,omitempty"`
	// Tenant is empty for the sectors that ship with ExportScope and names
	// the owner of a private sector.
	Tenant string `yaml:"-" json:"tenant,omitempty"`
}

// Tag is the value the sector puts in a listing's "sectors" field: the
// slug for a shipped sector; for a tenant's private sector an opaque tag
// ("t-" and a hash of tenant and slug), so that shared public listings do
// not show other tenants the names of private sectors.
func (s Sector) Tag() string {
	if s.Tenant == "" {
		return s.Slug
	}
	return TenantTag(s.Tenant, s.Slug)
}

// TenantTag is the listing tag of a tenant's private sector.
func TenantTag(tenant, slug string) string { return "t-" + store.StableID("sector", tenant, slug) }

var slugPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)

// Check normalises the sector's HS codes and verifies the sector.
func (s *Sector) Check() error {
	if !slugPattern.MatchString(s.Slug) {
		return fmt.Errorf("sector slug %q: use 2 to 40 lower-case letters, digits and dashes, starting with a letter", s.Slug)
	}
	if strings.TrimSpace(s.Name.EN) == "" && strings.TrimSpace(s.Name.ZH) == "" {
		return fmt.Errorf("sector %s: a Chinese or English name is required", s.Slug)
	}
	seen := map[string]bool{}
	var codes []string
	for _, c := range s.HS {
		n := store.NormalizeHS(c)
		if !store.ValidHS(n) || (len(n) > 6 && n != "TOTAL") {
			return fmt.Errorf("sector %s: HS code %q is not a chapter, heading or subheading (2, 4 or 6 digits)", s.Slug, c)
		}
		if !seen[n] {
			seen[n] = true
			codes = append(codes, n)
		}
	}
	s.HS = codes
	nkw := 0
	for lang, kws := range s.Keywords {
		if !knownLanguage(lang) {
			return fmt.Errorf("sector %s: keyword language %q is not one of %s", s.Slug, lang, strings.Join(Languages, " "))
		}
		var keep []string
		for _, k := range kws {
			if k = strings.TrimSpace(k); k != "" {
				keep = append(keep, k)
			}
		}
		s.Keywords[lang] = keep
		nkw += len(keep)
	}
	if len(s.HS) == 0 && nkw == 0 {
		return fmt.Errorf("sector %s: give HS codes, keywords or both", s.Slug)
	}
	return nil
}

func knownLanguage(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// ControlDB is what analytics needs of the control-plane database
// (server/controldb.DB provides it): a writer and a reader pool on the
// schema its migrations create.
type ControlDB interface {
	Writer() *sql.DB
	Reader() *sql.DB
}

// Catalogue is the sector catalogue: the shipped sectors plus each
// tenant's private ones, kept in the control database (table
// tenant_sectors).
type Catalogue struct {
	builtin []Sector
	db      ControlDB // nil: no tenant sectors
}

// NewCatalogue loads the shipped sectors. db may be nil, for a catalogue
// without tenant sectors.
func NewCatalogue(db ControlDB) (*Catalogue, error) {
	var file struct {
		Sectors []Sector `yaml:"sectors"`
	}
	if err := yaml.Unmarshal(sectorsYAML, &file); err != nil {
		return nil, fmt.Errorf("sector catalogue: %w", err)
	}
	seen := map[string]bool{}
	for i := range file.Sectors {
		s := &file.Sectors[i]
		if err := s.Check(); err != nil {
			return nil, fmt.Errorf("sector catalogue: %w", err)
		}
		if seen[s.Slug] {
			return nil, fmt.Errorf("sector catalogue: slug %s appears twice", s.Slug)
		}
		seen[s.Slug] = true
	}
	return &Catalogue{builtin: file.Sectors, db: db}, nil
}

// Builtin is the set of shipped sectors.
func (c *Catalogue) Builtin() *SectorSet { return newSectorSet(c.builtin) }

// Sectors returns the sectors a tenant sees: the shipped ones and its own.
// The empty tenant sees the shipped ones.
func (c *Catalogue) Sectors(ctx context.Context, tenant string) (*SectorSet, error) {
	all := append([]Sector(nil), c.builtin...)
	if tenant != "" && c.db != nil {
		own, err := c.tenantSectors(ctx, tenant)
		if err != nil {
			return nil, err
		}
		all = append(all, own...)
	}
	return newSectorSet(all), nil
}

// ErrConflict: the thing to add exists already.
var ErrConflict = errors.New("conflict")

// Add stores a private sector of tenant, replacing the tenant's sector of
// the same slug. Its slug may not be that of a shipped sector.
func (c *Catalogue) Add(ctx context.Context, tenant string, s Sector) error {
	if tenant == "" {
		return errors.New("add sector: a tenant is required (shipped sectors come from sectors.yaml)")
	}
	if c.db == nil {
		return errors.New("add sector: this catalogue has no control database")
	}
	if s.Keywords == nil {
		s.Keywords = map[string][]string{}
	}
	if err := s.Check(); err != nil {
		return fmt.Errorf("add sector: %w", err)
	}
	for _, b := range c.builtin {
		if b.Slug == s.Slug {
			return fmt.Errorf("add sector: %w: %s is a shipped sector; choose another slug", ErrConflict, s.Slug)
		}
	}
	s.Tenant = tenant
	body, err := json.Marshal(s)
	if err != nil {
		return err
	}
	_, err = c.db.Writer().ExecContext(ctx,
		`INSERT INTO tenant_sectors (tenant_id, slug, body, created_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (tenant_id, slug) DO UPDATE SET body = excluded.body`,
		tenant, s.Slug, string(body), time.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("add sector %s for tenant %s: %w", s.Slug, tenant, err)
	}
	return nil
}

// Remove deletes a tenant's private sector.
func (c *Catalogue) Remove(ctx context.Context, tenant, slug string) error {
	if c.db == nil {
		return nil
	}
	if _, err := c.db.Writer().ExecContext(ctx, `DELETE FROM tenant_sectors WHERE tenant_id = ? AND slug = ?`, tenant, slug); err != nil {
		return fmt.Errorf("remove sector %s of tenant %s: %w", slug, tenant, err)
	}
	return nil
}

func (c *Catalogue) tenantSectors(ctx context.Context, tenant string) ([]Sector, error) {
	rows, err := c.db.Reader().QueryContext(ctx, `SELECT body FROM tenant_sectors WHERE tenant_id = ? ORDER BY slug`, tenant)
	if err != nil {
		return nil, fmt.Errorf("tenant sectors of %s: %w", tenant, err)
	}
	defer rows.Close()
	var out []Sector
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var s Sector
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			return nil, fmt.Errorf("tenant %s sector: %w", tenant, err)
		}
		s.Tenant = tenant
		out = append(out, s)
	}
	return out, rows.Err()
}

// SectorSet is a list of sectors compiled for classification.
type SectorSet struct {
	sectors  []Sector
	matchers []*sectorMatcher
}

func newSectorSet(sectors []Sector) *SectorSet {
	set := &SectorSet{sectors: sectors}
	for i := range sectors {
		set.matchers = append(set.matchers, compileSector(&sectors[i]))
	}
	return set
}

// List returns the sectors, shipped ones first in catalogue order.
func (set *SectorSet) List() []Sector { return append([]Sector(nil), set.sectors...) }

// Slugs lists the sectors' slugs.
func (set *SectorSet) Slugs() []string {
	out := make([]string, len(set.sectors))
	for i, s := range set.sectors {
		out[i] = s.Slug
	}
	return out
}

// ErrUnknown: a sector, market or brand that the catalogue or the data do
// not have; the message lists the valid choices or the nearest ones.
var ErrUnknown = errors.New("unknown")

// Get finds a sector by slug (or by its English or Chinese name, ignoring
// case). An unknown one is an ErrUnknown error that lists the valid slugs,
// nearest first.
func (set *SectorSet) Get(name string) (Sector, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, s := range set.sectors {
		if s.Slug == n || strings.ToLower(s.Name.EN) == n || s.Name.ZH == strings.TrimSpace(name) {
			return s, nil
		}
	}
	return Sector{}, fmt.Errorf("%w sector %q; valid sectors: %s", ErrUnknown, name, strings.Join(nearest(n, set.Slugs(), 0), ", "))
}

// nearest orders choices by edit distance to s (ties alphabetically); with
// limit > 0 it keeps that many.
func nearest(s string, choices []string, limit int) []string {
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	ls := strings.ToLower(s)
	for _, c := range choices {
		lc := strings.ToLower(c)
		d := editDistance(ls, lc)
		if ls != "" && (strings.Contains(lc, ls) || strings.Contains(ls, lc)) {
			d = 0
		}
		cs = append(cs, cand{c, d})
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].name < cs[j].name
	})
	var out []string
	for _, c := range cs {
		if limit > 0 && len(out) == limit {
			break
		}
		out = append(out, c.name)
	}
	return out
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
