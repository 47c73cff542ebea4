// Package graph is ExportScope's GraphQL API (gqlgen, schema-first: the
// schema is graph/*.graphqls, the resolvers follow it in
// *.resolvers.go). NewHandler builds the POST /graphql handler with its
// limits, error presenter and authentication.
package graph

import (
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/exportscope/exportscope/graph/generated"
	"github.com/exportscope/exportscope/graph/model"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/portal"
	"github.com/exportscope/exportscope/server/teaching"
	"github.com/exportscope/exportscope/server/tenancy"
)

// Limits on queries.
const (
	// MaxFirst caps a page's size (the first argument).
	MaxFirst     = 100
	defaultFirst = 20
	// MaxQueryText caps the listings search text.
	MaxQueryText = 200
)

// Options configure the GraphQL handler.
type Options struct {
	Auth   *auth.Service
	Data   *tenancy.Service
	Portal *portal.Service // the association portals (nil: portal operations are FORBIDDEN)
	// Teaching is the teaching mode; nil answers its operations with
	// NOT_FOUND.
	Teaching *teaching.Service
	Logger   *slog.Logger
	// MaxDepth is how deep selections may nest; 0 means 10.
	MaxDepth int
	// MaxComplexity bounds an operation's complexity (a list field counts
	// its children once per requested item); 0 means 5000.
	MaxComplexity int
	// MaxBodyBytes caps a request's body; 0 means 3 MiB, so that a 2 MB
	// upload (tenancy.MaxUploadBytes) fits with its JSON escaping.
	MaxBodyBytes int64
	// Introspection enables schema introspection (for a playground).
	Introspection bool
	// WebSocket configures subscriptions over WebSocket (GET /graphql,
	// graphql-transport-ws).
	WebSocket WebSocketOptions
}

// WebSocketOptions configure subscriptions.
type WebSocketOptions struct {
	// Origins are host patterns (path.Match syntax, e.g.
	// "app.exportscope.dev", "*.exportscope.dev") a browser's Origin may
	// name besides the server's own host; other origins are refused.
	Origins []string
	// MaxMessageBytes caps a client message; 0 means 64 KiB.
	MaxMessageBytes int64
	// KeepAlive is the interval of keep-alive pings; 0 means 15 s.
	KeepAlive time.Duration
	// InitTimeout bounds the wait for connection_init; 0 means 10 s.
	InitTimeout time.Duration
	// PollEvery is how often a subscription looks at its job; 0 means
	// 250 ms.
	PollEvery time.Duration
}

// NewHandler returns the handler of POST /graphql.
func NewHandler(opts Options) (http.Handler, error) {
	switch {
	case opts.Auth == nil:
		return nil, errors.New("graph: an auth service is required")
	case opts.Data == nil:
		return nil, errors.New("graph: a tenancy service is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = 10
	}
	if opts.MaxComplexity <= 0 {
		opts.MaxComplexity = 5000
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 3 << 20
	}
	cfg := generated.Config{Resolvers: &Resolver{Auth: opts.Auth, Data: opts.Data, Portal: opts.Portal, Teaching: opts.Teaching, Logger: opts.Logger, PollEvery: opts.WebSocket.PollEvery}}
	cfg.Complexity.Query.Listings = func(child int, _ *string, _ *model.ListingFilter, _ *model.ListingSort, first *int, _ *string) int {
		n := defaultFirst
		if first != nil {
			n = min(max(*first, 1), MaxFirst)
		}
		return 1 + n*child
	}
	// Lists count their children once per item they may return.
	perItem := func(child int, first *int, def, most int) int {
		n := def
		if first != nil {
			n = min(max(*first, 1), most)
		}
		return 1 + n*child
	}
	cfg.Complexity.Query.Brands = func(child int, _ *model.BrandFilter, first *int) int {
		return perItem(child, first, defaultFirst, MaxFirst)
	}
	cfg.Complexity.Query.TradeFlows = func(child int, _ model.TradeFlowFilter, first *int, _ *string) int {
		return perItem(child, first, defaultFirst, MaxFirst)
	}
	cfg.Complexity.Query.Reports = func(child int, first *int, _ *string) int { return perItem(child, first, defaultFirst, MaxFirst) }
	cfg.Complexity.Query.Alerts = func(child int, _ *bool, first *int) int { return perItem(child, first, 50, MaxFirst) }
	srv := handler.New(generated.NewExecutableSchema(cfg))
	srv.AddTransport(transport.POST{})
	srv.AddTransport(webSocketTransport(opts.Auth, opts.WebSocket, opts.Logger))
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(10000)
	srv.Use(extension.FixedComplexityLimit(opts.MaxComplexity))
	srv.Use(depthLimit{max: opts.MaxDepth})
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.AroundOperations(withLoaders(opts.Auth))
	srv.AroundFields(markResolverErrors)
	srv.SetErrorPresenter(presentError(opts.Logger))
	srv.SetRecoverFunc(recoverPanic(opts.Logger))

	var h http.Handler = srv
	h = opts.Auth.Middleware(WriteError)(h)
	// Subscriptions: browsers cannot set headers on a WebSocket, so the
	// caller may also authenticate in connection_init (see
	// webSocketTransport); a caller the middleware already resolved is
	// kept. The JSON body rules do not apply to the upgrade.
	ws := opts.Auth.Middleware(WriteError)(srv)
	h = requireJSON(opts.MaxBodyBytes)(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && isWebSocketUpgrade(r) {
			ws.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	}), nil
}

// requireJSON refuses bodies that are not JSON and caps their size.
func requireJSON(maxBytes int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || mt != "application/json" {
				WriteError(w, r, apperr.New(apperr.BadInput, "send the query as JSON: POST with Content-Type: application/json"))
				return
			}
			if r.ContentLength > maxBytes {
				WriteError(w, r, apperr.New(apperr.BadInput, "the request body is larger than %d bytes", maxBytes))
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxBytes)
			next.ServeHTTP(w, r)
		})
	}
}
