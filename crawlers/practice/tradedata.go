package practice

// The trade API's raw material: the sector HS codes with their world
// import value, growth, unit value and main suppliers; the reporters (the
// target regions of the pilot-zone plans); and the countries' Comtrade
// codes and names.

// country is a Comtrade reporter or partner.
type country struct {
	Code int    // M49 numeric code as Comtrade uses it
	ISO3 string // Comtrade's reporterISO / partnerISO
	Name string // Comtrade's reporterDesc / partnerDesc
	Rich bool   // high-income supplier: dearer goods
	EU   bool
}

var countryList = []country{
	{156, "CHN", "China", false, false},
	{4, "AFG", "Afghanistan", false, false},
	{12, "DZA", "Algeria", false, false},
	{32, "ARG", "Argentina", false, false},
	{36, "AUS", "Australia", true, false},
	{40, "AUT", "Austria", true, true},
	{48, "BHR", "Bahrain", false, false},
	{50, "BGD", "Bangladesh", false, false},
	{56, "BEL", "Belgium", true, true},
	{76, "BRA", "Brazil", false, false},
	{104, "MMR", "Myanmar", false, false},
	{116, "KHM", "Cambodia", false, false},
	{124, "CAN", "Canada", true, false},
	{152, "CHL", "Chile", false, false},
	{203, "CZE", "Czechia", true, true},
	{251, "FRA", "France", true, true},
	{276, "DEU", "Germany", true, true},
	{300, "GRC", "Greece", true, true},
	{348, "HUN", "Hungary", false, true},
	{360, "IDN", "Indonesia", false, false},
	{364, "IRN", "Iran", false, false},
	{376, "ISR", "Israel", true, false},
	{380, "ITA", "Italy", true, true},
	{392, "JPN", "Japan", true, false},
	{398, "KAZ", "Kazakhstan", false, false},
	{410, "KOR", "Rep. of Korea", true, false},
	{458, "MYS", "Malaysia", false, false},
	{484, "MEX", "Mexico", false, false},
	{496, "MNG", "Mongolia", false, false},
	{524, "NPL", "Nepal", false, false},
	{528, "NLD", "Netherlands", true, true},
	{579, "NOR", "Norway", true, false},
	{586, "PAK", "Pakistan", false, false},
	{604, "PER", "Peru", false, false},
	{608, "PHL", "Philippines", false, false},
	{616, "POL", "Poland", false, true},
	{620, "PRT", "Portugal", true, true},
	{642, "ROU", "Romania", false, true},
	{643, "RUS", "Russian Federation", false, false},
	{682, "SAU", "Saudi Arabia", false, false},
	{699, "IND", "India", false, false},
	{702, "SGP", "Singapore", true, false},
	{703, "SVK", "Slovakia", false, true},
	{704, "VNM", "Viet Nam", false, false},
	{724, "ESP", "Spain", true, true},
	{764, "THA", "Thailand", false, false},
	{784, "ARE", "United Arab Emirates", false, false},
	{792, "TUR", "Türkiye", false, false},
	{826, "GBR", "United Kingdom", true, false},
	{842, "USA", "USA", true, false},
	{858, "URY", "Uruguay", false, false},
	{860, "UZB", "Uzbekistan", false, false},
}

// reporter is an importing market of the plans' target regions.
type reporter struct {
	ISO3          string
	Weight        float64 // share of world imports of a typical product
	ChinaAffinity float64 // how much more than usual it buys from China
	Growth        float64 // extra yearly growth of its imports
}

var reporters = []reporter{
	{"JPN", 0.05, 1.3, 0.0},
	{"KOR", 0.035, 1.3, 0.01},
	{"RUS", 0.02, 1.2, 0.0},
	{"POL", 0.02, 0.8, 0.03},
	{"CZE", 0.012, 0.7, 0.02},
	{"HUN", 0.009, 0.8, 0.02},
	{"DEU", 0.07, 0.7, 0.01},
	{"BRA", 0.015, 1.0, 0.02},
	{"ARG", 0.005, 1.0, 0.0},
	{"CHL", 0.006, 1.2, 0.02},
	{"PER", 0.004, 1.2, 0.02},
	{"VNM", 0.02, 1.5, 0.06},
	{"THA", 0.015, 1.2, 0.03},
	{"IDN", 0.012, 1.3, 0.04},
	{"MYS", 0.015, 1.2, 0.03},
	{"KAZ", 0.003, 1.6, 0.03},
	{"TUR", 0.02, 0.9, 0.02},
	{"IND", 0.035, 1.1, 0.05},
	{"USA", 0.13, 0.8, 0.02},
}

