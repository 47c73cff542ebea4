package comtrade

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/exportscope/exportscope/store"
)

// Format is an input format of Comtrade data.
type Format int

// The formats Decode reads.
const (
	// FormatAuto detects the format from the content.
	FormatAuto Format = iota
	// FormatJSON is the v1 data API's JSON ({"count":..,"data":[..]}). As
	// an input format for Decode it means "JSON": the legacy layout is
	// recognised by its keys too.
	FormatJSON
	// FormatLegacyJSON is the retired api/get JSON ({"validation":..,
	// "dataset":[..]}).
	FormatLegacyJSON
	// FormatTSV is the bulk-download layout: tab-separated, a header line
	// with the data API's column names.
	FormatTSV
	// FormatCSV is the same columns, comma-separated (RFC 4180 quoting).
	FormatCSV
)

func (f Format) String() string {
	switch f {
	case FormatAuto:
		return "auto"
	case FormatJSON:
		return "json"
	case FormatLegacyJSON:
		return "legacy-json"
	case FormatTSV:
		return "tsv"
	case FormatCSV:
		return "csv"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Result is what Decode read from one input.
type Result struct {
	Source string
	// Format is the format found: FormatJSON, FormatLegacyJSON, FormatTSV
	// or FormatCSV.
	Format Format
	// Flows are the good rows, in input order, each with its stable ID
	// and validated.
	Flows []store.TradeFlow
	// RowErrs has one *RowError per rejected row. Skipped tells rows
	// outside the model from bad data.
	RowErrs []error
	// Warnings are remarks about the input as a whole.
	Warnings []*Warning
	// Rows is how many data rows the input had, good and bad.
	Rows int
	// Declared is the row count the input's header states (v1 "count",
	// legacy validation.count.value), or -1.
	Declared int
}

// ReadFile reads a file of Comtrade data in any of the formats, detected
// from its content. It returns the good rows as trade flows, one error per
// rejected row (a *RowError with its line or index) followed by any
// *Warning about the file as a whole, and an error when the file cannot be
// read at all (missing, empty, an unknown format, a JSON envelope or header
// line that does not parse, an error message from the API).
func ReadFile(path string) (flows []store.TradeFlow, rowErrs []error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("comtrade: %w", err)
	}
	defer f.Close()
	res, err := Decode(f, filepath.Base(path), FormatAuto)
	if err != nil {
		return nil, nil, err
	}
	rowErrs = res.RowErrs
	for _, w := range res.Warnings {
		rowErrs = append(rowErrs, w)
	}
	return res.Flows, rowErrs, nil
}

// Decode reads Comtrade data from r in format (FormatAuto to detect it).
// source names the input in errors. Rows that fail are reported in
// Result.RowErrs and the others kept; the error is for inputs that cannot
// be read at all.
func Decode(r io.Reader, source string, format Format) (*Result, error) {
	res, err := decode(r, source, format)
	if err != nil {
		return nil, fmt.Errorf("comtrade %s: %w", source, err)
	}
	return res, nil
}

func decode(r io.Reader, source string, format Format) (*Result, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(4)
	if len(head) == 0 {
		if err != nil && err != io.EOF {
			return nil, err
		}
		return nil, errors.New("empty input")
	}
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		// Spreadsheet exports are often UTF-16 with a byte-order mark.
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		br = bufio.NewReaderSize(transform.NewReader(br, dec), 64<<10)
	}
	if head, _ := br.Peek(3); bytes.Equal(head, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	if format == FormatAuto {
		if format, err = detect(br); err != nil {
			return nil, err
		}
	}
	c := newCollector(source, format)
	switch format {
	case FormatJSON, FormatLegacyJSON:
		err = decodeJSON(br, c)
	case FormatTSV:
		err = decodeTSV(br, c)
	case FormatCSV:
		err = decodeCSV(br, c)
	default:
		err = fmt.Errorf("unknown format %v", format)
	}
	if err != nil {
		return nil, err
	}
	return c.res, nil
}

// detect tells the format from the start of the input: JSON starts with
// '{'; otherwise the header line has tabs (TSV) or commas (CSV).
func detect(br *bufio.Reader) (Format, error) {
	head, _ := br.Peek(8 << 10)
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 {
		return 0, errors.New("empty input")
	}
	switch trimmed[0] {
	case '{':
		return FormatJSON, nil
	case '[', '<':
		return 0, fmt.Errorf("unknown format: input starts with %q, not a Comtrade JSON object or a header line", trimmed[0])
	}
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	switch {
	case bytes.IndexByte(line, '\t') >= 0:
		return FormatTSV, nil
	case bytes.IndexByte(line, ',') >= 0:
		return FormatCSV, nil
	}
	return 0, errors.New("unknown format: neither JSON nor a tab- or comma-separated header line")
}

// collector accumulates the rows of one input.
type collector struct {
	res  *Result
	seen map[string]string // flow ID -> where it was first seen
}

func newCollector(source string, format Format) *collector {
	return &collector{
		res:  &Result{Source: source, Format: format, Declared: -1},
		seen: map[string]string{},
	}
}

// row converts one row; line is its TSV/CSV line (or 0), index its JSON
// array index (or -1).
func (c *collector) row(line, index int, f fields) {
	c.res.Rows++
	tf, err := buildFlow(f)
	where := fmt.Sprintf("line %d", line)
	if line == 0 {
		where = fmt.Sprintf("row %d", index)
	}
	if err == nil {
		if first, dup := c.seen[tf.ID]; dup {
			err = fmt.Errorf("%w: same reporter, partner, HS code, period and flow as %s", ErrDuplicate, first)
		}
	}
	if err != nil {
		c.rowErr(line, index, err)
		return
	}
	c.seen[tf.ID] = where
	c.res.Flows = append(c.res.Flows, tf)
}

func (c *collector) rowErr(line, index int, err error) {
	c.res.RowErrs = append(c.res.RowErrs, &RowError{Source: c.res.Source, Format: c.res.Format, Line: line, Index: index, Err: err})
}

func (c *collector) warn(format string, args ...any) {
	c.res.Warnings = append(c.res.Warnings, &Warning{Source: c.res.Source, Msg: fmt.Sprintf(format, args...)})
}
