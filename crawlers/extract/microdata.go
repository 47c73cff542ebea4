package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// microdata returns the schema.org products marked up with itemscope and
// itemprop, as nodes like JSON-LD's, and the first breadcrumb list.
// Products nested inside another product (isRelatedTo and the like) are
// not returned on their own. itemref is not followed.
func microdata(doc *goquery.Document) (products []node, crumbs string) {
	doc.Find("[itemscope][itemtype]").Each(func(_ int, s *goquery.Selection) {
		t := itemType(s)
		switch {
		case t == "BreadcrumbList" && crumbs == "":
			crumbs = breadcrumb(microItem(s.Get(0), 0))
		case productTypes[t] && !insideProduct(s):
			products = append(products, microItem(s.Get(0), 0))
		}
	})
	return products, crumbs
}

func itemType(s *goquery.Selection) string {
	t, _ := s.Attr("itemtype")
	if f := strings.Fields(t); len(f) > 0 {
		return shortType(f[0])
	}
	return ""
}

func insideProduct(s *goquery.Selection) bool {
	inside := false
	s.ParentsFiltered("[itemscope][itemtype]").EachWithBreak(func(_ int, p *goquery.Selection) bool {
		inside = productTypes[itemType(p)]
		return !inside
	})
	return inside
}

// microItem builds a node from an itemscope element: its type and the
// itemprop values below it that do not belong to a nested item.
func microItem(n *html.Node, depth int) node {
	item := node{}
	for _, a := range n.Attr {
		if a.Key == "itemtype" {
			if f := strings.Fields(a.Val); len(f) > 0 {
				item["@type"] = shortType(f[0])
			}
		}
	}
	if depth > maxDepth {
		return item
	}
	var walk func(*html.Node)
	walk = func(p *html.Node) {
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			props, scoped := attr(c, "itemprop"), hasAttr(c, "itemscope")
			if props != "" {
				var v any
				if scoped {
					v = microItem(c, depth+1)
				} else {
					v = microValue(c)
				}
				for _, name := range strings.Fields(props) {
					add(item, name, v)
				}
			}
			if !scoped {
				walk(c)
			}
		}
	}
	walk(n)
	return item
}

// add sets a property, turning it into a list when it repeats.
func add(item node, name string, v any) {
	old, ok := item[name]
	switch {
	case !ok:
		item[name] = v
	case isList(old):
		item[name] = append(old.([]any), v)
	default:
		item[name] = []any{old, v}
	}
}

func isList(v any) bool { _, ok := v.([]any); return ok }

// microValue is an itemprop's value by the microdata rules: a content
// attribute first, then the element's URL or value attribute, else text.
func microValue(n *html.Node) any {
	if hasAttr(n, "content") {
		return attr(n, "content")
	}
	key := ""
	switch n.Data {
	case "a", "link", "area":
		key = "href"
	case "img", "audio", "video", "source", "embed", "iframe", "track":
		key = "src"
	case "object":
		key = "data"
	case "time":
		key = "datetime"
	case "data", "meter":
		key = "value"
	}
	if key != "" && hasAttr(n, key) {
		return attr(n, key)
	}
	return nodeText(n)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}
