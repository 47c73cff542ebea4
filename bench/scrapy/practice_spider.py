"""Scrapy's side of the crawl benchmark (see run.py and scripts/bench.sh).

The spider crawls the practice marketplace's US storefront the way
BenchmarkCrawlPractice (crawlers/crawl/bench_test.go) does with the
practice-us adapter (crawlers/sites/practice-us.yaml):

- start URLs: /us/search?q=KEYWORD&page=1 for each keyword;
- on a search page: each result (ol.s-results > li.s-result) is a list
  item; the next-page link (a.s-next[rel=next]) and then the product links
  (h2.s-title a.s-link) are followed;
- on a product page (/us/p/...): the schema.org Product in the JSON-LD,
  with the adapter's visible fallbacks when a value is missing, and the
  sales rank from #sales-rank;
- the page cap counts URLs admitted to the crawl, start URLs included and
  robots.txt not, like crawl.Options.MaxPages: once `cap` URLs are
  admitted no more are scheduled, and every admitted URL is fetched.

robots.txt is obeyed (ROBOTSTXT_OBEY, set by run.py), as the Go crawler
always obeys it; the practice robots.txt has no Crawl-delay and forbids
none of the URLs followed.

Prices, ratings and review counts are parsed to numbers, as the Go
extractor does ("US $1,299.99" -> 1299.99, "4.7 out of 5 stars" -> 4.7,
"1,234 ratings" -> 1234).
"""

import json
import re
from urllib.parse import quote, urljoin, urlsplit

import scrapy

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
SALES_RANK = re.compile(r"#\s*(\d[\d,]*)")


def number(text):
    """The first number in text ("US $1,299.99" -> 1299.99), or None."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    m = NUMBER.search(text)
    if not m:
        return None
    return float(m.group(0).replace(",", ""))


def integer(text):
    n = number(text)
    return None if n is None else int(n)


def price_currency(text):
    """US storefront prices: "US $1,234.56" -> (1234.56, "USD")."""
    if not text:
        return None, None
    amount = number(text)
    currency = "USD" if "$" in text else None
    return amount, currency


def dig(obj, path):
    for key in path.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def text_of(sel, css):
    t = sel.css(css).xpath("normalize-space(string())").get()
    return t or None


class PracticeSpider(scrapy.Spider):
    name = "practice-us"

    def __init__(self, base, keywords, cap, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.base = base.rstrip("/")
        self.keywords = [k for k in keywords.split(",") if k]
        self.cap = int(cap)
        self.admitted = set()
        self.pages = 0
        self.list_items = 0
        self.products = 0

    def admit(self, url, callback, depth=0):
        """A request for url if it is new and the cap leaves room.

        The Go crawler fetches in the order (depth, admission), depth
        growing by one from a search page to a product page and not along
        next-page links; with run.py's FIFO queues, priority -depth gives
        Scrapy the same order.
        """
        if url in self.admitted or len(self.admitted) >= self.cap:
            return None
        self.admitted.add(url)
        return scrapy.Request(url, callback=callback, priority=-depth, meta={"crawl_depth": depth})

    def start_requests(self):
        for kw in self.keywords:
            r = self.admit(f"{self.base}/us/search?q={quote(kw)}&page=1", self.parse_search)
            if r is not None:
                yield r

    def parse_search(self, response):
        self.pages += 1
        for li in response.css("ol.s-results > li.s-result"):
            href = li.css("h2.s-title a.s-link::attr(href)").get()
            price, currency = price_currency(text_of(li, "span.s-price"))
            self.list_items += 1
            yield {
                "kind": "list",
                "page": response.url,
                "id": li.attrib.get("data-id"),
                "title": text_of(li, "h2.s-title a.s-link"),
                "url": urlsplit(urljoin(response.url, href)).path if href else None,
                "brand": text_of(li, "div.s-brand"),
                "price": price,
                "currency": currency,
                "rating": number(text_of(li, "span.s-rating")),
                "reviewCount": integer(text_of(li, "span.s-reviews")),
                "seller": text_of(li, "span.s-seller-name"),
            }
        # Next page first, then the products, as the Go crawler queues them.
        depth = response.meta.get("crawl_depth", 0)
        links = [(h, self.parse_search, depth) for h in response.css("a.s-next[rel=next]::attr(href)").getall()]
        links += [(h, self.parse_product, depth + 1) for h in response.css("h2.s-title a.s-link::attr(href)").getall()]
        for href, callback, d in links:
            r = self.admit(urljoin(response.url, href), callback, d)
            if r is not None:
                yield r

    def parse_product(self, response):
        self.pages += 1
        ld = {}
        for raw in response.css('script[type="application/ld+json"]::text').getall():
            try:
                doc = json.loads(raw)
            except ValueError:
                continue
            for d in doc if isinstance(doc, list) else [doc]:
                if isinstance(d, dict) and d.get("@type") == "Product":
                    ld = d
                    break
            if ld:
                break

        def field(path, fallback_css=None):
            v = dig(ld, path)
            if v in (None, "") and fallback_css:
                v = text_of(response, fallback_css)
            return v

        price = field("offers.price")
        currency = field("offers.priceCurrency")
        if price is None:
            price, currency = price_currency(text_of(response, "#price"))
        else:
            price = number(price)
        rank = text_of(response, "#sales-rank")
        m = SALES_RANK.search(rank or "")
        url = dig(ld, "url")
        reviews = []
        for r in ld.get("review") or []:
            reviews.append({
                "author": dig(r, "author.name"),
                "date": r.get("datePublished"),
                "lang": r.get("inLanguage"),
                "title": r.get("name"),
                "text": r.get("reviewBody"),
                "rating": number(dig(r, "reviewRating.ratingValue")),
            })
        self.products += 1
        yield {
            "kind": "product",
            "page": response.url,
            "title": field("name", "#title"),
            "brand": field("brand.name", "#brand"),
            "seller": field("offers.seller.name", "#seller-name"),
            "sellerCountry": dig(ld, "offers.seller.address.addressCountry")
            or response.css("#seller-country::attr(data-country)").get(),
            "price": price,
            "currency": currency,
            "rating": number(field("aggregateRating.ratingValue", "#rating .stars")),
            "reviewCount": integer(field("aggregateRating.reviewCount", "#review-count")),
            "salesRank": int(m.group(1).replace(",", "")) if m else None,
            "category": field("category", "#category"),
            "shipsFrom": dig(ld, "offers.shippingDetails.shippingOrigin.addressCountry")
            or response.css("#ships-from [data-country]::attr(data-country)").get(),
            "gtin": field("gtin13", "#gtin"),
            "sku": field("sku", "#sku"),
            "url": urlsplit(url).path if url else None,
            "availability": field("offers.availability", "#availability"),
            "reviews": reviews,
        }
