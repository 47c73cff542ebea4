package practice

import (
	"strings"
	"time"
)

// aspect is a product aspect that reviews talk about, for aspect-based
// sentiment analysis.
type aspect string

const (
	aspectQuality      aspect = "quality"
	aspectPrice        aspect = "price"
	aspectDelivery     aspect = "delivery"
	aspectPackaging    aspect = "packaging"
	aspectService      aspect = "service"
	aspectTaste        aspect = "taste"
	aspectSize         aspect = "size"
	aspectInstallation aspect = "installation"
)

// Review is one customer review as a product page shows it.
type Review struct {
	Author string    `json:"author"`
	Rating int       `json:"rating"` // 1..5
	Title  string    `json:"title"`
	Text   string    `json:"text"`
	Lang   string    `json:"lang"`
	Date   time.Time `json:"date"`
	// Aspects is the ground truth of what the text says, for checking
	// sentiment analysis: "quality+", "delivery-".
	Aspects []string `json:"aspects"`
}

// aspectTexts holds one positive and one negative sentence per aspect and
// language; each names its aspect so that aspect extraction has signal.
var aspectTexts = map[lang]map[aspect][2]string{
	en: {
		aspectQuality:      {"The quality is excellent, exactly as described.", "Poor quality, not what the listing promised."},
		aspectPrice:        {"Great price for what you get.", "Too expensive for this quality, the price is not worth it."},
		aspectDelivery:     {"Fast delivery, arrived two days early.", "Delivery was very slow and the tracking never updated."},
		aspectPackaging:    {"Packaging was solid and nothing was damaged.", "The packaging was damaged and torn on arrival."},
		aspectService:      {"The seller answered quickly and was helpful.", "The seller never replied to my messages, terrible service."},
		aspectTaste:        {"The taste is fresh and delicious.", "The taste was bland and a bit off."},
		aspectSize:         {"The size fits perfectly.", "The size runs small, I had to return it."},
		aspectInstallation: {"Installation was easy with clear instructions.", "Installation was a nightmare, the manual is useless."},
	},
	de: {
		aspectQuality:      {"Die Qualität ist hervorragend, genau wie beschrieben.", "Schlechte Qualität, nicht wie in der Beschreibung."},
		aspectPrice:        {"Super Preis für das Gebotene.", "Viel zu teuer für diese Qualität, der Preis lohnt sich nicht."},
		aspectDelivery:     {"Schnelle Lieferung, kam zwei Tage früher an.", "Die Lieferung dauerte ewig und die Sendungsverfolgung funktionierte nicht."},
		aspectPackaging:    {"Die Verpackung war stabil, nichts beschädigt.", "Die Verpackung war bei Ankunft beschädigt und aufgerissen."},
		aspectService:      {"Der Verkäufer hat schnell und freundlich geantwortet.", "Der Verkäufer hat nie auf meine Nachrichten geantwortet, schlechter Service."},
		aspectTaste:        {"Schmeckt frisch und lecker.", "Der Geschmack war fade und etwas seltsam."},
		aspectSize:         {"Die Größe passt perfekt.", "Die Größe fällt zu klein aus, musste es zurückschicken."},
		aspectInstallation: {"Die Montage war einfach, die Anleitung ist klar.", "Die Montage war ein Albtraum, die Anleitung ist unbrauchbar."},
	},
	ja: {
		aspectQuality:      {"品質はとても良く、説明通りでした。", "品質が悪く、説明と違いました。"},
		aspectPrice:        {"この値段なら大満足です。", "この品質にしては値段が高すぎます。"},
		aspectDelivery:     {"配送が早く、予定より二日早く届きました。", "配送がとても遅く、追跡情報も更新されませんでした。"},
		aspectPackaging:    {"梱包がしっかりしていて、破損もありませんでした。", "届いた時には梱包が破れて破損していました。"},
		aspectService:      {"出品者の対応が早くて親切でした。", "出品者からの返信がまったくなく、対応が最悪です。"},
		aspectTaste:        {"新鮮でとても美味しい味です。", "味が薄くて少し変でした。"},
		aspectSize:         {"サイズはぴったりでした。", "サイズが小さめで返品しました。"},
		aspectInstallation: {"取り付けは簡単で説明書も分かりやすいです。", "取り付けが大変で、説明書が役に立ちません。"},
	},
	ru: {
		aspectQuality:      {"Качество отличное, всё как в описании.", "Плохое качество, не соответствует описанию."},
		aspectPrice:        {"Отличная цена за такой товар.", "Слишком дорого для такого качества, цена не оправдана."},
		aspectDelivery:     {"Быстрая доставка, пришло на два дня раньше.", "Доставка очень долгая, трек-номер не обновлялся."},
		aspectPackaging:    {"Упаковка надёжная, ничего не повреждено.", "Упаковка пришла повреждённой и порванной."},
		aspectService:      {"Продавец быстро ответил и помог.", "Продавец так и не ответил на сообщения, ужасный сервис."},
		aspectTaste:        {"Вкус свежий, очень вкусно.", "Вкус пресный и какой-то странный."},
		aspectSize:         {"Размер подошёл идеально.", "Размер маломерит, пришлось вернуть."},
		aspectInstallation: {"Установка простая, инструкция понятная.", "Установка — кошмар, инструкция бесполезна."},
	},
	pt: {
		aspectQuality:      {"A qualidade é excelente, exatamente como descrito.", "Qualidade ruim, não é o que o anúncio prometia."},
		aspectPrice:        {"Ótimo preço pelo que oferece.", "Caro demais para essa qualidade, o preço não vale a pena."},
		aspectDelivery:     {"Entrega rápida, chegou dois dias antes.", "A entrega demorou muito e o rastreio nunca atualizou."},
		aspectPackaging:    {"A embalagem veio firme e nada danificado.", "A embalagem chegou danificada e rasgada."},
		aspectService:      {"O vendedor respondeu rápido e ajudou.", "O vendedor nunca respondeu minhas mensagens, atendimento péssimo."},
		aspectTaste:        {"Sabor fresco e delicioso.", "O sabor era sem graça e meio estranho."},
		aspectSize:         {"O tamanho serviu perfeitamente.", "O tamanho é pequeno, tive que devolver."},
		aspectInstallation: {"A instalação foi fácil, manual claro.", "A instalação foi um pesadelo, o manual é inútil."},
	},
	es: {
		aspectQuality:      {"La calidad es excelente, tal como se describe.", "Mala calidad, no es lo que prometía el anuncio."},
		aspectPrice:        {"Muy buen precio por lo que ofrece.", "Demasiado caro para esta calidad, el precio no lo vale."},
		aspectDelivery:     {"Entrega rápida, llegó dos días antes.", "La entrega fue muy lenta y el seguimiento nunca se actualizó."},
		aspectPackaging:    {"El embalaje era sólido y nada llegó dañado.", "El embalaje llegó dañado y roto."},
		aspectService:      {"El vendedor respondió rápido y fue muy amable.", "El vendedor nunca respondió a mis mensajes, pésimo servicio."},
		aspectTaste:        {"Sabor fresco y delicioso.", "El sabor era insípido y un poco raro."},
		aspectSize:         {"La talla es perfecta.", "La talla es pequeña, tuve que devolverlo."},
		aspectInstallation: {"La instalación fue fácil, instrucciones claras.", "La instalación fue una pesadilla, el manual no sirve."},
	},
	zh: {
		aspectQuality:      {"质量非常好，和描述一致。", "质量很差，和描述不符。"},
		aspectPrice:        {"价格很实惠，物超所值。", "这个质量价格太贵了，不值。"},
		aspectDelivery:     {"物流很快，提前两天到货。", "物流太慢了，快递信息一直不更新。"},
		aspectPackaging:    {"包装很结实，没有任何破损。", "包装破损，到货时已经破了。"},
		aspectService:      {"卖家回复很快，服务态度好。", "卖家一直不回复消息，服务很差。"},
		aspectTaste:        {"味道新鲜，很好吃。", "味道很淡，有点怪。"},
		aspectSize:         {"尺码很合适。", "尺码偏小，只好退货。"},
		aspectInstallation: {"安装简单，说明书清楚。", "安装很麻烦，说明书没用。"},
	},
	ko: {
		aspectQuality:      {"품질이 아주 좋고 설명과 똑같아요.", "품질이 나쁘고 설명과 달라요."},
		aspectPrice:        {"이 가격이면 정말 만족합니다.", "이 품질에 비해 가격이 너무 비싸요."},
		aspectDelivery:     {"배송이 빨라서 이틀 일찍 도착했어요.", "배송이 너무 느리고 조회도 안 돼요."},
		aspectPackaging:    {"포장이 튼튼하고 파손이 없었어요.", "포장이 찢어지고 파손된 채로 왔어요."},
		aspectService:      {"판매자 응대가 빠르고 친절했어요.", "판매자가 메시지에 답을 안 해요. 서비스 최악이에요."},
		aspectTaste:        {"맛이 신선하고 맛있어요.", "맛이 싱겁고 좀 이상해요."},
		aspectSize:         {"사이즈가 딱 맞아요.", "사이즈가 작게 나와서 반품했어요."},
		aspectInstallation: {"설치가 쉽고 설명서도 명확해요.", "설치가 너무 어렵고 설명서가 쓸모없어요."},
	},
}

