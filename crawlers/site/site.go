package site

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"github.com/gocolly/colly/v2"

	"github.com/exportscope/exportscope/crawlers/price"
)

// Field names a product field an adapter can extract.
type Field string

// The fields, named as in extract.Product's JSON.
const (
	Title         Field = "title"
	Brand         Field = "brand"
	Seller        Field = "seller"
	SellerCountry Field = "sellerCountry"
	Price         Field = "price"
	Currency      Field = "currency"
	Rating        Field = "rating"
	ReviewCount   Field = "reviewCount"
	SalesRank     Field = "salesRank"
	Category      Field = "category"
	ShipsFrom     Field = "shipsFrom"
	GTIN          Field = "gtin"
	SKU           Field = "sku"
	Image         Field = "image"
	URL           Field = "url"
	Availability  Field = "availability"
)

// Fields lists every field in a fixed order.
var Fields = []Field{Title, Brand, Seller, SellerCountry, Price, Currency, Rating,
	ReviewCount, SalesRank, Category, ShipsFrom, GTIN, SKU, Image, URL, Availability}

// ReviewField names a field of a customer review an adapter can extract.
type ReviewField string

// The review fields, named as in extract.Review's JSON.
const (
	ReviewAuthor ReviewField = "author"
	ReviewRating ReviewField = "rating"
	ReviewTitle  ReviewField = "title"
	ReviewText   ReviewField = "text"
	ReviewLang   ReviewField = "lang"
	ReviewDate   ReviewField = "date"
)

// ReviewFields lists every review field in a fixed order.
var ReviewFields = []ReviewField{ReviewAuthor, ReviewRating, ReviewTitle, ReviewText, ReviewLang, ReviewDate}

// Adapter is one marketplace, loaded from one YAML file.
type Adapter struct {
	// Name identifies the adapter ("amazon").
	Name string
	// File is where it was loaded from, for messages.
	File string
	// Markets are the storefronts it serves, one per host.
	Markets []Market
	// Politeness limits the crawl rate on every market host.
	Politeness Politeness
	// Search builds search-result URLs; empty URL when the adapter has none.
	Search Search
	// Pages are the kinds of page, tried in order against a URL.
	Pages []Page
}

// Market is one storefront of a marketplace: a host and how it writes
// numbers and money.
type Market struct {
	// Host matches itself and its subdomains ("amazon.de" matches
	// "www.amazon.de").
	Host string
	// Country is the ISO 3166-1 alpha-2 country the storefront serves.
	Country string
	// Language is the BCP 47 tag the adapter file gave ("de-DE").
	Language string
	// Locale is what price parsing needs: decimal separator and currency.
	Locale price.Locale
}

// Politeness limits how fast a crawler may fetch from one market host.
type Politeness struct {
	Delay       time.Duration // between requests
	RandomDelay time.Duration // extra random wait up to this
	Parallelism int           // requests in flight
}

// Search builds the URL of a search-result page for a keyword.
type Search struct {
	// URL is a template with {host}, {keyword} (query-escaped),
	// {keywordPath} (path-escaped, spaces as '-'), {page} (1-based) and
	// {offset} (OffsetBase + (page-1)*PageSize).
	URL        string
	PageSize   int
	OffsetBase int
}

// Page is one kind of page on a marketplace.
type Page struct {
	Name string
	// URLs are regular expressions matched against the URL's path and
	// query ("/dp/", "^/s[?/]"); the page kind applies when one matches.
	URLs []*regexp.Regexp
	// Items, when set, makes this a list page: each match is one product
	// and fields are looked up inside it. The first alternative that finds
	// any item wins. Without Items the page is one product.
	Items []Selector
	// Next finds the link to the next list page.
	Next []Selector
	// Follow finds links to detail pages worth fetching.
	Follow []Selector
	// Fields maps each field to alternatives; the first that yields a
	// usable value wins.
	Fields map[Field][]Selector
	// Reviews, when set, reads the customer reviews of a product page.
	Reviews *Reviews
}

// Reviews says where a product page shows its customer reviews: each
// match of Items is one review, and its fields are looked up inside it
// the way a list page's product fields are.
type Reviews struct {
	// Items finds the reviews; the first alternative that finds any wins.
	Items []Selector
	// Fields maps each review field to alternatives; the first that
	// yields a usable value wins.
	Fields map[ReviewField][]Selector
}

