package portal_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/portal"
)

type site struct {
	*env
	h       http.Handler
	pt      *portal.Portal
	members map[string]context.Context
}

const privatePrice = 987654.5

func newSite(t *testing.T, burst int) *site {
	e := newEnv(t)
	assoc, _ := e.tenant(auth.Association, "A")
	pt := e.portal(assoc, "assoc-a", "portal.test", "magnesium", "seafood")
	s := &site{env: e, pt: pt, members: map[string]context.Context{}}
	s.members["oxide"], _, _ = e.member(assoc, "oxide", portal.Profile{CompanyZH: "营口氧化镁厂", CompanyEN: "Yingkou Oxide Works", Sectors: []string{"magnesium"},
		ProductsZH: []string{"氧化镁"}, ProductsEN: []string{"magnesium oxide"}, Certifications: []string{"ISO 9001"}, ExportMarkets: []string{"DE", "JP"},
		PriceUSDPerTon: ptr(privatePrice)})
	s.members["sea"], _, _ = e.member(assoc, "sea", portal.Profile{CompanyZH: "盘锦海蜇", CompanyEN: "Panjin Jellyfish", Sectors: []string{"seafood"},
		ProductsZH: []string{"海蜇"}, ProductsEN: []string{"salted jellyfish"}, ExportMarkets: []string{"KR"}})
	// The shared market report of magnesium: imports, China's share and
	// opportunity; the portal shows imports and opportunity only.
	v := func(x float64) analytics.Figure { return analytics.Figure{Value: &x, Status: analytics.StatusOK} }
	share := v(37.5)
	share.Unit = analytics.UnitPercent
	rep := analytics.MarketReport{Header: analytics.Header{Type: "market", Version: 1, GeneratedAt: e.now}, Period: analytics.Window{From: "2020", To: "2024"},
		Trade: analytics.TradeSection{Markets: []analytics.TradeMarket{
			{Market: "DE", Size: v(12.5e6), ChinaShare: share}, {Market: "JP", Size: v(30e6), ChinaShare: share}}},
		Opportunity: analytics.OpportunitySection{Markets: []analytics.OpportunityRow{{Market: "JP", Rank: 1, Score: v(71)}}}}
	e.report("", "public-mg", "magnesium", rep)
	h, err := portal.NewHandler(portal.HandlerOptions{Service: e.svc, InquiryBurst: burst, InquiriesPerMinute: 0.001})
	if err != nil {
		t.Fatal(err)
	}
	s.h = h.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "the app") }))
	return s
}

func (s *site) get(host, path string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", "http://"+host+path, nil)
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	return w
}

var tokenRE = regexp.MustCompile(`name="token" value="([^"]+)"`)

func (s *site) token(t *testing.T) string {
	t.Helper()
	w := s.get("portal.test", "/inquiry")
	m := tokenRE.FindStringSubmatch(w.Body.String())
	if w.Code != 200 || m == nil {
		t.Fatalf("inquiry form: %d, no token", w.Code)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("form Cache-Control = %q, want no-store", cc)
	}
	return m[1]
}

func (s *site) post(form url.Values, hdr map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", "http://portal.test/inquiry", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.RemoteAddr = "203.0.113.9:5000"
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	return w
}

