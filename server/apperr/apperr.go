// Package apperr holds the kinds of error the API shows to its clients and
// the one table that maps any error to a client code and a safe message,
// in the manner of pkgsite's derrors. Domain packages wrap a kind with a
// message written for the client:
//
//	return apperr.New(apperr.BadInput, "password must have at least %d characters", n)
//
// Errors that are not built this way (a database failure, an
// Elasticsearch error) reach clients only as INTERNAL with a generic
// message; their text goes to the log.
package apperr

import (
	"context"
	"errors"
	"fmt"

	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/store"
)

// The kinds of error a client can see.
var (
	Unauthenticated = errors.New("unauthenticated")
	Forbidden       = errors.New("forbidden")
	NotFound        = errors.New("not found")
	BadInput        = errors.New("bad input")
	QuotaExceeded   = errors.New("quota exceeded")
	RateLimited     = errors.New("rate limited")
)

// The codes clients see in a GraphQL error's extensions.code.
const (
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeNotFound        = "NOT_FOUND"
	CodeBadInput        = "BAD_INPUT"
	CodeQuotaExceeded   = "QUOTA_EXCEEDED"
	CodeRateLimited     = "RATE_LIMITED"
	CodeInternal        = "INTERNAL"
)

// Error is an error whose message is meant for the client.
type Error struct {
	Kind error
	Msg  string
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Kind }

// New returns an error of kind with a client-facing message.
func New(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// mapping is one row of the table: errors that match target get code, and
// msg when the error carries no client message of its own.
type mapping struct {
	target error
	code   string
	msg    string
}

// table maps error kinds, ours and those of the packages below the API, to
// codes. The first match wins.
var table = []mapping{
	{Unauthenticated, CodeUnauthenticated, "authentication is required"},
	{Forbidden, CodeForbidden, "your role does not allow this"},
	{NotFound, CodeNotFound, "not found"},
	{BadInput, CodeBadInput, "the request is not valid"},
	{QuotaExceeded, CodeQuotaExceeded, "your plan's limit is reached"},
	{RateLimited, CodeRateLimited, "too many requests; slow down and retry shortly"},
	{store.ErrNotFound, CodeNotFound, "not found"},
	{jobs.ErrNotFound, CodeNotFound, "not found"},
	{store.ErrBadCursor, CodeBadInput, "the cursor is not valid for this query; start again without it"},
	{store.ErrBadQuery, CodeBadInput, "the query is not valid"},
	{context.DeadlineExceeded, CodeInternal, "the request took too long"},
}

// Public returns the code and the message a client may see for err. The
// message is the error's own text only when it was built with New; other
// errors get the table's message for their kind.
func Public(err error) (code, msg string) {
	if err == nil {
		return "", ""
	}
	var own *Error
	if errors.As(err, &own) {
		for _, m := range table {
			if errors.Is(own.Kind, m.target) {
				return m.code, own.Msg
			}
		}
	}
	for _, m := range table {
		if errors.Is(err, m.target) {
			return m.code, m.msg
		}
	}
	return CodeInternal, "internal error; it has been logged"
}
