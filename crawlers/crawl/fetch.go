package crawl

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
)

// fetchResult is what one request gave: a response (any status) or an
// error.
type fetchResult struct {
	status   int
	header   http.Header
	body     []byte
	finalURL *url.URL // after redirects
	err      error
}

const resultKey = "exportscope.result"

// newCollector builds the colly collector of one Run. It is used
// synchronously, one request per call from each worker: the frontier, not
// colly, decides what is fetched, so colly's visited set, queue, async
// mode, retries and robots.txt handling are all left unused.
func (c *Crawler) newCollector(ctx context.Context, hostDelays map[string]time.Duration) (*colly.Collector, error) {
	col := colly.NewCollector(colly.StdlibContext(ctx))
	// NewCollector applies COLLY_* environment variables after its
	// options (a cache directory, allowed domains, a redirect policy...);
	// set everything that matters here, after it.
	col.UserAgent = c.opts.UserAgent
	col.Headers = nil
	col.MaxDepth = 0    // the frontier counts depth
	col.MaxRequests = 0 // the frontier counts pages
	col.AllowedDomains, col.DisallowedDomains = nil, nil
	col.URLFilters, col.DisallowedURLFilters = nil, nil
	// Retries fetch the same URL again; colly would refuse a revisit, and
	// it marks a URL visited before fetching it.
	col.AllowURLRevisit = true
	// robots.txt is enforced by c.robots before every request and on every
	// redirect hop (see robots.go).
	col.IgnoreRobotsTxt = true
	col.Async = false
	col.CacheDir = ""
	col.ParseHTTPErrorResponse = true // 429 and 503 carry Retry-After
	col.DetectCharset = false         // extract decodes by header and <meta>
	col.TraceHTTP = false
	col.CheckHead = false
	col.MaxBodySize = c.opts.MaxBodySize

	// The SSRF-guarded transport; colly's proxy setters would replace it
	// with a bare one, so proxies are configured on the transport itself.
	col.WithTransport(c.transport)
	col.SetRequestTimeout(c.opts.Timeout)
	col.SetRedirectHandler(c.checkRedirect)
	if err := col.Limits(limitRules(hostDelays, c.opts.Parallelism, c.opts.RandomDelay)); err != nil {
		return nil, fmt.Errorf("crawl: limit rules: %w", err)
	}

	col.OnResponse(func(r *colly.Response) {
		res, ok := r.Ctx.GetAny(resultKey).(*fetchResult)
		if !ok {
			return
		}
		res.status, res.body, res.finalURL = r.StatusCode, r.Body, r.Request.URL
		if r.Headers != nil {
			res.header = *r.Headers
		}
	})
	col.OnError(func(r *colly.Response, err error) {
		res, ok := r.Ctx.GetAny(resultKey).(*fetchResult)
		if !ok {
			return
		}
		res.err = err
		if r.StatusCode != 0 {
			res.status = r.StatusCode
			if r.Headers != nil {
				res.header = *r.Headers
			}
		}
	})
	return col, nil
}

// fetch GETs one URL and waits for the answer.
func (c *Crawler) fetch(col *colly.Collector, rawURL, language string) *fetchResult {
	res := &fetchResult{}
	cctx := colly.NewContext() // a fresh context per request, never shared
	cctx.Put(resultKey, res)
	hdr := http.Header{}
	hdr.Set("User-Agent", c.opts.UserAgent)
	hdr.Set("Accept", "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8")
	if language != "" {
		hdr.Set("Accept-Language", language+",en;q=0.5")
	}
	err := col.Request(http.MethodGet, rawURL, nil, cctx, hdr)
	if res.err == nil && err != nil {
		res.err = err
	}
	if res.err == nil && res.status == 0 {
		res.err = errors.New("no response")
	}
	if res.finalURL == nil {
		res.finalURL, _ = url.Parse(rawURL)
	}
	return res
}

// checkRedirect vets every redirect hop: it must stay on the crawl's
// sites, pass the URL filters, lead to a page the crawl has not fetched
// yet and be allowed by robots.txt. The SSRF guard checks the hop's
// address when it is dialled.
func (c *Crawler) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errTooManyHops
	}
	if !c.sites.onSite(req.URL) {
		return fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), errOffSite)
	}
	if page, _, ok := c.sites.pageURL(req.URL); ok && !c.sites.admits(page.String()) {
		return fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), errFiltered)
	}
	if u, ok := c.sites.fetchURL(req.URL.String()); ok {
		done, err := c.frontier.isDone(req.Context(), u)
		if err != nil {
			return err
		}
		if done {
			return fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), errDuplicate)
		}
	}
	ok, err := c.robots.allowed(req.Context(), req.URL)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), errRobots)
	}
	return nil
}

// decodedContentType is the Content-Type to read a body with after colly
// has seen it: colly converts a body whose header names a charset to
// UTF-8, so the charset must not be applied a second time.
func decodedContentType(ct string) string {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || params["charset"] == "" {
		return ct
	}
	if strings.EqualFold(params["charset"], "utf-8") || strings.EqualFold(params["charset"], "utf8") {
		return ct
	}
	params["charset"] = "utf-8"
	return mime.FormatMediaType(mt, params)
}
