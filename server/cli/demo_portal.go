package cli

import (
	"context"
	"fmt"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/portal"
)

// The demo association's portal and its accounts (password demoPassword).
const (
	demoPortalSlug = "magnesium-assoc"
	demoPortalHost = "portal.localhost"
	demoPassword   = "demo-portal-2026"
)

// demoMembers are the demo association's member exporters: five with a
// private price so that the peer benchmarks show (k = 5), one without.
var demoMembers = []struct {
	email   string
	price   float64
	profile portal.Profile
}{
	{"yk-oxide@demo.exportscope", 455, portal.Profile{CompanyZH: "营口镁源氧化镁有限公司", CompanyEN: "Yingkou Magyuan Magnesium Oxide Co.",
		Sectors: []string{"magnesium"}, ProductsZH: []string{"氧化镁", "轻烧氧化镁"}, ProductsEN: []string{"magnesium oxide", "caustic calcined magnesia"},
		Certifications: []string{"ISO 9001", "REACH"}, ExportMarkets: []string{"JP", "KR", "DE", "US"}, CapacityZH: "年产 8 万吨", CapacityEN: "80,000 t per year"}},
	{"dsq-refractory@demo.exportscope", 610, portal.Profile{CompanyZH: "大石桥耐火材料股份公司", CompanyEN: "Dashiqiao Refractories Co.",
		Sectors: []string{"magnesium"}, ProductsZH: []string{"镁碳砖", "电熔镁砂"}, ProductsEN: []string{"magnesia carbon brick", "fused magnesia"},
		Certifications: []string{"ISO 9001", "ISO 14001"}, ExportMarkets: []string{"IN", "TR", "RU", "VN", "BR", "PL"}, CapacityZH: "年产 12 万吨", CapacityEN: "120,000 t per year"}},
	{"haicheng-mag@demo.exportscope", 420, portal.Profile{CompanyZH: "海城菱镁矿业", CompanyEN: "Haicheng Magnesite Mining",
		Sectors: []string{"magnesium"}, ProductsZH: []string{"菱镁矿", "重烧镁砂"}, ProductsEN: []string{"magnesite", "dead burned magnesia"},
		Certifications: []string{"ISO 9001"}, ExportMarkets: []string{"JP", "KR"}, CapacityZH: "年产 30 万吨原矿", CapacityEN: "300,000 t ore per year"}},
	{"liaoning-ingot@demo.exportscope", 2300, portal.Profile{CompanyZH: "辽宁镁锭有限公司", CompanyEN: "Liaoning Magnesium Ingot Ltd.",
		Sectors: []string{"magnesium"}, ProductsZH: []string{"镁锭", "镁合金"}, ProductsEN: []string{"magnesium ingot", "magnesium alloy"},
		Certifications: []string{"ISO 9001", "IATF 16949"}, ExportMarkets: []string{"DE", "CZ", "HU", "US", "MX"}, CapacityZH: "年产 2 万吨", CapacityEN: "20,000 t per year"}},
	{"bayuquan-chem@demo.exportscope", 520, portal.Profile{CompanyZH: "鲅鱼圈镁化工", CompanyEN: "Bayuquan Magnesium Chemicals",
		Sectors: []string{"magnesium"}, ProductsZH: []string{"氧化镁", "氯化镁"}, ProductsEN: []string{"magnesium oxide", "magnesium chloride"},
		Certifications: []string{"FAMI-QS", "ISO 9001"}, ExportMarkets: []string{"TH", "MY", "ID"}, CapacityZH: "年产 3 万吨", CapacityEN: "30,000 t per year"}},
	{"panjin-seafood@demo.exportscope", 0, portal.Profile{CompanyZH: "盘锦海蜇食品", CompanyEN: "Panjin Jellyfish Foods",
		Sectors: []string{"seafood"}, ProductsZH: []string{"海蜇", "即食海蜇"}, ProductsEN: []string{"salted jellyfish", "ready-to-eat jellyfish"},
		Certifications: []string{"HACCP", "BRC"}, ExportMarkets: []string{"JP", "KR"}, CapacityZH: "年产 5000 吨", CapacityEN: "5,000 t per year"}},
}

