package portal_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/portal"
)

func TestPortalConfigValidation(t *testing.T) {
	e := newEnv(t)
	assoc, _ := e.tenant(auth.Association, "Assoc")
	other, _ := e.tenant(auth.Association, "Other")
	good := portal.Input{Slug: "magnesia", Host: "portal.example.org", NameZH: "协会", NameEN: "Association", Primary: "#1A5FB4", Accent: "#e66100",
		FeaturedSectors: []string{"magnesium"}, PublicFigures: []portal.Figure{portal.FigImports}}
	pt, err := e.svc.SavePortal(assoc, good)
	if err != nil {
		t.Fatal(err)
	}
	if pt.Primary != "#1a5fb4" || pt.Host != "portal.example.org" {
		t.Errorf("saved %+v: colour not lower-cased or host changed", pt)
	}
	tests := []struct {
		name   string
		change func(*portal.Input)
	}{
		{"bad slug", func(in *portal.Input) { in.Slug = "-Bad slug" }},
		{"short slug", func(in *portal.Input) { in.Slug = "a" }},
		{"colour", func(in *portal.Input) { in.Primary = "blue" }},
		{"colour with alpha", func(in *portal.Input) { in.Accent = "#11223344" }},
		{"host with scheme", func(in *portal.Input) { in.Host = "https://x.example.org" }},
		{"host with port", func(in *portal.Input) { in.Host = "x.example.org:8080" }},
		{"host an IP", func(in *portal.Input) { in.Host = "10.0.0.1" }},
		{"host localhost", func(in *portal.Input) { in.Host = "localhost" }},
		{"single label host", func(in *portal.Input) { in.Host = "portal" }},
		{"logo over http", func(in *portal.Input) { in.LogoURL = "http://example.org/logo.png" }},
		{"unknown sector", func(in *portal.Input) { in.FeaturedSectors = []string{"unicorns"} }},
		{"unknown figure", func(in *portal.Input) { in.PublicFigures = []portal.Figure{"secrets"} }},
		{"no name", func(in *portal.Input) { in.NameZH = "  " }},
	}
	for _, tt := range tests {
		in := good
		in.Slug = "other-portal"
		in.Host = ""
		tt.change(&in)
		_, err := e.svc.SavePortal(other, in)
		wantCode(t, tt.name, err, apperr.CodeBadInput)
	}
	// Nothing of the refused inputs was stored.
	if got, err := e.svc.MyPortal(other); err != nil || got != nil {
		t.Errorf("other's portal after refused saves = %+v, %v; want none", got, err)
	}
	// Slug and host belong to one portal.
	taken := good
	_, err = e.svc.SavePortal(other, taken)
	wantCode(t, "taken slug", err, apperr.CodeBadInput)
	taken.Slug = "free-slug"
	_, err = e.svc.SavePortal(other, taken)
	wantCode(t, "taken host", err, apperr.CodeBadInput)

	// Logo: small images only.
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	if pt, err = e.svc.SetLogo(assoc, png); err != nil || !pt.HasLogoImage {
		t.Fatalf("set logo: %+v %v", pt, err)
	}
	_, err = e.svc.SetLogo(assoc, []byte("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"))
	wantCode(t, "svg logo", err, apperr.CodeBadInput)
	_, err = e.svc.SetLogo(assoc, append(png, make([]byte, portal.MaxLogoBytes)...))
	wantCode(t, "huge logo", err, apperr.CodeBadInput)
	data, typ, err := e.svc.Logo(context.Background(), pt.TenantID)
	if err != nil || typ != "image/png" || string(data) != string(png) {
		t.Errorf("stored logo = %d bytes %s %v; want the first PNG", len(data), typ, err)
	}
}

