package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
)

// resolverError marks an error that a resolver returned (or a panic in
// one), as opposed to gqlgen's own errors about the request (parse,
// validation, argument coercion, limits).
type resolverError struct{ err error }

func (e *resolverError) Error() string { return e.err.Error() }
func (e *resolverError) Unwrap() error { return e.err }

// markResolverErrors is a field middleware that marks resolvers' errors.
func markResolverErrors(ctx context.Context, next graphql.Resolver) (any, error) {
	res, err := next(ctx)
	if err != nil {
		if fc := graphql.GetFieldContext(ctx); fc != nil && strings.HasPrefix(fc.Field.Name, "__") {
			return res, &resolverError{err: apperr.New(apperr.Forbidden, "introspection is disabled on this server")}
		}
		var re *resolverError
		if !errors.As(err, &re) {
			err = &resolverError{err: err}
		}
	}
	return res, err
}

// presentError turns any error into one a client may see: its code in
// extensions.code and a safe message. Resolvers' errors go through
// apperr's table; unknown ones become INTERNAL and are logged, since their
// text may hold SQL or Elasticsearch details. gqlgen's own errors are
// about the request the client sent, so they are BAD_INPUT with their
// message.
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		out := graphql.DefaultErrorPresenter(ctx, err)
		var re *resolverError
		var own *apperr.Error
		if errors.As(err, &re) || errors.As(err, &own) {
			code, msg := apperr.Public(err)
			if code == apperr.CodeInternal {
				attrs := []any{"err", err, "path", out.Path.String()}
				for _, a := range auth.FromContext(ctx).LogAttrs() {
					attrs = append(attrs, a)
				}
				log.ErrorContext(ctx, "graphql resolver failed", attrs...)
			}
			return &gqlerror.Error{Message: msg, Path: out.Path, Extensions: map[string]any{"code": code}}
		}
		msg := out.Message
		if strings.HasPrefix(msg, "json request body could not be decoded") {
			msg = "the request body is not valid JSON"
		}
		return &gqlerror.Error{Message: msg, Path: out.Path, Locations: out.Locations, Extensions: map[string]any{"code": apperr.CodeBadInput}}
	}
}

// recoverPanic logs a panic in a resolver with its stack and answers
// INTERNAL.
func recoverPanic(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, v any) error {
		log.ErrorContext(ctx, "panic in graphql resolver", "panic", v, "stack", string(debug.Stack()))
		return &resolverError{err: fmt.Errorf("panic: %v", v)}
	}
}

// WriteError answers a request that is refused before GraphQL runs (a bad
// token, too many requests, a wrong content type) with a GraphQL error
// response. err should be an apperr error. It fits auth.RejectFunc.
func WriteError(w http.ResponseWriter, _ *http.Request, err error) {
	code, msg := apperr.Public(err)
	status := http.StatusBadRequest
	switch code {
	case apperr.CodeUnauthenticated:
		status = http.StatusUnauthorized
	case apperr.CodeForbidden:
		status = http.StatusForbidden
	case apperr.CodeRateLimited, apperr.CodeQuotaExceeded:
		status = http.StatusTooManyRequests
	case apperr.CodeInternal:
		status = http.StatusInternalServerError
	}
	body, _ := json.Marshal(map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": map[string]any{"code": code}}}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
