// Package export writes reports as CSV, XLSX and a printable bilingual
// (Chinese and English) HTML page.
//
// All three are views of the same rows: every figure of the report JSON
// becomes one row naming its section, its subject (market, partner,
// brand, year...), the figure, and the figure's value, unit, status,
// reason, note, definition, window, records and sources. Counts that are
// not figures (the aspects of the sentiment section, the seller and
// listing lists) become rows with status "ok" and no definition.
package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/exportscope/exportscope/analytics"
)

// Row is one figure of a report.
type Row struct {
	Section string
	Subject string
	Name    string // path of JSON names inside the subject, "/"-separated
	// Detail names what the row is about within its subject: a partner,
	// year, brand, band or list position.
	Detail  string
	LabelZH string
	LabelEN string
	analytics.Figure
}

// Meta is the report's heading.
type Meta struct {
	Type        string
	TitleZH     string
	TitleEN     string
	Sector      analytics.SectorRef
	Market      string
	Brand       string
	Period      analytics.Window
	GeneratedAt string
	Version     int
	Sources     []string
	Records     analytics.Records
	Notes       []string
	Extra       [][2]string // further heading lines: label, text
}

// Flatten returns a report's heading and rows.
func Flatten(rep any) (Meta, []Row, error) {
	var m Meta
	switch r := rep.(type) {
	case *analytics.MarketReport:
		m = Meta{Type: r.Type, TitleZH: "市场报告", TitleEN: "Market report", Sector: r.Sector, Market: r.Market,
			Period: r.Period, GeneratedAt: r.GeneratedAt.Format("2006-01-02 15:04:05 MST"), Version: r.Version,
			Sources: r.Sources, Records: r.Records, Notes: r.Notes}
		m.Extra = append(m.Extra, [2]string{"有贸易数据的年份 Years with trade data", yearList(r.Trade.YearsAvailable)},
			[2]string{"机会评分方法 Opportunity method", r.Opportunity.Method})
	case *analytics.BrandReport:
		m = Meta{Type: r.Type, TitleZH: "品牌报告", TitleEN: "Brand report", Sector: r.Sector, Brand: r.Brand,
			Period: r.Window, GeneratedAt: r.GeneratedAt.Format("2006-01-02 15:04:05 MST"), Version: r.Version,
			Sources: r.Sources, Records: r.Records, Notes: r.Notes}
		m.Extra = append(m.Extra, [2]string{"情感分析方法 Sentiment method", r.Sentiment.Method},
			[2]string{"货架份额数据 Share-of-shelf data", r.ShareOfShelf.InputNeeded})
	default:
		return m, nil, fmt.Errorf("export: %T is not a report", rep)
	}
	raw, err := json.Marshal(rep)
	if err != nil {
		return m, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	top, err := decodeOrdered(dec)
	if err != nil {
		return m, nil, err
	}
	tree, _ := top.(*object)
	var rows []Row
	for _, sec := range sectionOrder(m.Type) {
		v, ok := tree.get(sec)
		if !ok {
			continue
		}
		walk(&rows, sec, "", nil, v)
	}
	return m, rows, nil
}

// object is a JSON object that keeps its keys' order (the order of the
// report's struct fields).
type object struct {
	keys []string
	vals map[string]any
}

func (o *object) get(k string) (any, bool) {
	if o == nil {
		return nil, false
	}
	v, ok := o.vals[k]
	return v, ok
}

// decodeOrdered reads one JSON value: objects as *object, arrays as
// []any, numbers as float64.
func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &object{vals: map[string]any{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				o.keys = append(o.keys, k)
				o.vals[k] = v
			}
			_, err := dec.Token() // }
			return o, err
		case '[':
			var list []any
			for dec.More() {
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := dec.Token() // ]
			return list, err
		}
	case json.Number:
		return t.Float64()
	}
	return tok, nil
}

func yearList(ys []int) string {
	if len(ys) == 0 {
		return "—"
	}
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, ", ")
}

func sectionOrder(typ string) []string {
	if typ == analytics.TypeMarket {
		return []string{"trade", "opportunity", "marketplace", "retailVsCustoms"}
	}
	return []string{"summary", "markets", "shareOfShelf", "sentiment", "unauthorisedSellers", "underMinimumPrice"}
}

// subjectKeys name an array element by one of its fields.
var subjectKeys = []string{"market", "partner", "brand", "year", "label", "name", "aspect", "seller", "listingId", "query"}

func isFigure(o *object) bool {
	_, s := o.vals["status"]
	_, d := o.vals["definition"]
	return s && d
}