// openers are review titles and first words, by star rating (1..5).
var openers = map[lang][5]string{
	en: {"Terrible.", "Disappointed.", "It's okay.", "Good product.", "Excellent!"},
	de: {"Schrecklich.", "Enttäuscht.", "Ganz okay.", "Gutes Produkt.", "Ausgezeichnet!"},
	ja: {"最悪です。", "残念です。", "まあまあです。", "良い商品です。", "最高です！"},
	ru: {"Ужасно.", "Разочарован.", "Нормально.", "Хороший товар.", "Отлично!"},
	pt: {"Péssimo.", "Decepcionado.", "Razoável.", "Bom produto.", "Excelente!"},
	es: {"Terrible.", "Decepcionado.", "Está bien.", "Buen producto.", "¡Excelente!"},
	zh: {"太差了。", "很失望。", "一般般。", "不错的产品。", "非常好！"},
	ko: {"최악이에요.", "실망했어요.", "그냥 그래요.", "좋은 제품이에요.", "최고예요!"},
}

// closers end positive and negative reviews.
var closers = map[lang][2]string{
	en: {"Would buy again.", "Would not recommend."},
	de: {"Würde ich wieder kaufen.", "Nicht zu empfehlen."},
	ja: {"また購入したいです。", "おすすめしません。"},
	ru: {"Куплю ещё.", "Не рекомендую."},
	pt: {"Compraria de novo.", "Não recomendo."},
	es: {"Lo volvería a comprar.", "No lo recomiendo."},
	zh: {"会回购。", "不推荐购买。"},
	ko: {"재구매 의사 있어요.", "추천하지 않아요."},
}

