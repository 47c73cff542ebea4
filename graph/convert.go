package graph

import (
	"strings"
	"unicode/utf8"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/graph/model"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/billing"
	"github.com/exportscope/exportscope/server/tenancy"
	"github.com/exportscope/exportscope/store"
)

// This file converts between the API's types and the domain's.

func toTenant(t auth.Tenant) *model.Tenant {
	return &model.Tenant{ID: t.ID, Name: t.Name, Kind: model.TenantKind(strings.ToUpper(string(t.Kind))), Plan: t.Plan}
}

func toUser(p *auth.Principal) *model.User {
	return &model.User{ID: p.User.ID, Email: p.User.Email, Role: toRole(p.Role), Tenant: toTenant(p.Tenant)}
}

func toRole(r auth.Role) model.Role { return model.Role(strings.ToUpper(string(r))) }

func fromRole(r model.Role) auth.Role { return auth.Role(strings.ToLower(string(r))) }

func toAuthPayload(s auth.Session) *model.AuthPayload {
	return &model.AuthPayload{Token: s.Token, ExpiresAt: s.ExpiresAt, User: toUser(&s.Principal), Tenant: toTenant(s.Principal.Tenant)}
}

func toAPIKey(k auth.APIKey) *model.APIKey {
	return &model.APIKey{ID: k.ID, Name: k.Name, Role: toRole(k.Role), Prefix: k.Prefix, CreatedAt: k.CreatedAt, RevokedAt: k.RevokedAt}
}

func toSector(s analytics.Sector) model.Sector {
	return model.Sector{Slug: s.Slug, Name: &model.SectorName{Zh: s.Name.ZH, En: s.Name.EN}, Hs: s.HS, Custom: s.Tenant != ""}
}

func toReport(r tenancy.Report) *model.Report {
	out := &model.Report{
		ID:         r.Job.ID,
		Kind:       model.ReportKind(strings.ToUpper(string(r.Kind))),
		Status:     model.ReportStatus(strings.ToUpper(string(r.Job.Status))),
		Progress:   r.Job.Progress,
		Sector:     r.Params.Sector,
		Market:     optional(r.Params.Market),
		Brand:      optional(r.Params.Brand),
		CreatedAt:  r.Job.CreatedAt,
		FinishedAt: r.Job.FinishedAt,
	}
	if r.Job.Status == jobs.Done && len(r.Result) > 0 {
		out.Result = model.JSON(r.Result)
	}
	return reportExtras(out, r)
}