func walk(rows *[]Row, section, subject string, path []string, v any) {
	switch x := v.(type) {
	case *object:
		if isFigure(x) {
			*rows = append(*rows, figureRow(section, subject, path, x))
			return
		}
		for _, k := range x.keys {
			switch k {
			case "market", "method", "inputNeeded", "year", "partner", "brand", "label", "aspect", "seller", "listingId", "name", "yearsAvailable":
				continue // names the subject, or text shown in the heading
			}
			walk(rows, section, subject, append(path, k), x.vals[k])
		}
	case []any:
		for i, e := range x {
			name := strconv.Itoa(i + 1)
			if obj, ok := e.(*object); ok {
				for _, k := range subjectKeys {
					if s, ok := obj.vals[k]; ok {
						name = fmt.Sprint(s)
						if f, ok := s.(float64); ok {
							name = strconv.FormatFloat(f, 'f', -1, 64)
						}
						break
					}
				}
				if mk, ok := obj.vals["market"].(string); ok && subject == "" {
					// A list of markets: the market names the rows.
					walk(rows, section, mk, path[:max(0, len(path)-1)], e)
					continue
				}
			}
			walk(rows, section, subject, append(path, name), e)
		}
	case float64:
		if len(path) == 0 {
			return
		}
		last := path[len(path)-1]
		switch last {
		case "weight", "from", "to", "scaled", "version":
			return // shown with their figures (score parts, band edges)
		}
		v := x
		zh, en := label(significant(path))
		*rows = append(*rows, Row{Section: section, Subject: subject, Name: strings.Join(path, "/"), LabelZH: zh, LabelEN: en,
			Detail: detail(path), Figure: analytics.Figure{Value: &v, Status: analytics.StatusOK, Sources: []string{}}})
	}
}

