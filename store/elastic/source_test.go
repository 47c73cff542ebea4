package elastic

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/storetest"
)

// referenceSource is how source built documents before it marshalled
// them only once: marshal, decode into a map, set the fields, marshal
// again. source must produce the same JSON value.
func referenceSource(d store.Doc) ([]byte, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	m["tenant"] = d.DocTenant()
	m["id"] = d.DocID()
	var zeros []string
	switch d.Kind() {
	case store.KindListing, store.KindSnapshot:
		zeros = []string{"reviewCount"}
	case store.KindTradeFlow:
		zeros = []string{"month"}
	}
	for _, f := range zeros {
		if _, ok := m[f]; !ok {
			m[f] = 0
		}
	}
	return json.Marshal(m)
}

func decodeValue(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	return v
}

// oddDoc is a document whose JSON is whatever raw says, to reach
// source's fallback.
type oddDoc struct {
	store.Listing
	raw string
}

func (d *oddDoc) MarshalJSON() ([]byte, error) { return []byte(d.raw), nil }

func TestSourceMatchesReference(t *testing.T) {
	when := time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)
	docs := []store.Doc{
		&store.Listing{ID: "L1", Marketplace: "amazon.de", Title: `a "quoted" <b>&</b> title \ with ünïcödé 氧化镁 ` + "\u2028", FirstSeen: when, LastSeen: when},
		&store.Listing{ID: "L2", Tenant: "acme/x y", ReviewCount: 7, Price: store.Float(1.5), FirstSeen: when, LastSeen: when},
		&store.Listing{ID: "", Tenant: "", FirstSeen: when, LastSeen: when},
		&store.Snapshot{ID: "S1", ListingID: "L1", Time: when},
		&store.Snapshot{ID: "S2", Tenant: "t", ReviewCount: 3, SalesRank: 0, Time: when},
		&store.Review{ID: "R1", Rating: 4, Text: "good", Date: when},
		&store.TradeFlow{ID: "F1", Reporter: "DE", Partner: "WLD", HS: "251910", Year: 2020, Flow: store.FlowExport, ValueUSD: 1e21},
		&store.TradeFlow{ID: "F2", Tenant: "t", Year: 2020, Month: 3, ValueUSD: 0.1},
		&store.Rate{Date: when, Currency: "USD", PerEUR: 1.0832},
		&store.Report{ID: "P1", Type: "market", Sector: "magnesium", CreatedAt: when,
			Body: json.RawMessage(` { "b" : [1, 2.50, {"x": null, "y": {}} , [] ], "a": "s", "n": 123456789012345678901234567890 } `)},
		// A body with a duplicate key: the reference keeps the last one.
		&store.Report{ID: "P2", Tenant: "t", CreatedAt: when, Body: json.RawMessage(`{"a":1,"n":{"a":2,"a":3}}`)},
		// An escaped key.
		&store.Report{ID: "P3", CreatedAt: when, Body: json.RawMessage(`{"\u0061":1,"b":{"c\"d":2}}`)},
		// Keys that repeat across objects are not duplicates.
		&store.Report{ID: "P4", CreatedAt: when, Body: json.RawMessage(`{"id":{"id":{"tenant":1}},"x":[{"id":1},{"id":2}]}`)},
		// Documents whose JSON holds tenant or id other than Bulk's.
		&oddDoc{Listing: store.Listing{ID: "O1"}, raw: `{"id":"other","tenant":"x"}`},
		&oddDoc{Listing: store.Listing{ID: "O2", Tenant: "t"}, raw: `{"id":"O2","tenant":"t","reviewCount":1}`},
		&oddDoc{Listing: store.Listing{ID: "O3"}, raw: `{}`},
		&oddDoc{Listing: store.Listing{ID: "O4"}, raw: `{"a":1,"a":2}`},
		&oddDoc{Listing: store.Listing{ID: "O5"}, raw: ` { "a" : [ 1 , { } ] , "b" : true } `},
	}
	for i := range 2000 {
		docs = append(docs, storetest.BenchListing(i))
	}
	for _, d := range storetest.Generate(300).Docs() {
		docs = append(docs, d)
	}
	// The generated documents take the fast path.
	for _, d := range docs[18:] {
		b, _ := json.Marshal(d)
		if !scanObject(b, nil, nil) {
			t.Errorf("%s %s: scanObject refuses %s", d.Kind(), d.DocID(), b)
		}
	}
	for _, d := range docs {
		got, err := source(d)
		if err != nil {
			t.Fatalf("source(%s %s): %v", d.Kind(), d.DocID(), err)
		}
		want, err := referenceSource(d)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := decodeValue(t, got), decodeValue(t, want); !reflect.DeepEqual(g, w) {
			t.Errorf("%s %s:\n got %s\nwant %s", d.Kind(), d.DocID(), got, want)
		}
		// No duplicate keys anywhere, which Elasticsearch would reject.
		if !scanObject(got, nil, nil) && scanObject(want, nil, nil) {
			t.Errorf("%s %s: source produced JSON that scanObject refuses: %s", d.Kind(), d.DocID(), got)
		}
	}
}

