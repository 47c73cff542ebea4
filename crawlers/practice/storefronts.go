package practice

// Style is how a storefront's pages carry their data; each style needs a
// different crawler adapter.
type Style string

// The page styles.
const (
	// StyleJSONLD pages carry a schema.org Product/Offer/AggregateRating
	// JSON-LD block on product pages.
	StyleJSONLD Style = "jsonld"
	// StyleMicrodata pages mark products up with schema.org microdata
	// (itemscope/itemprop), on search and product pages.
	StyleMicrodata Style = "microdata"
	// StylePlain pages carry no structured data: only CSS selectors work.
	StylePlain Style = "plain"
	// StyleAPI storefronts serve a JavaScript shell; the data comes from a
	// JSON API under /api/<store>/.
	StyleAPI Style = "api"
)

// Storefront is one country shop of the practice marketplace.
type Storefront struct {
	Code        string // path prefix: "us" serves /us/
	Country     string // ISO 3166-1 alpha-2
	Name        string // shown in the page header
	Marketplace string // the marketplace name a crawler records, e.g. "practicemart.us"
	Lang        string // BCP 47 primary language of titles and pages
	Currency    string // ISO 4217
	Style       Style

	lang        lang
	share       float64 // share of the catalogue's listings
	priceFactor float64 // local price level against the US
	chinaFactor float64 // how much more often sellers are Chinese than the sector's base
	reviewLangs []weighted[lang]
	// localSellers are the seller names of this country; thirdSellers of
	// sellers abroad that are neither local nor Chinese.
	localSellers sellerNames
}

// storefronts lists the shops in the order the landing page shows them.
var storefronts = []*Storefront{
	{
		Code: "us", Country: "US", Name: "Practice Mart", Marketplace: "practicemart.us",
		Lang: "en", lang: en, Currency: "USD", Style: StyleJSONLD,
		share: 0.22, priceFactor: 1.0, chinaFactor: 0.9,
		reviewLangs:  []weighted[lang]{{en, 0.8}, {es, 0.12}, {zh, 0.08}},
		localSellers: usSellers,
	},
	{
		Code: "de", Country: "DE", Name: "Übungsmarkt", Marketplace: "uebungsmarkt.de",
		Lang: "de", lang: de, Currency: "EUR", Style: StyleMicrodata,
		share: 0.18, priceFactor: 1.05, chinaFactor: 0.8,
		reviewLangs:  []weighted[lang]{{de, 0.8}, {en, 0.14}, {ru, 0.06}},
		localSellers: deSellers,
	},
	{
		Code: "jp", Country: "JP", Name: "プラクティス・バザール", Marketplace: "practicebazaar.jp",
		Lang: "ja", lang: ja, Currency: "JPY", Style: StylePlain,
		share: 0.16, priceFactor: 1.1, chinaFactor: 0.75,
		reviewLangs:  []weighted[lang]{{ja, 0.86}, {zh, 0.09}, {en, 0.05}},
		localSellers: jpSellers,
	},
	{
		Code: "ru", Country: "RU", Name: "Практика Базар", Marketplace: "practicebazaar.ru",
		Lang: "ru", lang: ru, Currency: "RUB", Style: StylePlain,
		share: 0.16, priceFactor: 1.0, chinaFactor: 1.25,
		reviewLangs:  []weighted[lang]{{ru, 0.86}, {zh, 0.08}, {en, 0.06}},
		localSellers: ruSellers,
	},
	{
		Code: "br", Country: "BR", Name: "Practice Mart Brasil", Marketplace: "practicemart.com.br",
		Lang: "pt", lang: pt, Currency: "BRL", Style: StyleJSONLD,
		share: 0.14, priceFactor: 1.35, chinaFactor: 1.0,
		reviewLangs:  []weighted[lang]{{pt, 0.85}, {es, 0.1}, {en, 0.05}},
		localSellers: brSellers,
	},
	{
		Code: "kr", Country: "KR", Name: "연습마켓", Marketplace: "practicemarket.kr",
		Lang: "ko", lang: ko, Currency: "KRW", Style: StyleAPI,
		share: 0.14, priceFactor: 1.05, chinaFactor: 1.0,
		reviewLangs:  []weighted[lang]{{ko, 0.8}, {en, 0.1}, {zh, 0.1}},
		localSellers: krSellers,
	},
}

func storefrontByCode(code string) *Storefront {
	for _, s := range storefronts {
		if s.Code == code {
			return s
		}
	}
	return nil
}

// Storefronts returns the market's shops.
func (m *Market) Storefronts() []Storefront {
	out := make([]Storefront, len(storefronts))
	for i, s := range storefronts {
		out[i] = *s
	}
	return out
}
