package comtrade

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/exportscope/exportscope/store"
)

// DefaultBaseURL is the UN Comtrade API host.
const DefaultBaseURL = "https://comtradeapi.un.org"

// Defaults for ClientOptions.
const (
	// DefaultMaxRecords is the most rows the v1 data API returns for one
	// call with a free subscription key.
	DefaultMaxRecords = 100_000
	DefaultMaxRetries = 4
	DefaultMaxWait    = 2 * time.Minute
	DefaultBackoff    = 2 * time.Second
	DefaultTimeout    = 5 * time.Minute
	DefaultMaxBody    = 512 << 20
	// maxURL is the API's limit on a request URL.
	maxURL = 4000
)

// Errors of the API client, for errors.Is.
var (
	// ErrRateLimited: the API kept answering 429 Too Many Requests (or
	// asked to wait longer than ClientOptions.MaxWait, as it does when a
	// daily quota is spent).
	ErrRateLimited = errors.New("comtrade API rate limit")
	// ErrCapped: a query that cannot be split further returned as many
	// rows as the API's cap, so rows may be missing.
	ErrCapped = errors.New("comtrade API row cap reached")
	// ErrTooLarge: a response longer than ClientOptions.MaxBodyBytes.
	ErrTooLarge = errors.New("comtrade API response too large")
)

