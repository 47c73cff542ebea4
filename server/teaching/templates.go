package teaching

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/exportscope/exportscope/analytics"
	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/store"
)

// Template is an assignment kind of the library.
type Template struct {
	Key                          string
	TitleZH, TitleEN             string
	DescriptionZH, DescriptionEN string
	// Params names what the teacher fills in.
	Params []string
}

// The template keys.
const (
	TemplateTopMarkets  = "top_markets"
	TemplateMedianPrice = "median_price"
	TemplateChinaShare  = "china_share"
	TemplateAdapter     = "adapter"
	TemplateCustom      = "custom"
)

// Templates is the assignment library.
func Templates() []Template {
	return []Template{
		{Key: TemplateTopMarkets, TitleZH: "按机会评分排出前5大进口市场", TitleEN: "Rank the top 5 import markets by opportunity score",
			DescriptionZH: "用市场报告的机会评分，按从高到低写出前5个进口市场的国家代码（例如 HS 2519 镁砂）。",
			DescriptionEN: "From the market report's opportunity score, list the ISO codes of the top 5 import markets, best first (e.g. HS 2519 magnesia).",
			Params:        []string{"sector"}},
		{Key: TemplateMedianPrice, TitleZH: "某国某平台上一类产品的价格中位数", TitleEN: "Median price of a product type on a marketplace in a country",
			DescriptionZH: "在快照的商品列表中，求该平台、该国家、该行业商品的美元价格中位数。",
			DescriptionEN: "From the snapshot's listings, find the median USD price of the sector's listings on the marketplace in the country.",
			Params:        []string{"sector", "marketplace", "country"}},
		{Key: TemplateChinaShare, TitleZH: "中国在某市场的份额及其变化", TitleEN: "China's share of a market and its change",
			DescriptionZH: "给出中国在该市场进口中的份额（%），以及与期初相比的变化（百分点）。",
			DescriptionEN: "Give China's share of the market's imports (%) and its change since the start of the period (percentage points).",
			Params:        []string{"sector", "market"}},
		{Key: TemplateAdapter, TitleZH: "为练习商店编写站点适配器", TitleEN: "Write a site adapter for a practice store",
			DescriptionZH: "在爬虫实验室编写 YAML 适配器，读取练习市场该店铺（jp、ru 或 kr）的商品页；按字段准确率评分。",
			DescriptionEN: "Write a YAML adapter in the crawler lab that reads the practice store's product pages (jp, ru or kr); scored by field accuracy.",
			Params:        []string{"store", "keyword"}},
		{Key: TemplateCustom, TitleZH: "教师自拟数值题", TitleEN: "Teacher-written numeric questions",
			DescriptionZH: "自己写题目、标准答案和允许误差。", DescriptionEN: "Write your own questions with the expected value and tolerance.",
			Params: []string{}},
	}
}

// newQuestion is a question with its expected answer, before it is stored.
type newQuestion struct {
	Kind      string
	Prompt    string
	Unit      string
	Expected  expected
	Tolerance float64
}

// expected is a question's stored answer key.
type expected struct {
	Value   *float64 `json:"value,omitempty"`
	Order   []string `json:"order,omitempty"`
	Store   string   `json:"store,omitempty"`
	Keyword string   `json:"keyword,omitempty"`
	Pass    float64  `json:"pass,omitempty"`
}

// adapterStores are the practice storefronts whose pages can only be read
// with an adapter: plain HTML (jp, ru) and a JSON API (kr).
var adapterStores = map[string]bool{"jp": true, "ru": true, "kr": true}

// Question kinds.
const (
	KindNumeric = "numeric"
	KindRanking = "ranking"
	KindAdapter = "adapter"
)

// CustomQuestion is a teacher-written numeric question.
type CustomQuestion struct {
	Prompt    string
	Unit      string
	Expected  float64
	Tolerance float64
}

