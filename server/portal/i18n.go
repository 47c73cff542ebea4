package portal

// messages are the public pages' strings, Chinese first.
var messages = map[string]map[string]string{
	"zh": {
		"home": "首页", "members": "会员企业", "inquiry": "采购询盘", "sectors": "重点行业", "switch": "English", "switchLang": "en",
		"featured": "重点行业数据", "viewSector": "查看行业数据", "noReport": "该行业暂无公开数据。", "source": "数据来源：ExportScope 市场报告，生成于 {0}，贸易数据期间 {1}–{2}。",
		"fig.imports": "各市场进口额（百万美元）", "fig.china_share": "中国在各市场的份额（%）", "fig.opportunity": "市场机会评分（0–100）", "fig.prices": "电商平台中位价（美元）",
		"noFigures": "协会未公开该行业的图表。", "search": "搜索企业、产品、认证、市场", "searchBtn": "搜索", "allSectors": "全部行业",
		"found": "共 {0} 家会员企业", "noMembers": "没有找到匹配的会员企业。", "products": "主要产品", "certs": "认证", "markets": "出口市场", "capacity": "产能",
		"sendInquiry": "发送询盘", "inquiryTitle": "发送采购询盘", "inquiryIntro": "填写需求后，询盘将转给生产相关产品的会员企业，由企业直接与您联系。",
		"f.sector": "行业", "f.product": "产品", "f.quantity": "数量（如 200 吨/月）", "f.destination": "目的市场", "f.name": "联系人", "f.email": "邮箱", "f.message": "留言（可选）",
		"f.hp": "请勿填写此栏", "submit": "提交询盘", "fixErrors": "请修改以下内容：", "thanksTitle": "询盘已提交", "thanks": "感谢您的询盘！相关会员企业会尽快通过邮箱与您联系。",
		"back": "返回首页", "notFound": "页面不存在", "notFoundText": "没有找到这个页面。", "tooMany": "提交过于频繁", "tooManyText": "您的提交过于频繁，请稍后再试。",
		"badForm": "表单已失效", "badFormText": "表单已过期或来源不符，请刷新页面后重新提交。", "tooLarge": "内容过长，请缩短后重新提交。", "error": "出错了", "errorText": "服务器出错，请稍后再试。",
		"memberOf": "{0} 会员", "poweredBy": "由 ExportScope 出口情报提供支持", "choose": "请选择",
	},
	"en": {
		"home": "Home", "members": "Members", "inquiry": "Send an inquiry", "sectors": "Sectors", "switch": "中文", "switchLang": "zh",
		"featured": "Sector figures", "viewSector": "View sector figures", "noReport": "No public figures for this sector yet.", "source": "Source: ExportScope market report generated {0}; trade data {1}–{2}.",
		"fig.imports": "Imports by market (USD million)", "fig.china_share": "China's share of each market (%)", "fig.opportunity": "Market opportunity score (0–100)", "fig.prices": "Marketplace median price (USD)",
		"noFigures": "The association has not made figures of this sector public.", "search": "Search companies, products, certifications, markets", "searchBtn": "Search", "allSectors": "All sectors",
		"found": "{0} member companies", "noMembers": "No member company matches.", "products": "Products", "certs": "Certifications", "markets": "Export markets", "capacity": "Capacity",
		"sendInquiry": "Send an inquiry", "inquiryTitle": "Send a buying inquiry", "inquiryIntro": "Tell us what you need: your inquiry goes to the members that make the product, and they contact you directly.",
		"f.sector": "Sector", "f.product": "Product", "f.quantity": "Quantity (e.g. 200 t/month)", "f.destination": "Destination market", "f.name": "Contact name", "f.email": "Email", "f.message": "Message (optional)",
		"f.hp": "Leave this field empty", "submit": "Send inquiry", "fixErrors": "Please correct the following:", "thanksTitle": "Inquiry sent", "thanks": "Thank you for your inquiry! The matching member companies will contact you by email soon.",
		"back": "Back to home", "notFound": "Page not found", "notFoundText": "There is no such page.", "tooMany": "Too many submissions", "tooManyText": "You have sent too many inquiries; please try again in a minute.",
		"badForm": "Form expired", "badFormText": "The form has expired or was sent from another site; reload the page and send it again.", "tooLarge": "The inquiry is too long; shorten it and send it again.", "error": "Error", "errorText": "Something went wrong on our side; please try again later.",
		"memberOf": "Member of {0}", "poweredBy": "Powered by ExportScope", "choose": "Choose",
	},
}

// fieldMessages are the inquiry field errors in Chinese, by field.
var fieldMessagesZH = map[string]string{
	"sector": "请选择行业", "product": "请填写产品（2–200 字）", "quantity": "请填写数量（最多 100 字）", "destination": "请选择目的市场",
	"name": "请填写联系人（最多 100 字）", "email": "邮箱格式不正确（如 buyer@example.com）", "message": "留言最多 4000 字",
}

// countries are the destination markets the form offers.
var countries = []struct{ Code, ZH, EN string }{
	{"US", "美国", "United States"}, {"JP", "日本", "Japan"}, {"KR", "韩国", "South Korea"}, {"RU", "俄罗斯", "Russia"},
	{"DE", "德国", "Germany"}, {"PL", "波兰", "Poland"}, {"CZ", "捷克", "Czechia"}, {"HU", "匈牙利", "Hungary"},
	{"GB", "英国", "United Kingdom"}, {"FR", "法国", "France"}, {"IT", "意大利", "Italy"}, {"ES", "西班牙", "Spain"},
	{"NL", "荷兰", "Netherlands"}, {"TR", "土耳其", "Türkiye"}, {"AE", "阿联酋", "United Arab Emirates"}, {"SA", "沙特阿拉伯", "Saudi Arabia"},
	{"IN", "印度", "India"}, {"VN", "越南", "Vietnam"}, {"TH", "泰国", "Thailand"}, {"ID", "印度尼西亚", "Indonesia"},
	{"MY", "马来西亚", "Malaysia"}, {"KZ", "哈萨克斯坦", "Kazakhstan"}, {"BR", "巴西", "Brazil"}, {"AR", "阿根廷", "Argentina"},
	{"CL", "智利", "Chile"}, {"PE", "秘鲁", "Peru"}, {"MX", "墨西哥", "Mexico"}, {"AU", "澳大利亚", "Australia"}, {"CA", "加拿大", "Canada"},
	{"SG", "新加坡", "Singapore"}, {"PH", "菲律宾", "Philippines"}, {"UA", "乌克兰", "Ukraine"},
}
