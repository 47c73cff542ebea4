// Package elastic is the Elasticsearch backend of the market-data store. It
// speaks to Elasticsearch 8 through the official Go client and keeps each
// document kind in its own versioned index behind an alias (see
// mapping.go). Every read builds its query through scoped, which filters
// on the scope's tenant, so no query path can see another tenant's data.
package elastic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/exportscope/exportscope/store"
)

var _ store.Store = (*Store)(nil)

// Config configures a Store.
type Config struct {
	// URLs of the cluster's nodes, e.g. http://127.0.0.1:9200.
	URLs []string
	// IndexPrefix names the store's indices, aliases and templates
	// (<prefix>-listing, ...): lower case letters, digits, '-' and '_'.
	IndexPrefix string
	// Logger receives retries and migrations; nil discards them.
	Logger *slog.Logger
	// Username and Password for basic authentication, if the cluster wants
	// it.
	Username, Password string
	// Shards and Replicas of new indices; 0 means 1 shard and 0 replicas.
	// One shard keeps terms counts exact.
	Shards, Replicas int
	// MaxRetries is how often the client retries one request on a network
	// error or a 429, 502, 503 or 504; 0 means 3.
	MaxRetries int
	// RetryFor bounds how long Bulk keeps resending documents that the
	// cluster could not take (unreachable, or rejected with 429); 0 means
	// one minute. After it, those documents are reported not stored and
	// Bulk's error wraps store.ErrUnavailable.
	RetryFor time.Duration
	// NoRefresh skips the refresh at the end of Bulk and Delete. By
	// default a search sees the documents once Bulk has returned.
	NoRefresh bool
	// RequestTimeout bounds the wait for a response's headers, so that a
	// node that hangs fails the request instead of blocking it; 0 means two
	// minutes. It applies to the store's own transport only.
	RequestTimeout time.Duration
	// Transport overrides the HTTP transport (tests, TLS settings).
	Transport http.RoundTripper
}

var prefixPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// Store is the Elasticsearch market-data store. It is safe for concurrent
// use.
type Store struct {
	cfg Config
	es  *elasticsearch.Client
	log *slog.Logger

	mu       sync.RWMutex // held for reading by running operations
	closed   bool
	inflight sync.WaitGroup
}

// Open connects to the cluster and makes sure that the index templates and
// each kind's index and alias exist.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if len(cfg.URLs) == 0 {
		return nil, errors.New("elastic: no URLs")
	}
	if !prefixPattern.MatchString(cfg.IndexPrefix) {
		return nil, fmt.Errorf("elastic: index prefix %q must be lower case letters, digits, '-' and '_'", cfg.IndexPrefix)
	}
	if cfg.Shards <= 0 {
		cfg.Shards = 1
	}
	if cfg.Replicas < 0 {
		cfg.Replicas = 0
	}
	if cfg.MaxRetries <= 0 {
		cfg.MaxRetries = 3
	}
	if cfg.RetryFor <= 0 {
		cfg.RetryFor = time.Minute
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 2 * time.Minute
	}
	if cfg.Transport == nil {
		// Our own, so that Close can release its connections.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.ResponseHeaderTimeout = cfg.RequestTimeout
		cfg.Transport = t
	}
	es, err := elasticsearch.NewClient(elasticsearch.Config{
		Addresses: cfg.URLs,
		Username:  cfg.Username,
		Password:  cfg.Password,
		Transport: cfg.Transport,
		// The transport retries network errors by itself; these statuses
		// too, with backoff. Bulk retries rejected items on its own.
		RetryOnStatus: []int{http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout},
		MaxRetries:    cfg.MaxRetries,
		RetryBackoff:  func(attempt int) time.Duration { return backoff(attempt, 100*time.Millisecond, 2*time.Second) },
	})
	if err != nil {
		return nil, fmt.Errorf("elastic: %w", err)
	}
	s := &Store{cfg: cfg, es: es, log: log.With("store", "elastic", "prefix", cfg.IndexPrefix)}
	if err := s.ensure(ctx); err != nil {
		return nil, fmt.Errorf("elastic: open: %w", err)
	}
	return s, nil
}

