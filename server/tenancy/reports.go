package tenancy

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/store"
)

// reportListWindow is how many of a tenant's latest report builds the
// report list pages through.
const reportListWindow = 1000

// ReportPage is one page of the caller's tenant's report builds.
type ReportPage struct {
	Total   int
	Reports []Report
	Next    string
}

// Reports lists the caller's tenant's report builds, newest first, first
// at a time after the cursor (the last ID of the previous page). With
// results, the documents of the finished ones are loaded (in one read).
func (s *Service) Reports(ctx context.Context, first int, after string, results bool) (ReportPage, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return ReportPage{}, err
	}
	if first < 1 || first > 100 {
		return ReportPage{}, apperr.New(apperr.BadInput, "first must be between 1 and 100, got %d", first)
	}
	all, err := s.jobs.ListKinds(ctx, p.Tenant.ID, []string{analytics.JobMarketReport, analytics.JobBrandReport}, reportListWindow)
	if err != nil {
		return ReportPage{}, fmt.Errorf("reports of %s: %w", p.Tenant.ID, err)
	}
	var reps []Report
	for _, info := range all {
		if rep, ok := reportOf(info); ok {
			reps = append(reps, rep)
		}
	}
	page := ReportPage{Total: len(reps)}
	start := 0
	if after != "" {
		raw, err := base64.RawURLEncoding.DecodeString(after)
		i := -1
		if err == nil {
			i = slices.IndexFunc(reps, func(r Report) bool { return r.Job.ID == string(raw) })
		}
		if i < 0 {
			return ReportPage{}, apperr.New(apperr.BadInput, "after is not a cursor this API issued (or its report is gone)")
		}
		start = i + 1
	}
	end := min(start+first, len(reps))
	page.Reports = reps[start:end]
	if end < len(reps) {
		page.Next = base64.RawURLEncoding.EncodeToString([]byte(reps[end-1].Job.ID))
	}
	if results {
		if err := s.loadResults(ctx, p.Tenant.ID, page.Reports); err != nil {
			return ReportPage{}, err
		}
	}
	return page, nil
}

// loadResults fills the results of the finished reports.
func (s *Service) loadResults(ctx context.Context, tenant string, reps []Report) error {
	docOf := map[string]int{}
	var ids []string
	for i, r := range reps {
		if r.Job.Status != jobs.Done {
			continue
		}
		var res analytics.ReportJobResult
		if err := json.Unmarshal(r.Job.Result, &res); err != nil || res.ReportID == "" {
			continue
		}
		docOf[res.ReportID] = i
		ids = append(ids, res.ReportID)
	}
	if len(ids) == 0 {
		return nil
	}
	docs, err := s.st.Get(ctx, store.TenantScope(tenant), store.KindReport, ids)
	if err != nil {
		return fmt.Errorf("report results: %w", err)
	}
	for _, d := range docs {
		doc := d.(*store.Report)
		if i, ok := docOf[doc.ID]; ok {
			reps[i].Result = doc.Body
		}
	}
	return nil
}

// reportOf reads a report build from its job; other jobs are not reports.
func reportOf(info jobs.Info) (Report, bool) {
	rep := Report{Job: info}
	switch info.Kind {
	case analytics.JobMarketReport:
		rep.Kind = MarketReport
		var req analytics.MarketRequest
		_ = json.Unmarshal(info.Params, &req)
		rep.Params = ReportRequest{Kind: MarketReport, Sector: req.Sector, Market: req.Market}
	case analytics.JobBrandReport:
		rep.Kind = BrandReport
		var req analytics.BrandRequest
		_ = json.Unmarshal(info.Params, &req)
		rep.Params = ReportRequest{Kind: BrandReport, Sector: req.Sector, Brand: req.Brand}
	default:
		return Report{}, false
	}
	return rep, true
}

// ReportDocument returns a finished report build of the caller's tenant
// as its stored document and decoded report (*analytics.MarketReport or
// *analytics.BrandReport), for exports.
func (s *Service) ReportDocument(ctx context.Context, id string) (*store.Report, any, error) {
	p, err := caller(ctx, auth.ReadData)
	if err != nil {
		return nil, nil, err
	}
	rep, err := s.ownReport(ctx, p, id)
	if err != nil {
		return nil, nil, err
	}
	if rep.Job.Status != jobs.Done {
		return nil, nil, apperr.New(apperr.BadInput, "report %s is %s; exports exist once it is done", id, rep.Job.Status)
	}
	var res analytics.ReportJobResult
	if err := json.Unmarshal(rep.Job.Result, &res); err != nil {
		return nil, nil, fmt.Errorf("report %s: job result: %w", id, err)
	}
	docs, err := s.st.Get(ctx, store.TenantScope(p.Tenant.ID), store.KindReport, []string{res.ReportID})
	if err != nil {
		return nil, nil, fmt.Errorf("report %s: %w", id, err)
	}
	if len(docs) == 0 {
		return nil, nil, apperr.New(apperr.NotFound, "report %s has no stored document any more", id)
	}
	doc := docs[0].(*store.Report)
	decoded, err := analytics.DecodeReport(doc)
	if err != nil {
		return nil, nil, fmt.Errorf("report %s: %w", id, err)
	}
	return doc, decoded, nil
}