// Past encoding/json's nesting limit the reference fails to decode; so
// must source.
func TestSourceDepth(t *testing.T) {
	for _, depth := range []int{9999, 10000} {
		body := strings.Repeat("[", depth) + strings.Repeat("]", depth)
		d := &store.Report{ID: "P", Body: json.RawMessage(body)}
		got, gotErr := source(d)
		want, wantErr := referenceSource(d)
		if (gotErr != nil) != (wantErr != nil) {
			t.Fatalf("body nested %d deep: source error %v, reference error %v", depth, gotErr, wantErr)
		}
		if gotErr == nil && !reflect.DeepEqual(decodeValue(t, got), decodeValue(t, want)) {
			t.Errorf("body nested %d deep: got %.80s, want %.80s", depth, got, want)
		}
	}
}

func TestScanObject(t *testing.T) {
	want := []string{"a", "d", "z"}
	for _, c := range []struct {
		in   string
		ok   bool
		vals []string // of want; "-" for none
	}{
		{`{}`, true, []string{"-", "-", "-"}},
		{`{"a":1,"b":"x","c":[1,{"a":1}],"d":{"a":{}}}`, true, []string{"1", `{"a":{}}`, "-"}},
		{`{"z":[],"q":[[],{}],"a":"\"}"}`, true, []string{`"\"}"`, "-", "[]"}},
		{`{"a":1,"a":2}`, false, nil},
		{`{"x":{"b":1,"b":2}}`, false, nil},
		{`{"x":[{"b":1,"b":2}]}`, false, nil},
		{`{"x":{"b":1},"y":{"b":2}}`, true, []string{"-", "-", "-"}},
		{`{"a\n":1}`, false, nil},
		{`{"x":{"\u0062":1}}`, false, nil},
		{`[]`, false, nil},
		{`null`, false, nil},
		{`{"a":1`, false, nil},
		{`{"a":1}x`, false, nil},
		{`{"a":}`, false, nil},
	} {
		vals := make([][]byte, len(want))
		ok := scanObject([]byte(c.in), want, vals)
		if ok != c.ok {
			t.Errorf("scanObject(%s) = %v, want %v", c.in, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		for i, v := range vals {
			got := string(v)
			if v == nil {
				got = "-"
			}
			if got != c.vals[i] {
				t.Errorf("scanObject(%s): %s = %s, want %s", c.in, want[i], got, c.vals[i])
			}
		}
	}
}

func BenchmarkSource(b *testing.B) {
	docs := storetest.BenchBatch(0, 1000)
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			for _, d := range docs {
				if _, err := source(d); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("reference", func(b *testing.B) {
		for b.Loop() {
			for _, d := range docs {
				if _, err := referenceSource(d); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("marshal", func(b *testing.B) {
		for b.Loop() {
			for _, d := range docs {
				if _, err := json.Marshal(d); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
