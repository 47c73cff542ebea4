// Package site describes marketplaces as data. Each marketplace is one YAML
// file (the shipped ones are in crawlers/sites) saying which hosts it
// serves, how they write numbers and money, how to search them, and which
// CSS selectors, regular expressions or JSON paths find each product field
// on their pages.
//
// Loading checks everything up front: unknown keys, bad selectors, bad
// regular expressions, bad JSON paths and bad locales are errors that name
// the file, line, column and setting, e.g.
//
//	amazon.yaml:42:13: pages[0].fields.price[2].regex: bad regular expression: ...
//
// so a broken adapter fails at start-up, not in the middle of a crawl.
//
// # File format
//
//	name: shop                      # lower-case id
//	politeness:                     # optional; defaults 2s, 0s, 1
//	  delay: 5s                     # between requests to one host
//	  randomDelay: 3s               # extra random wait up to this
//	  parallelism: 1                # requests in flight per host
//	markets:                        # one per storefront
//	  - host: shop.de               # matches shop.de and its subdomains
//	    country: DE                 # ISO 3166-1 alpha-2
//	    locale: de-DE               # BCP 47; gives the decimal separator
//	    currency: EUR               # ISO 4217; default from the locale's region
//	search:                         # optional
//	  url: "https://www.{host}/s?q={keyword}&p={page}"
//	  pageSize: 48                  # with offsetBase, for {offset}
//	  offsetBase: 1
//	pages:                          # tried in order against a URL's path?query
//	  - name: product
//	    urls: ['/dp/', '^/p/\d+']   # regular expressions
//	    fields: {...}               # one product from the whole page
//	    reviews:                    # optional; product pages only
//	      items: 'li.review'        # one customer review per match
//	      fields: {...}             # looked up inside each review
//	  - name: search
//	    urls: ['^/s\?']
//	    items: 'li.result'          # a list page: one product per item
//	    next: {css: a.next, attr: href}
//	    follow: {css: a.title, attr: href}
//	    fields: {...}               # looked up inside each item
//
// Search URL placeholders: {host}, {keyword} (query-escaped), {keywordPath}
// (words joined by '-', path-escaped), {page} (from 1) and {offset}
// (offsetBase + (page-1)*pageSize).
//
// Fields are title, brand, seller, sellerCountry, price, currency, rating,
// reviewCount, salesRank, category, shipsFrom, gtin, sku, image, url and
// availability. Each takes one selector or a list of alternatives; the
// first whose value parses for the field wins ("first that yields"). A
// selector is a CSS string, or a mapping:
//
//	css:   CSS selector inside the item or page; omit for the item itself
//	attr:  read this attribute instead of the text
//	drop:  CSS of descendants to ignore in the text (badges)
//	regex: keep the first capture group (at most one group)
//	json:  a JSONPath (a.b[0].c, items[*]) into the selected text, such as
//	       a <script> or a data-state attribute, or into the item of a JSON
//	       page or of JSON items
//	join:  join all matches with this string (breadcrumbs)
//	page:  true to look from the page root even inside a list item
//
// Items may also come from JSON: {css: 'script#data', json: items} for
// embedded JSON, {json: 'data.results'} for a JSON API response.
//
// # Reviews
//
// A product page may say where its customer reviews are. items finds them
// like a list page's items (CSS, or JSON in a <script> or a JSON API
// response; the first alternative that finds any wins) and fields are
// looked up inside each review, with the same selectors and the same
// "first that yields" rule as product fields:
//
//	author: the reviewer's name
//	rating: the review's stars, read like a product rating ("4/5",
//	        "4,0 von 5 Sternen", "5つ星のうち4"; a run of ★ and ☆ too)
//	title:  the review's headline
//	text:   the review's body
//	lang:   its language, a BCP 47 tag, usually an attribute:
//	        {attr: lang} on the item itself, {json: inLanguage}
//	date:   when it was written: ISO 8601 ("2024-05-01", with or
//	        without a time), "05/01/2024", "01.05.2024", "2024/05/01",
//	        month names in English, German, French, Spanish, Portuguese
//	        and Russian ("May 1, 2024", "1. Mai 2024", "1 мая 2024 г."),
//	        and "2024年5月1日" / "2024년 5월 1일"
//
// fields must name text or rating. For example, reviews in the page's
// JSON-LD first, the visible ones second:
//
//	reviews:
//	  items:
//	    - {css: 'script[type="application/ld+json"]', json: review}
//	    - '#reviews .review'
//	  fields:
//	    rating: [{json: reviewRating.ratingValue}, .stars]
//	    text: [{json: reviewBody}, .text]
//	    lang: [{json: inLanguage}, {attr: lang}]
//	    date: [{json: datePublished}, .date]
//
// Without a reviews block, the reviews of the page's schema.org JSON-LD or
// microdata Product are read.
package site
