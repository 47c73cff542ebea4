package extract

import (
	"bytes"
	"io"
	"mime"
	"regexp"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// metaCharset finds <meta charset=...> and <meta http-equiv content="...;
// charset=...">.
var metaCharset = regexp.MustCompile(`(?i)<meta\s[^>]*charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// metaWindow is how far into the page a <meta> charset is looked for. The
// HTML standard's prescan stops at 1024 bytes, but real pages (Overstock's
// at byte 1395) put it later.
const metaWindow = 64 << 10

// pageEncoding picks the page's character encoding: the Content-Type
// header's charset, a byte-order mark, a <meta> declaration, UTF-8 when
// the bytes are valid UTF-8, else windows-1252 (what browsers assume).
func pageEncoding(body []byte, contentType string) (encoding.Encoding, string) {
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if e, name := charset.Lookup(params["charset"]); e != nil {
			return e, name
		}
	}
	if e, name, certain := charset.DetermineEncoding(body, ""); certain {
		return e, name // a byte-order mark
	}
	head := body[:min(len(body), metaWindow)]
	if m := metaCharset.FindSubmatch(head); m != nil {
		if e, name := charset.Lookup(string(m[1])); e != nil {
			return e, name
		}
	}
	if utf8.Valid(body) {
		return encoding.Nop, "utf-8"
	}
	return charmap.Windows1252, "windows-1252"
}

// utf8Reader returns the page decoded to UTF-8.
func utf8Reader(body []byte, contentType string) io.Reader {
	e, _ := pageEncoding(body, contentType)
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if e == encoding.Nop {
		return bytes.NewReader(body)
	}
	return transform.NewReader(bytes.NewReader(body), e.NewDecoder())
}
