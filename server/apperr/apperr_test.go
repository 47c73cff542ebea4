package apperr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/exportscope/exportscope/analytics/jobs"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/store"
)

func TestPublic(t *testing.T) {
	for _, tc := range []struct {
		err           error
		code, message string
	}{
		{fmt.Errorf("sign up: %w", apperr.New(apperr.BadInput, "password too short")), apperr.CodeBadInput, "password too short"},
		{apperr.New(apperr.NotFound, "no report %q", "x"), apperr.CodeNotFound, `no report "x"`},
		{fmt.Errorf("get: %w", jobs.ErrNotFound), apperr.CodeNotFound, "not found"},
		{fmt.Errorf("%w: search_after parse failure at [0]", store.ErrBadCursor), apperr.CodeBadInput, "the cursor is not valid for this query; start again without it"},
		{errors.New("sql: database is closed"), apperr.CodeInternal, "internal error; it has been logged"},
	} {
		code, msg := apperr.Public(tc.err)
		if code != tc.code || msg != tc.message {
			t.Errorf("Public(%v) = %s %q, want %s %q", tc.err, code, msg, tc.code, tc.message)
		}
	}
}
