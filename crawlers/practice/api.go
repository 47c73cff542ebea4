package practice

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// The JSON API of StyleAPI storefronts (/api/kr/...), and the answer key.

type apiPrice struct {
	Amount   *float64 `json:"amount"` // null when the shop shows "N/A"
	Currency string   `json:"currency"`
	Text     string   `json:"text"`
}

type apiSeller struct {
	Name    string `json:"name"`
	Country string `json:"country"`
}

type apiItem struct {
	ID             string    `json:"id"`
	URL            string    `json:"url"`
	Title          string    `json:"title"`
	Brand          string    `json:"brand"`
	Price          apiPrice  `json:"price"`
	Rating         *float64  `json:"rating"`
	ReviewCount    int       `json:"reviewCount"`
	Seller         apiSeller `json:"seller"`
	ShipsFrom      string    `json:"shipsFrom"`
	NetWeightKg    *float64  `json:"netWeightKg"`
	GTIN           string    `json:"gtin,omitempty"`
	SKU            string    `json:"sku"`
	Category       string    `json:"category"`
	SalesRank      int       `json:"salesRank"`
	Available      bool      `json:"available"`
	FirstAvailable string    `json:"firstAvailable"`
}

type apiSearch struct {
	Query      string    `json:"query"`
	Page       int       `json:"page"`
	PageSize   int       `json:"pageSize"`
	Total      int       `json:"total"`
	TotalPages int       `json:"totalPages"`
	Next       *string   `json:"next"`
	Items      []apiItem `json:"items"`
}

type apiProduct struct {
	apiItem
	RankText string      `json:"rankText"`
	Reviews  []apiReview `json:"reviews"`
}

type apiReview struct {
	Author string `json:"author"`
	Rating int    `json:"rating"`
	Title  string `json:"title"`
	Text   string `json:"text"`
	Lang   string `json:"lang"`
	Date   string `json:"date"`
}

func (m *Market) apiItem(o *offer, link func(string) string, priceNA bool) apiItem {
	s := o.Store
	it := apiItem{
		ID: o.ID, URL: link(o.path()), Title: o.Title, Brand: o.Brand.Name,
		Price:       apiPrice{Currency: s.Currency, Text: currencies[s.Currency].format(o.Price)},
		ReviewCount: o.Reviews, Seller: apiSeller{o.Seller, o.SellerCountry}, ShipsFrom: o.ShipsFrom,
		GTIN: o.GTIN, SKU: o.SKU, Category: o.Sector.Category.in(s.lang), SalesRank: o.Rank,
		Available: o.Available, FirstAvailable: o.Launch.Format("2006-01-02"),
	}
	if priceNA {
		it.Price.Text = "N/A"
	} else {
		p := o.Price
		it.Price.Amount = &p
	}
	if o.Rating > 0 {
		r := o.Rating
		it.Rating = &r
	}
	if o.Variant.Kg > 0 {
		kg := o.Variant.Kg
		it.NetWeightKg = &kg
	}
	return it
}

