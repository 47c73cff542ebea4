package graph

import (
	"context"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/alerts"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/graph/model"
	"github.com/exportscope/exportscope/server/tenancy"
	"github.com/exportscope/exportscope/store"
)

// This file converts the data, watchlist, upload, crawl and report-list
// types of tenancy into the API's.

// ExportPath is where a report build's export in format lives (see
// ExportHandler): /api/reports/{id}/export.{json,csv,xlsx,html}.
func ExportPath(id, format string) string {
	return "/api/reports/" + url.PathEscape(id) + "/export." + format
}

// reportExtras fills the fields of a report that depend on its state.
func reportExtras(out *model.Report, r tenancy.Report) *model.Report {
	out.Error = optional(tenancy.PublicJobError(r.Job.Error))
	if r.Job.Status == jobs.Done {
		out.Exports = &model.ReportExports{
			JSON: ExportPath(r.Job.ID, "json"), CSV: ExportPath(r.Job.ID, "csv"),
			Xlsx: ExportPath(r.Job.ID, "xlsx"), HTML: ExportPath(r.Job.ID, "html"),
		}
	}
	return out
}

func toMarket(m tenancy.Market) model.Market {
	return model.Market{Code: m.Code, Name: &model.SectorName{Zh: m.Name.ZH, En: m.Name.EN}}
}

func toSnapshot(s store.Snapshot) model.ListingSnapshot {
	out := model.ListingSnapshot{Time: s.Time, Rating: s.Rating, ReviewCount: s.ReviewCount}
	if s.Price != nil {
		out.Price = &model.Money{Amount: *s.Price, Currency: s.Currency, Usd: s.PriceUSD}
	}
	if s.SalesRank > 0 {
		r := s.SalesRank
		out.SalesRank = &r
	}
	return out
}

func toTradeFlow(f store.TradeFlow) model.TradeFlow {
	out := model.TradeFlow{ID: f.ID, Reporter: f.Reporter, Partner: f.Partner, Hs: f.HS, Year: f.Year, Flow: f.Flow,
		ValueUsd: f.ValueUSD, NetWeightKg: f.NetWeightKg, Source: optional(f.Source)}
	if f.Month > 0 {
		m := f.Month
		out.Month = &m
	}
	return out
}

func toWatchKind(kind string) model.WatchKind { return model.WatchKind(strings.ToUpper(kind)) }

func toWatchlist(w alerts.Watchlist) *model.Watchlist {
	return &model.Watchlist{ID: w.ID, Kind: toWatchKind(w.Kind), ListingID: optional(w.Params.ListingID),
		Sector: optional(w.Params.Sector), Market: optional(w.Params.Market), Brand: optional(w.Params.Brand),
		ThresholdPct: w.ThresholdPct, CreatedAt: w.CreatedAt, CheckedAt: w.CheckedAt}
}

func toAlert(a alerts.Alert) *model.Alert {
	out := &model.Alert{ID: a.ID, WatchlistID: a.WatchlistID, Kind: toWatchKind(a.Kind), Message: a.Message,
		CreatedAt: a.CreatedAt, ReadAt: a.ReadAt}
	if len(a.Details) > 0 {
		out.Details = model.JSON(a.Details)
	}
	return out
}

func toJob(i jobs.Info) *model.Job {
	return &model.Job{ID: i.ID, Kind: i.Kind, Status: model.ReportStatus(strings.ToUpper(string(i.Status))),
		Progress: i.Progress, Error: optional(tenancy.PublicJobError(i.Error))}
}

func toUploadResult(r tenancy.UploadResult) *model.UploadResult {
	out := &model.UploadResult{Accepted: r.Accepted, Errors: make([]model.RowError, len(r.Errors))}
	for i, e := range r.Errors {
		out.Errors[i] = model.RowError{Row: e.Line, Column: optional(e.Column), Message: e.Reason}
	}
	return out
}

func toAuthorisedSeller(s analytics.AuthorisedSeller) model.AuthorisedSeller {
	return model.AuthorisedSeller{Brand: s.Brand, Seller: s.Seller, Marketplace: optional(s.Marketplace)}
}

func toMinPrice(p analytics.MinPrice) model.MinPrice {
	return model.MinPrice{Brand: p.Brand, Gtin: optional(p.GTIN), Sku: optional(p.SKU), Country: optional(p.Country),
		Currency: p.Currency, MinPrice: p.Price}
}

func toCrawl(c tenancy.Crawl) *model.Crawl {
	kws := c.Keywords
	if kws == nil {
		kws = []string{}
	}
	return &model.Crawl{ID: c.ID, Site: c.Site, Keywords: kws, Status: model.CrawlStatus(strings.ToUpper(string(c.Job.Status))),
		Progress: c.Job.Progress, Pages: c.Pages, Listings: c.Listings, Error: optional(tenancy.PublicJobError(c.Job.Error)), CreatedAt: c.CreatedAt}
}

// selects reports whether the current field's selection reaches the
// field path (fragments included), e.g. "edges", "node", "result".
func selects(ctx context.Context, path ...string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return false
	}
	opCtx := graphql.GetOperationContext(ctx)
	var walk func(sel ast.SelectionSet, path []string) bool
	walk = func(sel ast.SelectionSet, path []string) bool {
		if len(path) == 0 {
			return true
		}
		for _, f := range graphql.CollectFields(opCtx, sel, nil) {
			if f.Name == path[0] && walk(f.Selections, path[1:]) {
				return true
			}
		}
		return false
	}
	return walk(fc.Field.Selections, path)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
