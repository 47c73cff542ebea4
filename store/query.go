package store

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// FieldType says how a field can be filtered, grouped and aggregated.
type FieldType int

const (
	// Keyword fields are exact strings: filters, facets, terms groups.
	Keyword FieldType = iota
	// KeywordList fields hold several keywords (a listing's sectors).
	KeywordList
	// Number fields take ranges and metrics.
	Number
	// Time fields take time ranges and date histograms.
	Time
)

// Fields lists, per kind, the fields that filters, sorts, groups and
// metrics may name. The names are the documents' JSON names.
var Fields = map[Kind]map[string]FieldType{
	KindListing: {
		"id": Keyword, "marketplace": Keyword, "country": Keyword, "brand": Keyword, "seller": Keyword,
		"sellerCountry": Keyword, "category": Keyword, "sectors": KeywordList, "currency": Keyword,
		"shipsFrom": Keyword, "gtin": Keyword, "sku": Keyword, "availability": Keyword,
		"price": Number, "priceUSD": Number, "priceCNY": Number, "rating": Number,
		"reviewCount": Number, "salesRank": Number, "netWeightKg": Number, "usdPerKg": Number,
		"firstSeen": Time, "lastSeen": Time,
	},
	KindSnapshot: {
		"id": Keyword, "listingId": Keyword, "marketplace": Keyword, "country": Keyword, "currency": Keyword,
		"price": Number, "priceUSD": Number, "rating": Number, "reviewCount": Number, "salesRank": Number,
		"time":        Time,
		"searchQuery": Keyword, "searchPage": Number, "searchPosition": Number, "brand": Keyword,
	},
	KindReview: {
		"id": Keyword, "listingId": Keyword, "marketplace": Keyword, "country": Keyword, "brand": Keyword,
		"sectors": KeywordList, "lang": Keyword, "rating": Number, "date": Time,
	},
	KindTradeFlow: {
		"id": Keyword, "reporter": Keyword, "partner": Keyword, "hs": Keyword, "flow": Keyword,
		"qtyUnit": Keyword, "source": Keyword,
		"year": Number, "month": Number, "valueUSD": Number, "netWeightKg": Number, "quantity": Number,
	},
	KindRate: {
		"currency": Keyword, "source": Keyword, "perEUR": Number, "date": Time,
	},
	KindReport: {
		"id": Keyword, "kind": Keyword, "sector": Keyword, "market": Keyword, "brand": Keyword,
		"version": Number, "createdAt": Time,
	},
}

// Scope says whose documents a query sees: the shared public data
// (Tenant "") or one tenant's private data, never both. Every query
// carries one, so no query can mix them by accident.
type Scope struct {
	Tenant string
}

// Public is the scope of shared crawled data.
var Public = Scope{}

// TenantScope is the scope of one tenant's private documents.
func TenantScope(id string) Scope { return Scope{Tenant: id} }

// Op is a filter condition's operator.
type Op int

const (
	// OpIn matches documents whose field equals one of Values (for a
	// KeywordList: contains one of them).
	OpIn Op = iota
	// OpPrefix matches keyword fields starting with one of Values.
	OpPrefix
	// OpRange matches numbers with Min <= v <= Max (either may be nil).
	OpRange
	// OpTimeRange matches times with From <= t < To (either may be zero).
	OpTimeRange
	// OpExists matches documents where the field has a value.
	OpExists
)

// Cond is one filter condition.
type Cond struct {
	Field  string
	Op     Op
	Values []string
	Min    *float64
	Max    *float64
	From   time.Time
	To     time.Time
}

// Filter is a conjunction of conditions.
type Filter []Cond

// In matches field against any of values.
func In(field string, values ...string) Cond { return Cond{Field: field, Op: OpIn, Values: values} }

// Prefix matches keyword fields starting with any of prefixes.
func Prefix(field string, prefixes ...string) Cond {
	return Cond{Field: field, Op: OpPrefix, Values: prefixes}
}

// Range matches min <= field <= max; nil bounds are open.
func Range(field string, min, max *float64) Cond {
	return Cond{Field: field, Op: OpRange, Min: min, Max: max}
}

// Between matches from <= field < to; zero times are open.
func Between(field string, from, to time.Time) Cond {
	return Cond{Field: field, Op: OpTimeRange, From: from, To: to}
}

// Exists matches documents that have a value for field.
func Exists(field string) Cond { return Cond{Field: field, Op: OpExists} }

// CheckFilter verifies that every condition names a field of kind with a
// fitting operator.
func CheckFilter(kind Kind, f Filter) error {
	for _, c := range f {
		t, err := fieldType(kind, c.Field)
		if err != nil {
			return err
		}
		ok := false
		switch c.Op {
		case OpIn, OpPrefix:
			ok = t == Keyword || t == KeywordList
			if ok && len(c.Values) == 0 {
				return fmt.Errorf("%w: filter on %s needs at least one value", ErrBadQuery, c.Field)
			}
		case OpRange:
			ok = t == Number
		case OpTimeRange:
			ok = t == Time
		case OpExists:
			ok = true
		}
		if !ok {
			return fmt.Errorf("%w: operator %d does not apply to field %s", ErrBadQuery, c.Op, c.Field)
		}
	}
	return nil
}

