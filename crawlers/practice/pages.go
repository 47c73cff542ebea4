package practice

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

//go:embed templates/*.html
var templateFS embed.FS

// PageSize is the number of results on a search page.
const PageSize = 24

// pageTemplates holds one parsed template set per page, each with the
// shared base layout.
type pageTemplates struct {
	byName map[string]*template.Template
}

var pageFiles = []string{
	"landing.html", "store.html", "status.html", "app_shell.html",
	"search_jsonld.html", "search_microdata.html", "search_plain.html",
	"product_jsonld.html", "product_microdata.html", "product_plain.html",
}

func parseTemplates() (*pageTemplates, error) {
	pt := &pageTemplates{byName: map[string]*template.Template{}}
	for _, f := range pageFiles {
		t, err := template.New(f).ParseFS(templateFS, "templates/base.html", "templates/"+f)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", f, err)
		}
		pt.byName[f] = t
	}
	return pt, nil
}

// render executes a page into a buffer, so that a failure never sends half
// a page, and so that malformed pages can be cut.
func (pt *pageTemplates) render(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := pt.byName[name].ExecuteTemplate(&b, "base", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// pageView is what every page template gets.
type pageView struct {
	Lang     string
	Title    string
	Banner   string
	Store    *Storefront
	L        labels
	Day      int
	Date     string
	DayParam string // set when the day came from the query; forms carry it on
	HomeURL  string
	Query    string
	Message  string
	withDay  func(string) string
}

// Link adds the day parameter to a site path when the page was asked for
// with one.
func (p pageView) Link(path string) string { return p.withDay(path) }

func (m *Market) newPage(s *Storefront, title string, day int, fromQuery bool) pageView {
	p := pageView{
		Lang: "en", Title: title, Banner: Banner, Store: s, L: pageLabels[en],
		Day: day, Date: dateOf(day).Format("2006-01-02"),
		withDay: func(path string) string { return withDay(path, day, fromQuery) },
	}
	if fromQuery {
		p.DayParam = strconv.Itoa(day)
	}
	if s != nil {
		p.Lang, p.L = s.Lang, pageLabels[s.lang]
		p.HomeURL = p.withDay("/" + s.Code + "/")
		if title == "" {
			p.Title = s.Name
		} else {
			p.Title = title + " | " + s.Name
		}
	}
	return p
}

// withDay adds day=N to a path when the request carried it in its query.
func withDay(path string, day int, fromQuery bool) string {
	if !fromQuery {
		return path
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "day=" + strconv.Itoa(day)
}

// searchURL is the path of a storefront search page.
func searchURL(s *Storefront, q string, page int, sortBy string) string {
	u := "/" + s.Code + "/search?q=" + queryEscape(q)
	if page > 1 {
		u += "&page=" + strconv.Itoa(page)
	}
	if sortBy != "" {
		u += "&sort=" + sortBy
	}
	return u
}

// keyword is a search a crawler would run, with the sector it belongs to.
type keyword struct {
	Query  string
	Sector string
}

// popularSearches are the storefront's sector keywords in its language.
func popularSearches(s *Storefront) []keyword {
	var out []keyword
	for _, sec := range sectors {
		for _, q := range sec.Keywords[s.lang] {
			out = append(out, keyword{q, sec.Slug})
		}
	}
	return out
}

func sortByID(os []*offer) {
	sort.Slice(os, func(i, j int) bool { return os[i].ID < os[j].ID })
}

// search returns the day's live offers matching every word of q, ordered
// by relevance or by sortBy.
func search(st *dayState, s *Storefront, q, sortBy string) []*offer {
	words := strings.Fields(strings.ToLower(q))
	if len(words) == 0 {
		return nil
	}
	var out []*offer
next:
	for _, o := range st.byStore[s.Code] {
		for _, w := range words {
			if !strings.Contains(o.search, w) {
				continue next
			}
		}
		out = append(out, o)
	}
	switch sortBy {
	case "price_asc", "price_desc":
		sort.SliceStable(out, func(i, j int) bool {
			if sortBy == "price_asc" {
				return out[i].Price < out[j].Price
			}
			return out[i].Price > out[j].Price
		})
	case "newest":
		sort.SliceStable(out, func(i, j int) bool { return out[i].Launch.After(out[j].Launch) })
	}
	return out
}

// pageOf cuts one page out of results; page counts from 1.
func pageOf[T any](all []T, page int) (items []T, pages int) {
	pages = (len(all) + PageSize - 1) / PageSize
	lo := (page - 1) * PageSize
	if lo >= len(all) {
		return nil, pages
	}
	return all[lo:min(lo+PageSize, len(all))], pages
}

// itemView is one listing as search and product pages show it.
type itemView struct {
	ID, URL, Title, Brand   string
	Seller, SellerCountry   string
	SellerCountryName       string
	PriceText, PriceValue   string
	Currency                string
	HasRating               bool
	RatingText, RatingValue string
	Reviews                 int
	ReviewText              string
	Position                int
	NetWeightText           string
	NetWeightValue          string
	Available               bool
	AvailabilityText        string
	Newcomer                bool
}

func (m *Market) itemView(o *offer, lg lang, link func(string) string, priceNA bool) itemView {
	s := o.Store
	v := itemView{
		ID: o.ID, URL: link(o.path()), Title: o.Title, Brand: o.Brand.Name,
		Seller: o.Seller, SellerCountry: o.SellerCountry, SellerCountryName: countryNames[o.SellerCountry].in(lg),
		Currency: s.Currency, Reviews: o.Reviews, ReviewText: formatReviewCount(lg, o.Reviews),
		Available: o.Available, Newcomer: o.Newcomer(),
	}
	if priceNA {
		v.PriceText, v.PriceValue = "N/A", "N/A"
	} else {
		v.PriceText = currencies[s.Currency].format(o.Price)
		v.PriceValue = strconv.FormatFloat(o.Price, 'f', currencies[s.Currency].Decimals, 64)
	}
	if o.Rating > 0 {
		v.HasRating = true
		v.RatingText = formatRating(lg, o.Rating)
		v.RatingValue = strconv.FormatFloat(o.Rating, 'f', 1, 64)
	}
	if o.Variant.Kg > 0 {
		v.NetWeightText = formatWeight(lg, o.Variant.Kg)
		v.NetWeightValue = strconv.FormatFloat(o.Variant.Kg, 'f', -1, 64)
	}
	v.AvailabilityText = pageLabels[lg].InStock
	if !o.Available {
		v.AvailabilityText = pageLabels[lg].OutOfStock
	}
	return v
}

// writeHTML sends a rendered page, cut short when it is malformed.
func (m *Market) writeHTML(w http.ResponseWriter, status int, body []byte, truncated bool) {
	if truncated {
		body = truncate(body)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// renderStatus writes a plain page with a message (errors, 429, the cart).
func (m *Market) renderStatus(w http.ResponseWriter, r *http.Request, status int, msg string) {
	var s *Storefront
	code, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	s = storefrontByCode(code)
	p := m.newPage(s, http.StatusText(status), m.opts.Day, false)
	p.Message = msg
	body, err := m.pages.render("status.html", p)
	if err != nil {
		m.log.Error("render status page", "err", err)
		http.Error(w, msg, status)
		return
	}
	m.writeHTML(w, status, body, false)
}

func (m *Market) serverError(w http.ResponseWriter, r *http.Request, err error) {
	m.log.Error("serve page", "path", r.URL.RequestURI(), "err", err)
	http.Error(w, "internal error", http.StatusInternalServerError)
}

// storeOf is the storefront a request's path starts with.
func storeOf(r *http.Request) *Storefront {
	p := strings.TrimPrefix(r.URL.Path, "/")
	p = strings.TrimPrefix(p, "api/")
	code, _, _ := strings.Cut(p, "/")
	return storefrontByCode(code)
}

// landingView lists the storefronts and the data feeds.
type landingView struct {
	pageView
	Stores  []landingStore
	Sectors []landingSector
}

type landingStore struct {
	*Storefront
	Home, Example, ExampleQuery string
	API                         string
}

type landingSector struct {
	Slug, Name, NameZH, HS string
}

func (m *Market) serveLanding(w http.ResponseWriter, r *http.Request) {
	day, q, err := m.dayOf(r)
	if err != nil {
		m.renderStatus(w, r, http.StatusBadRequest, err.Error())
		return
	}
	v := landingView{pageView: m.newPage(nil, "Practice marketplace / 练习市场", day, q)}
	for _, s := range storefronts {
		kw := popularSearches(s)[0].Query
		ls := landingStore{Storefront: s, Home: v.Link("/" + s.Code + "/"), ExampleQuery: kw, Example: v.Link(searchURL(s, kw, 1, ""))}
		if s.Style == StyleAPI {
			ls.API = v.Link("/api/" + s.Code + "/search?q=" + queryEscape(kw) + "&page=1")
		}
		v.Stores = append(v.Stores, ls)
	}
	for _, sec := range sectors {
		v.Sectors = append(v.Sectors, landingSector{sec.Slug, sec.Name.en, sec.Name.zh, strings.Join(sec.HS, ", ")})
	}
	body, err := m.pages.render("landing.html", v)
	if err != nil {
		m.serverError(w, r, err)
		return
	}
	m.writeHTML(w, http.StatusOK, body, false)
}

// storeView is a storefront's home page.
type storeView struct {
	pageView
	Popular []storeLink
}

type storeLink struct{ Text, URL string }

func (m *Market) serveStoreHome(w http.ResponseWriter, r *http.Request) {
	s := storeOf(r)
	day, q, err := m.dayOf(r)
	if err != nil {
		m.renderStatus(w, r, http.StatusBadRequest, err.Error())
		return
	}
	v := storeView{pageView: m.newPage(s, "", day, q)}
	for _, kw := range popularSearches(s) {
		v.Popular = append(v.Popular, storeLink{kw.Query, v.Link(searchURL(s, kw.Query, 1, ""))})
	}
	body, err := m.pages.render("store.html", v)
	if err != nil {
		m.serverError(w, r, err)
		return
	}
	m.writeHTML(w, http.StatusOK, body, false)
}

// searchView is a search results page.
type searchView struct {
	pageView
	Total     int
	TotalText string
	Page      int
	Pages     int
	Items     []itemView
	NextURL   string
	PrevURL   string
	SortLinks []storeLink
	APIURL    string      // StyleAPI: where the data comes from
	ItemList  template.JS // StyleJSONLD: schema.org ItemList
}

// searchParams reads q, page and sort.
func searchParams(r *http.Request) (q string, page int, sortBy string, err error) {
	q = strings.TrimSpace(r.URL.Query().Get("q"))
	page = 1
	if v := r.URL.Query().Get("page"); v != "" {
		page, err = strconv.Atoi(v)
		if err != nil || page < 1 || page > 10000 {
			return "", 0, "", fmt.Errorf("page must be a whole number from 1")
		}
	}
	sortBy = r.URL.Query().Get("sort")
	switch sortBy {
	case "", "price_asc", "price_desc", "newest":
	default:
		return "", 0, "", fmt.Errorf("unknown sort %q", sortBy)
	}
	return q, page, sortBy, nil
}

func (m *Market) serveSearch(w http.ResponseWriter, r *http.Request) {
	s := storeOf(r)
	day, fromQuery, err := m.dayOf(r)
	if err != nil {
		m.renderStatus(w, r, http.StatusBadRequest, err.Error())
		return
	}
	q, page, sortBy, err := searchParams(r)
	if err != nil {
		m.renderStatus(w, r, http.StatusBadRequest, err.Error())
		return
	}
	v := searchView{pageView: m.newPage(s, q, day, fromQuery), Page: page}
	v.Query = q
	if s.Style == StyleAPI {
		v.APIURL = v.Link("/api/" + s.Code + "/search?q=" + queryEscape(q) + "&page=" + strconv.Itoa(page))
		body, err := m.pages.render("app_shell.html", v)
		if err != nil {
			m.serverError(w, r, err)
			return
		}
		m.writeHTML(w, http.StatusOK, body, false)
		return
	}

	pageKey := "search/" + s.Code + "/" + q + "/" + strconv.Itoa(page) + "/" + sortBy
	fault := m.malformedKind(day, pageKey, MalformedTruncated, MalformedPriceNA)
	all := search(m.state(day), s, q, sortBy)
	items, pages := pageOf(all, page)
	v.Total, v.Pages = len(all), pages
	v.TotalText = formatNumber(s.lang, float64(len(all)), 0)
	for i, o := range items {
		iv := m.itemView(o, s.lang, v.Link, fault == MalformedPriceNA && i == 0)
		iv.Position = (page-1)*PageSize + i + 1
		v.Items = append(v.Items, iv)
	}
	if page < pages {
		v.NextURL = v.Link(searchURL(s, q, page+1, sortBy))
	}
	if page > 1 {
		v.PrevURL = v.Link(searchURL(s, q, page-1, sortBy))
	}
	for _, so := range []struct{ key, text string }{
		{"price_asc", v.L.SortPriceAsc}, {"price_desc", v.L.SortPriceDesc}, {"newest", v.L.SortNewest},
	} {
		v.SortLinks = append(v.SortLinks, storeLink{so.text, v.Link(searchURL(s, q, 1, so.key))})
	}
	if s.Style == StyleJSONLD {
		v.ItemList = itemListJSONLD(baseURL(r), v.Items)
	}
	body, err := m.pages.render("search_"+string(s.Style)+".html", v)
	if err != nil {
		m.serverError(w, r, err)
		return
	}
	if fault != "" {
		m.markMalformed(w, fault)
	}
	m.writeHTML(w, http.StatusOK, body, fault == MalformedTruncated)
}

// productView is a product detail page.
type productView struct {
	pageView
	Item                     itemView
	ShipsFrom, ShipsFromName string
	Category, RankText       string
	Rank                     int
	GTIN, SKU                string
	FirstAvailable           string
	FirstAvailableISO        string
	Reviews                  []reviewView
	APIURL                   string
	JSONLD                   template.JS
}

type reviewView struct {
	Review
	DateText, DateISO, RatingText, Stars string
}

// productReviews returns the newest reviews shown on a product page.
const productReviews = 10

func (m *Market) reviewsOf(o *offer, lg lang) []reviewView {
	var out []reviewView
	for i := o.Reviews - 1; i >= 0 && i >= o.Reviews-productReviews; i-- {
		rv := m.cat.review(o.listing, i, o.reviewDate(i))
		out = append(out, reviewView{
			Review:     rv,
			DateText:   formatDate(lg, rv.Date),
			DateISO:    rv.Date.Format("2006-01-02"),
			RatingText: formatRating(lg, float64(rv.Rating)),
			Stars:      strings.Repeat("★", rv.Rating) + strings.Repeat("☆", 5-rv.Rating),
		})
	}
	return out
}

// productFaults are the ways a product page of each style can be broken.
var productFaults = map[Style][]string{
	StyleJSONLD:    {MalformedJSONLD, MalformedPriceNA, MalformedTruncated},
	StyleMicrodata: {MalformedPriceNA, MalformedTruncated},
	StylePlain:     {MalformedPriceNA, MalformedTruncated},
	StyleAPI:       {MalformedPriceNA, MalformedTruncated},
}

// productFault is the fault of a product's page on day ("" for none); the
// HTML page and the API agree.
func (m *Market) productFault(day int, l *listing) string {
	return m.malformedKind(day, "product/"+l.Store.Code+"/"+l.ID, productFaults[l.Store.Style]...)
}

func (m *Market) serveProduct(w http.ResponseWriter, r *http.Request) {
	s := storeOf(r)
	day, fromQuery, err := m.dayOf(r)
	if err != nil {
		m.renderStatus(w, r, http.StatusBadRequest, err.Error())
		return
	}
	id := r.PathValue("id")
	if s.Style == StylePlain {
		var ok bool
		if id, ok = strings.CutSuffix(id, ".html"); !ok {
			m.renderStatus(w, r, http.StatusNotFound, pageLabels[s.lang].NotFound)
			return
		}
	}
	o := m.state(day).get(s.Code, id)
	if o == nil {
		m.renderStatus(w, r, http.StatusNotFound, pageLabels[s.lang].NotFound)
		return
	}
	v := productView{pageView: m.newPage(s, o.Title, day, fromQuery)}
	if s.Style == StyleAPI {
		v.Item = m.itemView(o, s.lang, v.Link, false)
		v.APIURL = v.Link("/api/" + s.Code + "/products/" + o.ID)
		body, err := m.pages.render("app_shell.html", v)
		if err != nil {
			m.serverError(w, r, err)
			return
		}
		m.writeHTML(w, http.StatusOK, body, false)
		return
	}
	fault := m.productFault(day, o.listing)
	v.Item = m.itemView(o, s.lang, v.Link, fault == MalformedPriceNA)
	v.ShipsFrom, v.ShipsFromName = o.ShipsFrom, countryNames[o.ShipsFrom].in(s.lang)
	v.Category = o.Sector.Category.in(s.lang)
	v.Rank = o.Rank
	v.RankText = formatRank(s.lang, o.Rank, categoryLeaf(v.Category))
	v.GTIN, v.SKU = o.GTIN, o.SKU
	v.FirstAvailable, v.FirstAvailableISO = formatDate(s.lang, o.Launch), o.Launch.Format("2006-01-02")
	v.Reviews = m.reviewsOf(o, s.lang)
	if s.Style == StyleJSONLD {
		v.JSONLD = productJSONLD(baseURL(r), o, v, fault == MalformedJSONLD)
	}
	body, err := m.pages.render("product_"+string(s.Style)+".html", v)
	if err != nil {
		m.serverError(w, r, err)
		return
	}
	if fault != "" {
		m.markMalformed(w, fault)
	}
	m.writeHTML(w, http.StatusOK, body, fault == MalformedTruncated)
}

// categoryLeaf is the last part of a category path.
func categoryLeaf(path string) string {
	if i := strings.LastIndex(path, "›"); i >= 0 {
		return strings.TrimSpace(path[i+len("›"):])
	}
	return path
}

// serveNotFound answers every path no route claims with an HTML page that
// carries the banner, like every other page.
func (m *Market) serveNotFound(w http.ResponseWriter, r *http.Request) {
	msg := pageLabels[en].NotFound
	if s := storeOf(r); s != nil {
		msg = pageLabels[s.lang].NotFound
	}
	m.renderStatus(w, r, http.StatusNotFound, msg)
}

// serveBlocked answers the pages robots.txt forbids: they exist, so that a
// crawler that ignores robots.txt is caught rather than getting a 404.
func (m *Market) serveBlocked(w http.ResponseWriter, r *http.Request) {
	msg := pageLabels[en].EmptyCart
	if s := storeOf(r); s != nil {
		msg = pageLabels[s.lang].EmptyCart
		if strings.HasSuffix(r.URL.Path, "/account") {
			msg = pageLabels[s.lang].SignIn
		}
	}
	m.renderStatus(w, r, http.StatusOK, msg)
}

// JSON-LD documents, as structs so that key order is fixed.
type (
	ldProduct struct {
		Context         string      `json:"@context"`
		Type            string      `json:"@type"`
		Name            string      `json:"name"`
		URL             string      `json:"url"`
		SKU             string      `json:"sku,omitempty"`
		GTIN13          string      `json:"gtin13,omitempty"`
		Brand           ldThing     `json:"brand"`
		Category        string      `json:"category"`
		ReleaseDate     string      `json:"releaseDate"`
		Weight          *ldQuantity `json:"weight,omitempty"`
		Offers          ldOffer     `json:"offers"`
		AggregateRating *ldRating   `json:"aggregateRating,omitempty"`
		Review          []ldReview  `json:"review,omitempty"`
	}
	ldThing struct {
		Type    string     `json:"@type"`
		Name    string     `json:"name"`
		Address *ldAddress `json:"address,omitempty"`
	}
	ldAddress struct {
		Type           string `json:"@type"`
		AddressCountry string `json:"addressCountry"`
	}
	ldQuantity struct {
		Type     string  `json:"@type"`
		Value    float64 `json:"value"`
		UnitCode string  `json:"unitCode"`
	}
	ldOffer struct {
		Type            string     `json:"@type"`
		URL             string     `json:"url"`
		Price           string     `json:"price"`
		PriceCurrency   string     `json:"priceCurrency"`
		Availability    string     `json:"availability"`
		Seller          ldThing    `json:"seller"`
		ShippingDetails ldShipping `json:"shippingDetails"`
	}
	ldShipping struct {
		Type           string    `json:"@type"`
		ShippingOrigin ldAddress `json:"shippingOrigin"`
	}
	ldRating struct {
		Type        string `json:"@type"`
		RatingValue string `json:"ratingValue"`
		BestRating  string `json:"bestRating"`
		ReviewCount int    `json:"reviewCount,omitempty"`
	}
	ldReview struct {
		Type          string   `json:"@type"`
		Author        ldThing  `json:"author"`
		DatePublished string   `json:"datePublished"`
		InLanguage    string   `json:"inLanguage"`
		Name          string   `json:"name"`
		ReviewBody    string   `json:"reviewBody"`
		ReviewRating  ldRating `json:"reviewRating"`
	}
	ldItemList struct {
		Context         string       `json:"@context"`
		Type            string       `json:"@type"`
		NumberOfItems   int          `json:"numberOfItems"`
		ItemListElement []ldListItem `json:"itemListElement"`
	}
	ldListItem struct {
		Type     string `json:"@type"`
		Position int    `json:"position"`
		URL      string `json:"url"`
		Name     string `json:"name"`
	}
)

func productJSONLD(base string, o *offer, v productView, broken bool) template.JS {
	p := ldProduct{
		Context: "https://schema.org", Type: "Product", Name: o.Title, URL: base + o.path(),
		SKU: o.SKU, GTIN13: o.GTIN, Brand: ldThing{Type: "Brand", Name: o.Brand.Name},
		Category: v.Category, ReleaseDate: v.FirstAvailableISO,
		Offers: ldOffer{
			Type: "Offer", URL: base + o.path(), Price: v.Item.PriceValue, PriceCurrency: o.Store.Currency,
			Availability:    "https://schema.org/InStock",
			Seller:          ldThing{Type: "Organization", Name: o.Seller, Address: &ldAddress{"PostalAddress", o.SellerCountry}},
			ShippingDetails: ldShipping{Type: "OfferShippingDetails", ShippingOrigin: ldAddress{"DefinedRegion", o.ShipsFrom}},
		},
	}
	if !o.Available {
		p.Offers.Availability = "https://schema.org/OutOfStock"
	}
	if o.Variant.Kg > 0 {
		p.Weight = &ldQuantity{"QuantitativeValue", o.Variant.Kg, "KGM"}
	}
	if v.Item.HasRating {
		p.AggregateRating = &ldRating{Type: "AggregateRating", RatingValue: v.Item.RatingValue, BestRating: "5", ReviewCount: o.Reviews}
	}
	for _, rv := range v.Reviews {
		p.Review = append(p.Review, ldReview{
			Type: "Review", Author: ldThing{Type: "Person", Name: rv.Author}, DatePublished: rv.DateISO,
			InLanguage: rv.Lang, Name: rv.Title, ReviewBody: rv.Text,
			ReviewRating: ldRating{Type: "Rating", RatingValue: strconv.Itoa(rv.Rating), BestRating: "5"},
		})
	}
	b, _ := json.MarshalIndent(p, "", "  ") // plain structs of strings and numbers: cannot fail
	if broken {
		// A trailing comma and a missing brace, as hand-written templates
		// produce.
		b = append(bytes.TrimSuffix(b, []byte("\n}")), []byte(",\n")...)
	}
	return template.JS(b)
}

func itemListJSONLD(base string, items []itemView) template.JS {
	l := ldItemList{Context: "https://schema.org", Type: "ItemList", NumberOfItems: len(items)}
	for _, it := range items {
		l.ItemListElement = append(l.ItemListElement, ldListItem{"ListItem", it.Position, base + it.URL, it.Title})
	}
	b, _ := json.MarshalIndent(l, "", "  ")
	return template.JS(b)
}

// queryEscape escapes a query value with %20 for spaces, which survives
// HTML attribute escaping more readably than "+".
func queryEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
