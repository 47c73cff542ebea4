package ecb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/exportscope/exportscope/store"
)

// DefaultBaseURL is where the ECB publishes the reference-rate feeds.
const DefaultBaseURL = "https://www.ecb.europa.eu/stats/eurofxref/"

// Feed names one of the ECB's reference-rate XML files.
type Feed string

// The feeds the ECB publishes.
const (
	// FeedDaily holds the latest business day's rates.
	FeedDaily Feed = "eurofxref-daily.xml"
	// FeedHist90d holds the last 90 calendar days' business days.
	FeedHist90d Feed = "eurofxref-hist-90d.xml"
	// FeedHist holds every business day since 1999-01-04 (several MB).
	FeedHist Feed = "eurofxref-hist.xml"
)

// Defaults for Options.
const (
	DefaultTimeout      = 2 * time.Minute
	DefaultMaxBodyBytes = 64 << 20
	DefaultUserAgent    = "ExportScope-ECB/1"
)

// ErrTooLarge is returned when a response is longer than
// Options.MaxBodyBytes.
var ErrTooLarge = errors.New("ECB response too large")

// Options configure a Client. The zero value uses the defaults.
type Options struct {
	// BaseURL is the folder that holds the feeds; DefaultBaseURL if empty.
	BaseURL string
	// Timeout bounds one fetch, body included; DefaultTimeout if zero.
	// The http.Client's own Timeout, if any, applies as well.
	Timeout time.Duration
	// MaxBodyBytes caps a response body; DefaultMaxBodyBytes if zero.
	MaxBodyBytes int64
	// UserAgent is sent with every request; DefaultUserAgent if empty.
	UserAgent string
}

// Client fetches and parses the ECB's reference-rate feeds. It is safe for
// concurrent use.
type Client struct {
	hc      *http.Client
	base    *url.URL
	timeout time.Duration
	maxBody int64
	ua      string
}

// NewClient returns a Client that makes its requests with hc.
func NewClient(hc *http.Client, opts Options) (*Client, error) {
	if hc == nil {
		return nil, errors.New("ecb: NewClient needs an *http.Client")
	}
	raw := opts.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	base, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("ecb: base URL %q: %w", raw, err)
	}
	if base.Scheme != "http" && base.Scheme != "https" || base.Host == "" {
		return nil, fmt.Errorf("ecb: base URL %q is not an absolute http(s) URL", raw)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	c := &Client{hc: hc, base: base, timeout: opts.Timeout, maxBody: opts.MaxBodyBytes, ua: opts.UserAgent}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBodyBytes
	}
	if c.ua == "" {
		c.ua = DefaultUserAgent
	}
	return c, nil
}

// StatusError reports a response with a status other than 200 OK.
type StatusError struct {
	URL        string
	StatusCode int
	// Body is the start of the response body, for the log.
	Body string
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("ecb: GET %s: HTTP %d %s", e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// Daily fetches the latest business day's rates.
func (c *Client) Daily(ctx context.Context) ([]store.Rate, error) { return c.Fetch(ctx, FeedDaily) }

// History90d fetches the rates of the last 90 days.
func (c *Client) History90d(ctx context.Context) ([]store.Rate, error) {
	return c.Fetch(ctx, FeedHist90d)
}

// History fetches every rate since 1999.
func (c *Client) History(ctx context.Context) ([]store.Rate, error) { return c.Fetch(ctx, FeedHist) }

// Fetch downloads and parses one feed. Errors name the URL; a bad status is
// a *StatusError, bad content wraps ErrMalformed, a body over the limit
// wraps ErrTooLarge, and a timeout wraps context.DeadlineExceeded.
func (c *Client) Fetch(ctx context.Context, feed Feed) ([]store.Rate, error) {
	u := c.base.JoinPath(string(feed)).String()
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("ecb: GET %s: %w", u, err)
	}
	req.Header.Set("User-Agent", c.ua)
	req.Header.Set("Accept", "application/xml, text/xml")
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("ecb: GET %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return nil, &StatusError{URL: u, StatusCode: resp.StatusCode, Body: strings.TrimSpace(string(snippet))}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("ecb: GET %s: reading body: %w", u, err)
	}
	if int64(len(body)) > c.maxBody {
		return nil, fmt.Errorf("ecb: GET %s: %w (over %d bytes)", u, ErrTooLarge, c.maxBody)
	}
	rates, err := Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("ecb: GET %s: %w", u, err)
	}
	return rates, nil
}