func fieldType(kind Kind, field string) (FieldType, error) {
	fs, ok := Fields[kind]
	if !ok {
		return 0, fmt.Errorf("%w: unknown document kind %q", ErrBadQuery, kind)
	}
	t, ok := fs[field]
	if !ok {
		names := make([]string, 0, len(fs))
		for n := range fs {
			names = append(names, n)
		}
		sort.Strings(names)
		return 0, fmt.Errorf("%w: %s has no field %q (fields: %s)", ErrBadQuery, kind, field, strings.Join(names, ", "))
	}
	return t, nil
}

// FieldTypeOf returns the type of a field of kind, or an ErrBadQuery error.
func FieldTypeOf(kind Kind, field string) (FieldType, error) { return fieldType(kind, field) }

// ListingFilter is the filter form that users see in the listing explorer.
type ListingFilter struct {
	Marketplaces    []string
	Countries       []string
	Sectors         []string
	Brands          []string
	SellerCountries []string
	MinPriceUSD     *float64
	MaxPriceUSD     *float64
	MinRating       *float64
}

// Filter turns the explorer's filter into store conditions.
func (lf ListingFilter) Filter() Filter {
	var f Filter
	add := func(field string, vs []string) {
		if len(vs) > 0 {
			f = append(f, In(field, vs...))
		}
	}
	add("marketplace", lf.Marketplaces)
	add("country", lf.Countries)
	add("sectors", lf.Sectors)
	add("brand", lf.Brands)
	add("sellerCountry", lf.SellerCountries)
	if lf.MinPriceUSD != nil || lf.MaxPriceUSD != nil {
		f = append(f, Range("priceUSD", lf.MinPriceUSD, lf.MaxPriceUSD))
	}
	if lf.MinRating != nil {
		f = append(f, Range("rating", lf.MinRating, nil))
	}
	return f
}

// SortField orders results by a Number or Time field; ties are broken by
// ID ascending. Documents without a value sort last in either direction.
type SortField struct {
	Field string
	Desc  bool
}

// ListingQuery is a full-text, filtered, faceted, sorted and paginated
// listing search.
type ListingQuery struct {
	Scope Scope
	// Text is matched against title, brand, seller and category; every word
	// must occur (Chinese, Japanese and Korean text matches by character
	// bigrams). Empty matches all.
	Text   string
	Filter Filter
	// Facets names Keyword fields to count values of, over all matches.
	Facets    []string
	FacetSize int // buckets per facet; 0 means 10
	// Sort defaults to relevance when Text is set, else lastSeen desc.
	Sort  []SortField
	Limit int // 0 means 20; at most MaxLimit
	// After is the opaque cursor of the previous page (ListingPage.Next).
	After string
}

// MaxLimit caps a page's size.
const MaxLimit = 500

// Bucket is one facet or terms value with its count.
type Bucket struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
}

// Facet holds the counts of one field's values, largest first, ties by key.
type Facet struct {
	Field   string   `json:"field"`
	Buckets []Bucket `json:"buckets"`
}

// ListingPage is one page of a listing search.
type ListingPage struct {
	Total    int64     `json:"total"`
	Listings []Listing `json:"listings"`
	Facets   []Facet   `json:"facets,omitempty"`
	// Next is the cursor of the next page, empty on the last one.
	Next string `json:"next,omitempty"`
}

// CheckListingQuery validates a query and fills its defaults.
func CheckListingQuery(q *ListingQuery) error {
	if err := CheckFilter(KindListing, q.Filter); err != nil {
		return err
	}
	for _, f := range q.Facets {
		t, err := fieldType(KindListing, f)
		if err != nil {
			return err
		}
		if t != Keyword && t != KeywordList {
			return fmt.Errorf("%w: cannot facet on %s, it is not a keyword field", ErrBadQuery, f)
		}
	}
	for _, s := range q.Sort {
		if s.Field == "relevance" {
			continue
		}
		t, err := fieldType(KindListing, s.Field)
		if err != nil {
			return err
		}
		if t != Number && t != Time {
			return fmt.Errorf("%w: cannot sort on %s (sortable: relevance, number and time fields)", ErrBadQuery, s.Field)
		}
	}
	if q.Limit < 0 || q.Limit > MaxLimit {
		return fmt.Errorf("%w: limit %d is outside 0..%d", ErrBadQuery, q.Limit, MaxLimit)
	}
	if q.Limit == 0 {
		q.Limit = 20
	}
	if q.FacetSize <= 0 {
		q.FacetSize = 10
	}
	if len(q.Sort) == 0 {
		if strings.TrimSpace(q.Text) != "" {
			q.Sort = []SortField{{Field: "relevance", Desc: true}}
		} else {
			q.Sort = []SortField{{Field: "lastSeen", Desc: true}}
		}
	}
	return nil
}