// detail joins the path elements that are not field names: the partner,
// year, brand or position that a row is about within its subject.
func detail(path []string) string {
	var out []string
	for _, p := range path {
		if _, known := labels[p]; !known {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}

func figureRow(section, subject string, path []string, o *object) Row {
	var f analytics.Figure
	if v, ok := o.vals["value"].(float64); ok {
		f.Value = &v
	}
	str := func(k string) string { s, _ := o.vals[k].(string); return s }
	f.Unit, f.Status, f.Reason, f.Note, f.Definition = str("unit"), analytics.Status(str("status")), str("reason"), str("note"), str("definition")
	if w, ok := o.vals["window"].(*object); ok {
		f.Window.From, _ = w.vals["from"].(string)
		f.Window.To, _ = w.vals["to"].(string)
	}
	f.Sources = []string{}
	if src, ok := o.vals["sources"].([]any); ok {
		for _, x := range src {
			if s, ok := x.(string); ok {
				f.Sources = append(f.Sources, s)
			}
		}
	}
	if r, ok := o.vals["records"].(float64); ok {
		f.Records = int64(r)
	}
	f.Approximate, _ = o.vals["approximate"].(bool)
	zh, en := label(significant(path))
	return Row{Section: section, Subject: subject, Name: strings.Join(path, "/"), LabelZH: zh, LabelEN: en, Detail: detail(path), Figure: f}
}

// significant picks the path element that names the figure: the last one
// that is a known name (skipping list positions and subjects).
func significant(path []string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if _, ok := labels[path[i]]; ok && !structural[path[i]] {
			return path[i]
		}
	}
	if len(path) == 0 {
		return ""
	}
	return path[len(path)-1]
}

func label(key string) (string, string) {
	if l, ok := labels[key]; ok {
		return l[0], l[1]
	}
	return key, key
}

// structural names group figures without naming them.
var structural = map[string]bool{"figure": true, "detail": true, "parts": true, "list": true}

// SectionLabel gives a section's Chinese and English titles.
func SectionLabel(key string) (string, string) { return label(key) }

var labels = map[string][2]string{
	// structure
	"detail": {"详情", "Detail"}, "parts": {"评分构成", "Score parts"}, "figure": {"数值", "Figure"},
	// sections
	"trade": {"贸易统计", "Trade statistics"}, "opportunity": {"市场机会排名", "Opportunity ranking"},
	"marketplace": {"电商平台概况", "Marketplace landscape"}, "retailVsCustoms": {"零售价与海关单价对比", "Retail vs customs unit value"},
	"summary": {"品牌概览", "Brand summary"}, "markets": {"市场", "Markets"}, "shareOfShelf": {"货架份额", "Share of shelf"},
	"searches":  {"跟踪的关键词搜索", "Tracked keyword searches"},
	"sentiment": {"评论情感", "Review sentiment"}, "unauthorisedSellers": {"未授权卖家", "Unauthorised sellers"},
	"underMinimumPrice": {"低于最低价的商品", "Listings under minimum price"},
	// trade
	"size": {"市场规模（期末）", "Market size (end year)"}, "sizeStart": {"市场规模（期初）", "Market size (start year)"},
	"trend": {"进口趋势", "Import trend"}, "cagr": {"复合年增长率", "CAGR"}, "yoy": {"同比变化", "Year-on-year change"},
	"chinaImports": {"自中国进口额", "Imports from China"}, "chinaShare": {"中国份额", "China's share"},
	"chinaShareStart": {"中国份额（期初）", "China's share (start year)"}, "chinaShareChange": {"中国份额变化", "Change of China's share"},
	"unitValue": {"进口单价", "Import unit value"}, "chinaUnitValue": {"中国产品单价", "China's unit value"},
	"chinaUnitValueIndex": {"中国单价指数", "China's unit value index"}, "hhi": {"供应商集中度 HHI", "Supplier concentration HHI"},
	"hhiStart": {"供应商集中度 HHI（期初）", "Supplier HHI (start year)"}, "topSuppliers": {"主要供应国", "Top suppliers"},
	"value": {"金额", "Value"}, "share": {"份额", "Share"}, "shareStart": {"份额（期初）", "Share (start year)"},
	"chinaBilateral": {"中国双边贸易", "China's bilateral trade"}, "chinaExports": {"中国出口额", "China's exports"},
	"balance": {"贸易差额", "Trade balance"},
	// opportunity
	"benchmark": {"中国基准份额", "China's benchmark share"}, "score": {"机会评分", "Opportunity score"},
	"input": {"评分输入", "Score input"}, "rank": {"排名", "Rank"}, "contribution": {"得分贡献", "Points contributed"},
	// marketplace
	"listings": {"商品数", "Listings"}, "priceP10": {"价格 P10", "Price P10"}, "priceP25": {"价格 P25", "Price P25"},
	"priceMedian": {"价格中位数", "Median price"}, "priceP75": {"价格 P75", "Price P75"}, "priceP90": {"价格 P90", "Price P90"},
	"priceBands": {"价格区间", "Price bands"}, "count": {"数量", "Count"}, "averageRating": {"平均评分", "Average rating"},
	"ratingDistribution": {"评分分布", "Rating distribution"}, "chinaSellerShare": {"中国卖家占比", "Share of Chinese sellers"},
	"newcomers": {"新进入商品", "Newcomers"}, "newcomerShare": {"新进入占比", "Newcomer share"},
	"brandHHI": {"品牌集中度 HHI", "Brand HHI"}, "topBrandsByListings": {"品牌（按商品数）", "Brands by listings"},
	"topBrandsByReviews": {"品牌（按评论数）", "Brands by reviews"}, "listingShare": {"商品份额", "Listing share"},
	"reviews": {"评论数", "Reviews"}, "reviewShare": {"评论份额", "Review share"},
	"retailPerKg": {"零售价（每公斤）", "Retail price per kg"}, "customsPerKg": {"海关单价（每公斤）", "Customs unit value per kg"},
	"ratio": {"零售/海关倍数", "Retail / customs ratio"},
	// brand
	"shareOfListings": {"商品份额", "Share of listings"}, "medianPrice": {"品牌价格中位数", "Brand median price"},
	"categoryMedianPrice": {"品类价格中位数", "Category median price"}, "priceIndex": {"价格指数", "Price index"},
	"categoryAverageRating": {"品类平均评分", "Category average rating"}, "ratingVsCategory": {"评分差（对比品类）", "Rating vs category"},
	"positiveShare": {"正面评论占比", "Positive share"}, "negativeShare": {"负面评论占比", "Negative share"},
	"meanScore": {"平均情感分", "Mean sentiment score"}, "topPositiveAspects": {"主要正面方面", "Top positive aspects"},
	"topNegativeAspects": {"主要负面方面", "Top negative aspects"}, "positive": {"正面提及", "Positive mentions"},
	"negative": {"负面提及", "Negative mentions"}, "byLanguage": {"按语言", "By language"}, "sellers": {"卖家数", "Sellers"},
	"list": {"明细", "Detail"}, "price": {"价格", "Price"}, "minPrice": {"最低价", "Minimum price"},
	"notComparable": {"无法比较", "Not comparable"},
}
