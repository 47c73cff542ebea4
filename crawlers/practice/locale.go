package practice

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// lang is a BCP 47 primary language code.
type lang string

const (
	en lang = "en"
	de lang = "de"
	ja lang = "ja"
	ru lang = "ru"
	pt lang = "pt"
	ko lang = "ko"
	zh lang = "zh"
	es lang = "es"
)

// tr is a text in the storefront languages plus Chinese (the product's
// keyword language).
type tr struct{ en, de, ja, ru, pt, ko, zh string }

// in returns the text in l, falling back to English.
func (t tr) in(l lang) string {
	var s string
	switch l {
	case de:
		s = t.de
	case ja:
		s = t.ja
	case ru:
		s = t.ru
	case pt:
		s = t.pt
	case ko:
		s = t.ko
	case zh:
		s = t.zh
	}
	if s == "" {
		return t.en
	}
	return s
}

// numFormat says how a locale writes numbers.
type numFormat struct{ thousands, decimal string }

var numFormats = map[lang]numFormat{
	en: {",", "."},
	ja: {",", "."},
	ko: {",", "."},
	zh: {",", "."},
	de: {".", ","},
	pt: {".", ","},
	es: {".", ","},
	ru: {"\u00a0", ","}, // no-break space, as Russian shops write it
}

