package sqlite

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/exportscope/exportscope/store"
)

// table describes how one document kind is kept: a row per document with a
// column per queryable field (named as in store.Fields) and the whole
// document as JSON in "doc".
type table struct {
	kind    store.Kind
	name    string
	columns []column // queryable fields, sorted by name, without "id"
	upsert  string   // INSERT … ON CONFLICT … RETURNING rowid
}

type column struct {
	name  string
	typ   store.FieldType
	index []int // reflect field index in the document struct
	omit  bool  // the JSON tag says omitempty: zero means no value
}

var tableNames = map[store.Kind]string{
	store.KindListing:   "listings",
	store.KindSnapshot:  "snapshots",
	store.KindReview:    "reviews",
	store.KindTradeFlow: "trade_flows",
	store.KindRate:      "rates",
	store.KindReport:    "reports",
}

// indexed lists the columns that get an index of their own (besides
// tenant+id), chosen for the filters and groups that analytics and the
// explorer use most.
var indexed = map[store.Kind][]string{
	store.KindListing:   {"marketplace", "country", "brand", "sellerCountry", "priceUSD", "lastSeen", "rating"},
	store.KindSnapshot:  {"listingId", "time", "searchQuery"},
	store.KindReview:    {"listingId", "brand", "date"},
	store.KindTradeFlow: {"hs", "reporter", "partner", "year"},
	store.KindRate:      {"currency", "date"},
	store.KindReport:    {"createdAt"},
}

func newTables() (map[store.Kind]*table, error) {
	out := map[store.Kind]*table{}
	for _, kind := range store.Kinds {
		doc, err := store.NewDoc(kind)
		if err != nil {
			return nil, err
		}
		typ := reflect.TypeOf(doc).Elem()
		byJSON := map[string]reflect.StructField{}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			byJSON[name] = f
		}
		t := &table{kind: kind, name: tableNames[kind]}
		for name, ft := range store.Fields[kind] {
			if name == "id" {
				continue
			}
			f, ok := byJSON[name]
			if !ok {
				return nil, fmt.Errorf("sqlite schema: %s has no struct field for %q", kind, name)
			}
			t.columns = append(t.columns, column{
				name:  name,
				typ:   ft,
				index: f.Index,
				omit:  strings.Contains(f.Tag.Get("json"), ",omitempty"),
			})
		}
		sort.Slice(t.columns, func(i, j int) bool { return t.columns[i].name < t.columns[j].name })
		t.upsert = t.upsertSQL()
		out[kind] = t
	}
	return out, nil
}

func quote(name string) string { return `"` + name + `"` }

func (t *table) ddl() []string {
	var cols []string
	if t.kind == store.KindListing {
		// AUTOINCREMENT: a deleted listing's rowid is never handed out
		// again, so the search index's tombstones stay unambiguous.
		cols = append(cols, "rowid INTEGER PRIMARY KEY AUTOINCREMENT")
	} else {
		cols = append(cols, "rowid INTEGER PRIMARY KEY")
	}
	cols = append(cols, "tenant TEXT NOT NULL", "id TEXT NOT NULL")
	for _, c := range t.columns {
		sqlType := "TEXT"
		switch c.typ {
		case store.Number:
			sqlType = "REAL"
		case store.Time:
			sqlType = "INTEGER" // Unix milliseconds
		}
		cols = append(cols, quote(c.name)+" "+sqlType)
	}
	if t.kind == store.KindListing {
		cols = append(cols,
			"textlen INTEGER NOT NULL DEFAULT 0", // words in the full-text row, for ranking
			"gen INTEGER NOT NULL DEFAULT 0")     // write generation, for the search index's refresh
	}
	cols = append(cols, "doc BLOB NOT NULL", "UNIQUE (tenant, id)")
	stmts := []string{fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (\n  %s\n)", t.name, strings.Join(cols, ",\n  "))}
	if t.kind == store.KindListing {
		stmts = append(stmts, "CREATE INDEX IF NOT EXISTS listings_by_gen ON listings (gen)")
	}
	if t.kind == store.KindTradeFlow {
		// Covers the reports' trade queries (HS codes, flow, years; by
		// reporter, year, partner; sums of value and weight), so they read
		// the index alone and never the rows.
		stmts = append(stmts, `CREATE INDEX IF NOT EXISTS trade_flows_report ON trade_flows `+
			`(tenant, hs, flow, year, reporter, partner, "valueUSD", "netWeightKg", source)`)
	}
	for _, c := range indexed[t.kind] {
		stmts = append(stmts, fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s_%s ON %s (tenant, %s)", t.name, c, t.name, quote(c)))
	}
	return stmts
}

func (t *table) upsertSQL() string {
	names := []string{"tenant", "id"}
	var sets []string
	for _, c := range t.columns {
		names = append(names, quote(c.name))
		sets = append(sets, quote(c.name)+"=excluded."+quote(c.name))
	}
	if t.kind == store.KindListing {
		names = append(names, "textlen", "gen")
		sets = append(sets, "textlen=excluded.textlen", "gen=excluded.gen")
	}
	names = append(names, "doc")
	sets = append(sets, "doc=excluded.doc")
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (tenant, id) DO UPDATE SET %s RETURNING rowid",
		t.name, strings.Join(names, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", "), strings.Join(sets, ", "))
}

// values returns the column values of d in column order, with "no value"
// as nil.
func (t *table) values(d store.Doc) []any {
	v := reflect.ValueOf(d).Elem()
	out := make([]any, len(t.columns))
	for i, c := range t.columns {
		out[i] = columnValue(v.FieldByIndex(c.index), c)
	}
	return out
}

func columnValue(f reflect.Value, c column) any {
	switch x := f.Interface().(type) {
	case string:
		if x == "" {
			return nil
		}
		return x
	case *float64:
		if x == nil {
			return nil
		}
		return *x
	case float64:
		if x == 0 && c.omit {
			return nil
		}
		return x
	case int:
		if x == 0 && c.omit {
			return nil
		}
		return float64(x)
	case time.Time:
		if x.IsZero() {
			return nil
		}
		return x.UnixMilli()
	case []string:
		if len(x) == 0 {
			return nil
		}
		b, _ := json.Marshal(x) // a []string always marshals
		return string(b)
	}
	panic(fmt.Sprintf("sqlite: no column mapping for %s of type %s", c.name, f.Type()))
}
