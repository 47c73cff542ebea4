package graph_test

import (
	"testing"
)

// signUpKind creates a tenant of kind and returns its owner's token.
func (e *env) signUpKind(email, tenant, kind string) string {
	e.t.Helper()
	var out struct{ SignUp struct{ Token string } }
	e.ok(e.do("", signUp, map[string]any{"in": map[string]any{
		"email": email, "password": "correct horse battery", "tenantName": tenant, "tenantKind": kind}}), &out)
	return out.SignUp.Token
}

const (
	savePortalQ   = `mutation($in: PortalInput!) { savePortal(input: $in) { slug hostName path featuredSectors publicFigures primaryColor } }`
	portalInviteQ = `mutation($email: String!) { invitePortalMember(email: $email) { id status memberName associationName } }`
	answerQ       = `mutation($id: ID!, $accept: Boolean!) { answerPortalInvitation(id: $id, accept: $accept) { id status } }`
	endQ          = `mutation($id: ID!) { endPortalMembership(id: $id) { id status } }`
	profileQ      = `mutation($in: MemberProfileInput!) { saveMemberProfile(input: $in) { companyEn exportMarkets priceUsdPerTon } }`
	markQ         = `mutation($id: ID!) { markInquiryResponded(id: $id) { id respondedAt } }`
	publishQ      = `mutation($in: PublishPortalReportInput!) { publishPortalReport(input: $in) { id } }`
)

