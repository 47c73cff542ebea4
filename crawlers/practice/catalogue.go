package practice

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Epoch is the calendar date of simulated day 0.
var Epoch = time.Date(2025, time.January, 6, 0, 0, 0, 0, time.UTC)

// MaxDay is the last simulated day the market serves.
const MaxDay = 3650

// newcomerWindow is the span of days over which new listings appear.
const newcomerWindow = 365

// dateOf is the calendar date of a simulated day.
func dateOf(day int) time.Time { return Epoch.AddDate(0, 0, day) }

// listing is the fixed part of one offer: what does not change from day
// to day. The per-day part (price, rank, review count) is an offer.
type listing struct {
	ID      string
	Store   *Storefront
	Sector  *sector
	Type    *productType
	Variant variant
	Mod     string
	Color   *tr

	Brand         brand // Name "Generic" for unbranded goods
	Seller        string
	SellerCountry string
	ShipsFrom     string
	Title         string
	GTIN          string
	SKU           string

	BasePrice  float64   // local currency, before the day's random walk
	BaseRating float64   // 1..5
	Reviews0   int       // reviews on day 0 (listings present on day 0)
	ReviewRate float64   // new reviews per day
	Popularity float64   // drives sales rank and search order
	Launch     time.Time // "date first available"
	Debut      int       // first simulated day it is listed (≤ 0: from the start)
	Exit       int       // first simulated day it is gone (0: never)

	search string // lower-cased searchable text
}

// Newcomer reports whether the listing appears after day 0.
func (l *listing) Newcomer() bool { return l.Debut > 0 }

// live reports whether the listing is on the storefront on day.
func (l *listing) live(day int) bool {
	return day >= l.Debut && (l.Exit == 0 || day < l.Exit)
}

// path is the listing's product page path.
func (l *listing) path() string {
	switch l.Store.Style {
	case StyleMicrodata:
		return "/" + l.Store.Code + "/item/" + l.ID
	case StylePlain:
		return "/" + l.Store.Code + "/goods/" + l.ID + ".html"
	}
	return "/" + l.Store.Code + "/p/" + l.ID
}

// catalogue holds every listing of every storefront.
type catalogue struct {
	seed    int64
	byStore map[string][]*listing // in generation order
	byID    map[string]*listing   // key: store + "/" + id
}

func (c *catalogue) get(store, id string) *listing { return c.byID[store+"/"+id] }

// newCatalogue generates about n listings over all storefronts.
func newCatalogue(seed int64, n int, fx *rateTable) *catalogue {
	c := &catalogue{seed: seed, byStore: map[string][]*listing{}, byID: map[string]*listing{}}
	for _, s := range storefronts {
		count := int(math.Round(float64(n) * s.share))
		for i := range count {
			l := c.generate(s, i, fx)
			for c.byID[s.Code+"/"+l.ID] != nil { // IDs are hashes; keep them unique anyway
				l.ID += "X"
			}
			c.byStore[s.Code] = append(c.byStore[s.Code], l)
			c.byID[s.Code+"/"+l.ID] = l
		}
	}
	return c
}

