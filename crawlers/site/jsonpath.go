package site

import (
	"fmt"
	"strconv"
	"strings"
)

// JSONPath is a small path into decoded JSON: keys separated by dots and
// bracketed array indexes, "*" for every element.
//
//	props.pageProps.product.price
//	items[0].title
//	results[*]
//	["key.with.dots"].value
type JSONPath struct {
	raw   string
	steps []step
}

type step struct {
	key   string
	index int // -1: a key step; -2: every element
}

const allElements = -2

// ParseJSONPath compiles a path.
func ParseJSONPath(s string) (*JSONPath, error) {
	p := &JSONPath{raw: s}
	rest := s
	for rest != "" {
		switch {
		case rest[0] == '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, fmt.Errorf("json path %q: missing ']'", s)
			}
			in := rest[1:end]
			switch {
			case in == "*":
				p.steps = append(p.steps, step{index: allElements})
			case len(in) >= 2 && (in[0] == '"' || in[0] == '\''):
				key, err := strconv.Unquote(`"` + in[1:len(in)-1] + `"`)
				if err != nil || in[len(in)-1] != in[0] {
					return nil, fmt.Errorf("json path %q: bad quoted key %s", s, in)
				}
				p.steps = append(p.steps, step{key: key, index: -1})
			default:
				n, err := strconv.Atoi(in)
				if err != nil || n < 0 {
					return nil, fmt.Errorf("json path %q: bad index [%s]", s, in)
				}
				p.steps = append(p.steps, step{index: n})
			}
			rest = rest[end+1:]
			rest = strings.TrimPrefix(rest, ".")
		default:
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			if end == 0 {
				return nil, fmt.Errorf("json path %q: empty key", s)
			}
			p.steps = append(p.steps, step{key: rest[:end], index: -1})
			rest = rest[end:]
			if strings.HasPrefix(rest, ".") {
				rest = rest[1:]
				if rest == "" || rest[0] == '.' {
					return nil, fmt.Errorf("json path %q: empty key", s)
				}
			}
		}
	}
	if len(p.steps) == 0 {
		return nil, fmt.Errorf("json path is empty")
	}
	return p, nil
}

// String returns the path as written.
func (p *JSONPath) String() string { return p.raw }

// Lookup returns the values the path reaches in v (as decoded by
// encoding/json), in document order. A path ending on an array returns the
// array itself; "[*]" spreads it.
func (p *JSONPath) Lookup(v any) []any {
	cur := []any{v}
	for _, st := range p.steps {
		var next []any
		for _, c := range cur {
			switch {
			case st.index == -1:
				if m, ok := c.(map[string]any); ok {
					if x, ok := m[st.key]; ok {
						next = append(next, x)
					}
				}
			case st.index == allElements:
				if a, ok := c.([]any); ok {
					next = append(next, a...)
				}
			default:
				if a, ok := c.([]any); ok && st.index < len(a) {
					next = append(next, a[st.index])
				}
			}
		}
		cur = next
	}
	return cur
}
