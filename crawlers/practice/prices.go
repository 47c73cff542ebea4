package practice

import (
	"math"
	"sort"
	"sync"
	"time"
)

// offer is a listing as it stands on one simulated day.
type offer struct {
	*listing
	Price     float64 // local currency, shop-rounded
	Rating    float64 // 0 when there are no reviews yet
	Reviews   int
	Rank      int // best-seller rank within the storefront's sector category
	Available bool
	score     float64 // search relevance of the day
}

// dayState is every live offer of one simulated day.
type dayState struct {
	Day     int
	Date    time.Time
	byStore map[string][]*offer // by search relevance, best first
	byID    map[string]*offer   // key: store + "/" + id
}

func (d *dayState) get(store, id string) *offer { return d.byID[store+"/"+id] }

// priceChangeP is the chance that a listing's price moves on a given day;
// shop prices are sticky.
const priceChangeP = 0.12

// priceOn runs the listing's random walk up to day: on about one day in
// eight (priceChangeP) the log price takes a step with a pull back towards
// the base price. The days between steps are drawn as geometric gaps, and
// the generator is consumed in the same order whatever day is asked for,
// so day N's price is the same whether computed alone or after day N-1.
func (c *catalogue) priceOn(l *listing, day int) float64 {
	r := rng(c.seed, "price", l.Store.Code, l.ID)
	x0 := math.Log(l.BasePrice)
	x := x0
	logQ := math.Log(1 - priceChangeP)
	for d := 0; ; {
		d += 1 + int(math.Log(1-r.Float64())/logQ)
		if d > day {
			break
		}
		z := r.NormFloat64()
		if d > l.Debut {
			x += -0.08*(x-x0) + 0.05*z
		}
	}
	return currencies[l.Store.Currency].nice(math.Exp(x))
}

// reviewsOn is the number of reviews on day; it never decreases.
func (l *listing) reviewsOn(day int) int {
	if l.Debut > 0 {
		return int(l.ReviewRate * float64(day-l.Debut))
	}
	return l.Reviews0 + int(l.ReviewRate*float64(day))
}

// reviewDate is the date review i (0 = oldest) was posted.
func (l *listing) reviewDate(i int) time.Time {
	if l.Debut <= 0 && i < l.Reviews0 {
		span := Epoch.Sub(l.Launch)
		return l.Launch.Add(time.Duration(float64(span) * (float64(i) + 0.5) / float64(l.Reviews0))).Truncate(24 * time.Hour)
	}
	// The first day on which the count exceeds i.
	base, from := l.Reviews0, 0
	if l.Debut > 0 {
		base, from = 0, l.Debut
	}
	d := from + int(math.Ceil(float64(i-base+1)/l.ReviewRate))
	for d > from && l.reviewsOn(d-1) > i { // guard against rounding
		d--
	}
	return dateOf(d)
}

// ratingOn is the average rating shown on day: the base rating, nudged by
// a tenth now and then (every two weeks at most).
func (c *catalogue) ratingOn(l *listing, day int) float64 {
	u := unit(c.seed, "rating", l.Store.Code, l.ID, itoa(day/14))
	step := 0.0
	switch {
	case u < 0.15:
		step = -0.1
	case u > 0.85:
		step = 0.1
	}
	return clamp(round(l.BaseRating+step, 1), 1, 5)
}

// buildDay computes the state of every listing on day.
func (c *catalogue) buildDay(day int) *dayState {
	st := &dayState{Day: day, Date: dateOf(day), byStore: map[string][]*offer{}, byID: map[string]*offer{}}
	for _, s := range storefronts {
		var offers []*offer
		bySector := map[string][]*offer{}
		for _, l := range c.byStore[s.Code] {
			if !l.live(day) {
				continue
			}
			o := &offer{listing: l, Price: c.priceOn(l, day), Reviews: l.reviewsOn(day)}
			if o.Reviews > 0 {
				o.Rating = c.ratingOn(l, day)
			}
			o.Available = unit(c.seed, "stock", s.Code, l.ID, itoa(day/7)) >= 0.04
			noise := rng(c.seed, "rank", s.Code, l.ID, itoa(day)).NormFloat64()
			o.score = l.Popularity + 0.6*math.Log1p(float64(o.Reviews)) + 0.35*noise
			if l.Debut > 0 && day-l.Debut < 30 {
				o.score += 0.5 // marketplaces push new listings for a while
			}
			offers = append(offers, o)
			bySector[l.Sector.Slug] = append(bySector[l.Sector.Slug], o)
			st.byID[s.Code+"/"+l.ID] = o
		}
		sortOffers(offers)
		for _, list := range bySector {
			sortOffers(list)
			for i, o := range list {
				o.Rank = i + 1
			}
		}
		st.byStore[s.Code] = offers
	}
	return st
}

func sortOffers(os []*offer) {
	sort.Slice(os, func(i, j int) bool {
		if os[i].score != os[j].score {
			return os[i].score > os[j].score
		}
		return os[i].ID < os[j].ID
	})
}

// dayCache keeps the states of the most recently used days.
type dayCache struct {
	mu    sync.Mutex
	days  map[int]*dayEntry
	order []int
	limit int
}

type dayEntry struct {
	once  sync.Once
	state *dayState
}

// get returns the state of day, computing it once however many requests
// ask at the same time.
func (dc *dayCache) get(day int, build func(int) *dayState) *dayState {
	dc.mu.Lock()
	if dc.days == nil {
		dc.days = map[int]*dayEntry{}
	}
	e, ok := dc.days[day]
	if !ok {
		e = &dayEntry{}
		dc.days[day] = e
		dc.order = append(dc.order, day)
		if len(dc.order) > dc.limit {
			delete(dc.days, dc.order[0])
			dc.order = dc.order[1:]
		}
	}
	dc.mu.Unlock()
	e.once.Do(func() { e.state = build(day) })
	return e.state
}
