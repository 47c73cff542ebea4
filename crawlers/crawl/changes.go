package crawl

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/exportscope/exportscope/store"
)

// change is how a listing read from a page compares with the stored one.
type change int

const (
	unchanged change = iota
	changed
	added
)

// pageDocs are the documents one page gives the store. They are written
// to the frontier as the page's outbox before the store sees them, so
// they must be complete: a resumed crawl stores them as they are.
type pageDocs struct {
	// Snapshots come first: a backend that stops half-way through a bulk
	// must not keep a new price without its snapshot.
	Snapshots []*store.Snapshot `json:"snapshots,omitempty"`
	Listings  []*store.Listing  `json:"listings,omitempty"`
	// Reviews are the customer reviews of the page's listings.
	Reviews []*store.Review `json:"reviews,omitempty"`
}

func (d *pageDocs) docs() []store.Doc {
	out := make([]store.Doc, 0, len(d.Snapshots)+len(d.Listings)+len(d.Reviews))
	for _, s := range d.Snapshots {
		out = append(out, s)
	}
	for _, l := range d.Listings {
		out = append(out, l)
	}
	for _, r := range d.Reviews {
		out = append(out, r)
	}
	return out
}

func (d *pageDocs) marshal() ([]byte, error) { return json.Marshal(d) }

func unmarshalPageDocs(b []byte) (*pageDocs, error) {
	var d pageDocs
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("decode pending documents: %w", err)
	}
	return &d, nil
}

// changeCounts counts listings (not product occurrences) by how they
// compare with the store before the run. A listing seen on several pages
// of one run (a search page, then its product page) counts once; the
// counts of one page are deltas and may move a listing from Unchanged to
// Changed.
type changeCounts struct {
	New, Changed, Unchanged, Dropped int
}

// runChanges remembers, for one run, how each listing it met compared
// with the store.
type runChanges struct {
	seen map[string]change
}

func newRunChanges() *runChanges { return &runChanges{seen: map[string]change{}} }

// reconcile compares the listings read from one page with the stored
// ones and returns what to write: every listing (merged with what the
// store knew, LastSeen moved on) and a snapshot for each listing that is
// new or whose price, sales rank, rating or review count changed.
//
// Listings and snapshots carry the crawl's moment, so a crawl writes at
// most one snapshot per listing: when a later page of the crawl shows more
// (the product page adds the rating its search result lacked) or other
// figures, the crawl's snapshot is written again under the same ID with
// the newest figures. That holds across a resumed crawl too.
//
// The caller serializes reconcile and the write that follows, so that two
// pages showing the same product do not both see the old state.
func (rc *runChanges) reconcile(ctx context.Context, st Store, scope store.Scope, fresh []store.Listing, moment time.Time) (*pageDocs, changeCounts, error) {
	var counts changeCounts
	// One page may show a product twice (a list and its "sponsored" copy):
	// fold them, later values filling the gaps of earlier ones.
	byID := map[string]*store.Listing{}
	var order []string
	for i := range fresh {
		l := fresh[i]
		if prev, ok := byID[l.ID]; ok {
			merged := merge(prev, l)
			byID[l.ID] = &merged
			continue
		}
		byID[l.ID] = &l
		order = append(order, l.ID)
	}
	stored := map[string]*store.Listing{}
	if len(order) > 0 {
		docs, err := st.Get(ctx, scope, store.KindListing, order)
		if err != nil {
			return nil, counts, fmt.Errorf("read stored listings: %w", err)
		}
		for _, d := range docs {
			if l, ok := d.(*store.Listing); ok {
				stored[l.ID] = l
			}
		}
	}
	out := &pageDocs{}
	for _, id := range order {
		l, how := *byID[id], added
		if old := stored[id]; old != nil {
			l = merge(old, l)
			how = unchanged
			if differs(old, &l) {
				how = changed
			}
		}
		if err := l.Validate(); err != nil {
			counts.Dropped++
			continue
		}
		if before, ok := rc.seen[id]; !ok {
			rc.seen[id] = how
			counts.add(how, 1)
		} else if how == changed && before == unchanged {
			counts.add(unchanged, -1)
			counts.add(changed, 1)
			rc.seen[id] = changed
		}
		if how != unchanged {
			out.Snapshots = append(out.Snapshots, snapshotOf(&l, moment))
		}
		out.Listings = append(out.Listings, &l)
	}
	return out, counts, nil
}

