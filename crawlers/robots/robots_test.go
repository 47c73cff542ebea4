package robots

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fixturesDir is the shared real-world fixtures folder, beside the repo.
var fixturesDir = filepath.Join("..", "..", "..", "shared", "fixtures")

// readRobots reads a real robots.txt; a missing fixtures folder fails the
// test rather than skipping it.
func readRobots(t *testing.T, host string) []byte {
	t.Helper()
	if _, err := os.Stat(fixturesDir); err != nil {
		t.Fatalf("fixtures folder %s is missing (the repo expects shared/fixtures beside it): %v", fixturesDir, err)
	}
	b, err := os.ReadFile(filepath.Join(fixturesDir, "robots", "robots_"+host+".txt"))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return b
}

const bot = "ExportScopeBot/1.0 (+https://exportscope.example/bot)"

// TestRealFiles checks specific paths against the robots.txt files real
// marketplaces published, each case traced to the lines that decide it.
func TestRealFiles(t *testing.T) {
	tests := []struct {
		host, agent, path string
		want              bool
	}{
		// amazon.com
		{"amazon.com", bot, "/dp/B07G2L3JMM", true},
		{"amazon.com", bot, "/Lighting-Fixture-Plaster/dp/B07G2L3JMM", true},
		{"amazon.com", bot, "/s?k=wall+sconce&page=2", true},
		{"amazon.com", bot, "/dp/product-availability/B07G2L3JMM", false}, // Disallow: /dp/product-availability/
		{"amazon.com", bot, "/gp/cart/view.html", false},                  // Disallow: /gp/cart
		{"amazon.com", bot, "/wishlist/ABC", false},                       // Disallow: /wishlist/
		{"amazon.com", bot, "/wishlist/universal/add", true},              // Allow: /wishlist/universal*
		{"amazon.com", bot, "/b?ie=UTF8&node=7454917011", false},          // Disallow: /b?*node=7454917011
		{"amazon.com", bot, "/b?ie=UTF8&node=172282", true},
		{"amazon.com", bot, "/-/en", true},         // Allow: /-/en$ beats Disallow: /-/
		{"amazon.com", bot, "/-/en/dp/B01", false}, // ...only for exactly /-/en
		{"amazon.com", bot, "/-/es/dp/B01", true},  // Allow: /-/es/
		{"amazon.com", bot, "/slp/s", false},       // Disallow: /slp/s$
		{"amazon.com", bot, "/slp/sconces/x", true},
		{"amazon.com", bot, "/foo/gcrnsts", false}, // Disallow: */gcrnsts
		{"amazon.com", "GPTBot/1.1", "/dp/B07G2L3JMM", false},
		{"amazon.com", "CCBot", "/", false},
		// amazon.co.jp
		{"amazon.co.jp", bot, "/dp/B07QXYV1QX", true},
		{"amazon.co.jp", bot, "/gp/cart", false},
		{"amazon.co.jp", bot, "/exec/obidos/dt/assoc/handle-buy-box", false},
		{"amazon.co.jp", "EtaoSpider", "/dp/B07QXYV1QX", false},
		// ebay.com: starts with a comment banner
		{"ebay.com", bot, "/itm/144278067683", true},
		{"ebay.com", bot, "/itm/addToCart", false},           // Disallow: /itm/addToCart
		{"ebay.com", bot, "/itm/144278067683/%7B%7B", false}, // Disallow: /itm/*/%
		{"ebay.com", bot, "/itm/144278067683?fits=x", false}, // Disallow: /itm/*?fits
		{"ebay.com", bot, "/sch/i.html?_nkw=apple", false},   // Disallow: /sch/i.html?_nkw=
		{"ebay.com", bot, "/sch/i.html?_nkw=apple&_pgn=2", false},
		// Allow: /sch/i.html?_nkw=*&_sop=12&_kwlnd=1 is longer than the disallows: the form the eBay adapter uses.
		{"ebay.com", bot, "/sch/i.html?_nkw=apple&_sop=12&_kwlnd=1&_pgn=2", true},
		{"ebay.com", bot, "/ads.txt", true}, // Allow: /ads.txt beats Disallow: /ads
		{"ebay.com", bot, "/adsfoo", false},
		{"ebay.com", "bingbot/2.0", "/act/x", false},
		// aliexpress.ru: Yandex group with Clean-param lines
		{"aliexpress.ru", bot, "/item/1005001234567890.html", true},
		{"aliexpress.ru", bot, "/wholesale?SearchText=magnesia", false}, // Disallow: /wholesale*
		{"aliexpress.ru", bot, "/store/12345/ajax.htm", false},          // Disallow: /*ajax.htm$
		{"aliexpress.ru", bot, "/store/12345/ajax.htm?x=1", true},       // $ anchors the end
		{"aliexpress.ru", bot, "/catalog/thermos?page=2", true},
		// Group names match as prefixes of the product token: YandexBot falls
		// under "User-agent: Yandex", as Yandex documents for its robots.
		{"aliexpress.ru", "YandexBot/3.0", "/catalog/thermos?page=2", false},
		{"aliexpress.ru", "Yandex", "/catalog/thermos?page=2", false}, // Disallow: /catalog/*?*
		{"aliexpress.ru", "Googlebot", "/search/x", false},
		// walmart.com: sitemaps first, empty groups, Crawl-delay
		{"walmart.com", bot, "/ip/Thermos-Stainless/12345", true},
		{"walmart.com", bot, "/search?q=thermos", false}, // Disallow: /search
		{"walmart.com", bot, "/reviews/product/12345", true},
		{"walmart.com", bot, "/account/login", false},
		{"walmart.com", "Slurp", "/search?q=x", true}, // its group has no rules
		// etsy.com, 73 KB
		{"etsy.com", bot, "/listing/123456/silk-scarf", true},
		{"etsy.com", bot, "/api/v3/listings", false},          // Disallow: /api/
		{"etsy.com", bot, "/search?q=silk&ship_to=US", false}, // Disallow: /search*ship_to=*
		{"etsy.com", bot, "/search?q=silk", true},
		{"etsy.com", "Spinn3r", "/listing/1", false},
		// 1688.com
		{"1688.com", bot, "/chanpin/--magnesia.html", true},          // Allow: /chanpin/--*.html
		{"1688.com", bot, "/offer/123456.html", false},               // Disallow: /offer/
		{"1688.com", bot, "/huo/detail?id=1", false},                 // Disallow: /*?*
		{"1688.com", "Googlebot", "/xunjia/abc.html", true},          // Allow: /xunjia/
		{"1688.com", "Googlebot", "/chanpin/--magnesia.html", false}, // Disallow: /
		// allegro.pl, lower-case directives
		{"allegro.pl", bot, "/oferta/termos-stalowy-1l-123456", true},
		{"allegro.pl", bot, "/offer/123", false},
		{"allegro.pl", bot, "/kategoria/termosy?snapshot=1", false}, // disallow: *snapshot=*
		{"allegro.pl", bot, "/uzytkownik/notfound?string=x", true},  // allow beats disallow: /uzytkownik*&*? no &: allowed either way
		{"allegro.pl", bot, "/uzytkownik/jan?a=1&b=2", false},       // disallow: /uzytkownik*&*
		{"allegro.pl", bot, "/robots.txt", true},
	}
	parsed := map[string]*Robots{}
	for _, tt := range tests {
		r, ok := parsed[tt.host]
		if !ok {
			var err error
			r, err = Parse(200, readRobots(t, tt.host))
			if err != nil {
				t.Fatalf("Parse %s: %v", tt.host, err)
			}
			parsed[tt.host] = r
		}
		if got := r.Allowed(tt.path, tt.agent); got != tt.want {
			t.Errorf("%s: Allowed(%q, %q) = %v, want %v", tt.host, tt.path, tt.agent, got, tt.want)
		}
	}
	if d := parsed["walmart.com"].CrawlDelay("Slurp"); d != 5*time.Second {
		t.Errorf("walmart Crawl-delay for Slurp = %v, want 5s", d)
	}
	if d := parsed["walmart.com"].CrawlDelay(bot); d != 0 {
		t.Errorf("walmart Crawl-delay for us = %v, want 0", d)
	}
	if n := len(parsed["walmart.com"].Sitemaps()); n != 27 {
		t.Errorf("walmart has %d sitemaps, want 27", n)
	}
}

