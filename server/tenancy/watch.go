package tenancy

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/exportscope/exportscope/analytics/alerts"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/store"
)

// WatchRequest is what createWatchlist takes. Kind is one of the
// analytics/alerts kinds (alerts.ListingPrice, BrandTop20, ImportsJump).
type WatchRequest struct {
	Kind         string
	ListingID    string
	Sector       string
	Market       string
	Brand        string
	ThresholdPct *float64
}

// Watchlists lists the caller's tenant's watchlists, oldest first.
func (s *Service) Watchlists(ctx context.Context) ([]alerts.Watchlist, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return nil, err
	}
	if s.prod.Alerts == nil {
		return nil, errNoAlerts
	}
	ws, err := s.prod.Alerts.Watchlists(ctx, p.Tenant.ID)
	if err != nil {
		return nil, fmt.Errorf("watchlists of %s: %w", p.Tenant.ID, err)
	}
	return ws, nil
}

// CreateWatchlist checks and stores a watchlist of the caller's tenant.
func (s *Service) CreateWatchlist(ctx context.Context, req WatchRequest) (alerts.Watchlist, error) {
	p, err := caller(ctx, auth.RunReports)
	if err != nil {
		return alerts.Watchlist{}, err
	}
	if s.prod.Alerts == nil {
		return alerts.Watchlist{}, errNoAlerts
	}
	w := alerts.Watchlist{Tenant: p.Tenant.ID, Kind: req.Kind, ThresholdPct: 10}
	if req.ThresholdPct != nil {
		t := *req.ThresholdPct
		if math.IsNaN(t) || t <= 0 || t > 1000 {
			return alerts.Watchlist{}, apperr.New(apperr.BadInput, "thresholdPct must be above 0 and at most 1000, got %g", t)
		}
		w.ThresholdPct = t
	}
	req.ListingID = strings.TrimSpace(req.ListingID)
	req.Brand = strings.TrimSpace(req.Brand)
	switch req.Kind {
	case alerts.ListingPrice:
		if req.ListingID == "" {
			return alerts.Watchlist{}, apperr.New(apperr.BadInput, "a LISTING_PRICE watch needs listingId")
		}
		if req.Sector != "" || req.Market != "" || req.Brand != "" {
			return alerts.Watchlist{}, apperr.New(apperr.BadInput, "a LISTING_PRICE watch takes only listingId (and thresholdPct)")
		}
		// The check reads the shared snapshots, so only shared listings
		// can be watched.
		docs, err := s.st.Get(ctx, store.Public, store.KindListing, []string{req.ListingID})
		if err != nil {
			return alerts.Watchlist{}, fmt.Errorf("create watchlist: listing %s: %w", req.ListingID, err)
		}
		if len(docs) == 0 || len(req.ListingID) > 200 {
			return alerts.Watchlist{}, apperr.New(apperr.NotFound, "no shared listing %q", req.ListingID)
		}
		w.Params = alerts.Params{ListingID: req.ListingID}
	case alerts.BrandTop20, alerts.ImportsJump:
		if req.ListingID != "" {
			return alerts.Watchlist{}, apperr.New(apperr.BadInput, "listingId belongs to LISTING_PRICE watches only")
		}
		if req.Sector == "" || req.Market == "" {
			return alerts.Watchlist{}, apperr.New(apperr.BadInput, "this watch needs a sector and a market")
		}
		sec, err := s.sector(ctx, p, req.Sector)
		if err != nil {
			return alerts.Watchlist{}, err
		}
		m, err := checkMarket(req.Market)
		if err != nil {
			return alerts.Watchlist{}, err
		}
		w.Params = alerts.Params{Sector: sec.Slug, Market: m}
		if req.Kind == alerts.ImportsJump && req.Brand != "" {
			return alerts.Watchlist{}, apperr.New(apperr.BadInput, "an IMPORTS_JUMP watch takes no brand")
		}
		if utf8.RuneCountInString(req.Brand) > 200 {
			return alerts.Watchlist{}, apperr.New(apperr.BadInput, "brand must have at most 200 characters")
		}
		w.Params.Brand = req.Brand
	default:
		return alerts.Watchlist{}, apperr.New(apperr.BadInput, "unknown watch kind %q", req.Kind)
	}
	id, err := s.prod.Alerts.AddWatchlist(ctx, w)
	if err != nil {
		return alerts.Watchlist{}, fmt.Errorf("create watchlist: %w", err)
	}
	s.log.InfoContext(ctx, "watchlist created", "tenant", p.Tenant.ID, "watchlist", id, "kind", w.Kind)
	ws, err := s.prod.Alerts.Watchlists(ctx, p.Tenant.ID)
	if err != nil {
		return alerts.Watchlist{}, fmt.Errorf("create watchlist: %w", err)
	}
	for _, x := range ws {
		if x.ID == id {
			return x, nil
		}
	}
	return alerts.Watchlist{}, fmt.Errorf("create watchlist: %s vanished", id)
}