// generate draws listing number i of storefront s. Each listing has its own
// generator, so it does not depend on the others.
func (c *catalogue) generate(s *Storefront, i int, fx *rateTable) *listing {
	r := rng(c.seed, "listing", s.Code, itoa(i))
	l := &listing{Store: s}

	// What is sold.
	sw := make([]float64, len(sectors))
	for k, sec := range sectors {
		sw[k] = sec.Weight
	}
	l.Sector = sectors[pick(r, sw)]
	tw := make([]float64, len(l.Sector.Types))
	for k, t := range l.Sector.Types {
		tw[k] = t.Weight
		if tw[k] == 0 {
			tw[k] = 1
		}
	}
	l.Type = l.Sector.Types[pick(r, tw)]
	vw := make([]float64, len(l.Type.Variants))
	for k := range vw {
		vw[k] = 1 / float64(k+1)
	}
	vi := pick(r, vw)
	l.Variant = l.Type.Variants[vi]
	if len(l.Type.Mods) > 0 {
		l.Mod = l.Type.Mods[r.IntN(len(l.Type.Mods))]
	}
	if l.Type.Colors {
		l.Color = &colors[r.IntN(len(colors))]
	}

	// Who sells it.
	chinaP := clamp(l.Sector.ChinaShare*s.chinaFactor, 0.05, 0.85)
	u := r.Float64()
	switch {
	case u < chinaP:
		l.SellerCountry = "CN"
	case u < chinaP+0.07:
		t := thirdSellers[r.IntN(len(thirdSellers))]
		l.Seller, l.SellerCountry = t.Name, t.Country
	default:
		l.SellerCountry = s.Country
	}
	l.Brand = c.pickBrand(r, l.Sector, s, l.SellerCountry)
	switch {
	case l.SellerCountry == "CN" && l.Brand.Country == "CN" && r.Float64() < 0.2:
		l.Seller = l.Brand.Name + " Official Store"
	case l.SellerCountry == "CN":
		pool := cnSellers.all()
		l.Seller = pool[zipf(r, len(pool), 0.9)]
	case l.SellerCountry == s.Country:
		pool := s.localSellers.all()
		l.Seller = pool[zipf(r, len(pool), 0.9)]
	}
	switch {
	case l.SellerCountry == "CN" && r.Float64() < 0.75:
		l.ShipsFrom = "CN"
	case l.SellerCountry != s.Country && l.SellerCountry != "CN" && r.Float64() < 0.7:
		l.ShipsFrom = l.SellerCountry
	default:
		l.ShipsFrom = s.Country
	}

	// Price: log-normal around the pack's median, with brand and seller
	// effects, converted at day 0's reference rate.
	sigma := l.Type.Sigma
	if sigma == 0 {
		sigma = 0.3
	}
	usd := logNormal(r, l.Variant.USD, sigma) * s.priceFactor
	switch {
	case l.Brand.Name == "Generic":
		usd *= 0.75
	case brandRank(l.Sector, l.Brand) < 3:
		usd *= 1.15
	}
	if l.Brand.Country == "CN" {
		usd *= 0.85
	}
	if l.SellerCountry == "CN" {
		usd *= 0.92
	}
	l.BasePrice = usd * fx.perUSD(s.Currency, Epoch)

	// Rating: mostly 3.8–4.8, a tail of poor products.
	switch u := r.Float64(); {
	case u < 0.88:
		l.BaseRating = clamp(4.35+r.NormFloat64()*0.25, 3.6, 4.9)
	case u < 0.98:
		l.BaseRating = 3.0 + r.Float64()*0.8
	default:
		l.BaseRating = 1.8 + r.Float64()*1.2
	}
	l.BaseRating = round(l.BaseRating, 1)

	// Age, newcomers and delistings.
	if r.Float64() < 0.12 {
		l.Debut = 1 + r.IntN(newcomerWindow)
		l.Launch = dateOf(l.Debut)
	} else {
		age := int(clamp(logNormal(r, 400, 0.8), 20, 2500))
		l.Launch = Epoch.AddDate(0, 0, -age)
	}
	if r.Float64() < 0.03 {
		l.Exit = max(l.Debut, 0) + 20 + r.IntN(340)
	}

	// Reviews: heavy-tailed counts, dominant brands reviewed more.
	scale := l.Sector.ReviewScale
	if brandRank(l.Sector, l.Brand) < 3 {
		scale *= 2
	}
	if l.Debut > 0 {
		l.ReviewRate = logNormal(r, 0.05, 0.8) * scale
	} else {
		l.Reviews0 = int(logNormal(r, 14, 1.5) * scale)
		age := Epoch.Sub(l.Launch).Hours() / 24
		l.ReviewRate = (float64(l.Reviews0)/age)*(0.6+0.8*r.Float64()) + 0.002
	}
	l.Popularity = r.NormFloat64() + 0.5*math.Log1p(float64(l.Reviews0))

	l.ID = makeID(c.seed, s, i)
	l.Title = title(s.lang, l)
	l.GTIN = c.gtin(r, l, vi)
	l.SKU = sku(l)
	l.search = strings.ToLower(strings.Join([]string{
		l.Title, l.Type.Name.en, l.Type.Name.zh, l.Type.Name.in(s.lang), l.Type.Tags, l.Brand.Name,
	}, " "))
	return l
}

