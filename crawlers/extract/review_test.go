package extract

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/crawlers/price"
	"github.com/exportscope/exportscope/crawlers/site"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestGenericReviews(t *testing.T) {
	tests := []struct {
		name, page string
		want       []Review
	}{
		{
			name: "json-ld array",
			page: `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Brick",
				"offers":{"@type":"Offer","price":"12.50","priceCurrency":"USD"},
				"review":[
				 {"@type":"Review","author":{"@type":"Person","name":"Ann"},"datePublished":"2024-05-01","inLanguage":"en-US",
				  "name":"Great","reviewBody":"Solid  brick.","reviewRating":{"@type":"Rating","ratingValue":"4","bestRating":"5"}},
				 {"@type":"Review","author":"Bo","datePublished":"2024-04-30T10:00:00Z","description":"Meh.",
				  "reviewRating":{"ratingValue":8,"bestRating":10}},
				 {"@type":"Review","author":"Nobody"}
				]}</script></head><body></body></html>`,
			want: []Review{
				{Author: "Ann", Rating: 4, Title: "Great", Text: "Solid brick.", Lang: "en-US", Date: day(2024, 5, 1)},
				{Author: "Bo", Rating: 4, Text: "Meh.", Date: time.Date(2024, 4, 30, 10, 0, 0, 0, time.UTC)},
			},
		},
		{
			name: "json-ld single",
			page: `<script type="application/ld+json">{"@type":"Product","name":"Brick","review":
				{"@type":"Review","author":{"name":"Ann"},"reviewBody":"Fine.","reviewRating":{"ratingValue":5}}}</script>`,
			want: []Review{{Author: "Ann", Rating: 5, Text: "Fine."}},
		},
		{
			name: "microdata",
			page: `<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Ziegel</h1>
				<div itemprop="review" itemscope itemtype="https://schema.org/Review">
				 <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Jörg</span></span>
				 <span itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating"><meta itemprop="ratingValue" content="2"><meta itemprop="bestRating" content="5"></span>
				 <strong itemprop="name">Enttäuscht</strong>
				 <time itemprop="datePublished" datetime="2024-03-02">2. März 2024</time>
				 <meta itemprop="inLanguage" content="de">
				 <p itemprop="reviewBody">Zu teuer.</p>
				</div></div>`,
			want: []Review{{Author: "Jörg", Rating: 2, Title: "Enttäuscht", Text: "Zu teuer.", Lang: "de", Date: day(2024, 3, 2)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, errs := Page([]byte(tt.page), "https://shop.example/p/1", nil)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if len(ps) != 1 {
				t.Fatalf("%d products, want 1", len(ps))
			}
			if diff := cmp.Diff(tt.want, ps[0].Reviews); diff != "" {
				t.Errorf("reviews mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

const reviewAdapter = `
name: shop
markets:
  - {host: shop.example, country: RU, locale: ru-RU}
pages:
  - name: product
    urls: ['^/p/']
    fields:
      title: h1
    reviews:
      items:
        - {css: 'script[type="application/ld+json"]', json: review}
        - 'li.review'
      fields:
        author: [{json: author.name}, .user]
        rating: [{json: reviewRating.ratingValue}, .score, .stars]
        title: [{json: name}, .subject]
        text: [{json: reviewBody}, .body]
        lang: [{json: inLanguage}, {attr: lang}]
        date: [{json: datePublished}, .date]
  - name: api
    urls: ['^/api/']
    fields:
      title: {json: title}
    reviews:
      items: {json: reviews}
      fields:
        rating: {json: rating}
        text: {json: text}
        lang: {json: lang}
        date: {json: date}
`

func TestAdapterReviews(t *testing.T) {
	a, err := site.Parse("shop.yaml", []byte(reviewAdapter))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, url, ctype, page string
		want                   []Review
		errs                   int
	}{
		{
			name: "visible",
			url:  "https://shop.example/p/1",
			page: `<h1>Кирпич</h1><ul>
				<li class="review" lang="ru"><span class="user">Иван</span> <span class="stars">★★★★☆</span> <span class="score">4/5</span>
				 <span class="date">6 сентября 2023 г.</span><p class="subject">Хороший товар</p><p class="body">Качество отличное.</p></li>
				<li class="review" lang="zh-CN"><span class="user">王</span> <span class="stars">★★☆☆☆</span>
				 <span class="date">2023年9月7日</span><p class="body">质量很差。</p></li>
				<li class="review"><span class="score">пять</span><span class="date">вчера</span></li>
				</ul>`,
			want: []Review{
				{Author: "Иван", Rating: 4, Title: "Хороший товар", Text: "Качество отличное.", Lang: "ru", Date: day(2023, 9, 6)},
				{Author: "王", Rating: 2, Text: "质量很差。", Lang: "zh-CN", Date: day(2023, 9, 7)},
			},
			errs: 2, // the last one's rating and date
		},
		{
			name: "json-ld wins",
			url:  "https://shop.example/p/2",
			page: `<script type="application/ld+json">{"@type":"Product","review":[{"author":{"name":"Ann"},"reviewBody":"Good.",
				"inLanguage":"en","datePublished":"2024-01-31","reviewRating":{"ratingValue":"5"}}]}</script>
				<h1>Brick</h1><ul><li class="review" lang="en"><p class="body">Good.</p></li></ul>`,
			want: []Review{{Author: "Ann", Rating: 5, Text: "Good.", Lang: "en", Date: day(2024, 1, 31)}},
		},
		{
			name: "no reviews",
			url:  "https://shop.example/p/3",
			page: `<h1>Brick</h1>`,
		},
		{
			name:  "api",
			url:   "https://shop.example/api/p/4",
			ctype: "application/json",
			page:  `{"title":"벽돌","reviews":[{"rating":3,"text":"그냥 그래요.","lang":"ko","date":"2024-02-29"}]}`,
			want:  []Review{{Rating: 3, Text: "그냥 그래요.", Lang: "ko", Date: day(2024, 2, 29)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Extract([]byte(tt.page), Options{URL: tt.url, ContentType: tt.ctype, Adapter: a})
			if len(res.Errs) != tt.errs {
				t.Errorf("%d errors, want %d: %v", len(res.Errs), tt.errs, res.Errs)
			}
			if len(res.Products) != 1 {
				t.Fatalf("%d products, want 1", len(res.Products))
			}
			if diff := cmp.Diff(tt.want, res.Products[0].Reviews); diff != "" {
				t.Errorf("reviews mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	good := map[string]time.Time{
		"2024-05-01":                day(2024, 5, 1),
		"2024-05-01T08:30:00+02:00": time.Date(2024, 5, 1, 8, 30, 0, 0, time.FixedZone("", 7200)),
		"2024-05-01 08:30:00":       time.Date(2024, 5, 1, 8, 30, 0, 0, time.UTC),
		"05/01/2024":                day(2024, 5, 1),
		"01.05.2024":                day(2024, 5, 1),
		"2024/5/1":                  day(2024, 5, 1),
		"May 1, 2024":               day(2024, 5, 1),
		"1 May 2024":                day(2024, 5, 1),
		"Sep 6, 2023":               day(2023, 9, 6),
		"6. September 2023":         day(2023, 9, 6),
		"1. März 2024":              day(2024, 3, 1),
		"6 de setembro de 2023":     day(2023, 9, 6),
		"6 de septiembre de 2023":   day(2023, 9, 6),
		"6 сентября 2023 г.":        day(2023, 9, 6),
		"2023年9月6日":                 day(2023, 9, 6),
		"2023년 9월 6일":               day(2023, 9, 6),
		"6 septembre 2023":          day(2023, 9, 6),
	}
	for in, want := range good {
		got, err := parseDate(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "yesterday", "31. Februar 2024", "May 2024", "12345", "3 days ago"} {
		if got, err := parseDate(in); err == nil {
			t.Errorf("parseDate(%q) = %v, want an error", in, got)
		}
	}
}

func TestReviewRating(t *testing.T) {
	loc := price.Locale{Decimal: ','}
	for in, want := range map[string]float64{"★★★★☆": 4, "★☆☆☆☆": 1, "4/5": 4, "4,0 von 5 Sternen": 4, "5つ星のうち3": 3, "8/10": 4} {
		if got, err := reviewRating(in, loc); err != nil || got != want {
			t.Errorf("reviewRating(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"☆☆☆☆☆", "★★★", "0", "great"} {
		if got, err := reviewRating(in, loc); err == nil {
			t.Errorf("reviewRating(%q) = %v, want an error", in, got)
		}
	}
}
