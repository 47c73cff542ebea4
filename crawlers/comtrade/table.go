package comtrade

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// header is a TSV/CSV header line: column names (lower-cased) and count.
type header struct {
	names []string
	cols  map[string]int
}

// requiredColumns lists the columns a TSV/CSV header must have; each
// entry is a set of alternatives. Read-only.
var requiredColumns = [][]string{
	{"reportercode", "reporteriso"},
	{"partnercode", "partneriso"},
	{"flowcode"},
	{"cmdcode"},
	{"refyear", "period"},
	{"primaryvalue", "cifvalue", "fobvalue"},
	{"classificationcode", "classificationsearchcode"},
}

func parseHeader(names []string) (header, error) {
	h := header{names: make([]string, len(names)), cols: make(map[string]int, len(names))}
	for i, n := range names {
		if !utf8.ValidString(n) {
			return h, fmt.Errorf("header: %w", ErrEncoding)
		}
		n = strings.ToLower(strings.TrimSpace(n))
		h.names[i] = n
		if n == "" {
			continue
		}
		if _, dup := h.cols[n]; dup {
			return h, fmt.Errorf("header: column %q appears twice", names[i])
		}
		h.cols[n] = i
	}
	for _, alts := range requiredColumns {
		found := false
		for _, a := range alts {
			if _, ok := h.cols[a]; ok {
				found = true
				break
			}
		}
		if !found {
			return h, fmt.Errorf("header has no %s column (not Comtrade data, or a layout this reader does not know)", strings.Join(alts, " or "))
		}
	}
	return h, nil
}

// tableFields is one TSV/CSV record read under its header.
type tableFields struct {
	h   *header
	rec []string
}

func (t tableFields) get(name string) (string, bool) {
	i, ok := t.h.cols[name]
	if !ok || i >= len(t.rec) {
		return "", false
	}
	v := strings.TrimSpace(t.rec[i])
	return v, v != ""
}

// record is one TSV/CSV line on its way to the collector.
type record struct {
	line   int
	fields []string
	err    error // a syntax error from the CSV reader
	// cut: the input ends inside this record (no final newline, or an
	// unclosed quote).
	cut bool
}

// tableRow checks one record's shape and encoding, then converts it.
func (c *collector) tableRow(h *header, r record) {
	if r.err != nil {
		c.res.Rows++
		if r.cut {
			c.rowErr(r.line, -1, fmt.Errorf("%w: %w: %v", ErrTruncated, ErrSyntax, r.err))
		} else {
			c.rowErr(r.line, -1, fmt.Errorf("%w: %v", ErrSyntax, r.err))
		}
		return
	}
	if len(r.fields) != len(h.names) {
		c.res.Rows++
		err := fmt.Errorf("%w: the line has %d, the header %d", ErrColumns, len(r.fields), len(h.names))
		if r.cut {
			err = fmt.Errorf("%w: %w", ErrTruncated, err)
		}
		c.rowErr(r.line, -1, err)
		return
	}
	for i, v := range r.fields {
		if !utf8.ValidString(v) {
			c.res.Rows++
			c.rowErr(r.line, -1, fmt.Errorf("column %s: %w", h.names[i], ErrEncoding))
			return
		}
	}
	c.row(r.line, -1, tableFields{h: h, rec: r.fields})
}

// decodeTSV reads the bulk-download layout: a header line, then one row a
// line, fields split on tabs with no quoting, lines ending in LF or CRLF.
// Blank lines are ignored.
func decodeTSV(br *bufio.Reader, c *collector) error {
	var h *header
	for line := 1; ; line++ {
		s, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if s == "" && err == io.EOF {
			break
		}
		hadNewline := strings.HasSuffix(s, "\n")
		s = strings.TrimSuffix(strings.TrimSuffix(s, "\n"), "\r")
		switch {
		case strings.TrimSpace(s) == "":
		case h == nil:
			hd, err := parseHeader(strings.Split(s, "\t"))
			if err != nil {
				return fmt.Errorf("line %d: %w", line, err)
			}
			h = &hd
		default:
			c.tableRow(h, record{line: line, fields: strings.Split(s, "\t"), cut: !hadNewline})
		}
		if err == io.EOF {
			break
		}
	}
	if h == nil {
		return errors.New("no header line")
	}
	return nil
}

// tailReader remembers the last byte read, to tell whether the input ends
// with a newline.
type tailReader struct {
	r    io.Reader
	last byte
}

func (t *tailReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.last = p[n-1]
	}
	return n, err
}

// decodeCSV reads the same columns comma-separated, with RFC 4180 quoting.
// A record with a syntax error (a stray quote) is a row error and reading
// goes on with the next line.
func decodeCSV(br *bufio.Reader, c *collector) error {
	tail := &tailReader{r: br}
	cr := csv.NewReader(tail)
	cr.FieldsPerRecord = -1
	names, err := cr.Read()
	if err == io.EOF {
		return errors.New("no header line")
	}
	if err != nil {
		return fmt.Errorf("header: %w", err)
	}
	h, err := parseHeader(names)
	if err != nil {
		return err
	}
	// Records go to the collector one behind the reader, so that the last
	// one is known to be last.
	var pending *record
	lastErrLine := 0
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		var r record
		var perr *csv.ParseError
		switch {
		case errors.As(err, &perr):
			if perr.StartLine == lastErrLine {
				return fmt.Errorf("line %d: %w", perr.StartLine, err) // no progress
			}
			lastErrLine = perr.StartLine
			r = record{line: perr.StartLine, err: perr.Err}
		case err != nil:
			return err
		default:
			line, _ := cr.FieldPos(0)
			r = record{line: line, fields: fields}
		}
		if pending != nil {
			c.tableRow(&h, *pending)
		}
		pending = &r
	}
	if pending != nil {
		pending.cut = tail.last != '\n' || errors.Is(pending.err, csv.ErrQuote)
		c.tableRow(&h, *pending)
	}
	return nil
}