// pickBrand chooses a brand, Zipf-like: a few dominant brands and a long
// tail. Chinese sellers mostly sell Chinese brands; local sellers favour
// local brands.
func (c *catalogue) pickBrand(r *rand.Rand, sec *sector, s *Storefront, sellerCountry string) brand {
	if r.Float64() < 0.06 {
		return brand{Name: "Generic"}
	}
	w := make([]float64, len(sec.Brands))
	for i, b := range sec.Brands {
		w[i] = math.Pow(float64(i+1), -1.1)
		switch {
		case sellerCountry == "CN" && b.Country == "CN":
			w[i] *= 6
		case sellerCountry == "CN":
			w[i] *= 0.15
		case b.Country == s.Country:
			w[i] *= 2
		}
	}
	x := r.Float64() * sum(w)
	for i, v := range w {
		x -= v
		if x < 0 {
			return sec.Brands[i]
		}
	}
	return sec.Brands[len(sec.Brands)-1]
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// brandRank is a brand's position in its sector's list (dominant first).
func brandRank(sec *sector, b brand) int {
	for i, x := range sec.Brands {
		if x.Name == b.Name {
			return i
		}
	}
	return len(sec.Brands)
}

// makeID makes a listing ID in the storefront's own style, so that URL
// patterns differ between marketplaces as they do in the wild.
func makeID(seed int64, s *Storefront, i int) string {
	h := key(itoa(int(seed)), "id", s.Code, itoa(i))
	switch s.Style {
	case StyleMicrodata:
		return strconv.FormatUint(100000000+h%900000000, 10)
	case StylePlain:
		return "g" + strconv.FormatUint(h&0xffffffffff, 16)
	case StyleAPI:
		return strconv.FormatUint(1000000000+h%9000000000, 10)
	}
	id := strings.ToUpper(strconv.FormatUint(h, 36))
	return "PM" + (id + "00000000")[:8]
}

// gtinPrefixes are GS1 prefixes by brand country.
var gtinPrefixes = map[string]string{
	"CN": "69", "DE": "40", "US": "00", "JP": "49", "RU": "46", "BR": "789", "KR": "880",
	"TR": "869", "IT": "80", "GB": "50", "AT": "90", "NO": "70", "MN": "865", "IN": "890",
}

// gtin is the product's GTIN-13. The same brand, product, pack, grade and
// colour has the same GTIN on every storefront and from every seller, so
// that listings can be matched across markets.
func (c *catalogue) gtin(r *rand.Rand, l *listing, variant int) string {
	if (l.Type.NoGTIN && r.Float64() < 0.75) || (l.Brand.Name == "Generic" && r.Float64() < 0.5) {
		return ""
	}
	prefix, ok := gtinPrefixes[l.Brand.Country]
	if !ok {
		prefix = "20" // in-store numbering: unbranded goods
	}
	color := ""
	if l.Color != nil {
		color = l.Color.en
	}
	h := key(itoa(int(c.seed)), "gtin", l.Brand.Name, l.Type.Key, itoa(variant), l.Mod, color)
	digits := prefix + strconv.FormatUint(h%1e12, 10)
	for len(digits) < 12 {
		digits += "0"
	}
	digits = digits[:12]
	return digits + strconv.Itoa(gtinCheck(digits))
}

// gtinCheck computes the GS1 check digit of 12 digits.
func gtinCheck(d string) int {
	total := 0
	for i := range 12 {
		n := int(d[i] - '0')
		if i%2 == 1 {
			n *= 3
		}
		total += n
	}
	return (10 - total%10) % 10
}

// sku is the seller's item number.
func sku(l *listing) string {
	var b strings.Builder
	for _, r := range l.Brand.Name {
		if b.Len() >= 3 {
			break
		}
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	for _, part := range strings.Split(l.Type.Key, "-") {
		b.WriteByte(byte(unicode.ToUpper(rune(part[0]))))
	}
	h := key(l.Store.Code, l.ID)
	return b.String() + "-" + strings.ToUpper(strconv.FormatUint(h%(36*36*36*36), 36))
}

// packWeight writes a pack size from its weight ("25 kg", "500 g").
func packWeight(lg lang, kg float64) string {
	if kg < 1 {
		g := formatShort(lg, kg*1000)
		switch lg {
		case ru:
			return g + "\u00a0г"
		case ja, ko, zh:
			return g + "g"
		}
		return g + " g"
	}
	return formatWeight(lg, kg)
}

// title composes the listing title in the storefront's language, in the
// word order shops of that country use.
func title(lg lang, l *listing) string {
	name := l.Type.Name.in(lg)
	var size string
	switch l.Variant.Label {
	case "-":
	case "":
		size = packWeight(lg, l.Variant.Kg)
	default:
		size = l.Variant.Label
	}
	var packText string
	if l.Variant.Pack != packNone {
		word := packWords[l.Variant.Pack].in(lg)
		switch {
		case size == "":
			packText = word
		case lg == ru || lg == pt:
			packText = word + " " + size
		default:
			packText = size + " " + word
		}
	}
	var extra []string
	if l.Mod != "" {
		extra = append(extra, l.Mod)
	}
	if l.Color != nil {
		extra = append(extra, l.Color.in(lg))
	}
	brandName := l.Brand.Name
	if brandName == "Generic" {
		brandName = ""
	}
	join := func(parts ...string) string {
		var out []string
		for _, p := range parts {
			if p != "" {
				out = append(out, p)
			}
		}
		return strings.Join(out, " ")
	}
	body := join(append([]string{name}, extra...)...)
	switch lg {
	case ru:
		t := body
		if packText != "" {
			t += ", " + packText
		}
		if brandName != "" {
			t += ", " + brandName
		}
		return t
	case pt:
		t := join(body, packText)
		if brandName != "" {
			t += " - " + brandName
		}
		return t
	case ja, ko:
		return join(brandName, body, packText)
	}
	t := join(brandName, body)
	if packText != "" {
		t += ", " + packText
	}
	return t
}
