// Package tenancy is the one place where the API's tenant isolation is
// enforced. Every resolver reaches data through a Service, whose methods
// take the caller from the request context (put there by the auth
// middleware), check its role, and read or change only the caller's
// tenant's data plus the shared public data. Another tenant's things are
// reported as not found, never as forbidden, so IDs reveal nothing.
package tenancy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/billing"
	"github.com/exportscope/exportscope/store"
)

// Jobs is the part of the job runner the API uses (analytics/jobs.Runner).
type Jobs interface {
	Submit(ctx context.Context, tenant, kind string, params any) (string, error)
	Get(ctx context.Context, id string) (jobs.Info, error)
	Cancel(ctx context.Context, id string) error
	ListKinds(ctx context.Context, tenant string, kinds []string, limit int) ([]jobs.Info, error)
}

var _ Jobs = (*jobs.Runner)(nil)

// Options configure a Service.
type Options struct {
	Store     store.Store
	Jobs      Jobs
	Catalogue *analytics.Catalogue
	// Billing enforces plan entitlements (report quota, API access) and
	// starts Stripe sessions; nil means no plan limits and no billing
	// operations (tests of other concerns).
	Billing *billing.Service
	Logger  *slog.Logger
	// Product holds the dependencies of watchlists, uploads, custom
	// sectors and crawls (see product.go); its parts may be nil, and the
	// operations needing them then fail.
	Product Product
}

// Service gives resolvers their tenant's view of the data.
type Service struct {
	st   store.Store
	jobs Jobs
	cat  *analytics.Catalogue
	bill *billing.Service
	log  *slog.Logger
	prod Product
}

// New checks its options and returns a Service.
func New(opts Options) (*Service, error) {
	switch {
	case opts.Store == nil:
		return nil, errors.New("tenancy: a market store is required")
	case opts.Jobs == nil:
		return nil, errors.New("tenancy: a job runner is required")
	case opts.Catalogue == nil:
		return nil, errors.New("tenancy: a sector catalogue is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{st: opts.Store, jobs: opts.Jobs, cat: opts.Catalogue, bill: opts.Billing, log: opts.Logger, prod: opts.Product}, nil
}

// caller returns the principal of ctx if it may do a.
func caller(ctx context.Context, a auth.Action) (*auth.Principal, error) {
	p := auth.FromContext(ctx)
	if err := auth.Require(p, a); err != nil {
		return nil, err
	}
	return p, nil
}

// Me returns the caller.
func (s *Service) Me(ctx context.Context) (*auth.Principal, error) {
	return caller(ctx, auth.ReadData)
}

// Sectors lists the shipped sectors and the caller's tenant's own.
func (s *Service) Sectors(ctx context.Context) ([]analytics.Sector, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return nil, err
	}
	set, err := s.cat.Sectors(ctx, p.Tenant.ID)
	if err != nil {
		return nil, fmt.Errorf("sectors of %s: %w", p.Tenant.ID, err)
	}
	return set.List(), nil
}

// SearchListings searches the shared public listings.
func (s *Service) SearchListings(ctx context.Context, q store.ListingQuery) (store.ListingPage, error) {
	if _, err := caller(ctx, auth.ReadData); err != nil {
		return store.ListingPage{}, err
	}
	q.Scope = store.Public
	page, err := s.st.SearchListings(ctx, q)
	if err != nil {
		return page, fmt.Errorf("search listings: %w", err)
	}
	return page, nil
}

// ReportKind is the kind of report to build.
type ReportKind string

// The report kinds.
const (
	MarketReport ReportKind = analytics.TypeMarket
	BrandReport  ReportKind = analytics.TypeBrand
)

// ReportRequest is what createReport takes.
type ReportRequest struct {
	Kind   ReportKind
	Sector string
	Market string // ISO alpha-2, market reports only; "" for all
	Brand  string // brand reports only
}

// Report is a report build: the job and, when it is done, the report
// document.
type Report struct {
	Job    jobs.Info
	Kind   ReportKind
	Params ReportRequest
	// Result is the report document's JSON once the job is done.
	Result json.RawMessage
}

var jobKinds = map[ReportKind]string{MarketReport: analytics.JobMarketReport, BrandReport: analytics.JobBrandReport}

// CreateReport checks a request and queues the report build for the
// caller's tenant.
func (s *Service) CreateReport(ctx context.Context, req ReportRequest) (Report, error) {
	p, err := caller(ctx, auth.RunReports)
	if err != nil {
		return Report{}, err
	}
	set, err := s.cat.Sectors(ctx, p.Tenant.ID)
	if err != nil {
		return Report{}, fmt.Errorf("create report: %w", err)
	}
	sec, err := set.Get(req.Sector)
	if err != nil {
		if errors.Is(err, analytics.ErrUnknown) {
			return Report{}, apperr.New(apperr.BadInput, "unknown sector %q (sectors: %v)", req.Sector, set.Slugs())
		}
		return Report{}, fmt.Errorf("create report: %w", err)
	}
	req.Market = strings.ToUpper(strings.TrimSpace(req.Market))
	req.Brand = strings.TrimSpace(req.Brand)
	var params any
	switch req.Kind {
	case MarketReport:
		if req.Brand != "" {
			return Report{}, apperr.New(apperr.BadInput, "a market report takes no brand")
		}
		if req.Market != "" && !isAlpha2(req.Market) {
			return Report{}, apperr.New(apperr.BadInput, "market must be a two-letter country code such as DE, got %q", req.Market)
		}
		params = analytics.MarketRequest{Sector: sec.Slug, Market: req.Market}
	case BrandReport:
		if req.Brand == "" || len(req.Brand) > 200 {
			return Report{}, apperr.New(apperr.BadInput, "a brand report needs a brand of 1 to 200 characters")
		}
		if req.Market != "" {
			return Report{}, apperr.New(apperr.BadInput, "a brand report covers every market; leave market out")
		}
		params = analytics.BrandRequest{Sector: sec.Slug, Brand: req.Brand}
	default:
		return Report{}, apperr.New(apperr.BadInput, "unknown report kind %q", req.Kind)
	}
	release := func(context.Context) {}
	if s.bill != nil {
		if release, err = s.bill.ReserveReport(ctx, p.Tenant); err != nil {
			return Report{}, err
		}
	}
	id, err := s.jobs.Submit(ctx, p.Tenant.ID, jobKinds[req.Kind], params)
	if err != nil {
		release(ctx)
		return Report{}, fmt.Errorf("create report: %w", err)
	}
	s.log.InfoContext(ctx, "report queued", "tenant", p.Tenant.ID, "job", id, "kind", req.Kind, "sector", sec.Slug)
	return s.Report(ctx, id)
}

// Report returns one of the caller's tenant's report builds; another
// tenant's is not found.
func (s *Service) Report(ctx context.Context, id string) (Report, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return Report{}, err
	}
	rep, err := s.ownReport(ctx, p, id)
	if err != nil {
		return Report{}, err
	}
	if rep.Job.Status != jobs.Done {
		return rep, nil
	}
	var res analytics.ReportJobResult
	if err := json.Unmarshal(rep.Job.Result, &res); err != nil {
		return Report{}, fmt.Errorf("report %s: job result: %w", id, err)
	}
	docs, err := s.st.Get(ctx, store.TenantScope(p.Tenant.ID), store.KindReport, []string{res.ReportID})
	if err != nil {
		return Report{}, fmt.Errorf("report %s: %w", id, err)
	}
	if len(docs) == 0 {
		return Report{}, fmt.Errorf("report %s: document %s: %w", id, res.ReportID, store.ErrNotFound)
	}
	rep.Result = docs[0].(*store.Report).Body
	return rep, nil
}

