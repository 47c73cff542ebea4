package portal

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/ratelimit"
)

//go:embed templates static
var assets embed.FS

// langCookie remembers the visitor's language choice.
const langCookie = "es_portal_lang"

// maxFormBytes caps an inquiry POST body.
const maxFormBytes = 32 << 10

// tokenTTL is how long an inquiry form stays valid.
const tokenTTL = 2 * time.Hour

// HandlerOptions configure the public pages.
type HandlerOptions struct {
	Service *Service
	Logger  *slog.Logger
	// InquiriesPerMinute and InquiryBurst limit inquiry POSTs per client
	// IP; 0 means 2 per minute with a burst of 5.
	InquiriesPerMinute float64
	InquiryBurst       int
	// PagesPerSecond and PageBurst limit all portal requests per client
	// IP; 0 means 20 per second with a burst of 60.
	PagesPerSecond float64
	PageBurst      int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Handler serves the public portal pages.
type Handler struct {
	svc    *Service
	log    *slog.Logger
	tmpl   *template.Template
	css    []byte
	key    []byte
	now    func() time.Time
	cop    *http.CrossOriginProtection
	submit http.Handler
	pages  http.Handler
}

// route is the portal a request is for and the path below its base.
type route struct {
	pt        *Portal
	base, sub string
}

type routeKey struct{}

// NewHandler parses the page templates and returns the handler.
func NewHandler(opts HandlerOptions) (*Handler, error) {
	if opts.Service == nil {
		return nil, errors.New("portal handler: a portal service is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.InquiriesPerMinute <= 0 {
		opts.InquiriesPerMinute = 2
	}
	if opts.InquiryBurst <= 0 {
		opts.InquiryBurst = 5
	}
	if opts.PagesPerSecond <= 0 {
		opts.PagesPerSecond = 20
	}
	if opts.PageBurst <= 0 {
		opts.PageBurst = 60
	}
	h := &Handler{svc: opts.Service, log: opts.Logger, now: opts.Now, cop: http.NewCrossOriginProtection()}
	t, err := template.New("").Funcs(template.FuncMap{
		"t":     func(lang, key string, args ...any) string { return tr(lang, key, args...) },
		"join":  strings.Join,
		"sname": sectorName,
		"cname": countryName,
		"svg":   func(c Chart, color, lang string) template.HTML { return c.SVG(color, lang) },
		"date":  func(t time.Time) string { return t.UTC().Format("2006-01-02") },
		"dict2": func(v *view, f SectorFigures) figView { return figView{View: v, F: f} },
	}).ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("portal templates: %w", err)
	}
	h.tmpl = t
	if h.css, err = assets.ReadFile("static/portal.css"); err != nil {
		return nil, fmt.Errorf("portal css: %w", err)
	}
	h.key = make([]byte, 32)
	if _, err := rand.Read(h.key); err != nil {
		return nil, fmt.Errorf("portal form key: %w", err)
	}
	h.submit = ratelimit.PerIP(ratelimit.Options{
		PerSecond: opts.InquiriesPerMinute / 60, Burst: opts.InquiryBurst, Now: opts.Now,
		Reject: func(w http.ResponseWriter, r *http.Request, err error) {
			v := r.Context().Value(viewKey{}).(*view)
			w.Header().Set("Retry-After", "30")
			h.message(w, v, http.StatusTooManyRequests, "tooMany", "tooManyText")
		},
	})(http.HandlerFunc(h.postInquiry))
	h.pages = ratelimit.PerIP(ratelimit.Options{
		PerSecond: opts.PagesPerSecond, Burst: opts.PageBurst, Now: opts.Now,
		Reject: func(w http.ResponseWriter, r *http.Request, err error) {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "too many requests / 请求过于频繁", http.StatusTooManyRequests)
		},
	})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt := r.Context().Value(routeKey{}).(route)
		h.serve(w, r, rt.pt, rt.base, rt.sub)
	}))
	return h, nil
}

