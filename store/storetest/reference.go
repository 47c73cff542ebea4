package storetest

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/exportscope/exportscope/store"
)

// The plain computations the suite compares backends against. They work
// on the raw rows and share nothing with any backend.

func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		out[w] = true
	}
	return out
}

// textMatch: every word of q occurs as a word of the listing's text, or,
// for a query in Chinese or Japanese script, the query occurs as a
// substring of the title (the data set never splits such a phrase).
func textMatch(l *store.Listing, q string) bool {
	for _, r := range q {
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Katakana, r) {
			return strings.Contains(l.Title, q)
		}
	}
	have := words(l.Title + " " + l.Brand + " " + l.Seller + " " + l.Category)
	for w := range words(q) {
		if !have[w] {
			return false
		}
	}
	return true
}

func listingMatches(l *store.Listing, lf store.ListingFilter) bool {
	in := func(v string, set []string) bool {
		if len(set) == 0 {
			return true
		}
		for _, s := range set {
			if s == v {
				return true
			}
		}
		return false
	}
	if !in(l.Marketplace, lf.Marketplaces) || !in(l.Country, lf.Countries) || !in(l.Brand, lf.Brands) ||
		!in(l.SellerCountry, lf.SellerCountries) {
		return false
	}
	if len(lf.Sectors) > 0 {
		ok := false
		for _, s := range l.Sectors {
			ok = ok || in(s, lf.Sectors)
		}
		if !ok {
			return false
		}
	}
	if lf.MinPriceUSD != nil || lf.MaxPriceUSD != nil {
		if l.PriceUSD == nil {
			return false
		}
		if lf.MinPriceUSD != nil && *l.PriceUSD < *lf.MinPriceUSD {
			return false
		}
		if lf.MaxPriceUSD != nil && *l.PriceUSD > *lf.MaxPriceUSD {
			return false
		}
	}
	if lf.MinRating != nil && (l.Rating == nil || *l.Rating < *lf.MinRating) {
		return false
	}
	return true
}

// facetOf counts values of a listing field over ls: largest first, then
// by key; empty values are not counted.
func facetOf(ls []*store.Listing, field string, size int) store.Facet {
	counts := map[string]int64{}
	for _, l := range ls {
		for _, v := range keywordValues(l, field) {
			counts[v]++
		}
	}
	return store.Facet{Field: field, Buckets: topBuckets(counts, size)}
}

func topBuckets(counts map[string]int64, size int) []store.Bucket {
	bs := []store.Bucket{}
	for k, c := range counts {
		bs = append(bs, store.Bucket{Key: k, Count: c})
	}
	sort.Slice(bs, func(i, j int) bool {
		if bs[i].Count != bs[j].Count {
			return bs[i].Count > bs[j].Count
		}
		return bs[i].Key < bs[j].Key
	})
	if len(bs) > size {
		bs = bs[:size]
	}
	return bs
}

func keywordValues(l *store.Listing, field string) []string {
	var v string
	switch field {
	case "marketplace":
		v = l.Marketplace
	case "country":
		v = l.Country
	case "brand":
		v = l.Brand
	case "sellerCountry":
		v = l.SellerCountry
	case "category":
		v = l.Category
	case "sectors":
		return l.Sectors
	default:
		panic("storetest: no keyword field " + field)
	}
	if v == "" {
		return nil
	}
	return []string{v}
}

func numberValue(l *store.Listing, field string) (float64, bool) {
	switch field {
	case "priceUSD":
		if l.PriceUSD == nil {
			return 0, false
		}
		return *l.PriceUSD, true
	case "rating":
		if l.Rating == nil {
			return 0, false
		}
		return *l.Rating, true
	case "reviewCount":
		return float64(l.ReviewCount), true
	case "lastSeen":
		return float64(l.LastSeen.UnixMilli()), true
	}
	panic("storetest: no sort field " + field)
}

// sortListings orders ls by field (missing values last), ties by ID.
func sortListings(ls []*store.Listing, field string, desc bool) {
	sort.SliceStable(ls, func(i, j int) bool {
		a, aok := numberValue(ls[i], field)
		b, bok := numberValue(ls[j], field)
		if aok != bok {
			return aok
		}
		if aok && a != b {
			if desc {
				return a > b
			}
			return a < b
		}
		return ls[i].ID < ls[j].ID
	})
}

// percentileBounds is the suite's stated tolerance for percentiles: a
// backend may use any common definition (linear interpolation, nearest
// rank, a t-digest), so its value must lie between the order statistics
// one rank either side of the exact position (n-1)·p/100.
func percentileBounds(values []float64, p float64) (lo, hi float64) {
	s := append([]float64(nil), values...)
	sort.Float64s(s)
	pos := float64(len(s)-1) * p / 100
	l := int(math.Floor(pos)) - 1
	h := int(math.Ceil(pos)) + 1
	l = max(l, 0)
	h = min(h, len(s)-1)
	return s[l], s[h]
}
