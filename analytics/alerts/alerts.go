// Package alerts evaluates tenants' watchlists and stores the alerts they
// raise in the control database (tables watchlists and alerts) for the
// API:
//
//   - listing_price: a listing's price moved more than threshold_pct
//     between its last two days with snapshots;
//   - brand_top20: a brand entered the top 20 brands (by listings) of a
//     sector in a market since the last evaluation;
//   - imports_jump: a market's imports of a sector changed by more than
//     threshold_pct from one year to the next (the latest year).
//
// Each event raises one alert however often the job runs (a dedupe key
// per watchlist).
package alerts

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/store"
)

// Watchlist kinds.
const (
	ListingPrice = "listing_price"
	BrandTop20   = "brand_top20"
	ImportsJump  = "imports_jump"
)

// Params say what a watchlist watches.
type Params struct {
	ListingID string `json:"listingId,omitempty"`
	Sector    string `json:"sector,omitempty"`
	Market    string `json:"market,omitempty"`
	// Brand, for brand_top20, narrows the watch to one brand (the
	// tenant's own or a competitor): only its entry raises an alert.
	Brand string `json:"brand,omitempty"`
}

// Watchlist is one thing a tenant watches.
type Watchlist struct {
	ID           string     `json:"id"`
	Tenant       string     `json:"tenant"`
	Kind         string     `json:"kind"`
	Params       Params     `json:"params"`
	ThresholdPct float64    `json:"thresholdPct"`
	CreatedAt    time.Time  `json:"createdAt"`
	CheckedAt    *time.Time `json:"checkedAt,omitempty"`
	state        string
}

// Alert is a raised alert.
type Alert struct {
	ID          string          `json:"id"`
	Tenant      string          `json:"tenant"`
	WatchlistID string          `json:"watchlistId"`
	Kind        string          `json:"kind"`
	Message     string          `json:"message"`
	Details     json.RawMessage `json:"details"`
	CreatedAt   time.Time       `json:"createdAt"`
	ReadAt      *time.Time      `json:"readAt,omitempty"`
}

// Options configure New.
type Options struct {
	DB      analytics.ControlDB
	Store   store.Store
	Reports *analytics.Service
	Now     func() time.Time
}

// Service evaluates watchlists.
type Service struct {
	db  analytics.ControlDB
	st  store.Store
	rep *analytics.Service
	now func() time.Time
}