// Selector finds one value on a page or in an item.
type Selector struct {
	// CSS selects elements inside the item (or the page); empty means the
	// item itself.
	CSS string
	// Attr reads an attribute instead of the element's text.
	Attr string
	// Drop removes matching descendants before the text is read
	// ("Neues Angebot" badges inside a title).
	Drop string
	// Regex keeps the first capture group of its first match (the whole
	// match when it has no group).
	Regex *regexp.Regexp
	// JSON reads a JSON path from the selected text, or from the item when
	// the page is JSON.
	JSON *JSONPath
	// Join, when set, joins the values of all matches (breadcrumbs).
	Join string
	// FromPage looks from the page root even for list items (a list
	// page's category heading).
	FromPage bool
	// Line is the selector's line in the adapter file.
	Line int

	css  cascadia.Selector
	drop cascadia.Selector
}

// Matcher returns the compiled CSS selector, nil when CSS is empty. It
// satisfies goquery.Matcher.
func (s Selector) Matcher() cascadia.Selector { return s.css }

// DropMatcher returns the compiled Drop selector, nil when Drop is empty.
func (s Selector) DropMatcher() cascadia.Selector { return s.drop }

// String renders the selector for messages.
func (s Selector) String() string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+strconv.Quote(v))
		}
	}
	add("css", s.CSS)
	add("attr", s.Attr)
	if s.Regex != nil {
		add("regex", s.Regex.String())
	}
	if s.JSON != nil {
		add("json", s.JSON.String())
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// MatchHost reports whether host is the market's host or a subdomain of it.
func (m Market) MatchHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	return host == m.Host || strings.HasSuffix(host, "."+m.Host)
}

// Market returns the market serving host.
func (a *Adapter) Market(host string) (Market, bool) {
	best, found := Market{}, false
	for _, m := range a.Markets {
		if m.MatchHost(host) && len(m.Host) > len(best.Host) {
			best, found = m, true
		}
	}
	return best, found
}

// Page returns the first page kind whose URL patterns match u's path and
// query.
func (a *Adapter) Page(u *url.URL) (*Page, bool) {
	target := u.EscapedPath()
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	for i := range a.Pages {
		for _, re := range a.Pages[i].URLs {
			if re.MatchString(target) {
				return &a.Pages[i], true
			}
		}
	}
	return nil, false
}

// SearchURL builds the URL of result page `page` (1-based) for keyword on
// the market serving host.
func (a *Adapter) SearchURL(host, keyword string, page int) (string, error) {
	if a.Search.URL == "" {
		return "", fmt.Errorf("adapter %s: no search URL", a.Name)
	}
	m, ok := a.Market(host)
	if !ok {
		return "", fmt.Errorf("adapter %s: no market for host %q", a.Name, host)
	}
	if page < 1 {
		return "", fmt.Errorf("adapter %s: page %d: pages start at 1", a.Name, page)
	}
	kw := strings.TrimSpace(keyword)
	if kw == "" {
		return "", fmt.Errorf("adapter %s: empty keyword", a.Name)
	}
	r := strings.NewReplacer(
		"{host}", m.Host,
		"{keyword}", url.QueryEscape(kw),
		"{keywordPath}", url.PathEscape(strings.Join(strings.Fields(kw), "-")),
		"{page}", strconv.Itoa(page),
		"{offset}", strconv.Itoa(a.Search.OffsetBase+(page-1)*a.Search.PageSize),
	)
	return r.Replace(a.Search.URL), nil
}

// LimitRules returns one colly limit rule per market host, for
// colly.Collector.Limits.
func (a *Adapter) LimitRules() []*colly.LimitRule {
	var rules []*colly.LimitRule
	for _, m := range a.Markets {
		rules = append(rules, &colly.LimitRule{
			DomainRegexp: `(^|\.)` + regexp.QuoteMeta(m.Host) + `$`,
			Delay:        a.Politeness.Delay,
			RandomDelay:  a.Politeness.RandomDelay,
			Parallelism:  a.Politeness.Parallelism,
		})
	}
	return rules
}
