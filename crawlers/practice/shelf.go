package practice

import (
	"errors"
	"net/http"
	"strings"
)

// SearchResult is one organic result of a storefront search, as the
// search pages show it (sorted by relevance, the default).
type SearchResult struct {
	Position int    `json:"position"` // 1-based over all pages
	Page     int    `json:"page"`
	ID       string `json:"id"`
	SKU      string `json:"sku"`
	URL      string `json:"url"`
	Brand    string `json:"brand"`
}

// SearchKey is the answer key of one search: every result with its
// position, and the first page's brands with their share of shelf.
type SearchKey struct {
	Store       string         `json:"store"`
	Marketplace string         `json:"marketplace"`
	Query       string         `json:"query"`
	Day         int            `json:"day"`
	PageSize    int            `json:"pageSize"`
	Results     []SearchResult `json:"results"`
	// FirstPage counts the first page's results by brand; ShareOfShelf is
	// each brand's count / the first page's results, in percent.
	FirstPage    map[string]int     `json:"firstPage"`
	ShareOfShelf map[string]float64 `json:"shareOfShelf"`
	// FirstPageMalformed names the fault the first page is served with
	// that day ("" when served whole); a truncated page shows fewer
	// results than the key.
	FirstPageMalformed string `json:"firstPageMalformed,omitempty"`
}

// Search returns the answer key of query q on storefront store on day.
func (m *Market) Search(day int, store, q string) (SearchKey, error) {
	if day < 0 || day > MaxDay {
		return SearchKey{}, errBadDay
	}
	s := storefrontByCode(store)
	if s == nil {
		return SearchKey{}, errors.New("no such storefront")
	}
	q = strings.TrimSpace(q)
	if q == "" {
		return SearchKey{}, errors.New("q is required")
	}
	key := SearchKey{Store: s.Code, Marketplace: s.Marketplace, Query: q, Day: day, PageSize: PageSize,
		Results: []SearchResult{}, FirstPage: map[string]int{}, ShareOfShelf: map[string]float64{}}
	for i, o := range search(m.state(day), s, q, "") {
		r := SearchResult{Position: i + 1, Page: i/PageSize + 1, ID: o.ID, SKU: o.SKU, URL: o.path(), Brand: o.Brand.Name}
		key.Results = append(key.Results, r)
		if r.Page == 1 {
			key.FirstPage[r.Brand]++
		}
	}
	n := min(len(key.Results), PageSize)
	for b, c := range key.FirstPage {
		key.ShareOfShelf[b] = 100 * float64(c) / float64(n)
	}
	if s.Style != StyleAPI {
		key.FirstPageMalformed = m.malformedKind(day, "search/"+s.Code+"/"+q+"/1/", MalformedTruncated, MalformedPriceNA)
	}
	return key, nil
}

// serveSearchKey serves Search as JSON:
// /_practice/search.json?store=de&q=magnesia&day=3.
func (m *Market) serveSearchKey(w http.ResponseWriter, r *http.Request) {
	day, _, err := m.dayOf(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	key, err := m.Search(day, r.URL.Query().Get("store"), r.URL.Query().Get("q"))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, key)
}