// New checks its dependencies.
func New(opts Options) (*Service, error) {
	if opts.DB == nil || opts.Store == nil || opts.Reports == nil {
		return nil, errors.New("alerts: a control database, a store and the report service are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{db: opts.DB, st: opts.Store, rep: opts.Reports, now: opts.Now}, nil
}

func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// AddWatchlist checks and stores a watchlist and returns its ID.
func (s *Service) AddWatchlist(ctx context.Context, w Watchlist) (string, error) {
	switch w.Kind {
	case ListingPrice:
		if w.Params.ListingID == "" {
			return "", errors.New("watchlist listing_price: params.listingId is required")
		}
	case BrandTop20, ImportsJump:
		if w.Params.Sector == "" || !store.ValidCountry(w.Params.Market) {
			return "", fmt.Errorf("watchlist %s: params.sector and params.market (ISO alpha-2) are required", w.Kind)
		}
		if _, err := s.rep.SectorTag(ctx, w.Tenant, w.Params.Sector); err != nil {
			return "", fmt.Errorf("watchlist %s: %w", w.Kind, err)
		}
	default:
		return "", fmt.Errorf("watchlist kind %q: use %s, %s or %s", w.Kind, ListingPrice, BrandTop20, ImportsJump)
	}
	if w.ThresholdPct <= 0 {
		w.ThresholdPct = 10
	}
	p, _ := json.Marshal(w.Params)
	id := newID()
	_, err := s.db.Writer().ExecContext(ctx, `INSERT INTO watchlists (id, tenant_id, kind, params, threshold_pct, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, w.Tenant, w.Kind, string(p), w.ThresholdPct, s.now().UnixMilli())
	if err != nil {
		return "", fmt.Errorf("add watchlist: %w", err)
	}
	return id, nil
}

// Watchlists lists a tenant's watchlists ("" for every tenant's).
func (s *Service) Watchlists(ctx context.Context, tenant string) ([]Watchlist, error) {
	q := `SELECT id, tenant_id, kind, params, threshold_pct, state, created_at, checked_at FROM watchlists`
	var args []any
	if tenant != "" {
		q += ` WHERE tenant_id = ?`
		args = append(args, tenant)
	}
	rows, err := s.db.Reader().QueryContext(ctx, q+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("watchlists: %w", err)
	}
	defer rows.Close()
	var out []Watchlist
	for rows.Next() {
		var w Watchlist
		var params string
		var created int64
		var checked sql.NullInt64
		if err := rows.Scan(&w.ID, &w.Tenant, &w.Kind, &params, &w.ThresholdPct, &w.state, &created, &checked); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(params), &w.Params)
		w.CreatedAt = time.UnixMilli(created).UTC()
		if checked.Valid {
			t := time.UnixMilli(checked.Int64).UTC()
			w.CheckedAt = &t
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Alerts lists a tenant's alerts, newest first.
func (s *Service) Alerts(ctx context.Context, tenant string, unreadOnly bool, limit int) ([]Alert, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q := `SELECT id, tenant_id, watchlist_id, kind, message, details, created_at, read_at FROM alerts WHERE tenant_id = ?`
	if unreadOnly {
		q += ` AND read_at IS NULL`
	}
	rows, err := s.db.Reader().QueryContext(ctx, q+` ORDER BY created_at DESC, id LIMIT ?`, tenant, limit)
	if err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		var a Alert
		var details string
		var created int64
		var read sql.NullInt64
		if err := rows.Scan(&a.ID, &a.Tenant, &a.WatchlistID, &a.Kind, &a.Message, &details, &created, &read); err != nil {
			return nil, err
		}
		a.Details = json.RawMessage(details)
		a.CreatedAt = time.UnixMilli(created).UTC()
		if read.Valid {
			t := time.UnixMilli(read.Int64).UTC()
			a.ReadAt = &t
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ErrNotFound: no watchlist or alert of the tenant with that ID.
var ErrNotFound = errors.New("not found")

// DeleteWatchlist deletes a tenant's watchlist and its alerts; another
// tenant's or a missing one is ErrNotFound.
func (s *Service) DeleteWatchlist(ctx context.Context, tenant, id string) error {
	tx, err := s.db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete watchlist %s: %w", id, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM alerts WHERE watchlist_id = ? AND tenant_id = ?`, id, tenant); err != nil {
		return fmt.Errorf("delete watchlist %s: alerts: %w", id, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM watchlists WHERE id = ? AND tenant_id = ?`, id, tenant)
	if err != nil {
		return fmt.Errorf("delete watchlist %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete watchlist %s: %w", id, err)
	} else if n == 0 {
		return fmt.Errorf("watchlist %s: %w", id, ErrNotFound)
	}
	return tx.Commit()
}

// Alert returns one of a tenant's alerts; another tenant's or a missing
// one is ErrNotFound.
func (s *Service) Alert(ctx context.Context, tenant, id string) (Alert, error) {
	var a Alert
	var details string
	var created int64
	var read sql.NullInt64
	err := s.db.Reader().QueryRowContext(ctx, `SELECT id, tenant_id, watchlist_id, kind, message, details, created_at, read_at
		FROM alerts WHERE id = ? AND tenant_id = ?`, id, tenant).
		Scan(&a.ID, &a.Tenant, &a.WatchlistID, &a.Kind, &a.Message, &details, &created, &read)
	if errors.Is(err, sql.ErrNoRows) {
		return Alert{}, fmt.Errorf("alert %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Alert{}, fmt.Errorf("alert %s: %w", id, err)
	}
	a.Details = json.RawMessage(details)
	a.CreatedAt = time.UnixMilli(created).UTC()
	if read.Valid {
		t := time.UnixMilli(read.Int64).UTC()
		a.ReadAt = &t
	}
	return a, nil
}

// MarkRead marks a tenant's alert read.
func (s *Service) MarkRead(ctx context.Context, tenant, id string) error {
	_, err := s.db.Writer().ExecContext(ctx, `UPDATE alerts SET read_at = ? WHERE id = ? AND tenant_id = ?`, s.now().UnixMilli(), id, tenant)
	return err
}

// Result counts an evaluation.
type Result struct {
	Checked int      `json:"checked"`
	Raised  int      `json:"raised"`
	Errors  []string `json:"errors,omitempty"`
}

// Evaluate checks a tenant's watchlists ("" for every tenant's) and
// raises alerts. A watchlist that fails is reported and the others are
// still checked.
func (s *Service) Evaluate(ctx context.Context, tenant string, progress func(float64)) (Result, error) {
	var res Result
	list, err := s.Watchlists(ctx, tenant)
	if err != nil {
		return res, err
	}
	for i, w := range list {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		n, err := s.check(ctx, w)
		if err != nil {
			res.Errors = append(res.Errors, fmt.Sprintf("watchlist %s (%s): %v", w.ID, w.Kind, err))
		}
		res.Checked++
		res.Raised += n
		if progress != nil {
			progress(float64(i+1) / float64(len(list)))
		}
	}
	return res, nil
}

func (s *Service) check(ctx context.Context, w Watchlist) (int, error) {
	var events []event
	var state string
	var err error
	switch w.Kind {
	case ListingPrice:
		events, err = s.listingPrice(ctx, w)
	case BrandTop20:
		events, state, err = s.brandTop20(ctx, w)
	case ImportsJump:
		events, err = s.importsJump(ctx, w)
	}
	if err != nil {
		return 0, err
	}
	raised := 0
	for _, e := range events {
		d, _ := json.Marshal(e.details)
		r, err := s.db.Writer().ExecContext(ctx, `INSERT INTO alerts (id, tenant_id, watchlist_id, kind, dedupe_key, message, details, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (watchlist_id, dedupe_key) DO NOTHING`,
			newID(), w.Tenant, w.ID, w.Kind, e.key, e.message, string(d), s.now().UnixMilli())
		if err != nil {
			return raised, fmt.Errorf("store alert: %w", err)
		}
		if n, _ := r.RowsAffected(); n > 0 {
			raised++
		}
	}
	if state == "" {
		state = w.state
	}
	_, err = s.db.Writer().ExecContext(ctx, `UPDATE watchlists SET checked_at = ?, state = ? WHERE id = ?`, s.now().UnixMilli(), state, w.ID)
	return raised, err
}

type event struct {
	key     string
	message string
	details any
}

func (s *Service) listingPrice(ctx context.Context, w Watchlist) ([]event, error) {
	res, err := s.st.Aggregate(ctx, store.AggQuery{Scope: store.Public, Kind: store.KindSnapshot,
		Filter:  store.Filter{store.In("listingId", w.Params.ListingID), store.Exists("price")},
		GroupBy: []store.GroupBy{{Field: "time", Interval: store.Day}},
		Metrics: []store.Metric{{Name: "p", Op: store.Avg, Field: "price"}}})
	if err != nil {
		return nil, err
	}
	var days []store.AggRow
	for _, r := range res.Rows {
		if _, ok := r.Values["p"]; ok {
			days = append(days, r)
		}
	}
	if len(days) < 2 {
		return nil, nil
	}
	prev, last := days[len(days)-2], days[len(days)-1]
	from, to := prev.Values["p"], last.Values["p"]
	if from <= 0 {
		return nil, nil
	}
	change := (to/from - 1) * 100
	if math.Abs(change) <= w.ThresholdPct {
		return nil, nil
	}
	return []event{{
		key:     "price:" + last.Keys[0],
		message: fmt.Sprintf("Price of listing %s moved %+.1f%% (from %.2f on %s to %.2f on %s)", w.Params.ListingID, change, from, prev.Keys[0], to, last.Keys[0]),
		details: map[string]any{"listingId": w.Params.ListingID, "from": from, "to": to, "fromDay": prev.Keys[0], "toDay": last.Keys[0], "changePct": change},
	}}, nil
}

func (s *Service) brandTop20(ctx context.Context, w Watchlist) ([]event, string, error) {
	tag, err := s.rep.SectorTag(ctx, w.Tenant, w.Params.Sector)
	if err != nil {
		return nil, "", err
	}
	res, err := s.st.Aggregate(ctx, store.AggQuery{Scope: store.Public, Kind: store.KindListing,
		Filter:  store.Filter{store.In("sectors", tag), store.In("country", w.Params.Market)},
		GroupBy: []store.GroupBy{{Field: "brand", Size: 20}}})
	if err != nil {
		return nil, "", err
	}
	var top []string
	for _, r := range res.Rows {
		top = append(top, r.Keys[0])
	}
	sort.Strings(top)
	var prev struct {
		Top []string `json:"top"`
	}
	_ = json.Unmarshal([]byte(w.state), &prev)
	state, _ := json.Marshal(map[string]any{"top": top})
	if prev.Top == nil { // the first evaluation sets the baseline
		return nil, string(state), nil
	}
	had := map[string]bool{}
	for _, b := range prev.Top {
		had[b] = true
	}
	var events []event
	for i, r := range res.Rows {
		b := r.Keys[0]
		if had[b] || (w.Params.Brand != "" && !strings.EqualFold(b, w.Params.Brand)) {
			continue
		}
		events = append(events, event{
			key:     "brand:" + b,
			message: fmt.Sprintf("Brand %s entered the top 20 of %s in %s (rank %d, %d listings)", b, w.Params.Sector, w.Params.Market, i+1, r.Count),
			details: map[string]any{"brand": b, "rank": i + 1, "listings": r.Count, "sector": w.Params.Sector, "market": w.Params.Market},
		})
	}
	return events, string(state), nil
}

func (s *Service) importsJump(ctx context.Context, w Watchlist) ([]event, error) {
	values, _, err := s.rep.ImportsByYear(ctx, w.Tenant, w.Params.Sector, w.Params.Market)
	if err != nil {
		return nil, err
	}
	var years []int
	for y := range values {
		years = append(years, y)
	}
	sort.Ints(years)
	if len(years) < 2 {
		return nil, nil
	}
	y := years[len(years)-1]
	prev, ok := values[y-1]
	if !ok || prev <= 0 {
		return nil, nil
	}
	change := (values[y]/prev - 1) * 100
	if math.Abs(change) <= w.ThresholdPct {
		return nil, nil
	}
	return []event{{
		key: fmt.Sprintf("imports:%d", y),
		message: fmt.Sprintf("Imports of %s into %s changed %+.1f%% in %d (%.0f USD, after %.0f USD in %d)",
			w.Params.Sector, w.Params.Market, change, y, values[y], prev, y-1),
		details: map[string]any{"sector": w.Params.Sector, "market": w.Params.Market, "year": y, "value": values[y], "previous": prev, "changePct": change},
	}}, nil
}

// JobKind is the alert job's kind.
const JobKind = "alerts"

// RegisterJobs registers the alert job: it evaluates the job tenant's
// watchlists (every tenant's for the empty tenant). Schedule it with the
// runner's AddSchedule, e.g. "@hourly".
func (s *Service) RegisterJobs(r *jobs.Runner) {
	r.Register(JobKind, jobs.Kind{Resumable: true, Timeout: 30 * time.Minute, Run: func(ctx context.Context, t *jobs.Task) (any, error) {
		return s.Evaluate(ctx, t.Tenant, t.Progress)
	}})
}
