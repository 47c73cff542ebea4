package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/store"
)

// Save stores a report (a *MarketReport or *BrandReport) in the market
// store as a store.Report in its tenant's scope, and returns it.
func (s *Service) Save(ctx context.Context, rep any) (*store.Report, error) {
	doc := &store.Report{Version: Version}
	switch r := rep.(type) {
	case *MarketReport:
		doc.Tenant, doc.Type, doc.Sector, doc.Market, doc.CreatedAt = r.Tenant, TypeMarket, r.Sector.Slug, r.Market, r.GeneratedAt
		doc.ID = store.StableID(TypeMarket, r.Tenant, r.Sector.Slug, r.Market, r.Period.From, r.Period.To, r.GeneratedAt.Format(time.RFC3339Nano))
	case *BrandReport:
		doc.Tenant, doc.Type, doc.Sector, doc.Brand, doc.CreatedAt = r.Tenant, TypeBrand, r.Sector.Slug, r.Brand, r.GeneratedAt
		doc.ID = store.StableID(TypeBrand, r.Tenant, r.Sector.Slug, r.Brand, r.GeneratedAt.Format(time.RFC3339Nano))
	default:
		return nil, fmt.Errorf("save report: %T is not a report", rep)
	}
	body, err := json.Marshal(rep)
	if err != nil {
		return nil, fmt.Errorf("save report: %w", err)
	}
	doc.Body = body
	res, err := s.st.Bulk(ctx, []store.Doc{doc})
	if err != nil {
		return nil, fmt.Errorf("save report: %w", err)
	}
	if err := res.Err(); err != nil {
		return nil, fmt.Errorf("save report: %w", err)
	}
	return doc, nil
}

// Load fetches a stored report and decodes its body into a *MarketReport
// or *BrandReport.
func (s *Service) Load(ctx context.Context, tenant, id string) (any, error) {
	docs, err := s.st.Get(ctx, store.TenantScope(tenant), store.KindReport, []string{id})
	if err != nil {
		return nil, fmt.Errorf("load report %s: %w", id, err)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("load report %s: %w", id, store.ErrNotFound)
	}
	return DecodeReport(docs[0].(*store.Report))
}

// DecodeReport decodes a stored report's body.
func DecodeReport(doc *store.Report) (any, error) {
	var rep any
	switch doc.Type {
	case TypeMarket:
		rep = &MarketReport{}
	case TypeBrand:
		rep = &BrandReport{}
	default:
		return nil, fmt.Errorf("report %s: unknown type %q", doc.ID, doc.Type)
	}
	if err := json.Unmarshal(doc.Body, rep); err != nil {
		return nil, fmt.Errorf("report %s: %w", doc.ID, err)
	}
	return rep, nil
}

// Job kinds that analytics registers.
const (
	JobMarketReport = "report.market"
	JobBrandReport  = "report.brand"
	JobReclassify   = "classify"
)

// ReportJobResult is the result a report job stores in the jobs table.
type ReportJobResult struct {
	ReportID string `json:"reportId"`
	Type     string `json:"type"`
	Sector   string `json:"sector"`
	Market   string `json:"market,omitempty"`
	Brand    string `json:"brand,omitempty"`
	Version  int    `json:"version"`
}

// RegisterJobs registers the report and re-classification jobs. Report
// jobs take a MarketRequest or BrandRequest as params (the job's tenant
// wins over the params'), build the report, save it, and return a
// ReportJobResult; they are safe to run again, so an interrupted one
// resumes. The re-classification job takes {"tenant": ""} and returns a
// ReclassifyResult.
func (s *Service) RegisterJobs(r *jobs.Runner) {
	r.Register(JobMarketReport, jobs.Kind{Resumable: true, Timeout: 30 * time.Minute, Run: func(ctx context.Context, t *jobs.Task) (any, error) {
		var req MarketRequest
		if err := t.Decode(&req); err != nil {
			return nil, err
		}
		req.Tenant = t.Tenant
		rep, err := s.Market(ctx, req, func(f float64) { t.Progress(f * 0.95) })
		if err != nil {
			return nil, err
		}
		doc, err := s.Save(ctx, rep)
		if err != nil {
			return nil, err
		}
		return ReportJobResult{ReportID: doc.ID, Type: doc.Type, Sector: doc.Sector, Market: doc.Market, Version: doc.Version}, nil
	}})
	r.Register(JobBrandReport, jobs.Kind{Resumable: true, Timeout: 30 * time.Minute, Run: func(ctx context.Context, t *jobs.Task) (any, error) {
		var req BrandRequest
		if err := t.Decode(&req); err != nil {
			return nil, err
		}
		req.Tenant = t.Tenant
		rep, err := s.Brand(ctx, req, func(f float64) { t.Progress(f * 0.95) })
		if err != nil {
			return nil, err
		}
		doc, err := s.Save(ctx, rep)
		if err != nil {
			return nil, err
		}
		return ReportJobResult{ReportID: doc.ID, Type: doc.Type, Sector: doc.Sector, Brand: doc.Brand, Version: doc.Version}, nil
	}})
	r.Register(JobReclassify, jobs.Kind{Resumable: true, Timeout: 6 * time.Hour, Run: func(ctx context.Context, t *jobs.Task) (any, error) {
		set, err := s.cat.Sectors(ctx, t.Tenant)
		if err != nil {
			return nil, err
		}
		if t.Tenant == "" {
			return Reclassify(ctx, s.st, set, store.Public, t.Progress)
		}
		// A tenant's sectors tag the shared listings (opaquely) and the
		// tenant's own.
		pub, err := Reclassify(ctx, s.st, set, store.Public, func(f float64) { t.Progress(f / 2) })
		if err != nil {
			return pub, err
		}
		own, err := Reclassify(ctx, s.st, set, store.TenantScope(t.Tenant), func(f float64) { t.Progress(0.5 + f/2) })
		return map[string]ReclassifyResult{"public": pub, "tenant": own}, err
	}})
}
