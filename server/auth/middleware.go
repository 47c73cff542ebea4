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
// "Authorization: Bearer <token>" (a session token or an API key), and
// puts it into the request's context. A request without the header goes
// on anonymously; one with a bad, expired or revoked token is rejected.
func (s *Service) Middleware(reject RejectFunc) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r = r.WithContext(context.WithValue(r.Context(), ipKey, ClientIP(r)))
			h := r.Header.Get("Authorization")
			if h == "" {
				next.ServeHTTP(w, r)
				return
			}
			scheme, token, ok := strings.Cut(h, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
				reject(w, r, apperr.New(apperr.Unauthenticated, "the Authorization header must be \"Bearer <token>\""))
				return
			}
			token = strings.TrimSpace(token)
			p, err := s.Authenticate(r.Context(), token)
			if err != nil {
				if code, _ := apperr.Public(err); code == apperr.CodeInternal {
					s.log.ErrorContext(r.Context(), "authenticate", "err", err)
				}
				reject(w, r, err)
				return
			}
			ctx := WithPrincipal(r.Context(), p)
			ctx = context.WithValue(ctx, tokenKey, token)
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
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
