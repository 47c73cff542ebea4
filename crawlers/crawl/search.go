package crawl

import (
	"net/url"
	"strings"
	"time"

	"github.com/exportscope/exportscope/crawlers/extract"
	"github.com/exportscope/exportscope/crawlers/site"
	"github.com/exportscope/exportscope/store"
)

// searchSnapshots records the results of a keyword search page: for a
// list page whose URL the adapter's search template reads back into a
// keyword and a page number, one search snapshot per product shown, in
// page order, with its 1-based position over all pages and the brand the
// page shows. Positions count every result the page shows, including one
// that cannot be identified (it gets no snapshot). The position is
// (page-1) × the adapter's search.pageSize + the place on the page; for an
// adapter without a page size only the first page is recorded (share of
// shelf needs no more).
//
// The listing ID is the one the list item gives (its SKU, else its
// canonical URL). Sponsored results are left out where the adapter's item
// selectors leave them out; the store keeps organic results only.
func (c *Crawler) searchSnapshots(page *url.URL, m site.Market, out extract.Result, seen time.Time) []*store.Snapshot {
	a := c.opts.Adapter
	if a == nil || len(out.Products) == 0 {
		return nil
	}
	kind, ok := a.Page(page)
	if !ok || len(kind.Items) == 0 {
		return nil
	}
	keyword, pageNo, ok := a.SearchOf(page)
	if !ok {
		return nil
	}
	size := a.Search.PageSize
	if size <= 0 {
		if pageNo > 1 {
			return nil // positions past the first page are unknown
		}
		size = len(out.Products)
	}
	var snaps []*store.Snapshot
	for i, p := range out.Products {
		id, _, ok := listingID(p, page, m)
		if !ok {
			continue
		}
		pos := (pageNo-1)*size + i + 1
		snaps = append(snaps, &store.Snapshot{
			ID:          store.SearchSnapshotID(id, m.Host, keyword, pos, seen),
			Tenant:      c.listings.tenant,
			ListingID:   id,
			Marketplace: m.Host,
			Country:     m.Country,
			Time:        seen,
			SearchQuery: keyword, SearchPage: pageNo, SearchPosition: pos,
			Brand: strings.TrimSpace(p.Brand),
		})
	}
	return snaps
}
