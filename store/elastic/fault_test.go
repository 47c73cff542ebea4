package elastic_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/elastic"
	"github.com/exportscope/exportscope/store/storetest"
)

// proxy is a TCP proxy between the store and the node that a test can cut
// (every open connection is closed, new ones are closed at once) and
// restore. Cutting it looks to the client like the node going away.
type proxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	down  bool
	conns map[net.Conn]bool

	upBytes atomic.Int64 // client to node
	// cutAt, when > 0, cuts the proxy once upBytes reaches it.
	cutAt atomic.Int64
	onCut func()
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() {
		ln.Close()
		p.cut()
	})
	go p.serve()
	return p
}

func (p *proxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down := p.down
		p.mu.Unlock()
		if down {
			c.Close()
			continue
		}
		go p.pipe(c)
	}
}

func (p *proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.down {
		c.Close()
		return false
	}
	p.conns[c] = true
	return true
}

func (p *proxy) pipe(c net.Conn) {
	u, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	if !p.track(c) || !p.track(u) {
		c.Close()
		u.Close()
		return
	}
	go func() {
		io.Copy(c, u)
		c.Close()
	}()
	buf := make([]byte, 32<<10)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			total := p.upBytes.Add(int64(n))
			if at := p.cutAt.Load(); at > 0 && total >= at && p.cutAt.CompareAndSwap(at, 0) {
				p.cut()
				if p.onCut != nil {
					go p.onCut()
				}
				break
			}
			if _, werr := u.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	u.Close()
	c.Close()
}

// cut closes every connection and refuses new ones until restore.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

func (p *proxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
}

