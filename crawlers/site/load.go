package site

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"gopkg.in/yaml.v3"

	"github.com/exportscope/exportscope/crawlers/price"
)

// Error is a problem in an adapter file, with its place.
type Error struct {
	File         string
	Line, Column int
	// Path names the setting, e.g. "pages[1].fields.price[0].regex".
	Path string
	Msg  string
}

func (e *Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)
	}
	if e.Path == "" {
		return loc + ": " + e.Msg
	}
	return fmt.Sprintf("%s: %s: %s", loc, e.Path, e.Msg)
}

// Defaults for politeness settings an adapter leaves out.
const (
	DefaultDelay       = 2 * time.Second
	DefaultParallelism = 1
)

// Load reads and checks one adapter file.
func Load(path string) (*Adapter, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load adapter: %w", err)
	}
	return Parse(path, data)
}

// Parse checks an adapter from YAML; file names it in messages. All
// problems are reported together, each as an *Error.
func Parse(file string, data []byte) (*Adapter, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(root.Content) == 0 {
		return nil, &Error{File: file, Msg: "empty adapter file"}
	}
	d := &decoder{file: file}
	a := d.adapter(root.Content[0])
	if len(d.errs) > 0 {
		slices.SortStableFunc(d.errs, func(a, b error) int {
			ea, eb := a.(*Error), b.(*Error)
			if ea.Line != eb.Line {
				return ea.Line - eb.Line
			}
			return ea.Column - eb.Column
		})
		return nil, errors.Join(d.errs...)
	}
	a.File = file
	return a, nil
}

// decoder walks the YAML node tree, collecting errors with positions.
type decoder struct {
	file string
	errs []error
}

func (d *decoder) fail(n *yaml.Node, path, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Column: n.Column, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// mapping returns the values of a mapping node by key, reporting keys not
// in allowed.
func (d *decoder) mapping(n *yaml.Node, path string, allowed ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "want a mapping with keys %s", strings.Join(allowed, ", "))
		return nil
	}
	out := make(map[string]*yaml.Node)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(allowed, k.Value) {
			d.fail(k, join(path, k.Value), "unknown key (known: %s)", strings.Join(allowed, ", "))
			continue
		}
		out[k.Value] = v
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (d *decoder) str(n *yaml.Node, path string) string {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, path, "want a string")
		return ""
	}
	return n.Value
}

func (d *decoder) required(m map[string]*yaml.Node, parent *yaml.Node, path, key string) (*yaml.Node, bool) {
	n, ok := m[key]
	if !ok {
		d.fail(parent, join(path, key), "missing")
	}
	return n, ok
}

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

func (d *decoder) adapter(n *yaml.Node) *Adapter {
	a := &Adapter{Politeness: Politeness{Delay: DefaultDelay, Parallelism: DefaultParallelism}}
	m := d.mapping(n, "", "name", "markets", "politeness", "search", "pages")
	if m == nil {
		return a
	}
	if v, ok := d.required(m, n, "", "name"); ok {
		a.Name = d.str(v, "name")
		if !namePattern.MatchString(a.Name) {
			d.fail(v, "name", "%q: use lower-case letters, digits and '-'", a.Name)
		}
	}
	if v, ok := d.required(m, n, "", "markets"); ok {
		a.Markets = d.markets(v, "markets")
	}
	if v, ok := m["politeness"]; ok {
		d.politeness(v, "politeness", &a.Politeness)
	}
	if v, ok := m["search"]; ok {
		a.Search = d.search(v, "search")
	}
	if v, ok := d.required(m, n, "", "pages"); ok {
		a.Pages = d.pages(v, "pages")
	}
	return a
}