// noSpaceLangs write sentences without spaces between them.
func noSpace(l lang) bool { return l == ja || l == zh }

// review builds review number i (0 = oldest) of a listing, posted on date.
func (c *catalogue) review(l *listing, i int, date time.Time) Review {
	r := rng(c.seed, "review", l.Store.Code, l.ID, itoa(i))
	lg := pickW(r, l.Store.reviewLangs)
	stars := int(clamp(float64(int(l.BaseRating+r.NormFloat64()*1.1+0.5)), 1, 5))

	// Which aspects, and how the reviewer felt about each.
	aspects := append([]aspect(nil), l.Sector.Aspects...)
	r.Shuffle(len(aspects), func(a, b int) { aspects[a], aspects[b] = aspects[b], aspects[a] })
	n := 1 + r.IntN(3)
	var sentences, truth []string
	for k, a := range aspects[:n] {
		positive := true
		switch stars {
		case 1:
			positive = false
		case 2:
			positive = r.Float64() < 0.2
		case 3:
			positive = k%2 == 0 && r.Float64() < 0.7
		case 4:
			positive = k < n-1 || r.Float64() < 0.75
		}
		t := aspectTexts[lg][a]
		if positive {
			sentences = append(sentences, t[0])
			truth = append(truth, string(a)+"+")
		} else {
			sentences = append(sentences, t[1])
			truth = append(truth, string(a)+"-")
		}
	}
	opener := openers[lg][stars-1]
	parts := append([]string{opener}, sentences...)
	switch {
	case stars >= 4:
		parts = append(parts, closers[lg][0])
	case stars <= 2:
		parts = append(parts, closers[lg][1])
	}
	sep := " "
	if noSpace(lg) {
		sep = ""
	}
	authors := reviewAuthors[lg]
	return Review{
		Author:  authors[r.IntN(len(authors))],
		Rating:  stars,
		Title:   strings.Trim(opener, "¡.!。！"),
		Text:    strings.Join(parts, sep),
		Lang:    string(lg),
		Date:    date,
		Aspects: truth,
	}
}