func nodeAddr(t *testing.T) string {
	u, err := url.Parse(esURL(t))
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// listings returns n generated listings as documents.
func listings(n int) []store.Doc {
	return storetest.BenchBatch(0, n)
}

// checkExactlyOnce asserts that direct holds exactly the listings docs:
// each ID once, nothing else.
func checkExactlyOnce(t *testing.T, direct store.Store, docs []store.Doc) {
	t.Helper()
	seen := map[string]int{}
	err := direct.Scan(context.Background(), store.ScanQuery{Kind: store.KindListing, BatchSize: 5000}, func(ds []store.Doc) error {
		for _, d := range ds {
			seen[d.DocID()]++
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	counts, err := direct.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if counts[store.KindListing] != int64(len(docs)) {
		t.Errorf("the index holds %d listings, want %d", counts[store.KindListing], len(docs))
	}
	for _, d := range docs {
		if seen[d.DocID()] != 1 {
			t.Errorf("listing %s is there %d times, want once", d.DocID(), seen[d.DocID()])
		}
		delete(seen, d.DocID())
	}
	if len(seen) > 0 {
		t.Errorf("%d unexpected listings", len(seen))
	}
}

// TestBulkSurvivesOutage cuts the connection to the node in the middle of a
// bulk ingest, restores it two seconds later, and checks that Bulk reports
// every document stored and that each is there exactly once.
func TestBulkSurvivesOutage(t *testing.T) {
	p := newProxy(t, nodeAddr(t))
	prefix := uniquePrefix(t)
	st := open(t, elastic.Config{URLs: []string{p.URL()}, IndexPrefix: prefix, RetryFor: time.Minute})
	defer st.Close()
	direct := open(t, elastic.Config{IndexPrefix: prefix})
	defer direct.Close()

	docs := listings(20000) // about 12 MB of bulk requests
	var cutTime, restoreTime time.Time
	p.onCut = func() {
		cutTime = time.Now()
		time.Sleep(2 * time.Second)
		restoreTime = time.Now()
		p.restore()
	}
	p.cutAt.Store(p.upBytes.Load() + 3<<20) // 3 MB into the ingest
	start := time.Now()
	res, err := st.Bulk(context.Background(), docs)
	if err != nil {
		t.Fatalf("Bulk: %v", err)
	}
	if cutTime.IsZero() || restoreTime.IsZero() {
		t.Fatal("the proxy was never cut: the test proved nothing")
	}
	t.Logf("bulk of %d took %s; the node was unreachable for %s, from %s into the bulk",
		len(docs), time.Since(start).Round(time.Millisecond), restoreTime.Sub(cutTime).Round(time.Millisecond), cutTime.Sub(start).Round(time.Millisecond))
	if res.Stored() != len(docs) {
		t.Fatalf("stored %d of %d: %v", res.Stored(), len(docs), res.Err())
	}
	checkExactlyOnce(t, direct, docs)
}

// TestBulkGivesUp cuts the connection in the middle of a bulk ingest for
// good: Bulk must fail with ErrUnavailable once its retry time is up, and
// every document it reports stored must be stored.
func TestBulkGivesUp(t *testing.T) {
	p := newProxy(t, nodeAddr(t))
	prefix := uniquePrefix(t)
	st := open(t, elastic.Config{URLs: []string{p.URL()}, IndexPrefix: prefix, RetryFor: 3 * time.Second, MaxRetries: 1})
	defer st.Close()
	direct := open(t, elastic.Config{IndexPrefix: prefix})
	defer direct.Close()

	// A first ingest gets through, so that some documents are stored.
	docs := listings(22000)
	first, err := st.Bulk(context.Background(), docs[:2000])
	if err != nil || first.Stored() != 2000 {
		t.Fatalf("first Bulk: %v %v", err, first.Err())
	}
	p.cutAt.Store(p.upBytes.Load() + 3<<20)
	res, err := st.Bulk(context.Background(), docs[2000:])
	res.Items = append(first.Items, res.Items...)
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Bulk with the node gone: got %v, want ErrUnavailable", err)
	}
	if len(res.Items) != len(docs) {
		t.Fatalf("%d results for %d documents", len(res.Items), len(docs))
	}
	var claimed []string
	for _, it := range res.Items {
		if it.Err == nil {
			claimed = append(claimed, it.ID)
		} else if !errors.Is(it.Err, store.ErrUnavailable) {
			t.Errorf("item %s: %v does not wrap ErrUnavailable", it.ID, it.Err)
		}
	}
	t.Logf("%d of %d reported stored; error: %.200s", len(claimed), len(docs), err)
	got, err := direct.Get(context.Background(), store.Public, store.KindListing, claimed)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(claimed) {
		t.Errorf("%d documents were reported stored, but only %d are", len(claimed), len(got))
	}
	if err := st.Ping(context.Background()); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("Ping with the node gone: got %v, want ErrUnavailable", err)
	}
	if _, err := st.SearchListings(context.Background(), store.ListingQuery{}); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("SearchListings with the node gone: got %v, want ErrUnavailable", err)
	}
}

// rejecting is a transport that answers the first bulk request itself,
// rejecting every item with 429 as an overloaded node does, and passes
// everything else on.
type rejecting struct {
	next     http.RoundTripper
	rejected atomic.Int64
	bulks    atomic.Int64
}

func (r *rejecting) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Path, "/_bulk") || r.bulks.Add(1) > 1 {
		return r.next.RoundTrip(req)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	req.Body.Close()
	var items []any
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 0; sc.Scan(); line++ {
		if line%2 == 1 {
			continue // the document
		}
		var meta map[string]struct {
			ID string `json:"_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &meta); err != nil {
			return nil, err
		}
		items = append(items, map[string]any{"index": map[string]any{
			"_id": meta["index"].ID, "status": 429,
			"error": map[string]any{"type": "es_rejected_execution_exception", "reason": "rejected execution (test)"},
		}})
		r.rejected.Add(1)
	}
	out, _ := json.Marshal(map[string]any{"took": 1, "errors": true, "items": items})
	return &http.Response{
		StatusCode: http.StatusOK,
		Header: http.Header{
			"Content-Type":      {"application/json"},
			"X-Elastic-Product": {"Elasticsearch"},
		},
		Body:    io.NopCloser(bytes.NewReader(out)),
		Request: req,
	}, nil
}

// TestBulkRetriesRejectedItems: items rejected with 429 (which the bulk
// indexer reports with a nil error and never retries) are sent again.
func TestBulkRetriesRejectedItems(t *testing.T) {
	rt := &rejecting{next: http.DefaultTransport.(*http.Transport).Clone()}
	prefix := uniquePrefix(t)
	st := open(t, elastic.Config{IndexPrefix: prefix, Transport: rt})
	defer st.Close()
	docs := listings(300)
	res, err := st.Bulk(context.Background(), docs)
	if err != nil {
		t.Fatalf("Bulk: %v", err)
	}
	if rt.rejected.Load() == 0 {
		t.Fatal("no item was rejected: the test proved nothing")
	}
	if res.Stored() != len(docs) {
		t.Fatalf("stored %d of %d: %v", res.Stored(), len(docs), res.Err())
	}
	t.Logf("%d items rejected with 429 in the first round, %d bulk requests in all", rt.rejected.Load(), rt.bulks.Load())
	checkExactlyOnce(t, st, docs)
}

// TestMappingConflictNamesField gives the store an index whose mapping
// disagrees with a document (as an index made by an older version might):
// the documents that do not fit are refused naming document and field, the
// others are stored.
func TestMappingConflictNamesField(t *testing.T) {
	prefix := uniquePrefix(t)
	body := `{"aliases":{"` + prefix + `-listing":{}},"mappings":{"properties":{"brand":{"type":"integer"}}}}`
	req, _ := http.NewRequest(http.MethodPut, esURL(t)+"/"+prefix+"-listing-v1", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("creating the conflicting index: %s", resp.Status)
	}
	st := open(t, elastic.Config{IndexPrefix: prefix})
	defer st.Close()

	docs := listings(4)
	docs[1].(*store.Listing).Brand = "" // no brand: fits
	docs[3].(*store.Listing).Brand = "" // no brand: fits
	res, err := st.Bulk(context.Background(), docs)
	if err != nil {
		t.Fatalf("Bulk: %v", err)
	}
	for i, it := range res.Items {
		if i == 1 || i == 3 {
			if it.Err != nil {
				t.Errorf("item %d: %v", i, it.Err)
			}
			continue
		}
		var ve *store.ValidationError
		if !errors.As(it.Err, &ve) || ve.ID != docs[i].DocID() || ve.Field != "brand" {
			t.Errorf("item %d: got %v, want a validation error naming %s and field brand", i, it.Err, docs[i].DocID())
			continue
		}
		t.Logf("item %d: %v", i, it.Err)
	}
	counts, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if counts[store.KindListing] != 2 {
		t.Errorf("%d listings stored, want 2", counts[store.KindListing])
	}
}