// Quantity units as Comtrade codes them.
const (
	unitM2 = 2
	unitU  = 5
	unitKg = 8
)

var unitAbbr = map[int]string{unitM2: "m²", unitU: "u", unitKg: "kg"}

// hsSpec describes trade in one 6-digit HS code.
type hsSpec struct {
	Code       string
	Desc       string
	World      float64 // world imports in 2015, USD
	Growth     float64 // yearly growth of volumes
	UnitValue  float64 // USD per kg in 2015
	QtyUnit    int
	KgPerUnit  float64 // for QtyUnit u or m²
	ChinaShare float64 // China's typical share of a market's imports
	Suppliers  []string
	Cycle      string // price cycle: "petro", "magnesium" or "" (general)
}

var hsSpecs = []hsSpec{
	// Magnesium & magnesia.
	{"251910", "Natural magnesium carbonate (magnesite)", 0.15e9, 0.02, 0.2, unitKg, 0, 0.35, []string{"TUR", "BRA", "AUT", "SVK", "GRC", "ESP", "AUS", "RUS"}, "magnesium"},
	{"251990", "Fused magnesia; dead-burned (sintered) magnesia; other magnesium oxide", 2.0e9, 0.03, 0.45, unitKg, 0, 0.55, []string{"TUR", "BRA", "AUT", "RUS", "SVK", "NLD", "GRC", "ESP", "AUS"}, "magnesium"},
	{"810411", "Unwrought magnesium, containing at least 99.8% by weight of magnesium", 0.9e9, 0.02, 2.8, unitKg, 0, 0.6, []string{"ISR", "RUS", "KAZ", "USA", "BRA", "TUR", "NLD"}, "magnesium"},
	{"810419", "Unwrought magnesium, other", 0.5e9, 0.02, 3.2, unitKg, 0, 0.55, []string{"ISR", "RUS", "KAZ", "USA", "DEU", "NLD"}, "magnesium"},
	{"810430", "Magnesium raspings, turnings and granules; powders", 0.12e9, 0.03, 5.5, unitKg, 0, 0.5, []string{"RUS", "USA", "DEU", "ISR", "IND"}, "magnesium"},
	{"810490", "Magnesium articles, n.e.s.", 0.4e9, 0.03, 8.0, unitKg, 0, 0.4, []string{"DEU", "USA", "ISR", "KOR", "JPN", "ITA"}, "magnesium"},
	{"281610", "Magnesium hydroxide and peroxide", 0.35e9, 0.04, 1.4, unitKg, 0, 0.35, []string{"ISR", "JPN", "NLD", "DEU", "USA", "IND"}, ""},
	{"282731", "Magnesium chloride", 0.12e9, 0.04, 0.35, unitKg, 0, 0.45, []string{"ISR", "NLD", "DEU", "IND", "USA"}, ""},
	{"283321", "Magnesium sulphate", 0.3e9, 0.03, 0.25, unitKg, 0, 0.45, []string{"DEU", "IND", "USA", "JPN", "NLD"}, ""},
	{"690210", "Refractory bricks, blocks and tiles, >50% by weight of MgO, CaO or Cr2O3", 1.4e9, 0.02, 0.95, unitKg, 0, 0.45, []string{"AUT", "DEU", "IND", "JPN", "ITA", "USA", "TUR", "SVK"}, ""},
	{"681591", "Articles of stone or other mineral substances, containing magnesite, magnesia or chromite", 0.5e9, 0.03, 0.7, unitKg, 0, 0.4, []string{"DEU", "AUT", "USA", "ITA", "KOR"}, ""},
	// Jellyfish & seafood.
	{"030890", "Aquatic invertebrates other than crustaceans and molluscs, n.e.s. (incl. jellyfish)", 0.9e9, 0.05, 5.5, unitKg, 0, 0.35, []string{"VNM", "MYS", "IDN", "THA", "JPN", "KOR", "USA", "CHL"}, ""},
	{"160569", "Molluscs and other aquatic invertebrates, prepared or preserved, n.e.s.", 0.9e9, 0.05, 9.0, unitKg, 0, 0.35, []string{"VNM", "THA", "KOR", "JPN", "ESP", "CHL"}, ""},
	{"030633", "Crabs, live, fresh or chilled", 2.2e9, 0.04, 14, unitKg, 0, 0.25, []string{"RUS", "USA", "CAN", "KOR", "GBR", "IDN", "PHL", "NOR"}, ""},
	{"030614", "Crabs, frozen", 3.8e9, 0.04, 11, unitKg, 0, 0.15, []string{"RUS", "USA", "CAN", "IDN", "VNM", "IND", "NOR"}, ""},
	// Petrochemicals & fine chemicals.
	{"271012", "Light petroleum oils and preparations (incl. naphtha)", 60e9, 0.01, 0.6, unitKg, 0, 0.02, []string{"NLD", "BEL", "USA", "IND", "KOR", "SAU", "RUS", "ARE", "DZA"}, "petro"},
	{"271019", "Medium and heavy petroleum oils; lubricating oils", 180e9, 0.01, 0.75, unitKg, 0, 0.03, []string{"USA", "NLD", "SGP", "RUS", "KOR", "IND", "ARE", "BEL", "DEU"}, "petro"},
	{"271320", "Petroleum bitumen", 7e9, 0.02, 0.42, unitKg, 0, 0.04, []string{"USA", "KOR", "SGP", "ARE", "IRN", "RUS", "ESP", "DEU", "BHR"}, "petro"},
	{"290121", "Ethylene", 4e9, 0.02, 1.0, unitKg, 0, 0.01, []string{"KOR", "USA", "SAU", "NLD", "JPN", "SGP"}, "petro"},
	{"290122", "Propene (propylene)", 6e9, 0.02, 0.95, unitKg, 0, 0.03, []string{"KOR", "USA", "SAU", "NLD", "JPN", "SGP"}, "petro"},
	{"290220", "Benzene", 9e9, 0.02, 0.85, unitKg, 0, 0.03, []string{"KOR", "USA", "SAU", "JPN", "IND", "NLD"}, "petro"},
	{"290243", "p-Xylene", 12e9, 0.02, 0.95, unitKg, 0, 0.03, []string{"KOR", "JPN", "SAU", "SGP", "IND", "USA", "THA"}, "petro"},
	{"290250", "Styrene", 11e9, 0.02, 1.15, unitKg, 0, 0.05, []string{"KOR", "SAU", "USA", "NLD", "JPN", "SGP"}, "petro"},
	{"390110", "Polyethylene having a specific gravity of less than 0.94, in primary forms", 22e9, 0.03, 1.35, unitKg, 0, 0.04, []string{"SAU", "KOR", "USA", "SGP", "BEL", "DEU", "THA", "IND", "ARE"}, "petro"},
	{"390210", "Polypropylene, in primary forms", 35e9, 0.03, 1.25, unitKg, 0, 0.06, []string{"SAU", "KOR", "USA", "SGP", "BEL", "DEU", "THA", "IND", "ARE"}, "petro"},
	{"400219", "Styrene-butadiene rubber (SBR) and SBS, other than latex", 3.5e9, 0.02, 2.0, unitKg, 0, 0.12, []string{"KOR", "JPN", "RUS", "USA", "DEU", "MEX"}, "petro"},
	// Waterproof materials.
	{"680710", "Articles of asphalt or similar material, in rolls", 1.8e9, 0.04, 0.85, unitKg, 0, 0.3, []string{"DEU", "ITA", "TUR", "POL", "USA", "RUS", "KOR", "FRA"}, ""},
	{"680790", "Articles of asphalt or similar material, other than in rolls", 1.0e9, 0.04, 1.0, unitKg, 0, 0.25, []string{"DEU", "ITA", "TUR", "POL", "USA", "RUS", "FRA"}, ""},
	// Auto maintenance equipment.
	{"842542", "Jacks and hoists of a kind used for raising vehicles, hydraulic", 2.2e9, 0.04, 4.5, unitU, 60, 0.45, []string{"DEU", "ITA", "USA", "TUR", "KOR", "FRA"}, ""},
	{"847989", "Machines and mechanical appliances having individual functions, n.e.s.", 32e9, 0.05, 22, unitU, 150, 0.25, []string{"DEU", "USA", "JPN", "ITA", "KOR", "NLD", "FRA"}, ""},
	{"903120", "Test benches", 4.5e9, 0.04, 55, unitU, 200, 0.2, []string{"DEU", "ITA", "USA", "JPN", "GBR", "FRA"}, ""},
	{"903149", "Optical instruments and appliances for measuring or checking, n.e.s.", 14e9, 0.05, 90, unitU, 30, 0.2, []string{"JPN", "DEU", "USA", "KOR", "ISR", "GBR"}, ""},
	// Energy equipment.
	{"843049", "Boring or sinking machinery, not self-propelled, n.e.s.", 3e9, 0.01, 11, unitU, 5000, 0.3, []string{"USA", "DEU", "ITA", "NOR", "GBR", "CAN"}, "petro"},
	{"843143", "Parts of boring or sinking machinery", 8e9, 0.0, 12, unitKg, 0, 0.25, []string{"USA", "GBR", "NOR", "DEU", "CAN", "ITA", "ROU"}, "petro"},
	{"730429", "Casing, tubing and drill pipe for oil or gas drilling, seamless, of iron or steel, n.e.s.", 6e9, -0.01, 1.3, unitKg, 0, 0.35, []string{"JPN", "ARG", "MEX", "RUS", "KOR", "IND", "ITA", "ROU", "USA"}, "petro"},
	{"841350", "Reciprocating positive displacement pumps, n.e.s.", 6e9, 0.03, 16, unitU, 80, 0.25, []string{"USA", "DEU", "ITA", "JPN", "GBR", "FRA"}, ""},
	{"848180", "Taps, cocks, valves and similar appliances, n.e.s.", 55e9, 0.04, 24, unitKg, 0, 0.3, []string{"DEU", "ITA", "USA", "JPN", "KOR", "FRA", "IND"}, ""},
	// Apparel & home textiles (a selection of chapters 61, 62, 63).
	{"610910", "T-shirts, singlets and other vests, of cotton, knitted or crocheted", 40e9, 0.03, 22, unitU, 0.18, 0.2, []string{"BGD", "VNM", "TUR", "IND", "KHM", "PAK", "IDN"}, ""},
	{"611020", "Jerseys, pullovers, cardigans and similar articles, of cotton, knitted or crocheted", 40e9, 0.03, 28, unitU, 0.45, 0.25, []string{"BGD", "VNM", "TUR", "KHM", "IND", "ITA", "PAK"}, ""},
	{"611030", "Jerseys, pullovers, cardigans and similar articles, of man-made fibres, knitted or crocheted", 30e9, 0.03, 20, unitU, 0.4, 0.35, []string{"BGD", "VNM", "KHM", "TUR", "IDN", "ITA"}, ""},
	{"620342", "Men's or boys' trousers and shorts, of cotton", 30e9, 0.02, 20, unitU, 0.7, 0.2, []string{"BGD", "VNM", "PAK", "TUR", "MEX", "KHM", "ITA"}, ""},
	{"620462", "Women's or girls' trousers and shorts, of cotton", 28e9, 0.02, 22, unitU, 0.5, 0.2, []string{"BGD", "VNM", "PAK", "TUR", "KHM", "IND", "ITA"}, ""},
	{"620520", "Men's or boys' shirts, of cotton", 12e9, 0.02, 25, unitU, 0.25, 0.2, []string{"BGD", "VNM", "IND", "TUR", "IDN", "ITA"}, ""},
	{"620240", "Women's or girls' anoraks, wind-jackets and similar articles, of man-made fibres", 12e9, 0.04, 25, unitU, 0.9, 0.45, []string{"VNM", "BGD", "KHM", "IDN", "ITA", "TUR"}, ""},
	{"630140", "Blankets and travelling rugs, of synthetic fibres", 1.5e9, 0.04, 6, unitU, 1.2, 0.6, []string{"TUR", "PAK", "IND", "VNM", "DEU"}, ""},
	{"630221", "Bed linen of cotton, printed, not knitted", 2e9, 0.03, 9, unitKg, 0, 0.35, []string{"PAK", "IND", "TUR", "BGD", "PRT"}, ""},
	{"630231", "Bed linen of cotton, n.e.s.", 4e9, 0.03, 8.5, unitKg, 0, 0.3, []string{"PAK", "IND", "TUR", "BGD", "PRT"}, ""},
	{"630260", "Toilet and kitchen linen, of terry towelling of cotton", 4e9, 0.03, 8, unitKg, 0, 0.25, []string{"PAK", "IND", "TUR", "BGD", "PRT", "VNM"}, ""},
	// Silk & cashmere.
	{"500200", "Raw silk (not thrown)", 0.4e9, -0.02, 48, unitKg, 0, 0.7, []string{"UZB", "VNM", "IND", "BRA", "THA"}, ""},
	{"500720", "Woven fabrics of silk, containing 85% or more of silk", 1.3e9, -0.02, 95, unitM2, 0.08, 0.45, []string{"ITA", "IND", "FRA", "KOR", "VNM", "JPN"}, ""},
	{"510211", "Fine animal hair of Kashmir goats, not carded or combed", 0.5e9, 0.01, 75, unitKg, 0, 0.5, []string{"MNG", "AFG", "IRN", "ITA"}, ""},
	{"611012", "Jerseys, pullovers, cardigans of fine hair of Kashmir goats, knitted or crocheted", 1.1e9, 0.03, 160, unitU, 0.3, 0.5, []string{"MNG", "ITA", "GBR", "NPL", "VNM"}, ""},
	// Specialty food.
	{"100630", "Rice, semi-milled or wholly milled", 20e9, 0.03, 0.55, unitKg, 0, 0.05, []string{"THA", "VNM", "IND", "PAK", "USA", "MMR", "KHM", "URY", "ITA"}, ""},
	{"081340", "Dried fruit n.e.s. (other than apricots, prunes and apples)", 1.2e9, 0.05, 4.0, unitKg, 0, 0.25, []string{"TUR", "USA", "CHL", "IRN", "THA", "VNM", "UZB"}, ""},
	{"200899", "Fruit, nuts and other edible parts of plants, prepared or preserved, n.e.s.", 3.5e9, 0.04, 3.0, unitKg, 0, 0.3, []string{"THA", "VNM", "PHL", "USA", "TUR", "ESP", "ITA"}, ""},
}

