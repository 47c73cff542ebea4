package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
)

// ldGraph is what the JSON-LD blocks of a page hold.
type ldGraph struct {
	products    []node
	breadcrumbs []string
}

// maxDepth bounds the walk through nested JSON.
const maxDepth = 64

// parseJSONLD decodes one <script type="application/ld+json"> block and
// adds its products and breadcrumbs to g. A block that is not valid JSON
// even after common repairs (HTML comments, CDATA wrappers, raw line
// breaks inside strings, trailing commas) is reported and skipped; values
// decoded before the error are kept.
func (g *ldGraph) parseJSONLD(block []byte) error {
	vals, err := decodeAll(block)
	if err != nil {
		if fixed, ferr := decodeAll(repairJSON(block)); ferr == nil {
			vals, err = fixed, nil
		}
	}
	for _, v := range vals {
		g.walk(v, 0)
	}
	return err
}

// decodeAll reads every JSON value in data (some pages put several in one
// block), returning those read before an error.
func decodeAll(data []byte) ([]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			if len(out) == 0 {
				return nil, errors.New("empty block")
			}
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("invalid JSON at byte %d: %w", dec.InputOffset(), err)
		}
		out = append(out, numbersToFloat(v, 0))
	}
}

// numbersToFloat turns json.Number into float64 (a number too large for
// float64 becomes its text, which later parsing rejects).
func numbersToFloat(v any, depth int) any {
	if depth > maxDepth {
		return nil
	}
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return x.String()
		}
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = numbersToFloat(e, depth+1)
		}
	case []any:
		for i, e := range x {
			x[i] = numbersToFloat(e, depth+1)
		}
	}
	return v
}

var (
	wrappers      = regexp.MustCompile(`^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$`)
	trailingComma = regexp.MustCompile(`,(\s*[}\]])`)
)

// repairJSON fixes the mistakes JSON-LD blocks commonly have.
func repairJSON(b []byte) []byte {
	b = wrappers.ReplaceAll(b, nil)
	// Raw control characters inside strings: escape them.
	var out bytes.Buffer
	inStr, esc := false, false
	for _, c := range b {
		switch {
		case esc:
			esc = false
		case c == '\\' && inStr:
			esc = true
		case c == '"':
			inStr = !inStr
		case inStr && c < 0x20:
			fmt.Fprintf(&out, `\u%04x`, c)
			continue
		}
		out.WriteByte(c)
	}
	return trailingComma.ReplaceAll(out.Bytes(), []byte("$1"))
}

// walk collects Product nodes (not looking inside them: a product's
// isRelatedTo products are not page items) and breadcrumb lists, through
// @graph, ItemList elements, mainEntity and any other nesting.
func (g *ldGraph) walk(v any, depth int) {
	if depth > maxDepth {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			g.walk(e, depth+1)
		}
	case map[string]any:
		if hasType(x, productTypes) {
			g.products = append(g.products, x)
			return
		}
		if hasType(x, map[string]bool{"BreadcrumbList": true}) {
			if b := breadcrumb(x); b != "" {
				g.breadcrumbs = append(g.breadcrumbs, b)
			}
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // a stable order for products found in several keys
		for _, k := range keys {
			g.walk(x[k], depth+1)
		}
	}
}
