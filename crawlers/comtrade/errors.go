package comtrade

import (
	"errors"
	"fmt"
)

// Errors that row errors wrap, for errors.Is. The first group are rows that
// are well formed but outside what store.TradeFlow models (see Skipped);
// the second are bad data.
var (
	// ErrNotHS: the row is in another classification (SITC "S1".."S4",
	// BEC, EBOPS services), whose codes are not HS codes.
	ErrNotHS = errors.New("not an HS classification")
	// ErrNotCountry: the reporter or partner is a group (EU, ASEAN), an
	// area "not elsewhere specified", bunkers, free zones, or a state that
	// no longer exists (USSR, Yugoslavia).
	ErrNotCountry = errors.New("not a country")
	// ErrBreakdown: the row breaks a total down by second partner, customs
	// procedure or mode of transport; only the totals are trade flows.
	ErrBreakdown = errors.New("a breakdown, not a total")
	// ErrSubFlow: a flow code other than M, X, RM, RX (DX domestic
	// exports, FM foreign imports, inward/outward processing ...).
	ErrSubFlow = errors.New("not import, export, re-import or re-export")

	// ErrUnknownCountry: a reporter or partner code that neither
	// Comtrade's reference list, nor UN M49, nor the ISO alpha-3 code
	// explains.
	ErrUnknownCountry = errors.New("unknown country code")
	// ErrBadValue: a missing required value, a number that does not
	// parse, or a value the store would reject.
	ErrBadValue = errors.New("bad value")
	// ErrColumns: a TSV/CSV line with a different number of columns than
	// the header.
	ErrColumns = errors.New("wrong number of columns")
	// ErrEncoding: text that is not valid UTF-8.
	ErrEncoding = errors.New("text is not valid UTF-8")
	// ErrTruncated: the input ends in the middle of a row.
	ErrTruncated = errors.New("input is truncated")
	// ErrSyntax: JSON or CSV that does not parse (a stray quote, a
	// missing comma).
	ErrSyntax = errors.New("syntax error")
	// ErrDuplicate: the same reporter, partner, HS code, period and flow
	// appeared earlier in the input; the first is kept.
	ErrDuplicate = errors.New("duplicate flow")
)

// Skipped reports whether err is about a row that is well formed but not a
// trade flow in store.TradeFlow's sense (another classification, a
// non-country area, a breakdown, a sub-flow), as opposed to bad data.
func Skipped(err error) bool {
	return errors.Is(err, ErrNotHS) || errors.Is(err, ErrNotCountry) || errors.Is(err, ErrBreakdown) || errors.Is(err, ErrSubFlow)
}

// RowError is the error of one row: where it is (line for TSV/CSV, array
// index for JSON) and what is wrong with it.
type RowError struct {
	// Source names the input: a file name, or the request for API data.
	Source string
	Format Format
	// Line is the 1-based line of a TSV/CSV row (the header is line 1),
	// or 0.
	Line int
	// Index is the 0-based index of a JSON row in its data array, or -1.
	Index int
	Err   error
}

func (e *RowError) Error() string {
	src := e.Source
	if src == "" {
		src = "input"
	}
	if e.Line > 0 {
		return fmt.Sprintf("comtrade %s line %d: %v", src, e.Line, e.Err)
	}
	if e.Index >= 0 {
		return fmt.Sprintf("comtrade %s row %d: %v", src, e.Index, e.Err)
	}
	return fmt.Sprintf("comtrade %s: %v", src, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// Warning is a remark about an input as a whole that cost no rows, such as
// a header count that disagrees with the rows present. ReadFile returns
// warnings among its row errors; use errors.As to tell them apart.
type Warning struct {
	Source string
	Msg    string
}

func (w *Warning) Error() string { return fmt.Sprintf("comtrade %s: warning: %s", w.Source, w.Msg) }