func TestPublicRouting(t *testing.T) {
	s := newSite(t, 5)
	tests := []struct {
		host, path string
		code       int
		contains   string
	}{
		{"portal.test", "/", 200, "镁质材料协会"},
		{"PORTAL.test:8080", "/", 200, "镁质材料协会"},
		{"127.0.0.1:8080", "/", 200, "the app"},
		{"other.example.org", "/members", 200, "the app"},
		{"127.0.0.1", "/p/assoc-a/", 200, "镁质材料协会"},
		{"127.0.0.1", "/p/assoc-a/members", 200, "营口氧化镁厂"},
		{"127.0.0.1", "/p/assoc-a", 301, ""},
		{"127.0.0.1", "/p/nope/", 404, "页面不存在"},
		{"portal.test", "/nope", 404, "页面不存在"},
		{"portal.test", "/sectors/petrochem", 404, ""},
		{"portal.test", "/static/portal.css", 200, "--primary"},
		{"portal.test", "/theme.css", 200, "--primary:#1a5fb4"},
	}
	for _, tt := range tests {
		w := s.get(tt.host, tt.path)
		if w.Code != tt.code || !strings.Contains(w.Body.String(), tt.contains) {
			t.Errorf("GET %s%s = %d, want %d containing %q; body %.200s", tt.host, tt.path, w.Code, tt.code, tt.contains, w.Body.String())
		}
		if strings.HasSuffix(tt.path, "/") && w.Code == 200 && tt.contains != "the app" {
			if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || w.Header().Get("X-Frame-Options") != "DENY" {
				t.Errorf("GET %s%s: security headers missing: %v", tt.host, tt.path, w.Header())
			}
			if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age") {
				t.Errorf("GET %s%s: Cache-Control %q", tt.host, tt.path, cc)
			}
		}
	}
}

func TestPublicPagesContent(t *testing.T) {
	s := newSite(t, 5)
	// Language: Chinese by default, ?lang=en switches and is remembered.
	w := s.get("portal.test", "/?lang=en")
	if !strings.Contains(w.Body.String(), "Magnesia Association") || strings.Contains(w.Body.String(), "镁质材料协会</h1>") {
		t.Errorf("?lang=en page is not English")
	}
	var lang *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == "es_portal_lang" {
			lang = c
		}
	}
	if lang == nil || lang.Value != "en" {
		t.Fatalf("no language cookie set")
	}
	if cc := w.Header().Get("Cache-Control"); strings.Contains(cc, "public") {
		t.Errorf("an answer setting the language cookie is publicly cacheable: %q", cc)
	}
	if body := s.get("portal.test", "/members", lang).Body.String(); !strings.Contains(body, "Yingkou Oxide Works") {
		t.Errorf("cookie does not keep English")
	}
	// Search, in Chinese and English.
	for q, want := range map[string][]string{"oxide": {"营口氧化镁厂"}, "海蜇": {"盘锦海蜇"}, "iso 9001": {"营口氧化镁厂"}, "KR": {"盘锦海蜇"}, "zzz": nil} {
		body := s.get("portal.test", "/members?q="+url.QueryEscape(q)).Body.String()
		for _, name := range []string{"营口氧化镁厂", "盘锦海蜇"} {
			if got, wanted := strings.Contains(body, ">"+name+"<"), contains(want, name); got != wanted {
				t.Errorf("search %q: shows %s = %v, want %v", q, name, got, wanted)
			}
		}
	}
	// Public figures: only those marked public.
	body := s.get("portal.test", "/sectors/magnesium").Body.String()
	if !strings.Contains(body, `data-figure="imports"`) || !strings.Contains(body, `data-figure="opportunity"`) || strings.Contains(body, `data-figure="china_share"`) {
		t.Errorf("sector page figures wrong: %.600s", body)
	}
	if !strings.Contains(body, "<svg") || !strings.Contains(body, "30.0") {
		t.Errorf("sector page has no chart of JP's 30.0 million")
	}
	// No page shows the private price.
	for _, p := range []string{"/", "/members", "/sectors/magnesium", "/members?q=oxide"} {
		if b := s.get("portal.test", p).Body.String(); strings.Contains(b, "987654") || strings.Contains(b, "987,654") {
			t.Errorf("%s shows a member's private price", p)
		}
	}
	ms, _ := s.svc.PublicMembers(context.Background(), s.pt, "oxide", "")
	if b := s.get("portal.test", "/members/"+ms[0].ID).Body.String(); !strings.Contains(b, "ISO 9001") || strings.Contains(b, "987654") {
		t.Errorf("member page wrong or shows the private price: %s", b)
	}
}

func validForm(token string) url.Values {
	return url.Values{"token": {token}, "sector": {"magnesium"}, "product": {"magnesium oxide 95%"}, "quantity": {"200 t"},
		"destination": {"DE"}, "name": {"Hans Buyer"}, "email": {"hans@example.de"}, "message": {"Please quote FOB Dalian."}}
}