// DeleteWatchlist deletes one of the caller's tenant's watchlists and
// its alerts.
func (s *Service) DeleteWatchlist(ctx context.Context, id string) error {
	p, err := caller(ctx, auth.RunReports)
	if err != nil {
		return err
	}
	if s.prod.Alerts == nil {
		return errNoAlerts
	}
	err = s.prod.Alerts.DeleteWatchlist(ctx, p.Tenant.ID, id)
	if errors.Is(err, alerts.ErrNotFound) {
		return apperr.New(apperr.NotFound, "no watchlist %q", id)
	}
	return err
}

// MaxAlerts caps an alerts page.
const MaxAlerts = 100

// Alerts lists the caller's tenant's alerts, newest first.
func (s *Service) Alerts(ctx context.Context, unreadOnly bool, first int) ([]alerts.Alert, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return nil, err
	}
	if s.prod.Alerts == nil {
		return nil, errNoAlerts
	}
	if first < 1 || first > MaxAlerts {
		return nil, apperr.New(apperr.BadInput, "first must be between 1 and %d, got %d", MaxAlerts, first)
	}
	as, err := s.prod.Alerts.Alerts(ctx, p.Tenant.ID, unreadOnly, first)
	if err != nil {
		return nil, fmt.Errorf("alerts of %s: %w", p.Tenant.ID, err)
	}
	return as, nil
}

// MarkAlertRead marks one of the caller's tenant's alerts read.
func (s *Service) MarkAlertRead(ctx context.Context, id string) (alerts.Alert, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return alerts.Alert{}, err
	}
	if s.prod.Alerts == nil {
		return alerts.Alert{}, errNoAlerts
	}
	notFound := apperr.New(apperr.NotFound, "no alert %q", id)
	if _, err := s.prod.Alerts.Alert(ctx, p.Tenant.ID, id); errors.Is(err, alerts.ErrNotFound) {
		return alerts.Alert{}, notFound
	} else if err != nil {
		return alerts.Alert{}, err
	}
	if err := s.prod.Alerts.MarkRead(ctx, p.Tenant.ID, id); err != nil {
		return alerts.Alert{}, fmt.Errorf("mark alert %s read: %w", id, err)
	}
	a, err := s.prod.Alerts.Alert(ctx, p.Tenant.ID, id)
	if errors.Is(err, alerts.ErrNotFound) {
		return alerts.Alert{}, notFound
	}
	return a, err
}

// CheckAlerts queues the alert job for the caller's tenant's watchlists
// and returns it.
func (s *Service) CheckAlerts(ctx context.Context) (jobs.Info, error) {
	p, err := caller(ctx, auth.RunReports)
	if err != nil {
		return jobs.Info{}, err
	}
	id, err := s.jobs.Submit(ctx, p.Tenant.ID, alerts.JobKind, struct{}{})
	if err != nil {
		return jobs.Info{}, fmt.Errorf("check alerts: %w", err)
	}
	info, err := s.jobs.Get(ctx, id)
	if err != nil {
		return jobs.Info{}, fmt.Errorf("check alerts: %w", err)
	}
	return info, nil
}

// Job returns one of the caller's tenant's jobs of any kind.
func (s *Service) Job(ctx context.Context, id string) (jobs.Info, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return jobs.Info{}, err
	}
	notFound := apperr.New(apperr.NotFound, "no job %q", id)
	if id == "" || len(id) > 64 {
		return jobs.Info{}, notFound
	}
	info, err := s.jobs.Get(ctx, id)
	if errors.Is(err, jobs.ErrNotFound) || (err == nil && info.Tenant != p.Tenant.ID) {
		return jobs.Info{}, notFound
	}
	if err != nil {
		return jobs.Info{}, fmt.Errorf("job %s: %w", id, err)
	}
	return info, nil
}
