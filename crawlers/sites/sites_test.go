package sites

import "testing"

// TestLoad checks that every shipped adapter loads.
func TestLoad(t *testing.T) {
	r, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range r.Adapters() {
		if len(a.Markets) == 0 || len(a.Pages) == 0 || a.Search.URL == "" {
			t.Errorf("adapter %s: markets %d pages %d search %q", a.Name, len(a.Markets), len(a.Pages), a.Search.URL)
		}
	}
}