// MetricOp is an aggregation metric.
type MetricOp string

// The metrics an aggregation can compute.
const (
	Count       MetricOp = "count"
	Sum         MetricOp = "sum"
	Avg         MetricOp = "avg"
	Min         MetricOp = "min"
	Max         MetricOp = "max"
	Percentiles MetricOp = "percentiles"
	Distinct    MetricOp = "distinct" // count of distinct values
)

// Metric asks for one figure per group.
type Metric struct {
	Name     string // key in AggRow.Values / AggRow.Percentiles
	Op       MetricOp
	Field    string    // not needed for Count
	Percents []float64 // for Percentiles, each in [0, 100]
}

// Interval is a date histogram's bucket width.
type Interval string

// The date-histogram intervals.
const (
	Year  Interval = "year"
	Month Interval = "month"
	Day   Interval = "day"
)

// GroupBy groups documents by a Keyword field's values (the Size largest
// groups by count, ties by key) or, for a Time field, by Interval (in time
// order, empty buckets left out). Year and month groups of trade flows use
// the Number fields "year"/"month" as terms.
type GroupBy struct {
	Field    string
	Size     int // terms groups kept per parent; 0 means 100
	Interval Interval
}

// AggQuery groups the documents of one kind that match Filter and computes
// Metrics per group. Groups nest in the order given; without groups there
// is one row over all matches.
type AggQuery struct {
	Scope   Scope
	Kind    Kind
	Filter  Filter
	GroupBy []GroupBy
	Metrics []Metric
}

// AggRow is one group: its keys (one per GroupBy; years, months and days
// formatted "2006", "2006-01", "2006-01-02"), its document count, and the
// metrics. A metric over no values (avg of nothing) is absent from Values.
type AggRow struct {
	Keys        []string                       `json:"keys"`
	Count       int64                          `json:"count"`
	Values      map[string]float64             `json:"values,omitempty"`
	Percentiles map[string]map[float64]float64 `json:"percentiles,omitempty"`
}

// AggResult holds the groups in order: by parent group, then as GroupBy
// says.
type AggResult struct {
	Rows []AggRow `json:"rows"`
}

// CheckAggQuery validates an aggregation and fills its defaults.
func CheckAggQuery(q *AggQuery) error {
	if err := CheckFilter(q.Kind, q.Filter); err != nil {
		return err
	}
	for i, g := range q.GroupBy {
		t, err := fieldType(q.Kind, g.Field)
		if err != nil {
			return err
		}
		switch t {
		case Time:
			switch g.Interval {
			case Year, Month, Day:
			default:
				return fmt.Errorf("%w: group by %s needs an interval (year, month, day)", ErrBadQuery, g.Field)
			}
		case Number:
			if g.Field != "year" && g.Field != "month" {
				return fmt.Errorf("%w: cannot group by number field %s", ErrBadQuery, g.Field)
			}
		}
		if g.Size <= 0 {
			q.GroupBy[i].Size = 100
		}
	}
	seen := map[string]bool{}
	for _, m := range q.Metrics {
		if m.Name == "" || seen[m.Name] {
			return fmt.Errorf("%w: metric names must be unique and not empty (%q)", ErrBadQuery, m.Name)
		}
		seen[m.Name] = true
		switch m.Op {
		case Count:
			continue
		case Sum, Avg, Min, Max, Percentiles:
			t, err := fieldType(q.Kind, m.Field)
			if err != nil {
				return err
			}
			if t != Number {
				return fmt.Errorf("%w: metric %s needs a number field, %s is not", ErrBadQuery, m.Op, m.Field)
			}
			if m.Op == Percentiles {
				if len(m.Percents) == 0 {
					return fmt.Errorf("%w: percentiles metric %s lists no percents", ErrBadQuery, m.Name)
				}
				for _, p := range m.Percents {
					if p < 0 || p > 100 {
						return fmt.Errorf("%w: percent %g is outside 0..100", ErrBadQuery, p)
					}
				}
			}
		case Distinct:
			if _, err := fieldType(q.Kind, m.Field); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%w: unknown metric %q", ErrBadQuery, m.Op)
		}
	}
	return nil
}

// ScanQuery selects all documents of a kind that match Filter, in ID order.
type ScanQuery struct {
	Scope     Scope
	Kind      Kind
	Filter    Filter
	BatchSize int // 0 means 1000
}

// TimeKey formats t as a date-histogram key for interval iv.
func TimeKey(t time.Time, iv Interval) string {
	t = t.UTC()
	switch iv {
	case Year:
		return t.Format("2006")
	case Month:
		return t.Format("2006-01")
	default:
		return t.Format("2006-01-02")
	}
}