var (
	countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
	hostPattern    = regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)+$`)
)

func (d *decoder) markets(n *yaml.Node, path string) []Market {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.fail(n, path, "want a list of at least one market")
		return nil
	}
	var out []Market
	seen := map[string]bool{}
	for i, c := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		m := d.mapping(c, p, "host", "country", "locale", "currency")
		if m == nil {
			continue
		}
		var mk Market
		if v, ok := d.required(m, c, p, "host"); ok {
			mk.Host = d.str(v, join(p, "host"))
			if !hostPattern.MatchString(mk.Host) {
				d.fail(v, join(p, "host"), "%q: want a lower-case host name such as amazon.de", mk.Host)
			} else if seen[mk.Host] {
				d.fail(v, join(p, "host"), "%q listed twice", mk.Host)
			}
			seen[mk.Host] = true
		}
		if v, ok := d.required(m, c, p, "country"); ok {
			mk.Country = d.str(v, join(p, "country"))
			if !countryPattern.MatchString(mk.Country) {
				d.fail(v, join(p, "country"), "%q: want an ISO 3166-1 alpha-2 code such as DE", mk.Country)
			}
		}
		cur := ""
		if v, ok := m["currency"]; ok {
			cur = d.str(v, join(p, "currency"))
		}
		if v, ok := d.required(m, c, p, "locale"); ok {
			mk.Language = d.str(v, join(p, "locale"))
			loc, err := price.NewLocale(mk.Language, cur)
			if err != nil {
				d.fail(v, join(p, "locale"), "%v", err)
			} else if loc.Currency == "" {
				d.fail(v, join(p, "currency"), "missing, and locale %q names no region to take it from", mk.Language)
			}
			mk.Locale = loc
		}
		out = append(out, mk)
	}
	return out
}

func (d *decoder) politeness(n *yaml.Node, path string, p *Politeness) {
	m := d.mapping(n, path, "delay", "randomDelay", "parallelism")
	dur := func(key string, dst *time.Duration) {
		v, ok := m[key]
		if !ok {
			return
		}
		x, err := time.ParseDuration(d.str(v, join(path, key)))
		if err != nil || x < 0 {
			d.fail(v, join(path, key), "%q: want a duration such as 2s", v.Value)
			return
		}
		*dst = x
	}
	dur("delay", &p.Delay)
	dur("randomDelay", &p.RandomDelay)
	if v, ok := m["parallelism"]; ok {
		x, err := strconv.Atoi(d.str(v, join(path, "parallelism")))
		if err != nil || x < 1 {
			d.fail(v, join(path, "parallelism"), "%q: want a whole number of at least 1", v.Value)
			return
		}
		p.Parallelism = x
	}
}

func (d *decoder) search(n *yaml.Node, path string) Search {
	var s Search
	m := d.mapping(n, path, "url", "pageSize", "offsetBase")
	if m == nil {
		return s
	}
	if v, ok := d.required(m, n, path, "url"); ok {
		s.URL = d.str(v, join(path, "url"))
		if !strings.Contains(s.URL, "{keyword") {
			d.fail(v, join(path, "url"), "%q has no {keyword} or {keywordPath}", s.URL)
		}
		if strings.Contains(s.URL, "{offset}") && m["pageSize"] == nil {
			d.fail(v, join(path, "pageSize"), "missing; {offset} needs it")
		}
	}
	for _, kv := range []struct {
		key string
		dst *int
	}{{"pageSize", &s.PageSize}, {"offsetBase", &s.OffsetBase}} {
		key, dst := kv.key, kv.dst
		if v, ok := m[key]; ok {
			x, err := strconv.Atoi(d.str(v, join(path, key)))
			if err != nil || x < 0 {
				d.fail(v, join(path, key), "%q: want a whole number", v.Value)
			}
			*dst = x
		}
	}
	return s
}

var knownFields = func() []string {
	var out []string
	for _, f := range Fields {
		out = append(out, string(f))
	}
	return out
}()

func (d *decoder) pages(n *yaml.Node, path string) []Page {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.fail(n, path, "want a list of at least one page")
		return nil
	}
	var out []Page
	for i, c := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		m := d.mapping(c, p, "name", "urls", "items", "next", "follow", "fields", "reviews")
		if m == nil {
			continue
		}
		var pg Page
		if v, ok := d.required(m, c, p, "name"); ok {
			pg.Name = d.str(v, join(p, "name"))
		}
		if v, ok := d.required(m, c, p, "urls"); ok {
			pg.URLs = d.patterns(v, join(p, "urls"))
		}
		if v, ok := m["items"]; ok {
			pg.Items = d.selectors(v, join(p, "items"))
		}
		for _, kv := range []struct {
			key string
			dst *[]Selector
		}{{"next", &pg.Next}, {"follow", &pg.Follow}} {
			key, dst := kv.key, kv.dst
			if v, ok := m[key]; ok {
				if pg.Items == nil {
					d.fail(v, join(p, key), "only list pages (with items) have %s links", key)
				}
				*dst = d.selectors(v, join(p, key))
			}
		}
		if v, ok := d.required(m, c, p, "fields"); ok {
			pg.Fields = d.fields(v, join(p, "fields"))
		}
		if v, ok := m["reviews"]; ok {
			if pg.Items != nil {
				d.fail(v, join(p, "reviews"), "only product pages (without items) have reviews")
			}
			pg.Reviews = d.reviews(v, join(p, "reviews"))
		}
		out = append(out, pg)
	}
	return out
}

func (d *decoder) patterns(n *yaml.Node, path string) []*regexp.Regexp {
	nodes := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		nodes = n.Content
	}
	var out []*regexp.Regexp
	for i, c := range nodes {
		p := path
		if n.Kind == yaml.SequenceNode {
			p = fmt.Sprintf("%s[%d]", path, i)
		}
		re, err := regexp.Compile(d.str(c, p))
		if err != nil {
			d.fail(c, p, "bad regular expression: %v", err)
			continue
		}
		out = append(out, re)
	}
	if len(out) == 0 && len(nodes) == 0 {
		d.fail(n, path, "want at least one URL pattern")
	}
	return out
}

func (d *decoder) fields(n *yaml.Node, path string) map[Field][]Selector {
	m := d.mapping(n, path, knownFields...)
	out := make(map[Field][]Selector, len(m))
	for k, v := range m {
		out[Field(k)] = d.selectors(v, join(path, k))
	}
	return out
}

var knownReviewFields = func() []string {
	var out []string
	for _, f := range ReviewFields {
		out = append(out, string(f))
	}
	return out
}()

// reviews reads a product page's reviews block: items and fields.
func (d *decoder) reviews(n *yaml.Node, path string) *Reviews {
	m := d.mapping(n, path, "items", "fields")
	if m == nil {
		return nil
	}
	r := &Reviews{}
	if v, ok := d.required(m, n, path, "items"); ok {
		r.Items = d.selectors(v, join(path, "items"))
	}
	if v, ok := d.required(m, n, path, "fields"); ok {
		fm := d.mapping(v, join(path, "fields"), knownReviewFields...)
		r.Fields = make(map[ReviewField][]Selector, len(fm))
		for k, sv := range fm {
			r.Fields[ReviewField(k)] = d.selectors(sv, join(join(path, "fields"), k))
		}
		if fm != nil && fm["text"] == nil && fm["rating"] == nil {
			d.fail(v, join(path, "fields"), "want at least text or rating")
		}
	}
	return r
}

// selectors reads one selector or a list of alternatives.
func (d *decoder) selectors(n *yaml.Node, path string) []Selector {
	if n.Kind != yaml.SequenceNode {
		s, ok := d.selector(n, path)
		if !ok {
			return nil
		}
		return []Selector{s}
	}
	if len(n.Content) == 0 {
		d.fail(n, path, "want at least one selector")
	}
	var out []Selector
	for i, c := range n.Content {
		if s, ok := d.selector(c, fmt.Sprintf("%s[%d]", path, i)); ok {
			out = append(out, s)
		}
	}
	return out
}

// selector reads a CSS selector string or a mapping with css, attr, drop,
// regex, json, join and page.
func (d *decoder) selector(n *yaml.Node, path string) (Selector, bool) {
	s := Selector{Line: n.Line}
	nerr := len(d.errs)
	switch n.Kind {
	case yaml.ScalarNode:
		s.CSS = n.Value
	case yaml.MappingNode:
		m := d.mapping(n, path, "css", "attr", "drop", "regex", "json", "join", "page")
		get := func(key string) (string, *yaml.Node) {
			if v, ok := m[key]; ok {
				return d.str(v, join(path, key)), v
			}
			return "", nil
		}
		s.CSS, _ = get("css")
		s.Attr, _ = get("attr")
		s.Join, _ = get("join")
		if src, v := get("drop"); v != nil {
			sel, err := cascadia.Compile(src)
			if err != nil {
				d.fail(v, join(path, "drop"), "bad CSS selector %q: %v", src, err)
			}
			s.Drop, s.drop = src, sel
		}
		if src, v := get("regex"); v != nil {
			re, err := regexp.Compile(src)
			switch {
			case err != nil:
				d.fail(v, join(path, "regex"), "bad regular expression: %v", err)
			case re.NumSubexp() > 1:
				d.fail(v, join(path, "regex"), "%q has %d capture groups; use one, (?:...) for the others", src, re.NumSubexp())
			}
			s.Regex = re
		}
		if src, v := get("json"); v != nil {
			p, err := ParseJSONPath(src)
			if err != nil {
				d.fail(v, join(path, "json"), "%v", err)
			}
			s.JSON = p
		}
		if src, v := get("page"); v != nil {
			b, err := strconv.ParseBool(src)
			if err != nil {
				d.fail(v, join(path, "page"), "%q: want true or false", src)
			}
			s.FromPage = b
		}
		if s.CSS == "" && s.Attr == "" && s.JSON == nil && s.Regex == nil {
			d.fail(n, path, "empty selector: give css, attr, regex or json")
		}
	default:
		d.fail(n, path, "want a CSS selector or a mapping with css, attr, regex, json")
		return s, false
	}
	if s.CSS != "" {
		sel, err := cascadia.Compile(s.CSS)
		if err != nil {
			d.fail(n, path, "bad CSS selector %q: %v", s.CSS, err)
		}
		s.css = sel
	}
	return s, len(d.errs) == nerr
}
