package comtrade

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/store"
)

const testKey = "test-subscription-key"

// fakeAPI is a fake Comtrade data API. Its handler answers each call in
// turn from answers (the last repeats), recording the requests.
type fakeAPI struct {
	t       *testing.T
	mu      sync.Mutex
	reqs    []*http.Request
	answers []func(w http.ResponseWriter, r *http.Request)
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.reqs = append(f.reqs, r)
	n := len(f.reqs)
	f.mu.Unlock()
	if r.Header.Get("Ocp-Apim-Subscription-Key") != testKey {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"statusCode": 401, "message": "Access denied due to missing subscription key."}`)
		return
	}
	if r.URL.Path != "/data/v1/get/C/A/HS" && r.URL.Path != "/data/v1/get/C/M/HS" {
		f.t.Errorf("request to %s", r.URL.Path)
	}
	f.answers[min(n, len(f.answers))-1](w, r)
}

func (f *fakeAPI) queries() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	var qs []url.Values
	for _, r := range f.reqs {
		qs = append(qs, r.URL.Query())
	}
	return qs
}

func serveBody(body []byte) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}
}

func serveStatus(code int, retryAfter, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprint(w, body)
	}
}

// newAPI starts a fake API and a client for it whose sleeps are recorded
// instead of slept.
func newAPI(t *testing.T, opts ClientOptions, answers ...func(http.ResponseWriter, *http.Request)) (*fakeAPI, *Client, *[]time.Duration) {
	t.Helper()
	api := &fakeAPI{t: t, answers: answers}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	opts.BaseURL = srv.URL
	if opts.SubscriptionKey == "" {
		opts.SubscriptionKey = testKey
	}
	c, err := NewClient(srv.Client(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var slept []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error {
		slept = append(slept, d)
		return ctx.Err()
	}
	return api, c, &slept
}

var fixtureQuery = Query{Reporters: []string{"CN"}, Partners: []string{"AR", "DE"}, Periods: []string{"2010"}, HS: []string{"TOTAL"}, Flows: []string{store.FlowImport, store.FlowExport}}

func TestClientGetFixture(t *testing.T) {
	api, c, slept := newAPI(t, ClientOptions{}, serveBody(readFixture(t, v1Fixture)))
	res, err := c.Get(context.Background(), fixtureQuery)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := ReadFile(fixture(t, v1Fixture))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, res.Flows); diff != "" {
		t.Errorf("flows mismatch (-want +got):\n%s", diff)
	}
	if len(res.RowErrs) != 0 || len(res.Warnings) != 0 || len(*slept) != 0 {
		t.Errorf("row errors %v, warnings %v, sleeps %v", res.RowErrs, res.Warnings, *slept)
	}
	q := api.queries()
	if len(q) != 1 {
		t.Fatalf("%d requests, want 1", len(q))
	}
	wantQ := url.Values{
		"reporterCode": {"156"}, "partnerCode": {"32,276"}, "period": {"2010"}, "cmdCode": {"TOTAL"}, "flowCode": {"M,X"},
		"partner2Code": {"0"}, "customsCode": {"C00"}, "motCode": {"0"}, "maxRecords": {"100000"},
		"format": {"JSON"}, "breakdownMode": {"classic"}, "includeDesc": {"false"},
	}
	if diff := cmp.Diff(wantQ, q[0]); diff != "" {
		t.Errorf("query mismatch (-want +got):\n%s", diff)
	}
	if strings.Contains(api.reqs[0].URL.String(), testKey) {
		t.Error("the subscription key is in the URL")
	}
}

func TestClientEmpty(t *testing.T) {
	_, c, _ := newAPI(t, ClientOptions{}, serveBody(readFixture(t, emptyFixture)))
	res, err := c.Get(context.Background(), fixtureQuery)
	if err != nil || len(res.Flows) != 0 || len(res.RowErrs) != 0 || len(res.Warnings) != 0 {
		t.Errorf("got %+v, %v; want an empty result and no error", res, err)
	}
}

func TestClientRetries(t *testing.T) {
	body := readFixture(t, v1Fixture)
	rateLimited := `{"statusCode": 429, "message": "Rate limit is exceeded. Try again in 1 seconds."}`
	for _, tc := range []struct {
		name       string
		opts       ClientOptions
		answers    []func(http.ResponseWriter, *http.Request)
		wantFlows  int
		wantSleeps []time.Duration // exact, or bounds for backoff (see check)
		wantErr    error
		wantMsg    string
	}{
		{
			name:       "429 then success",
			answers:    []func(http.ResponseWriter, *http.Request){serveStatus(429, "1", rateLimited), serveBody(body)},
			wantFlows:  4,
			wantSleeps: []time.Duration{time.Second},
		},
		{
			name:       "503 with an HTTP-date, then 429, then success",
			answers:    []func(http.ResponseWriter, *http.Request){serveStatus(503, time.Now().Add(-time.Minute).UTC().Format(http.TimeFormat), "down"), serveStatus(429, "3", rateLimited), serveBody(body)},
			wantFlows:  4,
			wantSleeps: []time.Duration{0, 3 * time.Second}, // a date in the past: backoff instead
		},
		{
			name:       "429 until the retries run out",
			opts:       ClientOptions{MaxRetries: 2},
			answers:    []func(http.ResponseWriter, *http.Request){serveStatus(429, "2", rateLimited)},
			wantSleeps: []time.Duration{2 * time.Second, 2 * time.Second},
			wantErr:    ErrRateLimited,
			wantMsg:    "gave up after 3 attempts: HTTP 429 Too Many Requests: Rate limit is exceeded. Try again in 1 seconds.",
		},
		{
			name:    "quota spent: a wait longer than MaxWait",
			answers: []func(http.ResponseWriter, *http.Request){serveStatus(403, "3600", `{"statusCode": 403, "message": "Out of call volume quota. Quota will be replenished in 01:00:00."}`)},
			wantErr: ErrRateLimited,
			wantMsg: "asks to wait 1h0m0s (longer than 2m0s)",
		},
		{
			name:    "no retries",
			opts:    ClientOptions{MaxRetries: -1},
			answers: []func(http.ResponseWriter, *http.Request){serveStatus(429, "1", rateLimited), serveBody(body)},
			wantErr: ErrRateLimited,
			wantMsg: "gave up after 1 attempts",
		},
		{
			name:    "bad request is not retried",
			answers: []func(http.ResponseWriter, *http.Request){serveStatus(400, "", `{"errorObject":{"errorMessage":"Invalid period"}}`)},
			wantMsg: "HTTP 400 Bad Request: Invalid period",
		},
		{
			name:    "a response cut short is retried",
			answers: []func(http.ResponseWriter, *http.Request){serveBody(body[:len(body)/2]), serveBody(body)},
			// backoff: one sleep between DefaultBackoff and 1.2 times it
			wantSleeps: []time.Duration{0},
			wantFlows:  4,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c, slept := newAPI(t, tc.opts, tc.answers...)
			res, err := c.Get(context.Background(), fixtureQuery)
			if tc.wantMsg != "" || tc.wantErr != nil {
				if err == nil {
					t.Fatalf("no error; %d flows", len(res.Flows))
				}
				if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
					t.Errorf("error %v is not %v", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.wantMsg) {
					t.Errorf("error %q does not say %q", err, tc.wantMsg)
				}
			} else if err != nil {
				t.Fatal(err)
			} else if len(res.Flows) != tc.wantFlows {
				t.Errorf("got %d flows, want %d", len(res.Flows), tc.wantFlows)
			}
			if len(*slept) != len(tc.wantSleeps) {
				t.Fatalf("slept %v, want %v", *slept, tc.wantSleeps)
			}
			for i, d := range *slept {
				if w := tc.wantSleeps[i]; w == 0 {
					if d < DefaultBackoff || d > DefaultBackoff*6/5 {
						t.Errorf("sleep %d: %v, want a backoff of %v plus up to 20%%", i, d, DefaultBackoff)
					}
				} else if d != w {
					t.Errorf("sleep %d: %v, want %v", i, d, w)
				}
			}
		})
	}
}

func TestClientUnauthorized(t *testing.T) {
	_, c, _ := newAPI(t, ClientOptions{SubscriptionKey: "wrong"}, serveBody(nil))
	_, err := c.Get(context.Background(), fixtureQuery)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || !strings.Contains(err.Error(), "missing subscription key") {
		t.Errorf("got %v, want an HTTP 401 APIError with the message", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Error("the key is in the error")
	}
}

// rowsFor answers a v1 query with one import row per reporter, partner,
// period and HS code asked for.
func rowsFor(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var rows []string
	for _, rep := range strings.Split(q.Get("reporterCode"), ",") {
		for _, p := range strings.Split(q.Get("partnerCode"), ",") {
			for _, per := range strings.Split(q.Get("period"), ",") {
				for _, cmd := range strings.Split(q.Get("cmdCode"), ",") {
					rows = append(rows, fmt.Sprintf(`{"typeCode":"C","freqCode":"A","refYear":%s,"refMonth":52,"period":"%s","reporterCode":%s,"flowCode":"M","partnerCode":%s,"partner2Code":0,"classificationCode":"H5","classificationSearchCode":"HS","cmdCode":"%s","customsCode":"C00","motCode":0,"primaryValue":1000}`, per, per, rep, p, cmd))
				}
			}
		}
	}
	max := len(rows)
	if m := q.Get("maxRecords"); m != "" {
		fmt.Sscan(m, &max)
	}
	rows = rows[:min(len(rows), max)]
	fmt.Fprintf(w, `{"elapsedTime":"0.1 secs","count":%d,"data":[%s],"error":""}`, len(rows), strings.Join(rows, ","))
}

func TestClientSplitsAtTheCap(t *testing.T) {
	api, c, _ := newAPI(t, ClientOptions{MaxRecords: 3}, rowsFor)
	q := Query{Reporters: []string{"CN"}, Partners: []string{"DE", "JP"}, Periods: []string{"2018", "2019"}, HS: []string{"251910"}}
	res, err := c.Get(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Flows {
		got = append(got, fmt.Sprintf("%s %s %d", f.Reporter, f.Partner, f.Year))
	}
	want := []string{"CN DE 2018", "CN JP 2018", "CN DE 2019", "CN JP 2019"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("flows mismatch (-want +got):\n%s", diff)
	}
	// 4 rows hit the cap of 3: split by period into two calls of 2 rows.
	var periods []string
	for _, v := range api.queries() {
		periods = append(periods, v.Get("period")+"/"+v.Get("partnerCode"))
	}
	if diff := cmp.Diff([]string{"2018,2019/276,392", "2018/276,392", "2019/276,392"}, periods); diff != "" {
		t.Errorf("calls mismatch (-want +got):\n%s", diff)
	}

	// One of each that still hits the cap cannot be split.
	_, c, _ = newAPI(t, ClientOptions{MaxRecords: 1}, rowsFor)
	res, err = c.Get(context.Background(), Query{Reporters: []string{"CN"}, Partners: []string{"DE"}, Periods: []string{"2019"}, HS: []string{"251910"}, Flows: []string{store.FlowImport}})
	if !errors.Is(err, ErrCapped) || len(res.Flows) != 1 {
		t.Errorf("got %d flows, %v; want the capped row and ErrCapped", len(res.Flows), err)
	}
}

func TestClientQueryErrors(t *testing.T) {
	_, c, _ := newAPI(t, ClientOptions{}, serveBody(nil))
	for _, tc := range []struct {
		name string
		q    Query
		want string
	}{
		{"no reporters", Query{Periods: []string{"2019"}, HS: []string{"TOTAL"}}, "needs reporters, periods and HS codes"},
		{"world reporter", Query{Reporters: []string{store.World}, Periods: []string{"2019"}, HS: []string{"TOTAL"}}, "the world is not a reporter"},
		{"bad country", Query{Reporters: []string{"XX"}, Periods: []string{"2019"}, HS: []string{"TOTAL"}}, `"XX": unknown country code`},
		{"monthly period for annual", Query{Reporters: []string{"CN"}, Periods: []string{"201903"}, HS: []string{"TOTAL"}}, "not a year YYYY"},
		{"bad frequency", Query{Freq: "Q", Reporters: []string{"CN"}, Periods: []string{"2019"}, HS: []string{"TOTAL"}}, "neither A nor M"},
		{"bad HS", Query{Reporters: []string{"CN"}, Periods: []string{"2019"}, HS: []string{"251"}}, `"251" is not an HS code`},
		{"bad flow", Query{Reporters: []string{"CN"}, Periods: []string{"2019"}, HS: []string{"TOTAL"}, Flows: []string{"M"}}, `flow "M"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := c.Get(context.Background(), tc.q); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

func TestClientCancelAndTimeout(t *testing.T) {
	slow := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	// A cancelled context is not retried.
	_, c, slept := newAPI(t, ClientOptions{}, slow)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := c.Get(ctx, fixtureQuery); !errors.Is(err, context.DeadlineExceeded) || len(*slept) != 0 {
		t.Errorf("got %v after sleeps %v; want DeadlineExceeded, no retries", err, *slept)
	}
	// A call over its own timeout is retried, then given up.
	_, c, slept = newAPI(t, ClientOptions{Timeout: 50 * time.Millisecond, MaxRetries: 1}, slow)
	if _, err := c.Get(context.Background(), fixtureQuery); err == nil || len(*slept) != 1 || !strings.Contains(err.Error(), "gave up after 2 attempts") {
		t.Errorf("got %v after sleeps %v; want 1 retry then an error", err, *slept)
	}
}

func TestClientTooLarge(t *testing.T) {
	_, c, _ := newAPI(t, ClientOptions{MaxBodyBytes: 1000}, serveBody(readFixture(t, v1Fixture)))
	if _, err := c.Get(context.Background(), fixtureQuery); !errors.Is(err, ErrTooLarge) {
		t.Errorf("got %v, want ErrTooLarge", err)
	}
}

func TestNewClient(t *testing.T) {
	for _, tc := range []struct {
		name string
		hc   *http.Client
		opts ClientOptions
	}{
		{"nil client", nil, ClientOptions{SubscriptionKey: "k"}},
		{"no key", http.DefaultClient, ClientOptions{}},
		{"relative base", http.DefaultClient, ClientOptions{SubscriptionKey: "k", BaseURL: "/api"}},
	} {
		if _, err := NewClient(tc.hc, tc.opts); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	c, err := NewClient(http.DefaultClient, ClientOptions{SubscriptionKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	aq, _ := compile(Query{Freq: "M", Reporters: []string{"DE"}, Periods: []string{"201903"}, HS: []string{"2519.10"}})
	if got, want := c.url(aq), "https://comtradeapi.un.org/data/v1/get/C/M/HS?breakdownMode=classic&cmdCode=251910&customsCode=C00&format=JSON&includeDesc=false&maxRecords=100000&motCode=0&partner2Code=0&period=201903&reporterCode=276"; got != want {
		t.Errorf("url\n got %s\nwant %s", got, want)
	}
}