func tr(lang, key string, args ...any) string {
	s, ok := messages[lang][key]
	if !ok {
		s = messages["zh"][key]
	}
	for i, a := range args {
		s = strings.ReplaceAll(s, "{"+strconv.Itoa(i)+"}", fmt.Sprint(a))
	}
	return s
}

func sectorName(sec analytics.Sector, lang string) string {
	if lang == "en" {
		return sec.Name.EN
	}
	return sec.Name.ZH
}

func countryName(code, lang string) string {
	for _, c := range countries {
		if c.Code == code {
			if lang == "en" {
				return c.EN
			}
			return c.ZH
		}
	}
	return code
}

// Middleware serves a portal when the request's Host is a portal's host
// name, or its path is /p/<slug>/…; any other request goes to next (the
// app), so unknown hosts reach the normal app.
func (h *Handler) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if pt, ok, err := h.svc.PortalByHost(ctx, r.Host); err != nil {
			h.log.ErrorContext(ctx, "portal by host", "host", r.Host, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		} else if ok {
			h.route(w, r, pt, "/", strings.TrimPrefix(r.URL.Path, "/"))
			return
		}
		if rest, ok := strings.CutPrefix(r.URL.Path, "/p/"); ok {
			slug, sub, hasSlash := strings.Cut(rest, "/")
			pt, ok, err := h.svc.PortalBySlug(ctx, slug)
			if err != nil {
				h.log.ErrorContext(ctx, "portal by slug", "slug", slug, "err", err)
				http.Error(w, "internal error", http.StatusInternalServerError)
				return
			}
			if !ok {
				h.notFound(w, &view{Lang: h.lang(w, r), Base: "/", Portal: &Portal{NameZH: "ExportScope", NameEN: "ExportScope", Primary: "#1a5fb4", Accent: "#e66100"}})
				return
			}
			if !hasSlash {
				http.Redirect(w, r, "/p/"+slug+"/", http.StatusMovedPermanently)
				return
			}
			h.route(w, r, pt, "/p/"+slug+"/", sub)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// route serves a portal request through the per-IP page limit.
func (h *Handler) route(w http.ResponseWriter, r *http.Request, pt *Portal, base, sub string) {
	h.pages.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), routeKey{}, route{pt, base, sub})))
}

// view is what every page template gets.
type view struct {
	Lang      string
	Base      string
	Path      string
	Portal    *Portal
	Sectors   []analytics.Sector // the featured sectors
	Countries []struct{ Code, ZH, EN string }
	Data      any
}

type viewKey struct{}

// figView is what the "figures" template gets.
type figView struct {
	View *view
	F    SectorFigures
}

// lang is the visitor's language: ?lang= (remembered in a cookie), the
// cookie, or Chinese.
func (h *Handler) lang(w http.ResponseWriter, r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "en" || l == "zh" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "en" || c.Value == "zh") {
		return c.Value
	}
	return "zh"
}

func securityHeaders(w http.ResponseWriter) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data: https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, pt *Portal, base, sub string) {
	securityHeaders(w)
	ctx := r.Context()
	switch sub {
	case "static/portal.css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.Write(h.css)
		return
	case "theme.css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=300")
		fmt.Fprintf(w, ":root{--primary:%s;--accent:%s}\n", pt.Primary, pt.Accent) // validated hex colours
		return
	case "logo":
		data, typ, err := h.svc.Logo(ctx, pt.TenantID)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", typ)
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Write(data)
		return
	}
	v := &view{Lang: h.lang(w, r), Base: base, Path: r.URL.Path, Portal: pt, Countries: countries}
	set, err := h.svc.sectorSet(ctx, pt.TenantID)
	if err != nil {
		h.fail(w, v, err)
		return
	}
	for _, slug := range pt.FeaturedSectors {
		if sec, err := set.Get(slug); err == nil {
			v.Sectors = append(v.Sectors, sec)
		}
	}
	w.Header().Set("Vary", "Cookie")
	get := r.Method == http.MethodGet || r.Method == http.MethodHead
	switch {
	case sub == "" && get:
		h.home(w, r, v)
	case strings.HasPrefix(sub, "sectors/") && get:
		h.sector(w, r, v, strings.TrimPrefix(sub, "sectors/"))
	case sub == "members" && get:
		h.members(w, r, v)
	case strings.HasPrefix(sub, "members/") && get:
		h.member(w, r, v, strings.TrimPrefix(sub, "members/"))
	case sub == "inquiry" && get:
		h.inquiryForm(w, r, v, InquiryInput{Sector: r.URL.Query().Get("sector"), Product: r.URL.Query().Get("product")}, nil, http.StatusOK)
	case sub == "inquiry" && r.Method == http.MethodPost:
		h.submit.ServeHTTP(w, r.WithContext(context.WithValue(ctx, viewKey{}, v)))
	case sub == "thanks" && get:
		h.render(w, v, http.StatusOK, "thanks.html", "public, max-age=300")
	case sub == "inquiry" || sub == "":
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	default:
		h.notFound(w, v)
	}
}