// questionsFor computes a template's questions on snapshot st. The
// expected values come from the analytics market report and store
// aggregations, so they are what a student finds with the same tools on
// the same snapshot.
func (s *Service) questionsFor(ctx context.Context, tenant, template string, params map[string]string, classSectors []analytics.Sector, st store.Store, custom []CustomQuestion) ([]newQuestion, error) {
	sector := func() (analytics.Sector, error) {
		slug := params["sector"]
		if slug == "" {
			return classSectors[0], nil
		}
		for _, sec := range classSectors {
			if sec.Slug == slug {
				return sec, nil
			}
		}
		slugs := make([]string, len(classSectors))
		for i, sec := range classSectors {
			slugs[i] = sec.Slug
		}
		return analytics.Sector{}, apperr.New(apperr.BadInput, "sector %q is not one of the class's (%s)", slug, strings.Join(slugs, ", "))
	}
	need := func(name string) (string, error) {
		v := strings.TrimSpace(params[name])
		if v == "" {
			return "", apperr.New(apperr.BadInput, "template %s needs the parameter %q", template, name)
		}
		return v, nil
	}
	switch template {
	case TemplateTopMarkets:
		sec, err := sector()
		if err != nil {
			return nil, err
		}
		rep, err := s.marketReport(ctx, st, tenant, sec.Slug, "")
		if err != nil {
			return nil, err
		}
		var ranked []analytics.OpportunityRow
		for _, r := range rep.Opportunity.Markets {
			if r.Rank > 0 {
				ranked = append(ranked, r)
			}
		}
		sort.Slice(ranked, func(i, j int) bool { return ranked[i].Rank < ranked[j].Rank })
		if len(ranked) == 0 {
			return nil, apperr.New(apperr.BadInput, "the snapshot has no ranked import markets for sector %s; pick another sector", sec.Slug)
		}
		n := min(5, len(ranked))
		order := make([]string, n)
		for i := range n {
			order[i] = ranked[i].Market
		}
		return []newQuestion{{Kind: KindRanking, Expected: expected{Order: order},
			Prompt: fmt.Sprintf("排出 %s（HS %s）机会评分前 %d 的进口市场，填国家代码，最高在前，以逗号分隔 / Rank the top %d import markets for %s (HS %s) by opportunity score: ISO codes, best first, comma-separated",
				sec.Name.ZH, strings.Join(sec.HS, ", "), n, n, sec.Name.EN, strings.Join(sec.HS, ", "))}}, nil

	case TemplateMedianPrice:
		sec, err := sector()
		if err != nil {
			return nil, err
		}
		mp, err := need("marketplace")
		if err != nil {
			return nil, err
		}
		country, err := need("country")
		if err != nil {
			return nil, err
		}
		country = strings.ToUpper(country)
		agg, err := st.Aggregate(ctx, store.AggQuery{Kind: store.KindListing,
			Filter:  store.Filter{store.In("sectors", sec.Tag()), store.In("marketplace", mp), store.In("country", country), store.Exists("priceUSD")},
			Metrics: []store.Metric{{Name: "p", Op: store.Percentiles, Field: "priceUSD", Percents: []float64{50}}}})
		if err != nil {
			return nil, fmt.Errorf("median price on the snapshot: %w", err)
		}
		if len(agg.Rows) == 0 || agg.Rows[0].Count == 0 {
			return nil, apperr.New(apperr.BadInput, "the snapshot has no priced %s listings on %s in %s", sec.Slug, mp, country)
		}
		med, ok := agg.Rows[0].Percentiles["p"][50]
		if !ok {
			return nil, apperr.New(apperr.BadInput, "the snapshot has no priced %s listings on %s in %s", sec.Slug, mp, country)
		}
		med = round(med, 2)
		return []newQuestion{{Kind: KindNumeric, Unit: "USD", Expected: expected{Value: &med}, Tolerance: math.Max(0.01, round(0.02*med, 2)),
			Prompt: fmt.Sprintf("%s 在 %s（%s）上架商品的美元价格中位数是多少？/ What is the median USD price of %s listings on %s in %s?",
				sec.Name.ZH, mp, country, sec.Name.EN, mp, country)}}, nil

	case TemplateChinaShare:
		sec, err := sector()
		if err != nil {
			return nil, err
		}
		market, err := need("market")
		if err != nil {
			return nil, err
		}
		market = strings.ToUpper(market)
		rep, err := s.marketReport(ctx, st, tenant, sec.Slug, market)
		if err != nil {
			return nil, err
		}
		var tm *analytics.TradeMarket
		for i := range rep.Trade.Markets {
			if rep.Trade.Markets[i].Market == market {
				tm = &rep.Trade.Markets[i]
			}
		}
		if tm == nil || tm.ChinaShare.Value == nil || tm.ChinaShareChange.Value == nil {
			return nil, apperr.New(apperr.BadInput, "the snapshot cannot give China's share of %s's %s imports and its change; pick another market", market, sec.Slug)
		}
		share, change := round(*tm.ChinaShare.Value, 2), round(*tm.ChinaShareChange.Value, 2)
		period := rep.Period.From + "–" + rep.Period.To
		return []newQuestion{
			{Kind: KindNumeric, Unit: "%", Expected: expected{Value: &share}, Tolerance: 0.5,
				Prompt: fmt.Sprintf("%s 年，中国在 %s 的 %s 进口中所占份额是多少（%%）？/ What is China's share (%%) of %s's %s imports in %s?",
					rep.Period.To, market, sec.Name.ZH, market, sec.Name.EN, rep.Period.To)},
			{Kind: KindNumeric, Unit: "pp", Expected: expected{Value: &change}, Tolerance: 0.5,
				Prompt: fmt.Sprintf("%s 期间该份额变化了多少个百分点？/ By how many percentage points did that share change over %s?", period, period)},
		}, nil

	case TemplateAdapter:
		if s.lab == nil {
			return nil, apperr.New(apperr.BadInput, "the crawler lab is not running on this server")
		}
		code, err := need("store")
		if err != nil {
			return nil, err
		}
		code = strings.ToLower(code)
		mp := ""
		for host, c := range s.lab.hosts {
			if c == code {
				mp = host
			}
		}
		if mp == "" {
			return nil, apperr.New(apperr.BadInput, "unknown practice store %q (jp, ru, kr)", code)
		}
		if !adapterStores[code] {
			// Their pages carry schema.org data that extraction reads
			// without any adapter, so an adapter would score full marks
			// without selecting anything.
			return nil, apperr.New(apperr.BadInput, "practice store %s describes its products in schema.org data that is read without an adapter; an adapter task needs a store that shows plain HTML or an API (jp, ru, kr)", code)
		}
		kw := strings.TrimSpace(params["keyword"])
		if kw == "" {
			kw = "magnesia"
		}
		return []newQuestion{{Kind: KindAdapter, Expected: expected{Store: code, Keyword: kw, Pass: 0.9},
			Prompt: fmt.Sprintf("为练习商店 %s 编写站点适配器（搜索“%s”），字段准确率达到 90%% 为通过 / Write a site adapter for practice store %s (search %q); 90%% field accuracy passes",
				mp, kw, mp, kw)}}, nil

	case TemplateCustom:
		if len(custom) == 0 || len(custom) > 20 {
			return nil, apperr.New(apperr.BadInput, "a custom assignment needs 1 to 20 questions")
		}
		out := make([]newQuestion, len(custom))
		for i, q := range custom {
			prompt := strings.TrimSpace(q.Prompt)
			if prompt == "" || len(prompt) > 2000 {
				return nil, apperr.New(apperr.BadInput, "question %d needs a prompt of 1 to 2000 bytes", i+1)
			}
			if math.IsNaN(q.Expected) || math.IsInf(q.Expected, 0) {
				return nil, apperr.New(apperr.BadInput, "question %d: the expected value must be a number", i+1)
			}
			if q.Tolerance < 0 || math.IsNaN(q.Tolerance) || math.IsInf(q.Tolerance, 0) {
				return nil, apperr.New(apperr.BadInput, "question %d: the tolerance must be 0 or more", i+1)
			}
			v := q.Expected
			out[i] = newQuestion{Kind: KindNumeric, Prompt: prompt, Unit: strings.TrimSpace(q.Unit), Expected: expected{Value: &v}, Tolerance: q.Tolerance}
		}
		return out, nil
	}
	keys := make([]string, 0, 5)
	for _, t := range Templates() {
		keys = append(keys, t.Key)
	}
	return nil, apperr.New(apperr.BadInput, "unknown template %q (%s)", template, strings.Join(keys, ", "))
}

// marketReport builds a market report on a snapshot store.
func (s *Service) marketReport(ctx context.Context, st store.Store, tenant, sector, market string) (*analytics.MarketReport, error) {
	svc, err := s.reports(st, s.now())
	if err != nil {
		return nil, err
	}
	rep, err := svc.Market(ctx, analytics.MarketRequest{Tenant: tenant, Sector: sector, Market: market}, nil)
	if err != nil {
		return nil, fmt.Errorf("market report for %s %s on the snapshot: %w", sector, market, err)
	}
	return rep, nil
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