// demoPortal seeds one association with a portal, its member exporters
// with profiles, a few inquiries and a report published to the members.
// A second run finds the portal and leaves everything as it is.
func (a *app) demoPortal(ctx context.Context, s *services) error {
	ps, err := a.portalService(s)
	if err != nil {
		return err
	}
	if _, ok, err := ps.PortalBySlug(ctx, demoPortalSlug); err != nil || ok {
		if ok {
			fmt.Fprintf(a.env.Stdout, "  portal: %s already seeded\n", demoPortalSlug)
		}
		return err
	}
	accounts, err := auth.New(auth.Options{DB: s.control, Logger: a.log})
	if err != nil {
		return err
	}
	signUp := func(email, name string, kind auth.TenantKind) (context.Context, error) {
		sess, err := accounts.SignUp(ctx, auth.SignUpInput{Email: email, Password: demoPassword, TenantName: name, TenantKind: string(kind)}, "127.0.0.1")
		if err != nil {
			return nil, fmt.Errorf("demo portal: sign up %s: %w", email, err)
		}
		return auth.WithPrincipal(ctx, &sess.Principal), nil
	}
	assoc, err := signUp("assoc@demo.exportscope", "营口镁质材料行业协会", auth.Association)
	if err != nil {
		return err
	}
	pt, err := ps.SavePortal(assoc, portal.Input{Slug: demoPortalSlug, Host: demoPortalHost,
		NameZH: "营口镁质材料行业协会", NameEN: "Yingkou Magnesia Materials Association",
		IntroZH: "汇集营口、大石桥、海城的镁质材料生产企业，为海外采购商提供一站式对接。",
		IntroEN: "Magnesia producers of Yingkou, Dashiqiao and Haicheng, with one place for overseas buyers to find them.",
		Primary: "#0b5d57", Accent: "#d4572a", FeaturedSectors: []string{"magnesium", "seafood"},
		PublicFigures: []portal.Figure{portal.FigImports, portal.FigOpportunity, portal.FigPrices}})
	if err != nil {
		return fmt.Errorf("demo portal: %w", err)
	}
	var memberCtx []context.Context
	for _, m := range demoMembers {
		ctx, err := signUp(m.email, m.profile.CompanyZH, auth.Exporter)
		if err != nil {
			return err
		}
		pr := m.profile
		if m.price > 0 {
			pr.PriceUSDPerTon = &m.price
		}
		if _, err := ps.SaveProfile(ctx, pr); err != nil {
			return fmt.Errorf("demo portal: profile of %s: %w", m.email, err)
		}
		inv, err := ps.Invite(assoc, m.email)
		if err != nil {
			return fmt.Errorf("demo portal: invite %s: %w", m.email, err)
		}
		if _, err := ps.Answer(ctx, inv.ID, true); err != nil {
			return fmt.Errorf("demo portal: accept %s: %w", m.email, err)
		}
		memberCtx = append(memberCtx, ctx)
	}
	for _, in := range []portal.InquiryInput{
		{Sector: "magnesium", Product: "magnesium oxide", Quantity: "200 t per month", Destination: "DE", ContactName: "Anna Keller", Email: "anna.keller@example.de", Message: "Please quote CIF Hamburg, 90% MgO min."},
		{Sector: "magnesium", Product: "magnesia carbon brick", Quantity: "3 containers", Destination: "IN", ContactName: "Ravi Patel", Email: "ravi@example.in"},
		{Sector: "seafood", Product: "salted jellyfish", Quantity: "5 t", Destination: "JP", ContactName: "佐藤", Email: "sato@example.jp", Lang: "zh"},
	} {
		if _, err := ps.SubmitInquiry(ctx, pt, in); err != nil {
			return fmt.Errorf("demo portal: inquiry: %w", err)
		}
	}
	if inbox, err := ps.Inbox(memberCtx[0]); err == nil && len(inbox) > 0 {
		if _, err := ps.MarkResponded(memberCtx[0], inbox[0].ID); err != nil {
			return fmt.Errorf("demo portal: mark responded: %w", err)
		}
	}
	p := auth.FromContext(assoc)
	info, err := s.jobs.Run(ctx, p.Tenant.ID, analytics.JobMarketReport, analytics.MarketRequest{Sector: "magnesium"})
	if err != nil {
		return fmt.Errorf("demo portal: association report: %w", err)
	}
	if _, err := ps.Publish(assoc, portal.PublishInput{ReportID: info.ID, TitleZH: "镁质材料海外市场月报", TitleEN: "Magnesia export markets, monthly"}); err != nil {
		return fmt.Errorf("demo portal: publish: %w", err)
	}
	fmt.Fprintf(a.env.Stdout, "  portal: %s (%d members) at /p/%s/ of the address below, or as http://%s:<its port>/; association assoc@demo.exportscope, member %s, password %s\n",
		pt.NameEN, len(demoMembers), demoPortalSlug, demoPortalHost, demoMembers[0].email, demoPassword)
	return nil
}