// APIError is an answer of the API other than 200 OK, with the message
// from its body when there is one.
type APIError struct {
	StatusCode int
	Message    string
	// RetryAfter is the wait the API asked for, if it did.
	RetryAfter time.Duration
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// ClientOptions configure a Client.
type ClientOptions struct {
	// BaseURL is the API host; DefaultBaseURL if empty.
	BaseURL string
	// SubscriptionKey is sent as the Ocp-Apim-Subscription-Key header.
	// Required; never logged.
	SubscriptionKey string
	// MaxRecords is the row cap of one call (sent as maxRecords);
	// DefaultMaxRecords if 0. A call that returns this many rows is split
	// (see Client.Get).
	MaxRecords int
	// MaxRetries bounds the retries of one call after 429, 502, 503, 504
	// or a network error; DefaultMaxRetries if 0, none if negative.
	MaxRetries int
	// MaxWait is the longest wait between retries: a Retry-After longer
	// than this fails at once with ErrRateLimited; DefaultMaxWait if 0.
	MaxWait time.Duration
	// Backoff is the first wait when the API gives no Retry-After; it
	// doubles with each retry, with jitter. DefaultBackoff if 0.
	Backoff time.Duration
	// Timeout bounds one call, body included; DefaultTimeout if 0.
	Timeout time.Duration
	// MaxBodyBytes caps one response; DefaultMaxBody if 0.
	MaxBodyBytes int64
	// Logger gets retries and splits; discarded if nil.
	Logger *slog.Logger
}

// Client calls the UN Comtrade v1 data API,
// GET /data/v1/get/C/{A|M}/HS, and turns the answers into trade flows. It
// is safe for concurrent use; each Get runs its calls one after another.
type Client struct {
	hc         *http.Client
	base       *url.URL
	key        string
	maxRecords int
	maxRetries int
	maxWait    time.Duration
	backoff    time.Duration
	timeout    time.Duration
	maxBody    int64
	log        *slog.Logger
	// sleep waits between retries; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

// NewClient returns a Client that makes its requests with hc.
func NewClient(hc *http.Client, opts ClientOptions) (*Client, error) {
	if hc == nil {
		return nil, errors.New("comtrade: NewClient needs an *http.Client")
	}
	if strings.TrimSpace(opts.SubscriptionKey) == "" {
		return nil, errors.New("comtrade: NewClient needs a subscription key")
	}
	raw := opts.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	base, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("comtrade: base URL %q: %w", raw, err)
	}
	if base.Scheme != "http" && base.Scheme != "https" || base.Host == "" {
		return nil, fmt.Errorf("comtrade: base URL %q is not an absolute http(s) URL", raw)
	}
	c := &Client{
		hc: hc, base: base, key: opts.SubscriptionKey,
		maxRecords: opts.MaxRecords, maxRetries: opts.MaxRetries, maxWait: opts.MaxWait,
		backoff: opts.Backoff, timeout: opts.Timeout, maxBody: opts.MaxBodyBytes, log: opts.Logger,
		sleep: sleepCtx,
	}
	if c.maxRecords <= 0 {
		c.maxRecords = DefaultMaxRecords
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.maxWait <= 0 {
		c.maxWait = DefaultMaxWait
	}
	if c.backoff <= 0 {
		c.backoff = DefaultBackoff
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBody
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// Query selects HS trade data of the v1 data API. Countries are ISO
// 3166-1 alpha-2 codes, as everywhere above the crawlers.
type Query struct {
	// Freq is "A" (annual, the default) or "M" (monthly).
	Freq string
	// Reporters are the declaring countries; at least one.
	Reporters []string
	// Partners are the partner countries, store.World for the total over
	// all partners; empty asks for every partner, including areas that
	// are not countries (those rows come back as row errors).
	Partners []string
	// Periods are years ("2010") for annual data, months ("201003") for
	// monthly; at least one.
	Periods []string
	// HS are HS codes ("2519.10", "251910", "25") or "TOTAL"; at least one.
	HS []string
	// Flows are store.FlowImport, FlowExport, FlowReImport, FlowReExport;
	// empty asks for all four.
	Flows []string
}

// apiQuery is a Query in the API's codes. A nil list means "all".
type apiQuery struct {
	freq      string
	reporters []int
	partners  []int
	periods   []string
	cmds      []string
	flows     []string
}

func compile(q Query) (apiQuery, error) {
	aq := apiQuery{freq: strings.ToUpper(q.Freq)}
	if aq.freq == "" {
		aq.freq = "A"
	}
	if aq.freq != "A" && aq.freq != "M" {
		return aq, fmt.Errorf("comtrade: frequency %q is neither A nor M", q.Freq)
	}
	if len(q.Reporters) == 0 || len(q.Periods) == 0 || len(q.HS) == 0 {
		return aq, errors.New("comtrade: a query needs reporters, periods and HS codes")
	}
	for _, r := range q.Reporters {
		if r == store.World {
			return aq, errors.New("comtrade: the world is not a reporter")
		}
		code, err := AreaCode(r)
		if err != nil {
			return aq, err
		}
		aq.reporters = append(aq.reporters, code)
	}
	for _, p := range q.Partners {
		code, err := AreaCode(p)
		if err != nil {
			return aq, err
		}
		aq.partners = append(aq.partners, code)
	}
	wantLen := 4
	if aq.freq == "M" {
		wantLen = 6
	}
	for _, p := range q.Periods {
		if _, err := strconv.Atoi(p); err != nil || len(p) != wantLen {
			return aq, fmt.Errorf("comtrade: period %q is not %s", p, map[string]string{"A": "a year YYYY", "M": "a month YYYYMM"}[aq.freq])
		}
		aq.periods = append(aq.periods, p)
	}
	for _, h := range q.HS {
		hs := store.NormalizeHS(h)
		if !store.ValidHS(hs) {
			return aq, fmt.Errorf("comtrade: %q is not an HS code", h)
		}
		aq.cmds = append(aq.cmds, hs)
	}
	codes := map[string]string{store.FlowImport: "M", store.FlowExport: "X", store.FlowReImport: "RM", store.FlowReExport: "RX"}
	for _, f := range q.Flows {
		code, ok := codes[f]
		if !ok {
			return aq, fmt.Errorf("comtrade: flow %q is not one of import, export, reimport, reexport", f)
		}
		aq.flows = append(aq.flows, code)
	}
	return aq, nil
}

// split halves the first list with more than one value, in the order
// periods, partners, reporters, HS codes, flows.
func (q apiQuery) split() (apiQuery, apiQuery, string, bool) {
	a, b := q, q
	switch {
	case len(q.periods) > 1:
		h := len(q.periods) / 2
		a.periods, b.periods = q.periods[:h], q.periods[h:]
		return a, b, "period", true
	case len(q.partners) > 1:
		h := len(q.partners) / 2
		a.partners, b.partners = q.partners[:h], q.partners[h:]
		return a, b, "partner", true
	case len(q.reporters) > 1:
		h := len(q.reporters) / 2
		a.reporters, b.reporters = q.reporters[:h], q.reporters[h:]
		return a, b, "reporter", true
	case len(q.cmds) > 1:
		h := len(q.cmds) / 2
		a.cmds, b.cmds = q.cmds[:h], q.cmds[h:]
		return a, b, "HS code", true
	case len(q.flows) > 1:
		h := len(q.flows) / 2
		a.flows, b.flows = q.flows[:h], q.flows[h:]
		return a, b, "flow", true
	}
	return q, q, "", false
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// url is the request URL of q. Only totals are asked for: partner2Code 0,
// customsCode C00, motCode 0, as TradeFlow has no room for breakdowns.
func (c *Client) url(q apiQuery) string {
	u := c.base.JoinPath("data/v1/get/C", q.freq, "HS")
	v := url.Values{}
	v.Set("reporterCode", joinInts(q.reporters))
	v.Set("period", strings.Join(q.periods, ","))
	v.Set("cmdCode", strings.Join(q.cmds, ","))
	if len(q.flows) > 0 {
		v.Set("flowCode", strings.Join(q.flows, ","))
	}
	if len(q.partners) > 0 {
		v.Set("partnerCode", joinInts(q.partners))
	}
	v.Set("partner2Code", "0")
	v.Set("customsCode", "C00")
	v.Set("motCode", "0")
	v.Set("maxRecords", strconv.Itoa(c.maxRecords))
	v.Set("format", "JSON")
	v.Set("breakdownMode", "classic")
	v.Set("includeDesc", "false")
	u.RawQuery = strings.ReplaceAll(v.Encode(), "%2C", ",")
	return u.String()
}

// Get fetches the flows q selects.
//
// The API returns at most MaxRecords rows a call and says nothing about
// rows left out, so a call that returns exactly that many is taken as cut
// off: its rows are dropped and the query is halved, by periods first,
// then partners, reporters, HS codes and flows, and each half fetched,
// recursively. A query of one of each that still hits the cap returns its
// rows with an error wrapping ErrCapped. Calls answered 429 (or 502, 503,
// 504, or a network error) are retried after the Retry-After the API
// gives, or with exponential backoff, at most MaxRetries times.
//
// Rows that do not convert are row errors in the result, as for Decode; an
// empty answer (count 0) is a result with no flows and no error. When Get
// fails after some calls succeeded, the result holds their rows.
func (c *Client) Get(ctx context.Context, q Query) (*Result, error) {
	aq, err := compile(q)
	if err != nil {
		return nil, err
	}
	out := &Result{Source: "comtrade API", Format: FormatJSON, Declared: -1}
	seen := map[string]bool{}
	err = c.get(ctx, aq, out, seen)
	return out, err
}

func (c *Client) get(ctx context.Context, q apiQuery, out *Result, seen map[string]bool) error {
	u := c.url(q)
	if len(u) > maxURL {
		a, b, _, ok := q.split()
		if !ok {
			return fmt.Errorf("comtrade: request URL of %d characters is over the API's limit", len(u))
		}
		if err := c.get(ctx, a, out, seen); err != nil {
			return err
		}
		return c.get(ctx, b, out, seen)
	}
	res, err := c.fetch(ctx, u)
	if err != nil {
		return err
	}
	if res.Rows >= c.maxRecords {
		a, b, by, ok := q.split()
		if !ok {
			merge(out, res, seen)
			return fmt.Errorf("comtrade: GET %s: %w: %d rows, and the query cannot be split further", u, ErrCapped, res.Rows)
		}
		c.log.InfoContext(ctx, "comtrade: response hit the row cap, splitting the query", "rows", res.Rows, "cap", c.maxRecords, "by", by)
		if err := c.get(ctx, a, out, seen); err != nil {
			return err
		}
		return c.get(ctx, b, out, seen)
	}
	merge(out, res, seen)
	return nil
}

func merge(out, res *Result, seen map[string]bool) {
	out.Rows += res.Rows
	for _, f := range res.Flows {
		if !seen[f.ID] {
			seen[f.ID] = true
			out.Flows = append(out.Flows, f)
		}
	}
	out.RowErrs = append(out.RowErrs, res.RowErrs...)
	out.Warnings = append(out.Warnings, res.Warnings...)
}

// fetch makes one call, with retries.
func (c *Client) fetch(ctx context.Context, u string) (*Result, error) {
	for attempt := 0; ; attempt++ {
		res, err := c.once(ctx, u)
		if err == nil {
			return res, nil
		}
		var rt *retryable
		if !errors.As(err, &rt) {
			return nil, fmt.Errorf("comtrade: GET %s: %w", u, err)
		}
		wait := rt.after
		if wait <= 0 {
			wait = c.backoff << attempt
			wait += time.Duration(rand.Int64N(int64(wait)/5 + 1))
			wait = min(wait, c.maxWait)
		}
		limited := rt.status == http.StatusTooManyRequests || rt.status == http.StatusForbidden
		switch {
		case wait > c.maxWait:
			return nil, fmt.Errorf("comtrade: GET %s: %w: the API asks to wait %s (longer than %s): %v", u, ErrRateLimited, wait, c.maxWait, rt.err)
		case attempt >= c.maxRetries && limited:
			return nil, fmt.Errorf("comtrade: GET %s: %w: gave up after %d attempts: %v", u, ErrRateLimited, attempt+1, rt.err)
		case attempt >= c.maxRetries:
			return nil, fmt.Errorf("comtrade: GET %s: gave up after %d attempts: %w", u, attempt+1, rt.err)
		}
		c.log.WarnContext(ctx, "comtrade: retrying", "attempt", attempt+1, "wait", wait, "err", rt.err)
		if err := c.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("comtrade: GET %s: waiting to retry: %w", u, err)
		}
	}
}

// retryable is a failure worth another try.
type retryable struct {
	status int
	after  time.Duration
	err    error
}

func (r *retryable) Error() string { return r.err.Error() }
func (r *retryable) Unwrap() error { return r.err }

func (c *Client) once(parent context.Context, u string) (*Result, error) {
	ctx, cancel := context.WithTimeout(parent, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Ocp-Apim-Subscription-Key", c.key)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "ExportScope-Comtrade/1")
	resp, err := c.hc.Do(req)
	if err != nil {
		if parent.Err() != nil {
			return nil, err
		}
		return nil, &retryable{err: err} // a network error or this attempt's timeout
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		apiErr := &APIError{StatusCode: resp.StatusCode, Message: errorMessage(resp.Body), RetryAfter: retryAfter(resp.Header.Get("Retry-After"))}
		switch resp.StatusCode {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return nil, &retryable{status: resp.StatusCode, after: apiErr.RetryAfter, err: apiErr}
		case http.StatusForbidden:
			// Comtrade answers 403 with a Retry-After when a quota is spent.
			if apiErr.RetryAfter > 0 {
				return nil, &retryable{status: resp.StatusCode, after: apiErr.RetryAfter, err: apiErr}
			}
		}
		return nil, apiErr
	}
	body := &limitedReader{r: resp.Body, n: c.maxBody}
	res, err := decode(body, req.URL.RequestURI(), FormatJSON)
	switch {
	case body.over:
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, c.maxBody)
	case body.err != nil && parent.Err() != nil:
		return nil, fmt.Errorf("reading the response: %w", body.err)
	case body.err != nil:
		return nil, &retryable{err: fmt.Errorf("reading the response: %w", body.err)}
	case err != nil:
		return nil, err
	}
	for _, e := range res.RowErrs {
		// A response that breaks off is not a partial answer to keep.
		if errors.Is(e, ErrTruncated) || errors.Is(e, ErrSyntax) {
			return nil, &retryable{err: fmt.Errorf("the response is cut short or malformed: %w", e)}
		}
	}
	if res.Format != FormatJSON {
		return nil, fmt.Errorf("the response is in the %v layout, not the v1 data API's", res.Format)
	}
	return res, nil
}

// errorMessage reads the message of an error body: the API Management
// gateway's {"statusCode":..,"message":".."}, Comtrade's
// {"errorObject":{"errorMessage":".."}}, or the start of a text body.
func errorMessage(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 4<<10))
	var v struct {
		Message     string `json:"message"`
		Error       string `json:"error"`
		ErrorObject struct {
			ErrorMessage string `json:"errorMessage"`
		} `json:"errorObject"`
	}
	if json.Unmarshal(b, &v) == nil {
		for _, m := range []string{v.ErrorObject.ErrorMessage, v.Message, v.Error} {
			if m != "" {
				return m
			}
		}
	}
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(h string) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// limitedReader fails reads past n bytes and remembers that it did, and
// remembers the first read error other than io.EOF.
type limitedReader struct {
	r    io.Reader
	n    int64
	over bool
	err  error
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// Probe for more input past the limit.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			l.over = true
			return 0, ErrTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if err != nil && err != io.EOF && l.err == nil {
		l.err = err
	}
	return n, err
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
