// Package store defines ExportScope's market-data store: the documents the
// crawlers bring in (listings, snapshots, reviews, trade flows, exchange
// rates) and the reports analytics make of them, plus the one interface every
// backend implements. Backends live in sub-packages named for them
// (store/sqlite, store/elastic); store/storetest holds the conformance suite
// that each backend's tests run.
//
// Everything above the store speaks these types, never SQL or Elasticsearch
// DSL.
//
// A field whose JSON encoding is omitted (an empty string, a nil pointer, a
// zero number tagged omitempty) has no value: backends store it as missing,
// so filters, facets and metrics skip it alike on every backend. Time fields
// are required.
package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Kind names a kind of document.
type Kind string

// The document kinds the store keeps.
const (
	KindListing   Kind = "listing"
	KindSnapshot  Kind = "snapshot"
	KindReview    Kind = "review"
	KindTradeFlow Kind = "tradeflow"
	KindRate      Kind = "rate"
	KindReport    Kind = "report"
)

// Kinds lists every document kind in a fixed order.
var Kinds = []Kind{KindListing, KindSnapshot, KindReview, KindTradeFlow, KindRate, KindReport}

// Doc is implemented by every document type. Documents are identified by
// (tenant, kind, ID); upserting a document with an existing ID replaces it.
type Doc interface {
	Kind() Kind
	DocID() string
	DocTenant() string
	// Validate reports the first problem with the document as a
	// *ValidationError naming the field.
	Validate() error
}

// Listing is the latest state of one product offer on a marketplace.
// Tenant is empty for shared public data.
type Listing struct {
	ID            string   `json:"id"`
	Tenant        string   `json:"tenant,omitempty"`
	Marketplace   string   `json:"marketplace"` // e.g. "amazon.de"
	Country       string   `json:"country"`     // storefront country, ISO 3166-1 alpha-2
	URL           string   `json:"url"`
	Title         string   `json:"title"`
	Brand         string   `json:"brand,omitempty"`
	Seller        string   `json:"seller,omitempty"`
	SellerCountry string   `json:"sellerCountry,omitempty"` // ISO alpha-2
	Category      string   `json:"category,omitempty"`
	Sectors       []string `json:"sectors,omitempty"`  // sector slugs from the catalogue
	Price         *float64 `json:"price,omitempty"`    // in Currency
	Currency      string   `json:"currency,omitempty"` // ISO 4217
	PriceUSD      *float64 `json:"priceUSD,omitempty"`
	PriceCNY      *float64 `json:"priceCNY,omitempty"`
	Rating        *float64 `json:"rating,omitempty"` // 0..5
	ReviewCount   int      `json:"reviewCount"`
	SalesRank     int      `json:"salesRank,omitempty"` // 0: not shown
	ShipsFrom     string   `json:"shipsFrom,omitempty"`
	GTIN          string   `json:"gtin,omitempty"`
	SKU           string   `json:"sku,omitempty"`
	Image         string   `json:"image,omitempty"`
	Availability  string   `json:"availability,omitempty"`
	// NetWeightKg is the product's net weight where the page or its title
	// states one; USDPerKg is PriceUSD / NetWeightKg. Analytics sets both
	// when it classifies listings, so price per kg aggregates in the store.
	NetWeightKg *float64  `json:"netWeightKg,omitempty"`
	USDPerKg    *float64  `json:"usdPerKg,omitempty"`
	FirstSeen   time.Time `json:"firstSeen"`
	LastSeen    time.Time `json:"lastSeen"`
}

// Snapshot records a listing's price, rank, rating and review count at one
// moment; a change of any of them makes a new snapshot.
//
// A search snapshot (SearchQuery set) records instead where the listing
// stood among the organic results of a keyword search page at that moment:
// the query, the result page, the 1-based position over all pages and the
// brand the page showed. It carries no price, so price series skip it.
type Snapshot struct {
	ID          string    `json:"id"`
	Tenant      string    `json:"tenant,omitempty"`
	ListingID   string    `json:"listingId"`
	Marketplace string    `json:"marketplace"`
	Country     string    `json:"country"`
	Time        time.Time `json:"time"`
	Price       *float64  `json:"price,omitempty"`
	Currency    string    `json:"currency,omitempty"`
	PriceUSD    *float64  `json:"priceUSD,omitempty"`
	Rating      *float64  `json:"rating,omitempty"`
	ReviewCount int       `json:"reviewCount"`
	SalesRank   int       `json:"salesRank,omitempty"`
	// Search position fields, set on search snapshots only.
	SearchQuery    string `json:"searchQuery,omitempty"`
	SearchPage     int    `json:"searchPage,omitempty"`     // 1-based result page
	SearchPosition int    `json:"searchPosition,omitempty"` // 1-based over all pages
	Brand          string `json:"brand,omitempty"`
}

// Review is one customer review of a listing.
type Review struct {
	ID          string    `json:"id"`
	Tenant      string    `json:"tenant,omitempty"`
	ListingID   string    `json:"listingId"`
	Marketplace string    `json:"marketplace"`
	Country     string    `json:"country"`
	Brand       string    `json:"brand,omitempty"`
	Sectors     []string  `json:"sectors,omitempty"`
	Rating      float64   `json:"rating"` // 1..5
	Title       string    `json:"title,omitempty"`
	Text        string    `json:"text"`
	Lang        string    `json:"lang,omitempty"` // BCP 47 primary language, e.g. "en", "zh"
	Date        time.Time `json:"date"`
}

