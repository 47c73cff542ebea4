// Package storetest is the conformance suite of the market-data store.
// Every backend's tests call Run with a constructor for a fresh, empty
// store; the suite loads the same generated data and checks every
// operation against figures computed here by plain Go over the raw rows,
// independently of any backend.
package storetest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/exportscope/exportscope/store"
)

// Data is the suite's data set.
type Data struct {
	Listings  []*store.Listing
	Snapshots []*store.Snapshot
	Reviews   []*store.Review
	Flows     []*store.TradeFlow
	Rates     []*store.Rate
	Reports   []*store.Report
}

// Docs returns every document of the data set.
func (d *Data) Docs() []store.Doc {
	var out []store.Doc
	for _, x := range d.Listings {
		out = append(out, x)
	}
	for _, x := range d.Snapshots {
		out = append(out, x)
	}
	for _, x := range d.Reviews {
		out = append(out, x)
	}
	for _, x := range d.Flows {
		out = append(out, x)
	}
	for _, x := range d.Rates {
		out = append(out, x)
	}
	for _, x := range d.Reports {
		out = append(out, x)
	}
	return out
}

var storefronts = []struct{ marketplace, country, currency string }{
	{"amazon.de", "DE", "EUR"},
	{"amazon.com", "US", "USD"},
	{"ozon.ru", "RU", "RUB"},
	{"mercadolivre.com.br", "BR", "BRL"},
	{"rakuten.co.jp", "JP", "JPY"},
}

// Title vocabularies: each title carries exactly one product phrase, so a
// query for a phrase matches exactly the titles that contain it.
var phrases = []string{
	"Magnesium Oxide powder", "magnesia carbon brick", "salted jellyfish", "car lift",
	"氧化镁粉", "即食海蜇", "оксид магния", "cashmere sweater", "Bitumen membrane", "酸化マグネシウム",
}

var brands = []string{"Jinlong", "Jinlong", "Jinlong", "Jinlong", "RHI", "RHI", "RHI", "Magnifin", "Magnifin",
	"海宝", "海宝", "Baltic", "Kraftwerk", "Ivanov", "Zhongxing", "Andes", "Tanaka", "Ocean"}

var sellers = []struct{ name, country string }{
	{"Dalian Trade Co", "CN"}, {"Yingkou Minerals", "CN"}, {"Panjin Foods", "CN"}, {"Berlin Handel", "DE"},
	{"Moscow Supply", "RU"}, {"Sao Paulo Imports", "BR"}, {"Osaka Shoji", "JP"}, {"Acme US", "US"}, {"", ""},
}

var sectorsOf = map[int][]string{
	0: {"magnesium"}, 1: {"magnesium"}, 2: {"seafood"}, 3: {"auto"}, 4: {"magnesium"},
	5: {"seafood"}, 6: {"magnesium"}, 7: {"textiles", "silk"}, 8: {"waterproof", "petrochem"}, 9: {"magnesium"},
}