func (h *Handler) render(w http.ResponseWriter, v *view, status int, page, cache string) {
	var b strings.Builder
	if err := h.tmpl.ExecuteTemplate(&b, page, v); err != nil {
		h.log.Error("portal page", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if w.Header().Get("Set-Cookie") != "" && cache != "no-store" {
		cache = "private, no-cache" // an answer that sets the language cookie is not for shared caches
	}
	w.Header().Set("Cache-Control", cache)
	w.WriteHeader(status)
	fmt.Fprint(w, b.String())
}

type messageData struct{ Title, Text string }

func (h *Handler) message(w http.ResponseWriter, v *view, status int, title, text string) {
	v.Data = messageData{tr(v.Lang, title), tr(v.Lang, text)}
	h.render(w, v, status, "message.html", "no-store")
}

func (h *Handler) notFound(w http.ResponseWriter, v *view) {
	securityHeaders(w)
	h.message(w, v, http.StatusNotFound, "notFound", "notFoundText")
}

func (h *Handler) fail(w http.ResponseWriter, v *view, err error) {
	h.log.Error("portal page", "portal", v.Portal.Slug, "path", v.Path, "err", err)
	h.message(w, v, http.StatusInternalServerError, "error", "errorText")
}

type homeData struct {
	Figures []SectorFigures
	Members int
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request, v *view) {
	var d homeData
	for _, sec := range v.Sectors {
		f, err := h.svc.Figures(r.Context(), v.Portal, sec.Slug)
		if err != nil {
			h.fail(w, v, err)
			return
		}
		if len(f.Charts) > 1 {
			f.Charts = f.Charts[:1] // the home page shows each sector's first figure
		}
		d.Figures = append(d.Figures, f)
	}
	ms, err := h.svc.PublicMembers(r.Context(), v.Portal, "", "")
	if err != nil {
		h.fail(w, v, err)
		return
	}
	d.Members = len(ms)
	v.Data = d
	h.render(w, v, http.StatusOK, "home.html", "public, max-age=60")
}

func (h *Handler) sector(w http.ResponseWriter, r *http.Request, v *view, slug string) {
	f, err := h.svc.Figures(r.Context(), v.Portal, slug)
	if err != nil {
		if code, _ := apperr.Public(err); code == apperr.CodeNotFound {
			h.notFound(w, v)
			return
		}
		h.fail(w, v, err)
		return
	}
	v.Data = f
	h.render(w, v, http.StatusOK, "sector.html", "public, max-age=60")
}

type membersData struct {
	Query, Sector string
	Members       []PublicMember
}

func (h *Handler) members(w http.ResponseWriter, r *http.Request, v *view) {
	q := r.URL.Query()
	query := strings.TrimSpace(q.Get("q"))
	if len([]rune(query)) > 100 {
		query = string([]rune(query)[:100])
	}
	sector := q.Get("sector")
	if !contains(v.Portal.FeaturedSectors, sector) {
		sector = ""
	}
	ms, err := h.svc.PublicMembers(r.Context(), v.Portal, query, sector)
	if err != nil {
		h.fail(w, v, err)
		return
	}
	v.Data = membersData{Query: query, Sector: sector, Members: ms}
	h.render(w, v, http.StatusOK, "members.html", "public, max-age=60")
}

func (h *Handler) member(w http.ResponseWriter, r *http.Request, v *view, id string) {
	m, err := h.svc.PublicMember(r.Context(), v.Portal, id)
	if err != nil {
		if errors.Is(err, apperr.NotFound) {
			h.notFound(w, v)
			return
		}
		h.fail(w, v, err)
		return
	}
	v.Data = m
	h.render(w, v, http.StatusOK, "member.html", "public, max-age=60")
}

type formData struct {
	In     InquiryInput
	Errors []FieldError
	Token  string
}

func (h *Handler) inquiryForm(w http.ResponseWriter, r *http.Request, v *view, in InquiryInput, errs []FieldError, status int) {
	if v.Lang == "zh" {
		for i := range errs {
			if m, ok := fieldMessagesZH[errs[i].Field]; ok {
				errs[i].Msg = m
			}
		}
	}
	v.Data = formData{In: in, Errors: errs, Token: h.token(v.Portal.Slug)}
	h.render(w, v, status, "inquiry.html", "no-store")
}

// token is the inquiry form's anti-forgery token: the time it was issued
// and an HMAC of portal and time under a per-process key.
func (h *Handler) token(slug string) string {
	ts := strconv.FormatInt(h.now().Unix(), 10)
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(slug + "|" + ts))
	return ts + "." + hex.EncodeToString(m.Sum(nil))
}

func (h *Handler) validToken(slug, tok string) bool {
	ts, mac, ok := strings.Cut(tok, ".")
	if !ok {
		return false
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	age := h.now().Sub(time.Unix(sec, 0))
	if age < 0 || age > tokenTTL {
		return false
	}
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(slug + "|" + ts))
	want := hex.EncodeToString(m.Sum(nil))
	return hmac.Equal([]byte(want), []byte(mac))
}

func (h *Handler) postInquiry(w http.ResponseWriter, r *http.Request) {
	v := r.Context().Value(viewKey{}).(*view)
	if err := h.cop.Check(r); err != nil {
		h.log.WarnContext(r.Context(), "portal inquiry refused: cross-origin", "portal", v.Portal.Slug, "err", err)
		h.message(w, v, http.StatusForbidden, "badForm", "badFormText")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			v.Data = messageData{tr(v.Lang, "error"), tr(v.Lang, "tooLarge")}
			h.render(w, v, http.StatusRequestEntityTooLarge, "message.html", "no-store")
			return
		}
		h.message(w, v, http.StatusBadRequest, "badForm", "badFormText")
		return
	}
	if !h.validToken(v.Portal.Slug, r.PostForm.Get("token")) {
		h.message(w, v, http.StatusForbidden, "badForm", "badFormText")
		return
	}
	thanks := v.Base + "thanks"
	if r.PostForm.Get("website") != "" {
		// The honeypot field is hidden from people: only bots fill it.
		// They get the thank-you page and nothing is stored.
		h.log.InfoContext(r.Context(), "portal inquiry dropped: honeypot filled", "portal", v.Portal.Slug)
		http.Redirect(w, r, thanks, http.StatusSeeOther)
		return
	}
	f := r.PostForm.Get
	in := InquiryInput{Sector: f("sector"), Product: f("product"), Quantity: f("quantity"), Destination: f("destination"),
		ContactName: f("name"), Email: f("email"), Message: f("message"), Lang: v.Lang}
	if errs := CheckInquiry(v.Portal, &in); len(errs) > 0 {
		h.inquiryForm(w, r, v, in, errs, http.StatusBadRequest)
		return
	}
	if _, err := h.svc.SubmitInquiry(r.Context(), v.Portal, in); err != nil {
		h.fail(w, v, err)
		return
	}
	http.Redirect(w, r, thanks, http.StatusSeeOther)
}