func (m *Market) serveAPISearch(w http.ResponseWriter, r *http.Request) {
	s := storeOf(r)
	day, fromQuery, err := m.dayOf(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	q, page, sortBy, err := searchParams(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	link := func(p string) string { return withDay(p, day, fromQuery) }
	fault := m.malformedKind(day, "api-search/"+s.Code+"/"+q+"/"+strconv.Itoa(page)+"/"+sortBy, MalformedTruncated, MalformedPriceNA)
	all := search(m.state(day), s, q, sortBy)
	items, pages := pageOf(all, page)
	res := apiSearch{Query: q, Page: page, PageSize: PageSize, Total: len(all), TotalPages: pages, Items: []apiItem{}}
	for i, o := range items {
		res.Items = append(res.Items, m.apiItem(o, link, fault == MalformedPriceNA && i == 0))
	}
	if page < pages {
		next := "/api/" + s.Code + "/search?q=" + queryEscape(q) + "&page=" + strconv.Itoa(page+1)
		if sortBy != "" {
			next += "&sort=" + sortBy
		}
		next = link(next)
		res.Next = &next
	}
	m.writeAPI(w, res, fault)
}

func (m *Market) serveAPIProduct(w http.ResponseWriter, r *http.Request) {
	s := storeOf(r)
	day, fromQuery, err := m.dayOf(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	o := m.state(day).get(s.Code, r.PathValue("id"))
	if o == nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such product"})
		return
	}
	link := func(p string) string { return withDay(p, day, fromQuery) }
	fault := m.productFault(day, o.listing)
	res := apiProduct{apiItem: m.apiItem(o, link, fault == MalformedPriceNA), Reviews: []apiReview{}}
	res.RankText = formatRank(s.lang, o.Rank, categoryLeaf(res.Category))
	for _, rv := range m.reviewsOf(o, s.lang) {
		res.Reviews = append(res.Reviews, apiReview{rv.Author, rv.Rating, rv.Title, rv.Text, rv.Lang, rv.DateISO})
	}
	m.writeAPI(w, res, fault)
}

// writeAPI sends an API answer, broken when fault says so.
func (m *Market) writeAPI(w http.ResponseWriter, v any, fault string) {
	b, err := marshal(v)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
		return
	}
	if fault != "" {
		m.markMalformed(w, fault)
	}
	if fault == MalformedTruncated {
		b = truncate(b)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}

// marshal encodes JSON without escaping <, > and & (the API is not HTML).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

// Listing is the ground truth of one listing on one simulated day: what a
// correct crawler extracts from its product page. Tests and the teaching
// lab compare crawler output with it.
type Listing struct {
	Store          string  `json:"store"`
	Marketplace    string  `json:"marketplace"`
	Country        string  `json:"country"`
	ID             string  `json:"id"`
	URL            string  `json:"url"` // path; prefix the market's base URL
	Title          string  `json:"title"`
	Brand          string  `json:"brand"`
	Seller         string  `json:"seller"`
	SellerCountry  string  `json:"sellerCountry"`
	Category       string  `json:"category"`
	Sector         string  `json:"sector"`
	ProductType    string  `json:"productType"`
	HS             string  `json:"hs"`
	Price          float64 `json:"price"`
	Currency       string  `json:"currency"`
	PriceText      string  `json:"priceText"`
	NetWeightKg    float64 `json:"netWeightKg,omitempty"`
	Rating         float64 `json:"rating,omitempty"`
	ReviewCount    int     `json:"reviewCount"`
	SalesRank      int     `json:"salesRank"`
	ShipsFrom      string  `json:"shipsFrom"`
	GTIN           string  `json:"gtin,omitempty"`
	SKU            string  `json:"sku"`
	Available      bool    `json:"available"`
	FirstAvailable string  `json:"firstAvailable"`
	Newcomer       bool    `json:"newcomer"`
	Malformed      string  `json:"malformed,omitempty"` // the product page's fault on this day
}

// Listings returns the ground truth of every listing live on day, by
// storefront and ID; store "" means all storefronts.
func (m *Market) Listings(day int, store string) ([]Listing, error) {
	if day < 0 || day > MaxDay {
		return nil, errBadDay
	}
	st := m.state(day)
	var out []Listing
	for _, s := range storefronts {
		if store != "" && s.Code != store {
			continue
		}
		offers := append([]*offer(nil), st.byStore[s.Code]...)
		sortByID(offers)
		for _, o := range offers {
			out = append(out, Listing{
				Store: s.Code, Marketplace: s.Marketplace, Country: s.Country, ID: o.ID, URL: o.path(),
				Title: o.Title, Brand: o.Brand.Name, Seller: o.Seller, SellerCountry: o.SellerCountry,
				Category: o.Sector.Category.in(s.lang), Sector: o.Sector.Slug, ProductType: o.Type.Key, HS: o.Type.HS,
				Price: o.Price, Currency: s.Currency, PriceText: currencies[s.Currency].format(o.Price),
				NetWeightKg: o.Variant.Kg, Rating: o.Rating, ReviewCount: o.Reviews, SalesRank: o.Rank,
				ShipsFrom: o.ShipsFrom, GTIN: o.GTIN, SKU: o.SKU, Available: o.Available,
				FirstAvailable: o.Launch.Format("2006-01-02"), Newcomer: o.Newcomer(),
				Malformed: m.productFault(day, o.listing),
			})
		}
	}
	return out, nil
}

// Reviews returns the reviews a listing's product page shows on day.
func (m *Market) Reviews(day int, store, id string) ([]Review, error) {
	if day < 0 || day > MaxDay {
		return nil, errBadDay
	}
	o := m.state(day).get(store, id)
	if o == nil {
		return nil, nil
	}
	var out []Review
	for _, rv := range m.reviewsOf(o, o.Store.lang) {
		out = append(out, rv.Review)
	}
	return out, nil
}

// serveAnswerKey serves Listings as JSON: /_practice/listings.json?store=us&day=3.
func (m *Market) serveAnswerKey(w http.ResponseWriter, r *http.Request) {
	day, _, err := m.dayOf(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	store := r.URL.Query().Get("store")
	if store != "" && storefrontByCode(store) == nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such storefront"})
		return
	}
	ls, err := m.Listings(day, store)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"day": day, "date": dateOf(day).Format("2006-01-02"), "count": len(ls), "listings": ls})
}

func (m *Market) serveStats(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, m.Stats())
}
