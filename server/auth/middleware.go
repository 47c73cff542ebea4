package auth

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/exportscope/exportscope/server/apperr"
)

// ctxKey is the unexported type of this package's context keys.
type ctxKey int

const (
	principalKey ctxKey = iota
	tokenKey
	ipKey
)

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey, p)
}

// FromContext returns the caller resolved by the middleware, or nil for an
// anonymous request.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey).(*Principal)
	return p
}

// TokenFromContext returns the bearer token of the request (for signing
// out).
func TokenFromContext(ctx context.Context) string {
	t, _ := ctx.Value(tokenKey).(string)
	return t
}

// RejectFunc writes the answer to a request that cannot go on; err is an
// apperr error.
type RejectFunc func(w http.ResponseWriter, r *http.Request, err error)

// Middleware resolves the caller of each request once, from
// "Authorization: Bearer <token>" (a session token or an API key) or else
// from the session cookie, and puts it into the request's context. A
// request with neither goes on anonymously. A bad, expired or revoked
// Bearer token is rejected; such a cookie is cleared and the request goes
// on anonymously, so that signing in again works and everything else
// answers UNAUTHENTICATED. A cookie-authenticated request that changes
// state must come from the same origin (see Cookies); Bearer requests are
// exempt.
func (s *Service) Middleware(reject RejectFunc) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithValue(r.Context(), ipKey, ClientIP(r))
			ctx = context.WithValue(ctx, jarKey, &cookieJar{cookies: s.cookies, w: w, r: r})
			r = r.WithContext(ctx)
			token, fromCookie, err := s.requestToken(r)
			var p *Principal
			if err == nil && token != "" {
				p, err = s.Authenticate(ctx, token)
			}
			if err != nil {
				code, _ := apperr.Public(err)
				if code == apperr.CodeInternal {
					s.log.ErrorContext(ctx, "authenticate", "err", err)
				}
				if !fromCookie || code == apperr.CodeInternal {
					reject(w, r, err)
					return
				}
				s.cookies.clear(w, r) // a stale cookie: go on anonymously
				p = nil
			}
			if p == nil {
				next.ServeHTTP(w, r)
				return
			}
			if fromCookie && r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions {
				if err := s.cookies.checkOrigin(r); err != nil {
					s.log.WarnContext(ctx, "cross-origin cookie request refused", "origin", r.Header.Get("Origin"),
						"sec_fetch_site", r.Header.Get("Sec-Fetch-Site"), "ip", ClientIP(r))
					reject(w, r, err)
					return
				}
			}
			ctx = WithPrincipal(ctx, p)
			ctx = context.WithValue(ctx, tokenKey, token)
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// requestToken finds the request's credential: the Authorization header
// first, else the session cookie (fromCookie). No credential is "".
func (s *Service) requestToken(r *http.Request) (token string, fromCookie bool, err error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		token = strings.TrimSpace(token)
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			return "", false, apperr.New(apperr.Unauthenticated, "the Authorization header must be \"Bearer <token>\"")
		}
		return token, false, nil
	}
	token, ok, err := s.cookies.token(r)
	if !ok {
		return "", false, nil
	}
	return token, true, err
}

// IPFromContext returns the client IP the middleware saw.
func IPFromContext(ctx context.Context) string {
	ip, _ := ctx.Value(ipKey).(string)
	return ip
}

// ClientIP is the request's remote IP (without the port), for the audit
// log and rate limits. Forwarded headers are not trusted.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// LogAttrs are the request-scoped log attributes of the caller.
func (p *Principal) LogAttrs() []slog.Attr {
	if p == nil {
		return nil
	}
	return []slog.Attr{slog.String("tenant", p.Tenant.ID), slog.String("user", p.User.ID)}
}
