package tenancy

import (
	"context"
	"errors"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/alerts"
)

// Product holds what the operations beyond search and reports need:
// watchlists and alerts, tenant uploads, and the control database's crawl
// records. A nil part makes the operations that need it fail with an
// internal error (a Service wired for other concerns).
type Product struct {
	// Alerts keeps watchlists and alerts (analytics/alerts.Service).
	Alerts Alerts
	// Uploads keeps authorised sellers and minimum prices
	// (analytics.TenantData).
	Uploads Uploads
	// Control is the control database, for crawl records.
	Control analytics.ControlDB
}

// Alerts is what the API needs of analytics/alerts.
type Alerts interface {
	AddWatchlist(ctx context.Context, w alerts.Watchlist) (string, error)
	Watchlists(ctx context.Context, tenant string) ([]alerts.Watchlist, error)
	DeleteWatchlist(ctx context.Context, tenant, id string) error
	Alerts(ctx context.Context, tenant string, unreadOnly bool, limit int) ([]alerts.Alert, error)
	Alert(ctx context.Context, tenant, id string) (alerts.Alert, error)
	MarkRead(ctx context.Context, tenant, id string) error
}

var _ Alerts = (*alerts.Service)(nil)

// Uploads is what the API needs of analytics.TenantData.
type Uploads interface {
	ReplaceAuthorisedSellers(ctx context.Context, tenant string, sellers []analytics.AuthorisedSeller) error
	AuthorisedSellers(ctx context.Context, tenant, brand string) ([]analytics.AuthorisedSeller, error)
	ReplaceMinPrices(ctx context.Context, tenant string, prices []analytics.MinPrice) error
	MinPrices(ctx context.Context, tenant, brand string) ([]analytics.MinPrice, error)
}

var _ Uploads = (*analytics.TenantData)(nil)

var (
	errNoAlerts  = errors.New("tenancy: no alert service configured")
	errNoUploads = errors.New("tenancy: no upload store configured")
	errNoControl = errors.New("tenancy: no control database configured")
)
