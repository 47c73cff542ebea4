package comtrade

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// jsonFields is one JSON row, keys lower-cased.
type jsonFields map[string]json.RawMessage

func (m jsonFields) get(name string) (string, bool) {
	raw, ok := m[name]
	if !ok {
		return "", false
	}
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", false
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return string(raw), true
		}
		s = strings.TrimSpace(s)
		return s, s != ""
	}
	// Numbers, booleans, and (wrongly) objects or arrays as their text,
	// which then fail to parse as what the field should be.
	return string(raw), true
}

// legacyNames maps the v1 names buildFlow asks for to the legacy api/get
// keys (lower-cased).
var legacyNames = map[string]string{
	"refyear":            "yr",
	"reportercode":       "rtcode",
	"reporteriso":        "rt3iso",
	"partnercode":        "ptcode",
	"partneriso":         "pt3iso",
	"classificationcode": "pfcode",
	"qtyunitcode":        "qtcode",
	"qty":                "tradequantity",
	"netwgt":             "netweight",
	"primaryvalue":       "tradevalue",
}

// legacyFlows maps the legacy rgCode to v1 flow codes.
var legacyFlows = map[string]string{"1": "M", "2": "X", "3": "RX", "4": "RM"}

// legacyFields reads a legacy api/get row under the v1 names.
type legacyFields struct{ jsonFields }

func (l legacyFields) get(name string) (string, bool) {
	if name == "flowcode" {
		rg, ok := l.jsonFields.get("rgcode")
		if !ok {
			return "", false
		}
		if code, ok := legacyFlows[rg]; ok {
			return code, true
		}
		return "rgCode " + rg, true
	}
	if alias, ok := legacyNames[name]; ok {
		return l.jsonFields.get(alias)
	}
	return l.jsonFields.get(name)
}

// legacyValidation is the legacy api/get header.
type legacyValidation struct {
	Status struct {
		Name        string `json:"name"`
		Value       int    `json:"value"`
		Description string `json:"description"`
	} `json:"status"`
	Message *string `json:"message"`
	Count   struct {
		Value *int `json:"value"`
	} `json:"count"`
}

// decodeJSON reads a v1 data API response or a legacy api/get response,
// streaming the rows of its data (or dataset) array. Problems before the
// array are errors; a row that does not convert is a row error; input that
// breaks off inside the array ends the read with a row error (the rows
// before it are kept); problems after the array are warnings.
func decodeJSON(r io.Reader, c *collector) error {
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return errors.New("empty input")
		}
		return fmt.Errorf("not JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("not a Comtrade JSON response: it starts with %v, not an object", tok)
	}
	var (
		sawRows, stopped bool
		apiError         string
		validation       *legacyValidation
	)
	// envErr reports a problem outside the rows: fatal before them, a
	// warning once they are in.
	envErr := func(err error) error {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if sawRows {
			c.warn("response is malformed after its rows: %v", err)
			return nil
		}
		return fmt.Errorf("malformed JSON: %w", err)
	}
	for !stopped && dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return envErr(err)
		}
		key, _ := tok.(string)
		switch k := strings.ToLower(key); k {
		case "data", "dataset":
			if sawRows {
				return errors.New("response has both data and dataset arrays, or one twice")
			}
			sawRows = true
			c.res.Format = FormatJSON
			if k == "dataset" {
				c.res.Format = FormatLegacyJSON
			}
			stopped, err = readRows(dec, c, k == "dataset")
			if err != nil {
				return err
			}
		case "count":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return envErr(err)
			}
			if n, err := strconv.Atoi(string(bytes.TrimSpace(raw))); err == nil {
				c.res.Declared = n
			}
		case "error":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return envErr(err)
			}
			apiError, _ = jsonFields{"error": raw}.get("error")
		case "validation":
			validation = new(legacyValidation)
			if err := dec.Decode(validation); err != nil {
				return envErr(err)
			}
			if validation.Count.Value != nil {
				c.res.Declared = *validation.Count.Value
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return envErr(err)
			}
		}
	}
	if !stopped {
		if _, err := dec.Token(); err != nil {
			if err := envErr(err); err != nil {
				return err
			}
		}
	}
	if apiError != "" {
		return fmt.Errorf("the API reported an error: %s", apiError)
	}
	if validation != nil && validation.Status.Value != 0 {
		msg := validation.Status.Name
		if validation.Status.Description != "" {
			msg += ": " + validation.Status.Description
		}
		if validation.Message != nil && *validation.Message != "" {
			msg += ": " + *validation.Message
		}
		return fmt.Errorf("the API reported status %d: %s", validation.Status.Value, msg)
	}
	if !sawRows {
		return errors.New("no data (or dataset) array in the response")
	}
	if !stopped && c.res.Declared >= 0 && c.res.Declared != c.res.Rows {
		c.warn("header says %d rows but the response has %d", c.res.Declared, c.res.Rows)
	}
	return nil
}

// readRows reads the rows array (or null). It reports stopped when the
// input broke off or went wrong inside the array, after recording a row
// error at the index where it did.
func readRows(dec *json.Decoder, c *collector, legacy bool) (stopped bool, err error) {
	tok, err := dec.Token()
	if err != nil {
		return false, fmt.Errorf("malformed JSON at the data array: %w", err)
	}
	if tok == nil {
		return false, nil // "data": null
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return false, fmt.Errorf("data is %v, not an array", tok)
	}
	broken := func(i int, err error) (bool, error) {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			c.rowErr(0, i, fmt.Errorf("%w: the input ends inside the data array", ErrTruncated))
		} else {
			c.rowErr(0, i, fmt.Errorf("%w: %v; the rest of the input is not read", ErrSyntax, err))
		}
		return true, nil
	}
	i := 0
	for ; dec.More(); i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return broken(i, err)
		}
		c.jsonRow(i, raw, legacy)
	}
	if _, err := dec.Token(); err != nil {
		return broken(i, err)
	}
	return false, nil
}

func (c *collector) jsonRow(i int, raw json.RawMessage, legacy bool) {
	if !utf8.Valid(raw) {
		c.res.Rows++
		c.rowErr(0, i, ErrEncoding)
		return
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		c.res.Rows++
		c.rowErr(0, i, fmt.Errorf("%w: row is not a JSON object", ErrBadValue))
		return
	}
	f := make(jsonFields, len(m))
	for k, v := range m {
		f[strings.ToLower(k)] = v
	}
	if legacy {
		c.row(0, i, legacyFields{f})
	} else {
		c.row(0, i, f)
	}
}
