package practice

import "strings"

// sellerNames builds shop names from a list of words and name patterns
// ("%s Handel GmbH").
type sellerNames struct {
	words []string
	forms []string
}

// all returns every combination, in a fixed order.
func (n sellerNames) all() []string {
	var out []string
	for i, w := range n.words {
		for j, f := range n.forms {
			// Not every word with every form: keeps the pool varied
			// without doubling every name.
			if (i+j)%2 == 0 {
				out = append(out, strings.ReplaceAll(f, "%s", w))
			}
		}
	}
	return out
}

var (
	usSellers = sellerNames{
		words: []string{"Summit", "Liberty", "Prairie", "Harbor", "Keystone", "Redwood", "Atlas", "Pioneer", "Lakeside", "Ironwood"},
		forms: []string{"%s Supply", "%s Industrial LLC", "%s Direct", "%s Goods Co."},
	}
	deSellers = sellerNames{
		words: []string{"Bergmann", "Weber", "Köhler", "Schmidt", "Rhein", "Nordlicht", "Hansa", "Alpen", "Elbtal", "Brandt"},
		forms: []string{"%s Handel GmbH", "%s Industriebedarf", "%s & Söhne KG", "%s Versand"},
	}
	jpSellers = sellerNames{
		words: []string{"山田", "北斗", "東和", "大和", "三協", "富士", "日進", "丸栄", "青葉", "昭和"},
		forms: []string{"%s商事株式会社", "%sストア", "株式会社%s産業", "%sマート"},
	}
	ruSellers = sellerNames{
		words: []string{"Техснаб", "Промресурс", "Сибирь", "Восток", "Альфа", "Регион", "Импульс", "Байкал", "Волга", "Урал"},
		forms: []string{"ООО «%s»", "%s-Маркет", "ТД «%s»", "АО «%s Трейд»"},
	}
	brSellers = sellerNames{
		words: []string{"Paulista", "Atlântico", "Horizonte", "Sul", "Cerrado", "Ipiranga", "Vale Verde", "Litoral", "Serra", "Guanabara"},
		forms: []string{"%s Comércio Ltda", "%s Distribuidora", "Loja %s", "%s Importadora"},
	}
	krSellers = sellerNames{
		words: []string{"한빛", "대성", "세진", "미래", "동양", "우리", "태양", "청운", "한결", "새롬"},
		forms: []string{"(주)%s", "%s상사", "%s몰", "%s산업"},
	}
	cnSellers = sellerNames{
		words: []string{
			"Yingkou Huayu", "Dalian Jinhai", "Panjin Xinda", "Haicheng Hongsheng", "Shenyang Tianli",
			"Anshan Ruifeng", "Qingdao Dongsheng", "Ningbo Boyuan", "Shenzhen Kaida", "Yiwu Mingtai",
			"Guangzhou Huaxing", "Tianjin Hengtai", "Dandong Yalu", "Ordos Caoyuan", "Dashiqiao Jinshi",
		},
		forms: []string{"%s Trading Co., Ltd.", "%s Import & Export Co., Ltd.", "%s Industrial Co., Ltd.", "%s Official Store"},
	}
)

// thirdSellers are sellers from neither the storefront's country nor China.
var thirdSellers = []struct{ Name, Country string }{
	{"Anka Dış Ticaret A.Ş.", "TR"},
	{"Sharma Exports Pvt. Ltd.", "IN"},
	{"Polmex Sp. z o.o.", "PL"},
	{"Export Hanse GmbH", "DE"},
	{"Global Source Inc.", "US"},
	{"Saigon Export JSC", "VN"},
}

// reviewAuthors are display names of reviewers by review language.
var reviewAuthors = map[lang][]string{
	en: {"John D.", "Emily R.", "Michael S.", "Sarah K.", "David L.", "Jessica M.", "Chris P.", "Ashley T.", "Brian W.", "Megan H."},
	de: {"Thomas M.", "Sabine K.", "Michael S.", "Julia B.", "Andreas W.", "Katrin H.", "Stefan L.", "Anja R."},
	ja: {"たかし", "ゆうこ", "けんた", "さくら", "ひろし", "まき", "購入者", "ゆき"},
	ru: {"Алексей", "Ольга", "Дмитрий", "Наталья", "Сергей", "Екатерина", "Игорь", "Марина"},
	pt: {"João S.", "Maria O.", "Pedro A.", "Ana C.", "Lucas F.", "Juliana R.", "Rafael M.", "Camila T."},
	es: {"Carlos G.", "Lucía M.", "Javier R.", "Sofía P.", "Diego F.", "Valentina C."},
	zh: {"王先生", "李女士", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽"},
	ko: {"김민준", "이서연", "박지훈", "최유진", "정하늘", "강도윤", "윤서아"},
}
