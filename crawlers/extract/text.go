package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// blocks are elements whose edges separate words.
var blocks = map[string]bool{
	"address": true, "article": true, "br": true, "dd": true, "div": true, "dl": true, "dt": true,
	"footer": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "li": true, "ol": true, "p": true, "section": true, "table": true,
	"td": true, "th": true, "tr": true, "ul": true,
}

// nodeText returns the visible text of n: scripts, styles and templates
// are left out, block elements separate words, white space is collapsed.
// Inline elements join without a space, so "<span>29</span>.<span>99</span>"
// reads "29.99".
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript", "template":
				return
			}
		}
		block := n.Type == html.ElementNode && blocks[n.Data]
		if block {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteByte(' ')
		}
	}
	walk(n)
	return clean(b.String())
}