func toListing(l *store.Listing) *model.Listing {
	out := &model.Listing{
		ID: l.ID, Title: l.Title, Brand: optional(l.Brand), Seller: optional(l.Seller), SellerCountry: optional(l.SellerCountry),
		Marketplace: l.Marketplace, Country: l.Country, Category: optional(l.Category), Sectors: l.Sectors,
		Rating: l.Rating, ReviewCount: l.ReviewCount, URL: l.URL, FirstSeen: l.FirstSeen, LastSeen: l.LastSeen,
	}
	if out.Sectors == nil {
		out.Sectors = []string{}
	}
	if l.Price != nil {
		out.Price = &model.Money{Amount: *l.Price, Currency: l.Currency, Usd: l.PriceUSD, Cny: l.PriceCNY}
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// facetFields are the fields listings are counted by.
var facetFields = []string{"marketplace", "country", "brand", "sectors", "sellerCountry"}

// listingQuery checks the listings arguments and builds the store query.
func listingQuery(text *string, filter *model.ListingFilter, sort *model.ListingSort, first *int, after *string, facets bool) (store.ListingQuery, error) {
	q := store.ListingQuery{Limit: defaultFirst}
	if first != nil {
		if *first < 1 || *first > MaxFirst {
			return q, apperr.New(apperr.BadInput, "first must be between 1 and %d, got %d", MaxFirst, *first)
		}
		q.Limit = *first
	}
	if text != nil {
		if utf8.RuneCountInString(*text) > MaxQueryText {
			return q, apperr.New(apperr.BadInput, "query must have at most %d characters", MaxQueryText)
		}
		q.Text = strings.TrimSpace(*text)
	}
	if after != nil {
		if len(*after) > 1024 {
			return q, apperr.New(apperr.BadInput, "after is not a cursor this API issued")
		}
		q.After = *after
	}
	if filter != nil {
		lists := map[string][]string{
			"marketplaces": filter.Marketplaces, "countries": filter.Countries, "sectors": filter.Sectors,
			"brands": filter.Brands, "sellerCountries": filter.SellerCountries,
		}
		for name, vs := range lists {
			if len(vs) > 50 {
				return q, apperr.New(apperr.BadInput, "filter.%s lists more than 50 values", name)
			}
			for _, v := range vs {
				if v == "" || utf8.RuneCountInString(v) > 100 {
					return q, apperr.New(apperr.BadInput, "filter.%s values must have 1 to 100 characters", name)
				}
			}
		}
		q.Filter = store.ListingFilter{
			Marketplaces: filter.Marketplaces, Countries: filter.Countries, Sectors: filter.Sectors, Brands: filter.Brands,
			SellerCountries: filter.SellerCountries, MinPriceUSD: filter.MinPriceUsd, MaxPriceUSD: filter.MaxPriceUsd, MinRating: filter.MinRating,
		}.Filter()
	}
	if sort != nil {
		switch *sort {
		case model.ListingSortRelevance:
			q.Sort = []store.SortField{{Field: "relevance", Desc: true}}
		case model.ListingSortNewest:
			q.Sort = []store.SortField{{Field: "lastSeen", Desc: true}}
		case model.ListingSortPriceAsc:
			q.Sort = []store.SortField{{Field: "priceUSD"}}
		case model.ListingSortPriceDesc:
			q.Sort = []store.SortField{{Field: "priceUSD", Desc: true}}
		case model.ListingSortRatingDesc:
			q.Sort = []store.SortField{{Field: "rating", Desc: true}}
		case model.ListingSortReviewsDesc:
			q.Sort = []store.SortField{{Field: "reviewCount", Desc: true}}
		}
	}
	if facets {
		q.Facets = facetFields
	}
	return q, nil
}

func toConnection(page store.ListingPage) *model.ListingConnection {
	out := &model.ListingConnection{
		TotalCount: int(page.Total),
		Edges:      make([]model.ListingEdge, len(page.Listings)),
		PageInfo:   &model.PageInfo{HasNextPage: page.Next != "", EndCursor: optional(page.Next)},
		Facets:     make([]model.Facet, 0, len(page.Facets)),
	}
	for i := range page.Listings {
		out.Edges[i] = model.ListingEdge{Node: toListing(&page.Listings[i])}
	}
	for _, f := range page.Facets {
		mf := model.Facet{Field: f.Field, Buckets: make([]model.FacetBucket, len(f.Buckets))}
		for i, b := range f.Buckets {
			mf.Buckets[i] = model.FacetBucket{Key: b.Key, Count: int(b.Count)}
		}
		out.Facets = append(out.Facets, mf)
	}
	return out
}

// limit turns a billing count into GraphQL's: null when unlimited.
func limit(n int) *int {
	if n == billing.Unlimited {
		return nil
	}
	return &n
}

func toBilling(s billing.Summary) *model.Billing {
	e := s.Entitlements
	return &model.Billing{
		Plan:   model.Plan(strings.ToUpper(string(s.Plan))),
		Status: s.Status,
		Entitlements: &model.Entitlements{
			Sectors: limit(e.Sectors), ReportsPerMonth: limit(e.ReportsPerMonth), Seats: limit(e.Seats),
			APIAccess: e.APIAccess, Portal: e.Portal, Classes: limit(e.Classes),
		},
		Usage: &model.Usage{
			Period: s.Usage.Period, ReportsThisMonth: s.Usage.ReportsThisMonth, ReportLimit: limit(s.Usage.ReportLimit),
			Seats: s.Usage.Seats, SeatLimit: limit(s.Usage.SeatLimit),
		},
	}
}
