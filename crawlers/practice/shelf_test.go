package practice

import (
	"encoding/json"
	"net/http"
	"testing"
)

// TestSearchKeyMatchesPages walks a search's pages as a crawler would and
// checks that the answer key lists the same results in the same order, and
// that its first-page shares add up from those results.
func TestSearchKeyMatchesPages(t *testing.T) {
	m, srv := testMarket(t, Options{Seed: 9})
	for _, code := range []string{"de", "us", "jp", "kr"} {
		s := storefrontByCode(code)
		q := popularSearches(s)[0].Query
		t.Run(code+"/"+q, func(t *testing.T) {
			path := searchURL(s, q, 1, "")
			if s.Style == StyleAPI {
				path = "/api/" + s.Code + "/search?q=" + queryEscape(q)
			}
			var shown []string
			for path != "" {
				r := get(t, srv, path)
				if r.Status != http.StatusOK {
					t.Fatalf("GET %s: status %d", path, r.Status)
				}
				var ids []string
				ids, path = resultsAndNext(t, s, r.Body)
				shown = append(shown, ids...)
			}
			r := get(t, srv, "/_practice/search.json?store="+code+"&q="+queryEscape(q))
			var key SearchKey
			if err := json.Unmarshal(r.Body, &key); err != nil {
				t.Fatalf("answer key: %v: %s", err, r.Body)
			}
			if len(key.Results) != len(shown) || len(shown) == 0 {
				t.Fatalf("answer key has %d results, the pages show %d", len(key.Results), len(shown))
			}
			brandOf := map[string]string{}
			for _, l := range mustListings(t, m, code) {
				brandOf[l.ID] = l.Brand
			}
			firstPage := map[string]int{}
			for i, res := range key.Results {
				if res.ID != shown[i] || res.Position != i+1 || res.Page != i/PageSize+1 {
					t.Errorf("result %d: key %+v, page shows %s", i+1, res, shown[i])
				}
				if res.Brand != brandOf[res.ID] {
					t.Errorf("result %s: brand %q, listing's %q", res.ID, res.Brand, brandOf[res.ID])
				}
				if i < PageSize {
					firstPage[brandOf[shown[i]]]++
				}
			}
			n := float64(min(len(shown), PageSize))
			sum := 0.0
			for b, c := range firstPage {
				if key.FirstPage[b] != c || key.ShareOfShelf[b] != 100*float64(c)/n {
					t.Errorf("brand %q: key %d (%v %%), pages %d", b, key.FirstPage[b], key.ShareOfShelf[b], c)
				}
				sum += key.ShareOfShelf[b]
			}
			if sum < 99.999 || sum > 100.001 {
				t.Errorf("first-page shares add up to %v %%", sum)
			}
		})
	}
	if r := get(t, srv, "/_practice/search.json?store=xx&q=a"); r.Status != http.StatusBadRequest {
		t.Errorf("unknown store: status %d, want 400", r.Status)
	}
}

func mustListings(t *testing.T, m *Market, store string) []Listing {
	t.Helper()
	ls, err := m.Listings(0, store)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}