// TestPortalOperations runs the portal flow through the API and checks
// that every portal operation keeps tenants apart: another tenant's IDs
// are NOT_FOUND, the wrong tenant kind is FORBIDDEN, no token is
// UNAUTHENTICATED.
func TestPortalOperations(t *testing.T) {
	e := newEnv(t, options{})
	assocA := e.signUpKind("a@assoc.example", "Assoc A", "ASSOCIATION")
	assocB := e.signUpKind("b@assoc.example", "Assoc B", "ASSOCIATION")
	one := e.signUpKind("one@exporter.example", "One", "EXPORTER")
	two := e.signUpKind("two@exporter.example", "Two", "EXPORTER")

	var saved struct {
		SavePortal struct{ Slug, HostName, Path, PrimaryColor string }
	}
	e.ok(e.do(assocA, savePortalQ, map[string]any{"in": map[string]any{"slug": "assoc-a", "hostName": "a.example.org", "nameZh": "甲协会", "nameEn": "A",
		"primaryColor": "#112233", "accentColor": "#445566", "featuredSectors": []string{"magnesium"}, "publicFigures": []string{"IMPORTS"}}}), &saved)
	if saved.SavePortal.Path != "/p/assoc-a/" || saved.SavePortal.HostName != "a.example.org" {
		t.Errorf("savePortal = %+v", saved.SavePortal)
	}
	if c := e.code(e.do(assocB, savePortalQ, map[string]any{"in": map[string]any{"slug": "assoc-a", "nameZh": "乙", "nameEn": "B",
		"primaryColor": "#112233", "accentColor": "#445566", "featuredSectors": []string{}, "publicFigures": []string{}}})); c != "BAD_INPUT" {
		t.Errorf("B takes A's slug: %s", c)
	}
	for _, tok := range []string{one, two} {
		e.ok(e.do(tok, profileQ, map[string]any{"in": map[string]any{"companyZh": "公司", "companyEn": "Co", "sectors": []string{"magnesium"},
			"productsZh": []string{"氧化镁"}, "productsEn": []string{"magnesium oxide"}, "exportMarkets": []string{"de"}, "priceUsdPerTon": 450.0}}), &struct{}{})
	}
	var inv struct{ InvitePortalMember struct{ ID, Status string } }
	e.ok(e.do(assocA, portalInviteQ, map[string]any{"email": "one@exporter.example"}), &inv)
	if inv.InvitePortalMember.Status != "INVITED" {
		t.Errorf("invite = %+v", inv)
	}
	id := inv.InvitePortalMember.ID

	// Another exporter cannot accept one's invitation; another association
	// cannot end it.
	if c := e.code(e.do(two, answerQ, map[string]any{"id": id, "accept": true})); c != "NOT_FOUND" {
		t.Errorf("two accepts one's invitation: %s", c)
	}
	if c := e.code(e.do(assocB, endQ, map[string]any{"id": id})); c != "NOT_FOUND" {
		t.Errorf("B ends A's invitation: %s", c)
	}
	var ans struct{ AnswerPortalInvitation struct{ Status string } }
	e.ok(e.do(one, answerQ, map[string]any{"id": id, "accept": true}), &ans)
	if ans.AnswerPortalInvitation.Status != "ACTIVE" {
		t.Errorf("accept = %+v", ans)
	}

	var members struct{ PortalMembers []struct{ ID, Status string } }
	e.ok(e.do(assocA, `{ portalMembers { id status } }`, nil), &members)
	if len(members.PortalMembers) != 1 {
		t.Errorf("A's members = %+v", members)
	}
	e.ok(e.do(assocB, `{ portalMembers { id status } }`, nil), &members)
	if len(members.PortalMembers) != 0 {
		t.Errorf("B sees A's members: %+v", members)
	}

	// Wrong tenant kind and anonymous callers, for every operation.
	exporterOnly := []string{`{ myMemberships { id } }`, `{ memberProfile { companyEn } }`, `{ inquiryInbox { id } }`, `{ peerBenchmarks { associationName } }`}
	associationOnly := []string{`{ myPortal { slug } }`, `{ portalMembers { id } }`, `{ portalInquiryStats { inquiries } }`}
	for _, q := range exporterOnly {
		if c := e.code(e.do(assocA, q, nil)); c != "FORBIDDEN" {
			t.Errorf("association runs %s: %s", q, c)
		}
	}
	for _, q := range associationOnly {
		if c := e.code(e.do(one, q, nil)); c != "FORBIDDEN" {
			t.Errorf("exporter runs %s: %s", q, c)
		}
	}
	for _, q := range append(append(exporterOnly, associationOnly...), `{ portalReports { id } }`) {
		if c := e.code(e.do("", q, nil)); c != "UNAUTHENTICATED" {
			t.Errorf("anonymous runs %s: %s", q, c)
		}
	}
	if c := e.code(e.do(one, `query($id: ID!) { portalReport(id: $id) { document } }`, map[string]any{"id": "nope"})); c != "NOT_FOUND" {
		t.Errorf("unknown published report: %s", c)
	}
	if c := e.code(e.do(two, markQ, map[string]any{"id": "nope"})); c != "NOT_FOUND" {
		t.Errorf("mark unknown inquiry: %s", c)
	}
	if c := e.code(e.do(assocA, publishQ, map[string]any{"in": map[string]any{"reportId": "not-a-job", "titleZh": "x", "titleEn": "x"}})); c != "NOT_FOUND" {
		t.Errorf("publish unknown report: %s", c)
	}
	if c := e.code(e.do(assocA, `mutation { setPortalLogo(dataBase64: "PHN2Zz48L3N2Zz4=") { hasLogoImage } }`, nil)); c != "BAD_INPUT" {
		t.Errorf("svg logo: %s", c)
	}

	// A member's own view: its profile with the private price, benchmarks
	// hidden below five contributors.
	var bm struct {
		PeerBenchmarks []struct {
			AssociationName string
			Price           struct {
				Available    bool
				Contributors int
				Median       *float64
			}
		}
	}
	e.ok(e.do(one, `{ peerBenchmarks { associationName price { available contributors median } } }`, nil), &bm)
	if len(bm.PeerBenchmarks) != 1 || bm.PeerBenchmarks[0].Price.Available || bm.PeerBenchmarks[0].Price.Median != nil || bm.PeerBenchmarks[0].Price.Contributors != 1 {
		t.Errorf("benchmarks with one member = %+v", bm)
	}
	var ended struct{ EndPortalMembership struct{ Status string } }
	e.ok(e.do(one, endQ, map[string]any{"id": id}), &ended)
	if ended.EndPortalMembership.Status != "ENDED" {
		t.Errorf("end = %+v", ended)
	}
}