func TestParseStatusAndQuirks(t *testing.T) {
	for _, status := range []int{401, 403, 404, 410} {
		r, err := Parse(status, []byte("User-agent: *\nDisallow: /"))
		if err != nil || !r.Allowed("/anything", bot) {
			t.Errorf("Parse(%d): want allow-all, got err %v", status, err)
		}
	}
	for _, status := range []int{500, 503, 302} {
		if _, err := Parse(status, nil); !errors.Is(err, ErrUnreachable) {
			t.Errorf("Parse(%d) error = %v, want ErrUnreachable", status, err)
		}
	}
	tests := []struct {
		name, body, path string
		want             bool
	}{
		{"non-standard lines are ignored", "User-agent: *\nNoindex: /x\nHost: shop.example\nClean-param: ref /\nDisallow: /cart\n", "/cart/1", false},
		{"rule before any user-agent is dropped, the rest kept", "Disallow: /a\nUser-agent: *\nDisallow: /b\n", "/b", false},
		{"...and does not apply", "Disallow: /a\nUser-agent: *\nDisallow: /b\n", "/a", true},
		{"bad crawl-delay is dropped, the rest kept", "User-agent: *\nCrawl-delay: soon\nDisallow: /b\n", "/b/c", false},
		{"empty file allows all", "", "/x", true},
		{"agent group is case-insensitive", "User-agent: EXPORTSCOPEBOT\nDisallow: /\n", "/x", false},
		{"comments and a BOM", "\ufeff# hi\nUser-agent: * # all\nDisallow: /private # no\n", "/private/x", false},
	}
	for _, tt := range tests {
		r, err := Parse(200, []byte(tt.body))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := r.Allowed(tt.path, bot); got != tt.want {
			t.Errorf("%s: Allowed(%q) = %v, want %v", tt.name, tt.path, got, tt.want)
		}
	}
}