func (c *changeCounts) add(how change, n int) {
	switch how {
	case added:
		c.New += n
	case changed:
		c.Changed += n
	default:
		c.Unchanged += n
	}
}

// merge lays a listing read now over the stored one: values the page shows
// win, values it does not show (a list page has no brand, a detail page no
// sales rank) are kept, FirstSeen stays and LastSeen moves on.
func merge(old *store.Listing, now store.Listing) store.Listing {
	m := now
	str := func(dst *string, was string) {
		if *dst == "" {
			*dst = was
		}
	}
	str(&m.Title, old.Title)
	str(&m.URL, old.URL)
	str(&m.Brand, old.Brand)
	str(&m.Seller, old.Seller)
	str(&m.SellerCountry, old.SellerCountry)
	str(&m.Category, old.Category)
	str(&m.ShipsFrom, old.ShipsFrom)
	str(&m.GTIN, old.GTIN)
	str(&m.SKU, old.SKU)
	str(&m.Image, old.Image)
	str(&m.Availability, old.Availability)
	switch {
	case m.Price == nil:
		m.Price, m.Currency, m.PriceUSD, m.PriceCNY = old.Price, old.Currency, old.PriceUSD, old.PriceCNY
	case samePrice(old, &m):
		// Same price: keep the conversions if today's failed.
		if m.PriceUSD == nil {
			m.PriceUSD = old.PriceUSD
		}
		if m.PriceCNY == nil {
			m.PriceCNY = old.PriceCNY
		}
	}
	if m.Rating == nil {
		m.Rating = old.Rating
	}
	if m.ReviewCount == 0 {
		m.ReviewCount = old.ReviewCount
	}
	if m.SalesRank == 0 {
		m.SalesRank = old.SalesRank
	}
	for _, s := range old.Sectors {
		if !slices.Contains(m.Sectors, s) {
			m.Sectors = append(m.Sectors, s)
		}
	}
	if !old.FirstSeen.IsZero() && old.FirstSeen.Before(m.FirstSeen) {
		m.FirstSeen = old.FirstSeen
	}
	if old.LastSeen.After(m.LastSeen) {
		m.LastSeen = old.LastSeen
	}
	return m
}

// differs reports a change that makes a snapshot: price (or its
// currency), sales rank, rating or review count.
func differs(a, b *store.Listing) bool {
	return !samePrice(a, b) || !sameFloat(a.Rating, b.Rating) ||
		a.ReviewCount != b.ReviewCount || a.SalesRank != b.SalesRank
}

func samePrice(a, b *store.Listing) bool {
	return sameFloat(a.Price, b.Price) && (a.Price == nil || a.Currency == b.Currency)
}

func sameFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// snapshotOf records l's figures at t. The ID depends on the listing and
// the moment only, so storing the same page's documents again (a resumed
// crawl) replaces the snapshot instead of adding one.
func snapshotOf(l *store.Listing, t time.Time) *store.Snapshot {
	return &store.Snapshot{
		ID:          store.SnapshotID(l.ID, t),
		Tenant:      l.Tenant,
		ListingID:   l.ID,
		Marketplace: l.Marketplace,
		Country:     l.Country,
		Time:        t,
		Price:       l.Price,
		Currency:    l.Currency,
		PriceUSD:    l.PriceUSD,
		Rating:      l.Rating,
		ReviewCount: l.ReviewCount,
		SalesRank:   l.SalesRank,
	}
}