// aggregateDescs name the chapters and headings that cmdCode may ask for;
// their figures are sums over the modelled 6-digit codes beneath them.
var aggregateDescs = map[string]string{
	"61":   "Apparel and clothing accessories; knitted or crocheted",
	"62":   "Apparel and clothing accessories; not knitted or crocheted",
	"63":   "Textiles, made up articles; sets; worn clothing and worn textile articles; rags",
	"6301": "Blankets and travelling rugs",
	"6302": "Bed linen, table linen, toilet linen and kitchen linen",
	"2519": "Natural magnesium carbonate (magnesite); fused magnesia; dead-burned magnesia; other magnesium oxide",
	"8104": "Magnesium and articles thereof, including waste and scrap",
	"6807": "Articles of asphalt or of similar material",
	"2710": "Petroleum oils and oils from bituminous minerals, not crude",
	"2902": "Cyclic hydrocarbons",
}

// cycles are value indices by year, 2015 = 1: commodity price swings that
// move value and unit value but not volume.
var cycles = map[string][]float64{
	"petro":     {1.0, 0.8, 0.95, 1.1, 1.0, 0.72, 1.05, 1.4, 1.15, 1.1},
	"magnesium": {1.0, 0.9, 0.95, 1.0, 0.95, 0.85, 1.6, 1.9, 1.05, 0.95},
	"":          {1.0, 0.98, 1.0, 1.03, 1.02, 0.98, 1.08, 1.15, 1.12, 1.12},
}

// The years the trade API covers.
const (
	firstTradeYear = 2015
	lastTradeYear  = 2024
)

// TradeCodes lists the 6-digit HS codes the trade API models, so that a
// caller can ask for exactly those (a 2- or 4-digit code is answered with
// sums, which would count the same trade twice beside its 6-digit codes).
func TradeCodes() []string {
	out := make([]string, len(hsSpecs))
	for i, h := range hsSpecs {
		out[i] = h.Code
	}
	return out
}
