package practice

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// serveAll renders every product page and every page of every popular
// search of one day, in process, and returns how many pages and bytes.
func serveAll(tb testing.TB, m *Market, day int) (pages, bytes int) {
	h := m.Handler()
	fetch := func(p string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code != http.StatusOK {
			tb.Fatalf("GET %s: status %d", p, rec.Code)
		}
		pages++
		bytes += rec.Body.Len()
		return rec
	}
	ls, err := m.Listings(day, "")
	if err != nil {
		tb.Fatal(err)
	}
	q := "?day=" + itoa(day)
	for _, l := range ls {
		fetch(l.URL + q)
		if l.Store == "kr" {
			fetch("/api/kr/products/" + l.ID + q)
		}
	}
	st := m.state(day)
	for _, s := range storefronts {
		for _, kw := range popularSearches(s) {
			_, n := pageOf(search(st, s, kw.Query, ""), 1)
			for page := 1; page <= max(n, 1); page++ {
				p := searchURL(s, kw.Query, page, "")
				if s.Style == StyleAPI {
					p = "/api/kr/search?q=" + queryEscape(kw.Query) + "&page=" + itoa(page)
				}
				fetch(p + "&day=" + itoa(day))
			}
		}
	}
	return pages, bytes
}

// BenchmarkFullCatalogue times rendering the whole catalogue of a day: every
// product page (HTML, and JSON for the API storefront) and every page of
// every popular search.
func BenchmarkFullCatalogue(b *testing.B) {
	m, err := New(Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	serveAll(b, m, 0) // warm the day's state
	b.ResetTimer()
	var pages, size int
	for b.Loop() {
		pages, size = serveAll(b, m, 0)
	}
	b.ReportMetric(float64(pages), "pages/op")
	b.ReportMetric(float64(size)/1e6, "MB/op")
}

// BenchmarkNew times generating the catalogue, the rates and the
// templates.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDayState times computing all offers of a day (first request of
// the day); later days walk longer price histories.
func BenchmarkDayState(b *testing.B) {
	m, err := New(Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	for _, day := range []int{0, 365, 3650} {
		b.Run(itoa(day), func(b *testing.B) {
			for b.Loop() {
				m.cat.buildDay(day)
			}
		})
	}
}

func BenchmarkProductPage(b *testing.B) {
	m, err := New(Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	ls, _ := m.Listings(0, "us")
	h := m.Handler()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, ls[i%len(ls)].URL, nil))
	}
}
