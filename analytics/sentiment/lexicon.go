package sentiment

// The lexicons. An entry ending in "*" matches every word that starts with
// it (Russian, German and Spanish inflect); other Latin and Cyrillic
// entries match whole words; Chinese entries match as substrings, longest
// first, so that 不错 ("not bad": good) is read before 错 ("wrong").

type lexicon struct {
	positive []string
	negative []string
	negators []string
	// aspects maps an aspect to the words that name it.
	aspects map[string][]string
}

var lexicons = map[string]lexicon{
	"en": {
		positive: []string{"good", "great", "excellent", "perfect", "love*", "like", "liked", "nice", "fast", "quick*", "solid", "sturdy", "durable", "recommend*", "happy", "satisfied", "worth", "best", "amazing", "awesome", "fine", "well", "reliable", "cheap", "affordable", "fresh", "delicious", "tasty", "soft", "comfortable", "beautiful", "easy", "helpful", "friendly", "accurate", "strong", "pleased", "fantastic", "superb"},
		negative: []string{"bad", "poor", "terrible", "awful", "broken", "broke", "break*", "defective", "damaged", "slow", "late", "delay*", "cheaply", "flimsy", "disappoint*", "return*", "refund*", "waste", "worst", "useless", "fake", "leak*", "rust*", "crack*", "missing", "wrong", "expensive", "overpriced", "smell*", "stink*", "rude", "unhelpful", "hard", "difficult", "stale", "rotten", "tear*", "torn", "shrink*", "faded", "problem*", "issue*", "complain*", "never"},
		negators: []string{"not", "no", "never", "n't", "dont", "don't", "didn't", "isn't", "wasn't", "doesn't", "hardly", "without"},
		aspects: map[string][]string{
			"quality":     {"quality", "material*", "build", "made", "craftsmanship", "grade", "purity"},
			"price":       {"price*", "cost*", "value", "money", "cheap", "expensive", "overpriced", "affordable"},
			"delivery":    {"deliver*", "shipping", "shipped", "arriv*", "late", "courier", "shipment"},
			"packaging":   {"packag*", "package", "box", "bag", "sealed", "wrapp*", "leak*"},
			"service":     {"service", "seller", "support", "customer", "refund*", "return*", "respon*"},
			"size & fit":  {"size", "fit*", "small", "large", "tight", "loose"},
			"durability":  {"durab*", "last*", "broke", "broken", "break*", "rust*", "crack*", "wear*"},
			"taste":       {"taste*", "tasty", "flavo*", "delicious", "fresh", "stale"},
			"ease of use": {"easy", "install*", "setup", "manual", "instructions", "use"},
		},
	},
	"de": {
		positive: []string{"gut", "gute*", "guter", "super", "toll", "prima", "perfekt", "ausgezeichnet", "hervorragend", "schnell*", "zufrieden", "empfehl*", "stabil*", "robust*", "lecker", "frisch", "günstig", "preiswert", "schön*", "einfach", "freundlich", "top", "klasse", "zuverlässig", "hochwertig*", "weich"},
		negative: []string{"schlecht*", "mangelhaft", "kaputt", "defekt", "beschädigt", "langsam", "spät", "verspät*", "enttäusch*", "rücksend*", "zurückgeschickt", "billig", "teuer", "überteuert", "undicht", "rost*", "riss*", "fehlt", "falsch", "stinkt", "geruch", "unfreundlich", "schwierig", "problem*", "reklamation", "nie", "leider"},
		negators: []string{"nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals", "ohne"},
		aspects: map[string][]string{
			"quality":     {"qualität", "material*", "verarbeitung", "reinheit"},
			"price":       {"preis*", "kosten", "geld", "teuer", "günstig", "preiswert", "billig"},
			"delivery":    {"liefer*", "versand", "angekommen", "paket", "zustellung"},
			"packaging":   {"verpackung*", "verpackt", "karton", "sack", "undicht"},
			"service":     {"service", "verkäufer", "kundendienst", "support", "rücksend*", "reklamation"},
			"size & fit":  {"größe", "passform", "passt", "klein", "groß", "eng"},
			"durability":  {"haltbar*", "kaputt", "defekt", "rost*", "riss*", "hält"},
			"taste":       {"geschmack", "schmeckt", "lecker", "frisch"},
			"ease of use": {"einfach", "montage", "anleitung", "bedienung", "aufbau"},
		},
	},
	"es": {
		positive: []string{"bueno", "buena*", "buenos", "excelente*", "perfect*", "genial", "recomiend*", "recomendable", "rápid*", "satisfech*", "encant*", "fuerte", "resistente", "barat*", "económic*", "fresc*", "delicios*", "rico", "cómod*", "bonit*", "fácil", "amable", "calidad", "mejor", "contento*"},
		negative: []string{"mal", "malo", "mala*", "pésim*", "terrible", "roto*", "rota*", "defectuos*", "dañad*", "lent*", "tarde", "retras*", "decepcion*", "devol*", "reembolso", "caro", "cara", "oxid*", "falt*", "incorrect*", "olor", "huele", "problema*", "difícil", "nunca", "peor"},
		negators: []string{"no", "nunca", "jamás", "sin", "ni"},
		aspects: map[string][]string{
			"quality":     {"calidad", "material*", "acabado*", "pureza"},
			"price":       {"precio*", "costo", "coste", "dinero", "caro", "cara", "barat*", "económic*"},
			"delivery":    {"entrega*", "envío", "envio", "lleg*", "retras*", "paquete"},
			"packaging":   {"embalaje", "empaque*", "caja", "bolsa", "envase"},
			"service":     {"servicio", "vendedor*", "atención", "soporte", "devol*", "reembolso"},
			"size & fit":  {"talla*", "tamaño", "ajust*", "pequeñ*", "grande"},
			"durability":  {"durabilidad", "dura", "roto*", "rota*", "oxid*", "resistente"},
			"taste":       {"sabor*", "delicios*", "rico", "fresc*"},
			"ease of use": {"fácil", "instal*", "instrucciones", "manual", "uso"},
		},
	},
	"ru": {
		positive: []string{"хорош*", "отличн*", "прекрасн*", "идеальн*", "супер", "рекоменду*", "быстр*", "доволен", "довольн*", "надежн*", "надёжн*", "прочн*", "качествен*", "вкусн*", "свеж*", "дешев*", "дешёв*", "удобн*", "красив*", "легк*", "лёгк*", "вежлив*", "нравит*", "понравил*", "спасибо", "класс"},
		negative: []string{"плох*", "ужасн*", "сломал*", "сломан*", "брак*", "дефект*", "поврежд*", "медленн*", "долг*", "задерж*", "разочаров*", "возврат*", "дорог*", "ржав*", "треснул*", "трещин*", "протек*", "пахнет", "запах*", "неправильн*", "проблем*", "грубо", "сложн*", "никогда", "хуже", "худш*"},
		negators: []string{"не", "нет", "ни", "никогда", "без"},
		aspects: map[string][]string{
			"quality":     {"качеств*", "материал*", "чистот*"},
			"price":       {"цен*", "стоимост*", "деньг*", "дорог*", "дешев*", "дешёв*"},
			"delivery":    {"доставк*", "достав*", "пришл*", "пришел", "пришёл", "курьер*", "посылк*"},
			"packaging":   {"упаков*", "коробк*", "мешок", "пакет*"},
			"service":     {"продав*", "сервис*", "обслужива*", "поддержк*", "возврат*"},
			"size & fit":  {"размер*", "маломер*", "большемер*", "сидит"},
			"durability":  {"прочн*", "сломал*", "ржав*", "трещин*", "износ*"},
			"taste":       {"вкус*", "свеж*"},
			"ease of use": {"установк*", "инструкци*", "пользова*", "удобн*"},
		},
	},
	"zh": {
		positive: []string{"好", "很好", "不错", "满意", "推荐", "喜欢", "优秀", "完美", "结实", "耐用", "快", "很快", "及时", "实惠", "便宜", "划算", "新鲜", "好吃", "美味", "舒服", "漂亮", "方便", "热情", "耐心", "正品", "值得", "精致", "好评"},
		negative: []string{"差", "很差", "太差", "坏", "坏了", "破损", "损坏", "慢", "太慢", "延迟", "失望", "退货", "退款", "贵", "太贵", "假", "假货", "漏", "生锈", "裂", "少了", "错", "发错", "难闻", "异味", "臭", "态度差", "麻烦", "难用", "不新鲜", "差评", "问题"},
		negators: []string{"不", "没", "没有", "别", "无", "未"},
		aspects: map[string][]string{
			"quality":     {"质量", "品质", "材质", "做工", "纯度"},
			"price":       {"价格", "价钱", "性价比", "便宜", "贵", "实惠", "划算"},
			"delivery":    {"物流", "快递", "发货", "送货", "到货", "配送"},
			"packaging":   {"包装", "盒子", "袋子", "箱子"},
			"service":     {"客服", "服务", "卖家", "商家", "态度", "售后"},
			"size & fit":  {"尺码", "尺寸", "大小", "合身"},
			"durability":  {"耐用", "结实", "生锈", "坏了"},
			"taste":       {"味道", "口感", "好吃", "新鲜"},
			"ease of use": {"安装", "说明书", "操作", "使用", "方便"},
		},
	},
}