// Base is the moment the data set's clock starts.
var Base = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Generate builds the data set deterministically. n is the number of
// public listings; tenant-private copies of a few are added for isolation
// checks.
func Generate(n int) *Data {
	r := rand.New(rand.NewPCG(7, 42))
	d := &Data{}
	for i := 0; i < n; i++ {
		sf := storefronts[i%len(storefronts)]
		p := r.IntN(len(phrases))
		sel := sellers[r.IntN(len(sellers))]
		l := &store.Listing{
			ID:            fmt.Sprintf("L%04d", i),
			Marketplace:   sf.marketplace,
			Country:       sf.country,
			URL:           fmt.Sprintf("https://%s/dp/L%04d", sf.marketplace, i),
			Title:         fmt.Sprintf("%s %d kg grade %c", phrases[p], 1+r.IntN(50), 'A'+rune(r.IntN(3))),
			Brand:         brands[r.IntN(len(brands))],
			Seller:        sel.name,
			SellerCountry: sel.country,
			Category:      []string{"Industrial", "Food", "Home"}[r.IntN(3)],
			Sectors:       sectorsOf[p],
			ReviewCount:   r.IntN(400),
			FirstSeen:     Base.Add(time.Duration(r.IntN(120*24)) * time.Hour),
		}
		l.LastSeen = l.FirstSeen.Add(time.Duration(r.IntN(200*24)) * time.Hour)
		if i%13 != 5 { // some listings show no price
			usd := float64(int(100*(5+r.ExpFloat64()*60))) / 100
			l.PriceUSD = store.Float(usd)
			l.PriceCNY = store.Float(float64(int(usd*720)) / 100)
			l.Price = store.Float(usd)
			l.Currency = sf.currency
		}
		if i%11 != 3 {
			l.Rating = store.Float(float64(30+r.IntN(21)) / 10)
		}
		if i%7 == 0 {
			l.SalesRank = 1 + r.IntN(5000)
		}
		d.Listings = append(d.Listings, l)

		for k := 0; k < i%3; k++ {
			t := l.FirstSeen.Add(time.Duration(k*24) * time.Hour)
			s := &store.Snapshot{
				ID: store.SnapshotID(l.ID, t), ListingID: l.ID, Marketplace: l.Marketplace, Country: l.Country,
				Time: t, Price: l.Price, Currency: l.Currency, PriceUSD: l.PriceUSD, Rating: l.Rating,
				ReviewCount: l.ReviewCount - k, SalesRank: l.SalesRank,
			}
			d.Snapshots = append(d.Snapshots, s)
		}
		if i%4 == 0 {
			d.Reviews = append(d.Reviews, &store.Review{
				ID: "R" + l.ID, ListingID: l.ID, Marketplace: l.Marketplace, Country: l.Country, Brand: l.Brand,
				Sectors: l.Sectors, Rating: float64(1 + r.IntN(5)), Text: "good quality, fast delivery",
				Lang: []string{"en", "de", "ru", "zh", "es"}[r.IntN(5)], Date: l.LastSeen,
			})
		}
	}
	d.Snapshots = append(d.Snapshots, searchSnapshots(d.Listings)...)
	reporters := []string{"DE", "JP", "RU", "BR", "PL"}
	partners := []string{"CN", "TR", "AT", "BR", "US", "IN"}
	hs := []string{"251910", "251990", "810411", "030890"}
	for _, rep := range reporters {
		for _, h := range hs {
			for y := 2019; y <= 2023; y++ {
				var world float64
				var worldKg float64
				for _, par := range partners {
					if par == rep || r.IntN(5) == 0 {
						continue
					}
					v := float64(1000 + r.IntN(900000))
					f := &store.TradeFlow{Reporter: rep, Partner: par, HS: h, Year: y, Flow: store.FlowImport, ValueUSD: v, Source: "suite"}
					if r.IntN(6) != 0 {
						kg := v / (0.2 + r.Float64()*3)
						f.NetWeightKg = store.Float(float64(int(kg)))
						worldKg += float64(int(kg))
					}
					f.ID = store.TradeFlowID(f)
					world += v
					d.Flows = append(d.Flows, f)
				}
				f := &store.TradeFlow{Reporter: rep, Partner: store.World, HS: h, Year: y, Flow: store.FlowImport, ValueUSD: world, NetWeightKg: store.Float(worldKg), Source: "suite"}
				f.ID = store.TradeFlowID(f)
				d.Flows = append(d.Flows, f)
			}
		}
	}
	for day := 0; day < 30; day++ {
		date := Base.AddDate(0, 0, day)
		if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		for _, c := range []struct {
			cur  string
			base float64
		}{{"USD", 1.09}, {"CNY", 7.8}, {"JPY", 158}, {"RUB", 98}} {
			d.Rates = append(d.Rates, &store.Rate{Date: date, Currency: c.cur, PerEUR: c.base * (1 + float64(r.IntN(100)-50)/5000), Source: "suite"})
		}
	}
	for i := 0; i < 5; i++ {
		d.Reports = append(d.Reports, &store.Report{
			ID: fmt.Sprintf("rep-%d", i), Type: "market", Sector: "magnesium", Market: reporters[i], Version: 1,
			CreatedAt: Base.AddDate(0, 0, i), Body: []byte(fmt.Sprintf(`{"market":%q,"n":%d}`, reporters[i], i)),
		})
	}
	return d
}

// SearchQueries are the keyword searches the data set records result
// positions for, on every storefront.
var SearchQueries = []string{"Magnesium Oxide powder", "salted jellyfish"}

// SearchPageSize is the number of results on one search page of the data
// set.
const SearchPageSize = 5

// searchSnapshots records, for each storefront and search query, the
// listings whose title holds the query in ID order as the organic results,
// SearchPageSize to a page, over at most three pages.
func searchSnapshots(ls []*store.Listing) []*store.Snapshot {
	var out []*store.Snapshot
	at := Base.AddDate(0, 0, 10)
	for _, sf := range storefronts {
		for _, q := range SearchQueries {
			pos := 0
			for _, l := range ls {
				if l.Marketplace != sf.marketplace || !strings.Contains(l.Title, q) {
					continue
				}
				pos++
				if pos > 3*SearchPageSize {
					break
				}
				out = append(out, &store.Snapshot{
					ID: store.SearchSnapshotID(l.ID, l.Marketplace, q, pos, at), ListingID: l.ID,
					Marketplace: l.Marketplace, Country: l.Country, Time: at,
					SearchQuery: q, SearchPage: 1 + (pos-1)/SearchPageSize, SearchPosition: pos, Brand: l.Brand,
				})
			}
		}
	}
	return out
}

// PrivateListings returns tenant-owned copies of the first k listings,
// with the same IDs as the public ones, so that any leak across scopes
// shows.
func PrivateListings(d *Data, tenant string, k int) []*store.Listing {
	var out []*store.Listing
	for _, l := range d.Listings[:k] {
		c := *l
		c.Tenant = tenant
		c.Title = "PRIVATE " + c.Title
		c.Brand = "Secret-" + tenant
		out = append(out, &c)
	}
	return out
}