// formatNumber writes v with the given number of decimals in l's format.
func formatNumber(l lang, v float64, decimals int) string {
	f := numFormats[l]
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(f.thousands)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(f.decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// formatShort writes v with up to three decimals, trailing zeros dropped.
func formatShort(l lang, v float64) string {
	s := formatNumber(l, v, 3)
	d := numFormats[l].decimal
	if strings.Contains(s, d) {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, d)
	}
	return s
}

// currency describes how prices in one currency are rounded and written.
type currency struct {
	Code     string
	Decimals int
	// format writes an amount already rounded to Decimals.
	format func(v float64) string
	// nice rounds a raw amount to a shop-like price (…,99 endings, whole
	// yen, hundreds of won).
	nice func(v float64) float64
}

func ninetyNine(v float64) float64 {
	if v < 1 {
		return round(v, 2)
	}
	if v < 20 {
		return math.Floor(v) + 0.99
	}
	if v < 200 {
		return math.Round(v) - 0.01
	}
	return math.Round(v/10)*10 - 0.01
}

func wholeNine(step float64) func(float64) float64 {
	return func(v float64) float64 {
		if v < step {
			return math.Max(1, math.Round(v))
		}
		return math.Round(v/step)*step - 1
	}
}

var currencies = map[string]currency{
	"USD": {"USD", 2, func(v float64) string { return "US $" + formatNumber(en, v, 2) }, ninetyNine},
	"EUR": {"EUR", 2, func(v float64) string { return formatNumber(de, v, 2) + "\u00a0€" }, ninetyNine},
	"BRL": {"BRL", 2, func(v float64) string { return "R$ " + formatNumber(pt, v, 2) }, ninetyNine},
	"JPY": {"JPY", 0, func(v float64) string { return "¥" + formatNumber(ja, v, 0) }, wholeNine(100)},
	"RUB": {"RUB", 0, func(v float64) string { return formatNumber(ru, v, 0) + "\u00a0₽" }, wholeNine(10)},
	"KRW": {"KRW", 0, func(v float64) string { return formatNumber(ko, v, 0) + "원" }, func(v float64) float64 {
		return math.Max(100, math.Round(v/100)*100)
	}},
}

var monthNames = map[lang][12]string{
	en: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	de: {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	ru: {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
	pt: {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
	es: {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
}

// formatDate writes a date the way a shop in language l does.
func formatDate(l lang, t time.Time) string {
	y, m, d := t.Date()
	ys, ds := itoa(y), itoa(d)
	switch l {
	case de:
		return ds + ". " + monthNames[de][m-1] + " " + ys
	case ja, zh:
		return ys + "年" + itoa(int(m)) + "月" + ds + "日"
	case ko:
		return ys + "년 " + itoa(int(m)) + "월 " + ds + "일"
	case ru:
		return ds + " " + monthNames[ru][m-1] + " " + ys + " г."
	case pt, es:
		return ds + " de " + monthNames[l][m-1] + " de " + ys
	}
	return monthNames[en][m-1] + " " + ds + ", " + ys
}

// formatWeight writes a net weight in kilograms ("25 kg", "0,5 кг", "25kg").
func formatWeight(l lang, kg float64) string {
	switch l {
	case ru:
		return formatShort(l, kg) + "\u00a0кг"
	case ja, ko, zh:
		return formatShort(l, kg) + "kg"
	}
	return formatShort(l, kg) + " kg"
}

// formatRating writes an average star rating.
func formatRating(l lang, r float64) string {
	v := formatNumber(l, r, 1)
	switch l {
	case de:
		return v + " von 5 Sternen"
	case ja:
		return "5つ星のうち" + v
	case ru:
		return v + " из 5"
	case pt:
		return v + " de 5 estrelas"
	case ko:
		return "5점 만점에 " + v + "점"
	}
	return v + " out of 5 stars"
}

// formatReviewCount writes a number of ratings with the right plural.
func formatReviewCount(l lang, n int) string {
	v := formatNumber(l, float64(n), 0)
	switch l {
	case de:
		if n == 1 {
			return v + " Bewertung"
		}
		return v + " Bewertungen"
	case ja:
		return v + "個の評価"
	case ru:
		return v + " " + ruPlural(n, "отзыв", "отзыва", "отзывов")
	case pt:
		if n == 1 {
			return v + " avaliação"
		}
		return v + " avaliações"
	case ko:
		return "리뷰 " + v + "개"
	}
	if n == 1 {
		return v + " rating"
	}
	return v + " ratings"
}

// ruPlural picks the Russian plural form for n.
func ruPlural(n int, one, few, many string) string {
	n10, n100 := n%10, n%100
	switch {
	case n10 == 1 && n100 != 11:
		return one
	case n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14):
		return few
	}
	return many
}

// formatRank writes a best-seller rank within a category.
func formatRank(l lang, rank int, category string) string {
	v := formatNumber(l, float64(rank), 0)
	switch l {
	case de:
		return "Nr. " + v + " in " + category
	case ja:
		return category + " - " + v + "位"
	case ru:
		return "№\u00a0" + v + " в категории «" + category + "»"
	case pt:
		return "nº " + v + " em " + category
	case ko:
		return category + " " + v + "위"
	}
	return "#" + v + " in " + category
}

// countryNames are the localised names of the countries that sellers come
// from and ship from.
var countryNames = map[string]tr{
	"CN": {"China", "China", "中国", "Китай", "China", "중국", "中国"},
	"US": {"United States", "Vereinigte Staaten", "アメリカ合衆国", "США", "Estados Unidos", "미국", "美国"},
	"DE": {"Germany", "Deutschland", "ドイツ", "Германия", "Alemanha", "독일", "德国"},
	"JP": {"Japan", "Japan", "日本", "Япония", "Japão", "일본", "日本"},
	"RU": {"Russia", "Russland", "ロシア", "Россия", "Rússia", "러시아", "俄罗斯"},
	"BR": {"Brazil", "Brasilien", "ブラジル", "Бразилия", "Brasil", "브라질", "巴西"},
	"KR": {"South Korea", "Südkorea", "韓国", "Южная Корея", "Coreia do Sul", "대한민국", "韩国"},
	"TR": {"Türkiye", "Türkei", "トルコ", "Турция", "Turquia", "튀르키예", "土耳其"},
	"IN": {"India", "Indien", "インド", "Индия", "Índia", "인도", "印度"},
	"PL": {"Poland", "Polen", "ポーランド", "Польша", "Polônia", "폴란드", "波兰"},
	"VN": {"Vietnam", "Vietnam", "ベトナム", "Вьетнам", "Vietnã", "베트남", "越南"},
	"IT": {"Italy", "Italien", "イタリア", "Италия", "Itália", "이탈리아", "意大利"},
	"GB": {"United Kingdom", "Vereinigtes Königreich", "イギリス", "Великобритания", "Reino Unido", "영국", "英国"},
	"AT": {"Austria", "Österreich", "オーストリア", "Австрия", "Áustria", "오스트리아", "奥地利"},
	"MN": {"Mongolia", "Mongolei", "モンゴル", "Монголия", "Mongólia", "몽골", "蒙古"},
	"NO": {"Norway", "Norwegen", "ノルウェー", "Норвегия", "Noruega", "노르웨이", "挪威"},
}

// labels are the fixed words of the storefront pages.
type labels struct {
	Search, Results, NoResults, Next, Prev, Page, SortBy, SortPriceAsc, SortPriceDesc, SortNewest  string
	Brand, Seller, SellerCountry, ShipsFrom, NetWeight, GTIN, SKU, Rank, Category, FirstAvailable  string
	Price, Reviews, CustomerReviews, AddToCart, Cart, Account, InStock, OutOfStock, Specs, Popular string
	EmptyCart, SignIn, NotFound, AppShell                                                          string
}

var pageLabels = map[lang]labels{
	en: {
		Search: "Search", Results: "results for", NoResults: "No results.", Next: "Next", Prev: "Previous", Page: "Page",
		SortBy: "Sort by", SortPriceAsc: "Price: low to high", SortPriceDesc: "Price: high to low", SortNewest: "Newest arrivals",
		Brand: "Brand", Seller: "Sold by", SellerCountry: "Seller location", ShipsFrom: "Ships from", NetWeight: "Net weight",
		GTIN: "GTIN", SKU: "Item model number", Rank: "Best Sellers Rank", Category: "Category", FirstAvailable: "Date first available",
		Price: "Price", Reviews: "ratings", CustomerReviews: "Customer reviews", AddToCart: "Add to cart", Cart: "Cart", Account: "Account",
		InStock: "In stock", OutOfStock: "Currently unavailable", Specs: "Product details", Popular: "Popular searches",
		EmptyCart: "Your cart is empty.", SignIn: "Sign in to your account.", NotFound: "Sorry, we couldn't find that page.",
		AppShell: "This storefront needs JavaScript. Its data comes from the JSON API:",
	},
	de: {
		Search: "Suchen", Results: "Ergebnisse für", NoResults: "Keine Ergebnisse.", Next: "Weiter", Prev: "Zurück", Page: "Seite",
		SortBy: "Sortieren nach", SortPriceAsc: "Preis: aufsteigend", SortPriceDesc: "Preis: absteigend", SortNewest: "Neuheiten",
		Brand: "Marke", Seller: "Verkäufer", SellerCountry: "Sitz des Verkäufers", ShipsFrom: "Versand aus", NetWeight: "Nettogewicht",
		GTIN: "EAN", SKU: "Modellnummer", Rank: "Bestseller-Rang", Category: "Kategorie", FirstAvailable: "Im Angebot seit",
		Price: "Preis", Reviews: "Bewertungen", CustomerReviews: "Kundenrezensionen", AddToCart: "In den Einkaufswagen", Cart: "Einkaufswagen", Account: "Konto",
		InStock: "Auf Lager", OutOfStock: "Derzeit nicht verfügbar", Specs: "Produktinformation", Popular: "Beliebte Suchen",
		EmptyCart: "Ihr Einkaufswagen ist leer.", SignIn: "Bitte melden Sie sich an.", NotFound: "Diese Seite gibt es leider nicht.",
		AppShell: "Dieser Shop braucht JavaScript. Die Daten kommen aus der JSON-API:",
	},
	ja: {
		Search: "検索", Results: "件の検索結果:", NoResults: "該当する商品はありません。", Next: "次へ", Prev: "前へ", Page: "ページ",
		SortBy: "並べ替え", SortPriceAsc: "価格の安い順", SortPriceDesc: "価格の高い順", SortNewest: "新着順",
		Brand: "ブランド", Seller: "販売元", SellerCountry: "販売者の所在国", ShipsFrom: "出荷元", NetWeight: "正味重量",
		GTIN: "JAN", SKU: "型番", Rank: "売れ筋ランキング", Category: "カテゴリー", FirstAvailable: "取り扱い開始日",
		Price: "価格", Reviews: "評価", CustomerReviews: "カスタマーレビュー", AddToCart: "カートに入れる", Cart: "カート", Account: "アカウント",
		InStock: "在庫あり", OutOfStock: "現在在庫切れです", Specs: "商品の情報", Popular: "人気の検索",
		EmptyCart: "カートは空です。", SignIn: "ログインしてください。", NotFound: "ページが見つかりません。",
		AppShell: "このストアにはJavaScriptが必要です。データはJSON APIから取得されます:",
	},
	ru: {
		Search: "Найти", Results: "результатов по запросу", NoResults: "Ничего не найдено.", Next: "Дальше", Prev: "Назад", Page: "Страница",
		SortBy: "Сортировка", SortPriceAsc: "Сначала дешевле", SortPriceDesc: "Сначала дороже", SortNewest: "Новинки",
		Brand: "Бренд", Seller: "Продавец", SellerCountry: "Страна продавца", ShipsFrom: "Отправка из", NetWeight: "Вес нетто",
		GTIN: "Штрихкод", SKU: "Артикул", Rank: "Место в рейтинге продаж", Category: "Категория", FirstAvailable: "В продаже с",
		Price: "Цена", Reviews: "отзывов", CustomerReviews: "Отзывы покупателей", AddToCart: "В корзину", Cart: "Корзина", Account: "Личный кабинет",
		InStock: "В наличии", OutOfStock: "Нет в наличии", Specs: "Характеристики", Popular: "Популярные запросы",
		EmptyCart: "Корзина пуста.", SignIn: "Войдите в личный кабинет.", NotFound: "Страница не найдена.",
		AppShell: "Для этого магазина нужен JavaScript. Данные приходят из JSON API:",
	},
	pt: {
		Search: "Buscar", Results: "resultados para", NoResults: "Nenhum resultado.", Next: "Próxima", Prev: "Anterior", Page: "Página",
		SortBy: "Ordenar por", SortPriceAsc: "Menor preço", SortPriceDesc: "Maior preço", SortNewest: "Novidades",
		Brand: "Marca", Seller: "Vendido por", SellerCountry: "País do vendedor", ShipsFrom: "Enviado de", NetWeight: "Peso líquido",
		GTIN: "Código de barras", SKU: "Número do modelo", Rank: "Ranking dos mais vendidos", Category: "Categoria", FirstAvailable: "Disponível desde",
		Price: "Preço", Reviews: "avaliações", CustomerReviews: "Avaliações de clientes", AddToCart: "Adicionar ao carrinho", Cart: "Carrinho", Account: "Conta",
		InStock: "Em estoque", OutOfStock: "Indisponível no momento", Specs: "Detalhes do produto", Popular: "Buscas populares",
		EmptyCart: "Seu carrinho está vazio.", SignIn: "Entre na sua conta.", NotFound: "Página não encontrada.",
		AppShell: "Esta loja precisa de JavaScript. Os dados vêm da API JSON:",
	},
	ko: {
		Search: "검색", Results: "개 검색 결과:", NoResults: "검색 결과가 없습니다.", Next: "다음", Prev: "이전", Page: "페이지",
		SortBy: "정렬", SortPriceAsc: "낮은 가격순", SortPriceDesc: "높은 가격순", SortNewest: "최신순",
		Brand: "브랜드", Seller: "판매자", SellerCountry: "판매자 국가", ShipsFrom: "출고지", NetWeight: "순중량",
		GTIN: "바코드", SKU: "모델명", Rank: "판매 순위", Category: "카테고리", FirstAvailable: "판매 시작일",
		Price: "가격", Reviews: "리뷰", CustomerReviews: "고객 리뷰", AddToCart: "장바구니 담기", Cart: "장바구니", Account: "내 정보",
		InStock: "재고 있음", OutOfStock: "일시 품절", Specs: "상품 정보", Popular: "인기 검색어",
		EmptyCart: "장바구니가 비어 있습니다.", SignIn: "로그인해 주세요.", NotFound: "페이지를 찾을 수 없습니다.",
		AppShell: "이 스토어는 JavaScript가 필요합니다. 데이터는 JSON API에서 가져옵니다:",
	},
}