func TestRoles(t *testing.T) {
	e := newEnv(t)
	assoc, ap := e.tenant(auth.Association, "Assoc")
	exp, xp := e.tenant(auth.Exporter, "Exporter")
	in := portal.Input{Slug: "assoc", NameZH: "协会", NameEN: "Assoc", Primary: "#000000", Accent: "#ffffff"}
	_, err := e.svc.SavePortal(context.Background(), in)
	wantCode(t, "anonymous save", err, apperr.CodeUnauthenticated)
	_, err = e.svc.SavePortal(exp, in)
	wantCode(t, "exporter saves a portal", err, apperr.CodeForbidden)
	_, err = e.svc.SavePortal(as(ap, auth.Analyst), in)
	wantCode(t, "analyst saves a portal", err, apperr.CodeForbidden)
	_, err = e.svc.Inbox(assoc)
	wantCode(t, "association reads an inbox", err, apperr.CodeForbidden)
	_, err = e.svc.SaveProfile(as(xp, auth.Viewer), portal.Profile{CompanyZH: "甲", CompanyEN: "A", ProductsEN: []string{"x"}})
	wantCode(t, "viewer saves a profile", err, apperr.CodeForbidden)
	_, err = e.svc.Invite(as(ap, auth.Viewer), xp.User.Email)
	wantCode(t, "viewer invites", err, apperr.CodeForbidden)
	_, err = e.svc.Invite(assoc, "nobody@example.com")
	wantCode(t, "invite unknown email", err, apperr.CodeNotFound)
	_, err = e.svc.Invite(assoc, ap.User.Email)
	wantCode(t, "invite an association", err, apperr.CodeNotFound)
}