// Trade flow directions, as in UN Comtrade.
const (
	FlowImport   = "import"
	FlowExport   = "export"
	FlowReImport = "reimport"
	FlowReExport = "reexport"
)

// World is the partner code of a reporter's trade with all partners together.
const World = "WLD"

// TradeFlow is one row of international trade statistics in the UN Comtrade
// shape: what Reporter declared about its Flow with Partner in one HS code
// and period.
type TradeFlow struct {
	ID          string   `json:"id"`
	Tenant      string   `json:"tenant,omitempty"`
	Reporter    string   `json:"reporter"` // ISO alpha-2
	Partner     string   `json:"partner"`  // ISO alpha-2, or World
	HS          string   `json:"hs"`       // digits only ("251910"), or "TOTAL"
	Year        int      `json:"year"`
	Month       int      `json:"month,omitempty"` // 0 for annual data
	Flow        string   `json:"flow"`
	ValueUSD    float64  `json:"valueUSD"`
	NetWeightKg *float64 `json:"netWeightKg,omitempty"`
	Quantity    *float64 `json:"quantity,omitempty"`
	QtyUnit     string   `json:"qtyUnit,omitempty"`
	Source      string   `json:"source,omitempty"` // e.g. "comtrade"
}

// Period is the flow's period as Comtrade writes it: "2019" or "201903".
func (f TradeFlow) Period() string {
	if f.Month == 0 {
		return itoa4(f.Year)
	}
	return itoa4(f.Year) + string(rune('0'+f.Month/10)) + string(rune('0'+f.Month%10))
}

// Rate is one daily reference rate: how many units of Currency one euro buys
// on Date (the ECB's convention).
type Rate struct {
	Date     time.Time `json:"date"`
	Currency string    `json:"currency"`
	PerEUR   float64   `json:"perEUR"`
	Source   string    `json:"source,omitempty"`
}

// Report is a stored report document; Body is the report's JSON.
type Report struct {
	ID        string          `json:"id"`
	Tenant    string          `json:"tenant,omitempty"`
	Type      string          `json:"kind"` // "market", "brand"
	Sector    string          `json:"sector"`
	Market    string          `json:"market,omitempty"`
	Brand     string          `json:"brand,omitempty"`
	Version   int             `json:"version"`
	CreatedAt time.Time       `json:"createdAt"`
	Body      json.RawMessage `json:"body"`
}

func (*Listing) Kind() Kind   { return KindListing }
func (*Snapshot) Kind() Kind  { return KindSnapshot }
func (*Review) Kind() Kind    { return KindReview }
func (*TradeFlow) Kind() Kind { return KindTradeFlow }
func (*Rate) Kind() Kind      { return KindRate }
func (*Report) Kind() Kind    { return KindReport }

func (d *Listing) DocID() string   { return d.ID }
func (d *Snapshot) DocID() string  { return d.ID }
func (d *Review) DocID() string    { return d.ID }
func (d *TradeFlow) DocID() string { return d.ID }
func (d *Report) DocID() string    { return d.ID }

// DocID of a rate is its date and currency: there is one rate per day and
// currency.
func (d *Rate) DocID() string { return d.Date.UTC().Format("2006-01-02") + ":" + d.Currency }

func (d *Listing) DocTenant() string   { return d.Tenant }
func (d *Snapshot) DocTenant() string  { return d.Tenant }
func (d *Review) DocTenant() string    { return d.Tenant }
func (d *TradeFlow) DocTenant() string { return d.Tenant }
func (d *Rate) DocTenant() string      { return "" }
func (d *Report) DocTenant() string    { return d.Tenant }

// StableID derives a document ID from the parts that identify it, so that
// ingesting the same thing twice yields the same ID.
func StableID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(strings.TrimSpace(p)))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// TradeFlowID is the stable ID of a trade flow: one per reporter, partner,
// HS code, period and direction.
func TradeFlowID(f *TradeFlow) string {
	return StableID(f.Reporter, f.Partner, f.HS, f.Period(), f.Flow)
}

// SnapshotID is the stable ID of a listing's snapshot at a moment.
func SnapshotID(listingID string, t time.Time) string {
	return StableID(listingID, t.UTC().Format(time.RFC3339Nano))
}

// SearchSnapshotID is the stable ID of a listing's search snapshot: one
// per listing, moment, marketplace, query and position, so a resumed crawl
// replaces it.
func SearchSnapshotID(listingID, marketplace, query string, position int, t time.Time) string {
	return StableID("search", listingID, marketplace, strings.ToLower(query), strconv.Itoa(position), t.UTC().Format(time.RFC3339Nano))
}

func itoa4(y int) string {
	b := []byte{'0', '0', '0', '0'}
	for i := 3; i >= 0 && y > 0; i-- {
		b[i] = byte('0' + y%10)
		y /= 10
	}
	return string(b)
}

// Float returns a pointer to v, for the optional numeric fields.
func Float(v float64) *float64 { return &v }