// backoff is exponential with full jitter: a random wait in
// [0, min(max, base·2^attempt)], at least base/2.
func backoff(attempt int, base, max time.Duration) time.Duration {
	d := base << min(attempt, 20)
	if d > max || d <= 0 {
		d = max
	}
	return base/2 + rand.N(d)
}

// enter registers a running operation; it fails once the store is closed.
func (s *Store) enter() (done func(), err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, fmt.Errorf("%w: store is closed", store.ErrUnavailable)
	}
	s.inflight.Add(1)
	return s.inflight.Done, nil
}

// Close waits for running operations, then releases idle connections.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.inflight.Wait()
	if t, ok := s.cfg.Transport.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
	return nil
}

// Ping checks that the cluster answers and is not red.
func (s *Store) Ping(ctx context.Context) error {
	done, err := s.enter()
	if err != nil {
		return err
	}
	defer done()
	var h struct {
		Status string `json:"status"`
	}
	if err := s.do(ctx, esapi.ClusterHealthRequest{}, &h); err != nil {
		return fmt.Errorf("elastic: ping: %w", err)
	}
	if h.Status == "red" {
		return fmt.Errorf("elastic: ping: %w: cluster health is red", store.ErrUnavailable)
	}
	return nil
}

// Counts counts the documents of each kind over all tenants.
func (s *Store) Counts(ctx context.Context) (map[store.Kind]int64, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	out := make(map[store.Kind]int64, len(store.Kinds))
	for _, kind := range store.Kinds {
		var res struct {
			Count int64 `json:"count"`
		}
		if err := s.do(ctx, esapi.CountRequest{Index: []string{s.alias(kind)}}, &res); err != nil {
			return nil, fmt.Errorf("elastic: count %s: %w", kind, err)
		}
		out[kind] = res.Count
	}
	return out, nil
}

// esError is an error response of Elasticsearch.
type esError struct {
	Status int
	Type   string
	Reason string
}

func (e *esError) Error() string {
	return fmt.Sprintf("elasticsearch: %d %s: %s", e.Status, e.Type, e.Reason)
}

// Unwrap makes overload and server errors store.ErrUnavailable.
func (e *esError) Unwrap() error {
	if e.Status == http.StatusTooManyRequests || e.Status >= 500 {
		return store.ErrUnavailable
	}
	return nil
}

// do sends req, closes the response body, turns an error response into
// an *esError and decodes a successful one into out (unless nil). A
// request that could not be sent at all wraps store.ErrUnavailable.
func (s *Store) do(ctx context.Context, req esapi.Request, out any) error {
	res, err := req.Do(ctx, s.es)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	defer res.Body.Close()
	if res.IsError() {
		return decodeError(res)
	}
	if out == nil {
		_, err := io.Copy(io.Discard, res.Body)
		if err != nil {
			return fmt.Errorf("%w: reading response: %v", store.ErrUnavailable, err)
		}
		return nil
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return fmt.Errorf("%w: decoding response: %v", store.ErrUnavailable, err)
	}
	return nil
}

func decodeError(res *esapi.Response) error {
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	var e struct {
		Error json.RawMessage `json:"error"`
	}
	ee := &esError{Status: res.StatusCode}
	if json.Unmarshal(body, &e) == nil && len(e.Error) > 0 {
		var detail struct {
			Type      string `json:"type"`
			Reason    string `json:"reason"`
			RootCause []struct {
				Type   string `json:"type"`
				Reason string `json:"reason"`
			} `json:"root_cause"`
		}
		if json.Unmarshal(e.Error, &detail) == nil {
			ee.Type, ee.Reason = detail.Type, detail.Reason
			if len(detail.RootCause) > 0 && detail.RootCause[0].Reason != detail.Reason {
				ee.Reason += " (" + detail.RootCause[0].Type + ": " + detail.RootCause[0].Reason + ")"
			}
		} else {
			ee.Reason = strings.Trim(string(e.Error), `"`)
		}
	} else {
		ee.Reason = strings.TrimSpace(string(body))
	}
	if ee.Type == "" {
		ee.Type = http.StatusText(res.StatusCode)
	}
	return ee
}