func (s *site) inboxes(t *testing.T) (oxide, sea int) {
	t.Helper()
	a, err := s.svc.Inbox(s.members["oxide"])
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.svc.Inbox(s.members["sea"])
	if err != nil {
		t.Fatal(err)
	}
	return len(a), len(b)
}

func TestInquirySpamDefences(t *testing.T) {
	s := newSite(t, 10)
	tok := s.token(t)
	same := map[string]string{"Origin": "http://portal.test", "Sec-Fetch-Site": "same-origin"}
	hp := validForm(tok)
	hp.Set("website", "http://spam.example")
	long := validForm(tok)
	long.Set("message", strings.Repeat("x", 40<<10))
	badField := validForm(tok)
	badField.Set("email", "nope")
	badField.Set("product", "")
	tests := []struct {
		name   string
		form   url.Values
		hdr    map[string]string
		code   int
		inText string
	}{
		{"no token", func() url.Values { f := validForm(tok); f.Del("token"); return f }(), same, 403, "表单已失效"},
		{"forged token", validForm("1." + strings.Repeat("0", 64)), same, 403, ""},
		{"cross-origin", validForm(tok), map[string]string{"Origin": "https://evil.example"}, 403, ""},
		{"cross-site fetch", validForm(tok), map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, ""},
		{"too large", long, same, 413, "内容过长"},
		{"bad fields", badField, same, 400, "邮箱格式不正确"},
		{"honeypot", hp, same, 303, ""},
	}
	for _, tt := range tests {
		w := s.post(tt.form, tt.hdr)
		if w.Code != tt.code || !strings.Contains(w.Body.String(), tt.inText) {
			t.Errorf("%s: %d, want %d with %q; %.300s", tt.name, w.Code, tt.code, tt.inText, w.Body.String())
		}
	}
	if a, b := s.inboxes(t); a != 0 || b != 0 {
		t.Fatalf("refused or honeypot inquiries reached inboxes: %d %d", a, b)
	}
	// A good one goes to the oxide maker only.
	w := s.post(validForm(tok), same)
	if w.Code != 303 || w.Header().Get("Location") != "/thanks" {
		t.Fatalf("valid inquiry: %d %s %.300s", w.Code, w.Header().Get("Location"), w.Body.String())
	}
	if a, b := s.inboxes(t); a != 1 || b != 0 {
		t.Errorf("inboxes after a magnesium inquiry = %d, %d; want 1, 0", a, b)
	}
	if body := s.get("portal.test", "/thanks").Body.String(); !strings.Contains(body, "询盘已提交") {
		t.Errorf("thank-you page wrong")
	}
}

func TestInquiryRateLimit(t *testing.T) {
	s := newSite(t, 2)
	tok := s.token(t)
	same := map[string]string{"Origin": "http://portal.test"}
	codes := []int{}
	for i := range 4 {
		f := validForm(tok)
		f.Set("email", fmt.Sprintf("b%d@example.com", i))
		codes = append(codes, s.post(f, same).Code)
	}
	if fmt.Sprint(codes) != "[303 303 429 429]" {
		t.Errorf("codes = %v, want two accepted then 429", codes)
	}
	if a, _ := s.inboxes(t); a != 2 {
		t.Errorf("oxide inbox = %d, want 2", a)
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func TestPageRateLimit(t *testing.T) {
	e := newEnv(t)
	assoc, _ := e.tenant(auth.Association, "A")
	e.portal(assoc, "assoc-a", "portal.test", "magnesium")
	h, err := portal.NewHandler(portal.HandlerOptions{Service: e.svc, PagesPerSecond: 0.001, PageBurst: 3})
	if err != nil {
		t.Fatal(err)
	}
	mw := h.Middleware(http.NotFoundHandler())
	var codes []int
	for range 5 {
		w := httptest.NewRecorder()
		mw.ServeHTTP(w, httptest.NewRequest("GET", "http://portal.test/members", nil))
		codes = append(codes, w.Code)
	}
	if fmt.Sprint(codes) != "[200 200 200 429 429]" {
		t.Errorf("codes = %v, want three pages then 429", codes)
	}
}
