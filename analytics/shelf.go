package analytics

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/exportscope/exportscope/store"
)

// ShelfSearch is the brand's share of shelf on one tracked search: one
// query on one marketplace, over the crawls (days) it was recorded.
type ShelfSearch struct {
	Marketplace string `json:"marketplace"`
	Country     string `json:"country"`
	Query       string `json:"query"`
	// Crawls is the number of days the search's first page was recorded.
	Crawls int `json:"crawls"`
	// Results counts the first-page organic results over those crawls;
	// BrandResults those of the brand.
	Results      int64 `json:"results"`
	BrandResults int64 `json:"brandResults"`
	// Share is the brand's share of the first page averaged over the
	// crawls, in percent.
	Share Figure `json:"share"`
}

// ShelfInputNeeded describes the data the share-of-shelf figure is read
// from.
const ShelfInputNeeded = "Search snapshots (store snapshot documents with searchQuery set) from crawls of keyword searches: " +
	"{searchQuery, marketplace, country, time, searchPage, searchPosition, listingId, brand}, organic results only. " +
	"A search is tracked for a sector when its query contains one of the sector's keywords (any language, ignoring case)."

const defShelfSearch = "The brand's results / all organic results on the first page of this search, in percent, averaged over the crawls (days)"

// tracksSector reports whether a search query belongs to the sector: it
// contains one of the sector's keywords, ignoring case and width.
func tracksSector(sec Sector, query string) bool {
	q := sellerKey(query)
	for _, kws := range sec.Keywords {
		for _, kw := range kws {
			if k := sellerKey(kw); k != "" && strings.Contains(q, k) {
				return true
			}
		}
	}
	return false
}

// brandShelf computes the share of shelf: for each tracked search (query
// × marketplace) and each day it was crawled, the brand's results among
// the first page's organic results; the figure is the mean over those
// searches and days. Brand names on search pages are matched ignoring
// case and width.
func (s *Service) brandShelf(ctx context.Context, rep *BrandReport, sec Sector, brand string) error {
	rows, err := aggregate(ctx, s.st, "list recorded searches", store.AggQuery{Scope: store.Public, Kind: store.KindSnapshot,
		Filter: store.Filter{store.Exists("searchQuery")}, GroupBy: []store.GroupBy{{Field: "searchQuery", Size: 10000}}})
	if err != nil {
		return err
	}
	var tracked []string
	for _, r := range rows {
		if tracksSector(sec, r.Keys[0]) {
			tracked = append(tracked, r.Keys[0])
		}
	}
	sort.Strings(tracked)
	rep.ShareOfShelf = ShelfSection{InputNeeded: ShelfInputNeeded, Searches: []ShelfSearch{}}
	src := []string{"store snapshot: searchQuery contains a keyword of sector " + sec.Slug + ", searchPage = 1"}
	if len(tracked) == 0 {
		prov := Prov{Window: rep.Window, Sources: src}
		rep.ShareOfShelf.Share = prov.noData(defShelf, UnitPercent, 0,
			"no keyword search of sector %s has been crawled (%d other searches are recorded)", sec.Slug, len(rows))
		return nil
	}
	one := 1.0
	f := store.Filter{store.In("searchQuery", tracked...), store.Range("searchPage", &one, &one)}
	groups := []store.GroupBy{{Field: "marketplace", Size: 1000}, {Field: "country", Size: 300},
		{Field: "searchQuery", Size: 10000}, {Field: "time", Interval: store.Day}}
	totals, err := aggregate(ctx, s.st, "count first-page search results", store.AggQuery{Scope: store.Public, Kind: store.KindSnapshot,
		Filter: f, GroupBy: groups})
	if err != nil {
		return err
	}
	byBrand, err := aggregate(ctx, s.st, "count first-page search results by brand", store.AggQuery{Scope: store.Public, Kind: store.KindSnapshot,
		Filter: f, GroupBy: append(groups, store.GroupBy{Field: "brand", Size: 10000})})
	if err != nil {
		return err
	}
	type crawl struct{ search, day string }
	key := func(r store.AggRow) crawl {
		return crawl{r.Keys[0] + "\x00" + r.Keys[1] + "\x00" + r.Keys[2], r.Keys[3]}
	}
	want := sellerKey(brand)
	brandN := map[crawl]int64{}
	for _, r := range byBrand {
		if sellerKey(r.Keys[4]) == want {
			brandN[key(r)] += r.Count
		}
	}
	type acc struct {
		shares           float64
		crawls           int
		results, ofBrand int64
		from, to         string
	}
	searches := map[string]*acc{}
	var all acc
	for _, r := range totals {
		if r.Count == 0 {
			continue
		}
		k := key(r)
		a := searches[k.search]
		if a == nil {
			a = &acc{}
			searches[k.search] = a
		}
		share := 100 * float64(brandN[k]) / float64(r.Count)
		for _, x := range []*acc{a, &all} {
			x.shares += share
			x.crawls++
			x.results += r.Count
			x.ofBrand += brandN[k]
			if x.from == "" || k.day < x.from {
				x.from = k.day
			}
			if k.day > x.to {
				x.to = k.day
			}
		}
	}
	prov := Prov{Window: Window{From: all.from, To: all.to}, Sources: append(src, "searches: "+strings.Join(tracked, "; "))}
	if all.crawls == 0 {
		rep.ShareOfShelf.Share = prov.noData(defShelf, UnitPercent, 0, "the tracked searches of sector %s have no first-page results", sec.Slug)
		return nil
	}
	rep.Records.SearchResults = all.results
	rep.ShareOfShelf.Share = prov.ok(defShelf, UnitPercent, all.results, all.shares/float64(all.crawls)).
		withNote("%d of %d first-page results over %d crawls of %d searches", all.ofBrand, all.results, all.crawls, len(searches))
	names := make([]string, 0, len(searches))
	for k := range searches {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		a := searches[k]
		parts := strings.SplitN(k, "\x00", 3)
		p := Prov{Window: Window{From: a.from, To: a.to},
			Sources: []string{fmt.Sprintf("store snapshot: marketplace = %s, searchQuery = %s, searchPage = 1", parts[0], parts[2])}}
		rep.ShareOfShelf.Searches = append(rep.ShareOfShelf.Searches, ShelfSearch{
			Marketplace: parts[0], Country: parts[1], Query: parts[2], Crawls: a.crawls, Results: a.results, BrandResults: a.ofBrand,
			Share: p.ok(defShelfSearch, UnitPercent, a.results, a.shares/float64(a.crawls)),
		})
	}
	return nil
}
