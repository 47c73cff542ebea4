package crawl

import (
	"context"
	"log/slog"
	"math"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/exportscope/exportscope/crawlers/extract"
	"github.com/exportscope/exportscope/crawlers/site"
	"github.com/exportscope/exportscope/store"
)

// Rates converts amounts between currencies at the reference rates of a
// day, and reports the day whose rates it used. *fx.Converter implements
// it.
type Rates interface {
	ConvertTo(ctx context.Context, amount float64, from, to string, day time.Time) (float64, time.Time, error)
}

// listingMaker turns extracted products into listings.
type listingMaker struct {
	tenant  string
	sectors []string
	rates   Rates
	log     *slog.Logger
	warned  sync.Map // currency -> true, to log a failing conversion once
}

// listingID is the ID of the listing a product read from pageURL on
// market m stands for, and its canonical URL; false when the product
// cannot be identified.
func listingID(p extract.Product, pageURL *url.URL, m site.Market) (id, canon string, ok bool) {
	link := p.URL
	if link == "" {
		link = pageURL.String()
	}
	canon = canonicalURL(link)
	if canon == "" {
		return "", "", false
	}
	key := canon
	if sku := strings.TrimSpace(p.SKU); sku != "" {
		key = "sku:" + sku
	}
	return store.StableID(m.Host, key), canon, true
}

// listing maps a product read from pageURL (a market URL) on market m,
// seen at seen, to a listing. It reports false for products that cannot
// be identified.
func (lm *listingMaker) listing(ctx context.Context, p extract.Product, pageURL *url.URL, m site.Market, seen time.Time) (store.Listing, bool) {
	id, canon, ok := listingID(p, pageURL, m)
	if !ok {
		return store.Listing{}, false
	}
	l := store.Listing{
		ID:            id,
		Tenant:        lm.tenant,
		Marketplace:   m.Host,
		Country:       m.Country,
		URL:           canon,
		Title:         p.Title,
		Brand:         p.Brand,
		Seller:        p.Seller,
		SellerCountry: countryCode(p.SellerCountry),
		Category:      p.Category,
		Sectors:       append([]string(nil), lm.sectors...),
		Price:         p.Price,
		Currency:      strings.ToUpper(p.Currency),
		Rating:        p.Rating,
		ReviewCount:   p.ReviewCount,
		SalesRank:     p.SalesRank,
		ShipsFrom:     p.ShipsFrom,
		GTIN:          p.GTIN,
		SKU:           strings.TrimSpace(p.SKU),
		Image:         p.Image,
		Availability:  p.Availability,
		FirstSeen:     seen,
		LastSeen:      seen,
	}
	if c := countryCode(l.ShipsFrom); c != "" {
		l.ShipsFrom = c
	}
	if l.Price != nil && l.Currency != "" {
		l.PriceUSD = lm.convert(ctx, *l.Price, l.Currency, "USD", seen)
		l.PriceCNY = lm.convert(ctx, *l.Price, l.Currency, "CNY", seen)
	}
	return l, true
}

func (lm *listingMaker) convert(ctx context.Context, amount float64, from, to string, day time.Time) *float64 {
	if from == to {
		return store.Float(amount)
	}
	if lm.rates == nil {
		return nil
	}
	v, _, err := lm.rates.ConvertTo(ctx, amount, from, to, day)
	if err != nil {
		if _, seen := lm.warned.LoadOrStore(from+">"+to, true); !seen {
			lm.log.Warn("crawl: no conversion; listings keep their own currency only", "from", from, "to", to, "err", err)
		}
		return nil
	}
	return store.Float(round(v, 4))
}

func round(v float64, places int) float64 {
	p := math.Pow10(places)
	return math.Round(v*p) / p
}

// trackingParams are query parameters that say how a visitor came, not
// what the page is.
var trackingParams = map[string]bool{
	"ref": true, "ref_": true, "gclid": true, "fbclid": true, "msclkid": true, "yclid": true,
	"spm": true, "scm": true,
}

// canonicalURL is the form of a product URL that identifies it: see
// cleanURL, and the query parameters sorted.
func canonicalURL(raw string) string {
	u := cleanURL(raw)
	if u == nil {
		return ""
	}
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
		}
	}
	u.RawQuery = b.String()
	return u.String()
}

// cleanURL parses an absolute http(s) URL and normalizes it (see
// parseHTTP) without the tracking parameters, keeping the others in
// their order. It returns nil for other URLs.
func cleanURL(raw string) *url.URL {
	u, err := parseHTTP(raw)
	if err != nil {
		return nil
	}
	if u.RawQuery == "" {
		return u
	}
	var kept []string
	for _, part := range strings.Split(u.RawQuery, "&") {
		if part == "" {
			continue
		}
		k, _, _ := strings.Cut(part, "=")
		if key, err := url.QueryUnescape(k); err == nil {
			k = key
		}
		k = strings.ToLower(k)
		if trackingParams[k] || strings.HasPrefix(k, "utm_") {
			continue
		}
		kept = append(kept, part)
	}
	u.RawQuery = strings.Join(kept, "&")
	return u
}
