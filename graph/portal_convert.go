package graph

import (
	"encoding/base64"
	"strings"

	"github.com/exportscope/exportscope/graph/model"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/portal"
)

// This file converts between the portal operations' API types and
// server/portal's.

func (r *Resolver) portal() (*portal.Service, error) {
	if r.Portal == nil {
		return nil, apperr.New(apperr.Forbidden, "portals are not enabled on this server")
	}
	return r.Portal, nil
}

func toPortal(p *portal.Portal) *model.Portal {
	if p == nil {
		return nil
	}
	figs := make([]model.PortalFigure, len(p.PublicFigures))
	for i, f := range p.PublicFigures {
		figs[i] = model.PortalFigure(strings.ToUpper(string(f)))
	}
	return &model.Portal{Slug: p.Slug, HostName: p.Host, NameZh: p.NameZH, NameEn: p.NameEN, IntroZh: p.IntroZH, IntroEn: p.IntroEN,
		LogoURL: p.LogoURL, HasLogoImage: p.HasLogoImage, PrimaryColor: p.Primary, AccentColor: p.Accent,
		FeaturedSectors: p.FeaturedSectors, PublicFigures: figs, Path: "/p/" + p.Slug + "/"}
}

func fromPortalInput(in model.PortalInput) portal.Input {
	figs := make([]portal.Figure, len(in.PublicFigures))
	for i, f := range in.PublicFigures {
		figs[i] = portal.Figure(strings.ToLower(string(f)))
	}
	return portal.Input{Slug: in.Slug, Host: deref(in.HostName), NameZH: in.NameZh, NameEN: in.NameEn, IntroZH: deref(in.IntroZh),
		IntroEN: deref(in.IntroEn), LogoURL: deref(in.LogoURL), Primary: in.PrimaryColor, Accent: in.AccentColor,
		FeaturedSectors: in.FeaturedSectors, PublicFigures: figs}
}

func decodeLogo(s string) ([]byte, error) {
	if len(s) > portal.MaxLogoBytes*4/3+8 {
		return nil, apperr.New(apperr.BadInput, "the logo is larger than %d bytes", portal.MaxLogoBytes)
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, apperr.New(apperr.BadInput, "dataBase64 is not valid base64")
	}
	return b, nil
}

func toMembership(m portal.Membership) model.PortalMembership {
	return model.PortalMembership{ID: m.ID, AssociationName: m.AssociationName, MemberName: m.MemberName,
		Status: model.MembershipStatus(strings.ToUpper(string(m.Status))), InvitedAt: m.InvitedAt, AcceptedAt: m.AcceptedAt, EndedAt: m.EndedAt}
}

func toMemberships(ms []portal.Membership) []model.PortalMembership {
	out := make([]model.PortalMembership, len(ms))
	for i, m := range ms {
		out[i] = toMembership(m)
	}
	return out
}

func toProfile(p *portal.Profile) *model.MemberProfile {
	if p == nil {
		return nil
	}
	return &model.MemberProfile{CompanyZh: p.CompanyZH, CompanyEn: p.CompanyEN, Sectors: p.Sectors, ProductsZh: p.ProductsZH,
		ProductsEn: p.ProductsEN, Certifications: p.Certifications, ExportMarkets: p.ExportMarkets, CapacityZh: p.CapacityZH,
		CapacityEn: p.CapacityEN, PriceUsdPerTon: p.PriceUSDPerTon, UpdatedAt: p.UpdatedAt}
}

func fromProfileInput(in model.MemberProfileInput) portal.Profile {
	return portal.Profile{CompanyZH: in.CompanyZh, CompanyEN: in.CompanyEn, Sectors: in.Sectors, ProductsZH: in.ProductsZh,
		ProductsEN: in.ProductsEn, Certifications: in.Certifications, ExportMarkets: in.ExportMarkets, CapacityZH: deref(in.CapacityZh),
		CapacityEN: deref(in.CapacityEn), PriceUSDPerTon: in.PriceUsdPerTon}
}

func toInquiry(q portal.Inquiry) model.Inquiry {
	return model.Inquiry{ID: q.ID, AssociationName: q.AssociationName, Sector: q.Sector, Product: q.Product, Quantity: q.Quantity,
		Destination: q.Destination, ContactName: q.ContactName, ContactEmail: q.Email, Message: q.Message, CreatedAt: q.CreatedAt,
		RespondedAt: q.RespondedAt}
}

func toStats(s portal.Stats) *model.InquiryStats {
	out := &model.InquiryStats{Inquiries: s.Inquiries, Unrouted: s.Unrouted, Deliveries: s.Deliveries, Responded: s.Responded,
		ResponseRate: portal.ResponseRate(s.Responded, s.Deliveries), BySector: []model.SectorInquiryCount{}, ByMember: []model.MemberInquiryStats{}}
	for _, b := range s.BySector {
		out.BySector = append(out.BySector, model.SectorInquiryCount{Sector: b.Sector, Inquiries: b.Inquiries})
	}
	for _, m := range s.ByMember {
		out.ByMember = append(out.ByMember, model.MemberInquiryStats{MembershipID: m.MembershipID, Member: m.Member, Received: m.Received,
			Responded: m.Responded, ResponseRate: portal.ResponseRate(m.Responded, m.Received)})
	}
	return out
}

func toPublished(p portal.Published) model.PortalReport {
	return model.PortalReport{ID: p.ID, AssociationName: p.AssociationName, Kind: p.Kind, Sector: p.Sector, TitleZh: p.TitleZH,
		TitleEn: p.TitleEN, Audience: strings.ToUpper(p.Audience), Recipients: p.Recipients, CreatedAt: p.CreatedAt}
}

func toMetric(m portal.Metric) *model.BenchmarkMetric {
	return &model.BenchmarkMetric{Available: m.Available, Contributors: m.Contributors, MinContributors: portal.MinContributors,
		Own: m.Own, P25: m.P25, Median: m.Median, P75: m.P75, Percentile: m.Percentile}
}