// TestIsolation: members, associations and visitors reach only their own
// or public data; another tenant's IDs are NOT_FOUND.
func TestIsolation(t *testing.T) {
	e := newEnv(t)
	assocA, _ := e.tenant(auth.Association, "A")
	assocB, _ := e.tenant(auth.Association, "B")
	ptA := e.portal(assocA, "assoc-a", "a.example.org", "magnesium")
	ptB := e.portal(assocB, "assoc-b", "b.example.org", "magnesium")
	prof := func(name string, price float64) portal.Profile {
		return portal.Profile{CompanyZH: name + "公司", CompanyEN: name + " Co", Sectors: []string{"magnesium"}, ProductsEN: []string{"magnesium oxide"},
			ExportMarkets: []string{"DE"}, PriceUSDPerTon: ptr(price)}
	}
	m1, _, ms1 := e.member(assocA, "One", prof("One", 410))
	m2, _, _ := e.member(assocA, "Two", prof("Two", 420))
	invitedOnly, ip := e.tenant(auth.Exporter, "Invited")
	if _, err := e.svc.SaveProfile(invitedOnly, prof("Invited", 999)); err != nil {
		t.Fatal(err)
	}
	invA, err := e.svc.Invite(assocA, ip.User.Email)
	if err != nil {
		t.Fatal(err)
	}

	if _, err := e.svc.SubmitInquiry(context.Background(), ptA, portal.InquiryInput{Sector: "magnesium", Product: "magnesium oxide", Quantity: "20 t",
		Destination: "DE", ContactName: "Buyer", Email: "buyer@example.de", Message: "secret terms"}); err != nil {
		t.Fatal(err)
	}
	in1, err := e.svc.Inbox(m1)
	if err != nil || len(in1) != 1 {
		t.Fatalf("inbox of one: %v %v", in1, err)
	}

	// Association B cannot touch A's memberships, reports or stats.
	_, err = e.svc.End(assocB, ms1.ID)
	wantCode(t, "B ends A's membership", err, apperr.CodeNotFound)
	// A member cannot answer or end another member's membership.
	_, err = e.svc.Answer(m2, invA.ID, true)
	wantCode(t, "member accepts another's invitation", err, apperr.CodeNotFound)
	_, err = e.svc.End(m2, ms1.ID)
	wantCode(t, "member ends another's membership", err, apperr.CodeNotFound)
	// Nor mark another member's inquiry.
	wantInbox2, _ := e.svc.Inbox(m2)
	_, err = e.svc.MarkResponded(invitedOnly, in1[0].ID)
	wantCode(t, "non-recipient marks an inquiry", err, apperr.CodeNotFound)
	if got, _ := e.svc.Inbox(m2); !cmp.Equal(got, wantInbox2) {
		t.Errorf("inbox of two changed by another's mark")
	}
	// The invited (not yet active) member gets no inquiries.
	if got, _ := e.svc.Inbox(invitedOnly); len(got) != 0 {
		t.Errorf("invited member's inbox = %v, want empty", got)
	}
	// B's stats do not count A's inquiry.
	stB, err := e.svc.InquiryStats(assocB)
	if err != nil || stB.Inquiries != 0 || stB.Deliveries != 0 {
		t.Errorf("B's stats = %+v %v, want nothing", stB, err)
	}
	stA, err := e.svc.InquiryStats(assocA)
	if err != nil || stA.Inquiries != 1 || stA.Deliveries != 2 || len(stA.ByMember) != 2 {
		t.Errorf("A's stats = %+v %v, want 1 inquiry delivered to 2 members", stA, err)
	}

	// Reports: published to member one only.
	e.report(ptA.TenantID, "job-a", "magnesium", map[string]any{"type": "market", "secret": "for members"})
	pub, err := e.svc.Publish(assocA, portal.PublishInput{ReportID: "job-a", TitleZH: "报告", TitleEN: "Report", MemberIDs: []string{ms1.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, doc, err := e.svc.ReportDocument(m1, pub.ID); err != nil || len(doc) == 0 {
		t.Errorf("member one reads its report: %v", err)
	}
	_, _, err = e.svc.ReportDocument(m2, pub.ID)
	wantCode(t, "member two reads one's report", err, apperr.CodeNotFound)
	_, _, err = e.svc.ReportDocument(assocB, pub.ID)
	wantCode(t, "B reads A's report", err, apperr.CodeNotFound)
	if list, _ := e.svc.PublishedReports(m2); len(list) != 0 {
		t.Errorf("member two sees %v, want nothing", list)
	}
	// B cannot publish A's report build, nor to A's members.
	_, err = e.svc.Publish(assocB, portal.PublishInput{ReportID: "job-a", TitleZH: "x", TitleEN: "x"})
	wantCode(t, "B publishes A's report", err, apperr.CodeNotFound)
	e.report("", "job-public", "magnesium", map[string]any{"type": "market"})
	_, err = e.svc.Publish(assocA, portal.PublishInput{ReportID: "job-public", TitleZH: "x", TitleEN: "x"})
	wantCode(t, "A publishes a report that is not its own", err, apperr.CodeNotFound)

	// A member that ended its membership loses the report and inquiries.
	if _, err := e.svc.End(m1, ms1.ID); err != nil {
		t.Fatal(err)
	}
	_, _, err = e.svc.ReportDocument(m1, pub.ID)
	wantCode(t, "former member reads the report", err, apperr.CodeNotFound)

	// Visitors: the public list shows active members only and never the
	// private price.
	pub2, err := e.svc.PublicMembers(context.Background(), ptA, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range pub2 {
		names = append(names, m.Profile.CompanyEN)
		if m.Profile.PriceUSDPerTon != nil {
			t.Errorf("public member %s shows its private price", m.Profile.CompanyEN)
		}
	}
	if !cmp.Equal(names, []string{"Two Co"}) {
		t.Errorf("public members = %v, want only the active one", names)
	}
	_, err = e.svc.PublicMember(context.Background(), ptA, ms1.ID)
	wantCode(t, "visitor opens a former member", err, apperr.CodeNotFound)
	_, err = e.svc.PublicMember(context.Background(), ptA, invA.ID)
	wantCode(t, "visitor opens an invited member", err, apperr.CodeNotFound)
	// Another portal does not show A's members, by list or by ID.
	if list, _ := e.svc.PublicMembers(context.Background(), ptB, "", ""); len(list) != 0 {
		t.Errorf("B's portal lists A's members: %v", list)
	}
	_, err = e.svc.PublicMember(context.Background(), ptB, pub2[0].ID)
	wantCode(t, "B's portal opens A's member", err, apperr.CodeNotFound)
}

// TestRouting: an inquiry reaches exactly the active members whose
// sectors include its sector and whose products match its product.
func TestRouting(t *testing.T) {
	e := newEnv(t)
	assoc, _ := e.tenant(auth.Association, "A")
	pt := e.portal(assoc, "assoc", "", "magnesium", "seafood")
	profiles := map[string]portal.Profile{
		"oxide": {CompanyZH: "氧化镁厂", CompanyEN: "Oxide Works", Sectors: []string{"magnesium"}, ProductsZH: []string{"氧化镁"}, ProductsEN: []string{"Magnesium Oxide"}},
		"brick": {CompanyZH: "镁碳砖厂", CompanyEN: "Brick Co", Sectors: []string{"magnesium"}, ProductsZH: []string{"镁碳砖"}, ProductsEN: []string{"magnesia carbon brick"}},
		"both":  {CompanyZH: "综合镁业", CompanyEN: "Both Mg", Sectors: []string{"magnesium"}, ProductsEN: []string{"magnesium oxide", "magnesia carbon brick"}},
		"sea":   {CompanyZH: "海蜇公司", CompanyEN: "Sea Co", Sectors: []string{"seafood"}, ProductsZH: []string{"海蜇"}, ProductsEN: []string{"jellyfish", "magnesium oxide"}},
	}
	ctxs := map[string]context.Context{}
	for name, pr := range profiles {
		ctxs[name], _, _ = e.member(assoc, name, pr)
	}
	tests := []struct {
		sector, product string
		want            []string
	}{
		{"magnesium", "magnesium oxide", []string{"both", "oxide"}},
		{"magnesium", "MAGNESIUM  OXIDE 95% powder", []string{"both", "oxide"}},
		{"magnesium", "氧化镁", []string{"oxide"}},
		{"magnesium", "magnesia carbon brick", []string{"both", "brick"}},
		{"seafood", "salted jellyfish", []string{"sea"}},
		{"seafood", "magnesium oxide", []string{"sea"}},
		{"magnesium", "bitumen", nil},
	}
	counts := map[string]int{}
	for i, tt := range tests {
		n, err := e.svc.SubmitInquiry(context.Background(), pt, portal.InquiryInput{Sector: tt.sector, Product: tt.product, Quantity: "1 t",
			Destination: "jp", ContactName: "B", Email: fmt.Sprintf("b%d@example.com", i)})
		if err != nil {
			t.Fatalf("%s/%s: %v", tt.sector, tt.product, err)
		}
		if n != len(tt.want) {
			t.Errorf("%s/%s reached %d members, want %d", tt.sector, tt.product, n, len(tt.want))
		}
		for _, w := range tt.want {
			counts[w]++
		}
	}
	for name, ctx := range ctxs {
		inbox, err := e.svc.Inbox(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(inbox) != counts[name] {
			t.Errorf("%s's inbox has %d inquiries, want %d", name, len(inbox), counts[name])
		}
	}
	st, err := e.svc.InquiryStats(assoc)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	if st.Inquiries != len(tests) || st.Unrouted != 1 || st.Deliveries != total || st.Responded != 0 {
		t.Errorf("stats = %+v, want %d inquiries, 1 unrouted, %d deliveries", st, len(tests), total)
	}
	// Marking responded counts once, however often it is done.
	inbox, _ := e.svc.Inbox(ctxs["oxide"])
	for range 2 {
		if _, err := e.svc.MarkResponded(ctxs["oxide"], inbox[0].ID); err != nil {
			t.Fatal(err)
		}
	}
	st, _ = e.svc.InquiryStats(assoc)
	if st.Responded != 1 {
		t.Errorf("responded = %d, want 1", st.Responded)
	}
	// Bad inquiries are refused and store nothing.
	bad := []portal.InquiryInput{
		{Sector: "petrochem", Product: "naphtha", Quantity: "1", Destination: "DE", ContactName: "x", Email: "a@b.co"},
		{Sector: "magnesium", Product: "x", Quantity: "1", Destination: "DE", ContactName: "x", Email: "a@b.co"},
		{Sector: "magnesium", Product: "oxide", Quantity: "1", Destination: "Germany", ContactName: "x", Email: "a@b.co"},
		{Sector: "magnesium", Product: "oxide", Quantity: "1", Destination: "DE", ContactName: "x", Email: "not an email"},
		{Sector: "magnesium", Product: "oxide", Quantity: "", Destination: "DE", ContactName: "x", Email: "a@b.co"},
	}
	for _, in := range bad {
		_, err := e.svc.SubmitInquiry(context.Background(), pt, in)
		wantCode(t, fmt.Sprintf("inquiry %+v", in), err, apperr.CodeBadInput)
	}
	if st2, _ := e.svc.InquiryStats(assoc); st2.Inquiries != st.Inquiries {
		t.Errorf("refused inquiries were stored: %d, want %d", st2.Inquiries, st.Inquiries)
	}
}

// TestBenchmarksKAnonymity: peer figures appear only with at least five
// contributors, and then match quartiles computed here.
func TestBenchmarksKAnonymity(t *testing.T) {
	e := newEnv(t)
	assoc, _ := e.tenant(auth.Association, "A")
	e.portal(assoc, "assoc", "", "magnesium")
	prices := []float64{400, 520, 455, 610, 480, 530}
	markets := [][]string{{"DE"}, {"DE", "JP"}, {"JP", "KR", "US"}, {"US"}, {"DE", "PL", "CZ", "HU"}, {"BR", "AR"}}
	var ctxs []context.Context
	for i := range 4 {
		ctx, _, _ := e.member(assoc, fmt.Sprint("m", i), portal.Profile{CompanyZH: fmt.Sprint("公司", i), CompanyEN: fmt.Sprint("Co ", i),
			Sectors: []string{"magnesium"}, ProductsEN: []string{"magnesia"}, ExportMarkets: markets[i], PriceUSDPerTon: ptr(prices[i])})
		ctxs = append(ctxs, ctx)
	}
	// A member of another sector is not a peer: it never counts.
	e.member(assoc, "fish", portal.Profile{CompanyZH: "海蜇", CompanyEN: "Fish", Sectors: []string{"seafood"}, ProductsEN: []string{"jellyfish"},
		ExportMarkets: []string{"JP"}, PriceUSDPerTon: ptr(3000.0)})
	bs, err := e.svc.Benchmarks(ctxs[0])
	if err != nil || len(bs) != 1 {
		t.Fatalf("benchmarks: %v %v", bs, err)
	}
	if b := bs[0]; b.Price.Available || b.Price.Median != nil || b.Price.Percentile != nil || b.Price.Contributors != 4 || b.MarketSpread.Available {
		t.Errorf("with 4 contributors: %+v; want no figures", b)
	}
	// A fifth member without a price does not unlock the price figure.
	ctx5, _, _ := e.member(assoc, "m4", portal.Profile{CompanyZH: "公司4", CompanyEN: "Co 4", Sectors: []string{"magnesium"},
		ProductsEN: []string{"magnesia"}, ExportMarkets: markets[4]})
	bs, _ = e.svc.Benchmarks(ctx5)
	if bs[0].Price.Available || !bs[0].MarketSpread.Available || bs[0].Price.Own != nil {
		t.Errorf("4 prices, 5 market spreads: %+v", bs[0])
	}
	if _, err := e.svc.SaveProfile(ctx5, portal.Profile{CompanyZH: "公司4", CompanyEN: "Co 4", Sectors: []string{"magnesium"},
		ProductsEN: []string{"magnesia"}, ExportMarkets: markets[4], PriceUSDPerTon: ptr(prices[4])}); err != nil {
		t.Fatal(err)
	}
	bs, _ = e.svc.Benchmarks(ctxs[1]) // own price 520
	got := bs[0].Price
	five := append([]float64(nil), prices[:5]...)
	sort.Float64s(five)
	q := func(p float64) float64 { // quartile by linear interpolation, rounded to 10
		pos := p * 4
		lo := int(pos)
		v := five[lo]
		if lo < 4 {
			v += (five[lo+1] - five[lo]) * (pos - float64(lo))
		}
		return math.Round(v/10) * 10
	}
	below := 0
	for _, p := range prices[:5] {
		if p < 520 {
			below++
		}
	}
	wantPct := below * 100 / 4 / 10 * 10
	if !got.Available || got.Contributors != 5 || *got.P25 != q(0.25) || *got.Median != q(0.5) || *got.P75 != q(0.75) || *got.Percentile != wantPct || *got.Own != 520 {
		t.Errorf("price metric = %+v (p25 %v median %v p75 %v pct %v); want %v %v %v %v", got, *got.P25, *got.Median, *got.P75, *got.Percentile, q(0.25), q(0.5), q(0.75), wantPct)
	}
	// No figure equals a single other member's exact price unless it is
	// an interpolated quartile; in particular min and max are never shown.
	for _, v := range []*float64{got.P25, got.Median, got.P75} {
		if *v == slices.Min(five) || *v == slices.Max(five) {
			t.Errorf("a quartile %v is the group's extreme", *v)
		}
	}
}
