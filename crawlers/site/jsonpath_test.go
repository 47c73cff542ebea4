package site

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestJSONPath(t *testing.T) {
	var doc any
	if err := json.Unmarshal([]byte(`{
		"props": {"product": {"title": "Термос 1 л", "price": 1299}},
		"items": [{"id": 1, "t": "a"}, {"id": 2, "t": "b"}],
		"a.b": {"c": true}
	}`), &doc); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want []any
	}{
		{"props.product.title", []any{"Термос 1 л"}},
		{"props.product.price", []any{1299.0}},
		{"items[1].t", []any{"b"}},
		{"items[*].id", []any{1.0, 2.0}},
		{`["a.b"].c`, []any{true}},
		{"items[5].t", nil},
		{"props.missing", nil},
		{"props.product.title.x", nil},
	}
	for _, tt := range tests {
		p, err := ParseJSONPath(tt.path)
		if err != nil {
			t.Errorf("ParseJSONPath(%q): %v", tt.path, err)
			continue
		}
		if diff := cmp.Diff(tt.want, p.Lookup(doc)); diff != "" {
			t.Errorf("Lookup(%q) mismatch (-want +got):\n%s", tt.path, diff)
		}
	}
	for _, bad := range []string{"", "a..b", "a[", "a[x]", "a[-1]", "a.", `["x']`} {
		if _, err := ParseJSONPath(bad); err == nil {
			t.Errorf("ParseJSONPath(%q) succeeded, want an error", bad)
		}
	}
}