// CancelReport cancels one of the caller's tenant's report builds.
func (s *Service) CancelReport(ctx context.Context, id string) (Report, error) {
	p, err := caller(ctx, auth.RunReports)
	if err != nil {
		return Report{}, err
	}
	rep, err := s.ownReport(ctx, p, id)
	if err != nil {
		return Report{}, err
	}
	if rep.Job.Finished() {
		return Report{}, apperr.New(apperr.BadInput, "report %s has already ended (%s)", id, rep.Job.Status)
	}
	if err := s.jobs.Cancel(ctx, id); errors.Is(err, jobs.ErrEnded) {
		return Report{}, apperr.New(apperr.BadInput, "report %s has already ended", id)
	} else if err != nil {
		return Report{}, fmt.Errorf("cancel report %s: %w", id, err)
	}
	return s.Report(ctx, id)
}

// ownReport loads the job id if it is a report build of p's tenant.
func (s *Service) ownReport(ctx context.Context, p *auth.Principal, id string) (Report, error) {
	notFound := apperr.New(apperr.NotFound, "no report %q", id)
	if id == "" || len(id) > 64 {
		return Report{}, notFound
	}
	info, err := s.jobs.Get(ctx, id)
	if errors.Is(err, jobs.ErrNotFound) {
		return Report{}, notFound
	}
	if err != nil {
		return Report{}, fmt.Errorf("report %s: %w", id, err)
	}
	if info.Tenant != p.Tenant.ID {
		return Report{}, notFound
	}
	rep, ok := reportOf(info)
	if !ok {
		return Report{}, notFound
	}
	return rep, nil
}

func isAlpha2(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}
