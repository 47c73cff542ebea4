package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/exportscope/exportscope/store"
	"github.com/exportscope/exportscope/store/elastic"
)

// TestMigrateElastic sets up a snapshot index of mapping version 1 (before
// the search-position fields) behind its alias, with one document, as an
// older build left it; `exportscope migrate` must move the alias to the
// version 2 index with the document, after which a search snapshot can be
// stored.
func TestMigrateElastic(t *testing.T) {
	url := os.Getenv("EXPORTSCOPE_ES_URL")
	if url == "" {
		t.Skip("EXPORTSCOPE_ES_URL is not set")
	}
	ctx := context.Background()
	prefix := fmt.Sprintf("climigrate%d", time.Now().UnixNano()%1_000_000_000)
	t.Cleanup(func() {
		st, err := elastic.Open(ctx, elastic.Config{URLs: []string{url}, IndexPrefix: prefix})
		if err == nil {
			st.Drop(ctx)
			st.Close()
		}
	})
	es := func(method, path, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, method, url+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	alias := prefix + "-snapshot"
	v1 := `{"aliases": {"` + alias + `": {}}, "mappings": {"dynamic": "strict", "properties": {
		"tenant": {"type": "keyword"}, "id": {"type": "keyword"}, "listingId": {"type": "keyword"},
		"marketplace": {"type": "keyword"}, "country": {"type": "keyword"}, "time": {"type": "date"},
		"price": {"type": "double"}, "currency": {"type": "keyword"}, "priceUSD": {"type": "double"},
		"rating": {"type": "double"}, "reviewCount": {"type": "integer"}, "salesRank": {"type": "integer"}}}}`
	if code, body := es(http.MethodPut, "/"+alias+"-v1", v1); code != http.StatusOK {
		t.Fatalf("create the old index: %d %s", code, body)
	}
	doc := `{"tenant": "", "id": "s1", "listingId": "l1", "marketplace": "shop.DE", "country": "DE", "time": "2024-01-01T00:00:00Z", "price": 9.5, "currency": "EUR", "reviewCount": 3}`
	if code, body := es(http.MethodPut, "/"+alias+"/_doc/s1?refresh=true", doc); code != http.StatusCreated {
		t.Fatalf("store a document in the old index: %d %s", code, body)
	}

	env := map[string]string{"EXPORTSCOPE_ES_URL": url}
	out, errOut, code := run(ctx, env, "migrate", "--check", "--es-index-prefix", prefix, "--data", t.TempDir())
	if code != 0 {
		t.Fatalf("migrate --check: exit %d: %s", code, errOut)
	}
	var state map[string]elastic.IndexState
	if err := json.Unmarshal([]byte(out), &state); err != nil {
		t.Fatalf("migrate --check printed no JSON: %v\n%s", err, out)
	}
	if s := state["snapshot"]; s.Current != alias+"-v1" || s.Want != alias+"-v2" {
		t.Errorf("before: snapshot alias %+v, want v1 current and v2 wanted", s)
	}

	out, errOut, code = run(ctx, env, "migrate", "--drop-old", "--es-index-prefix", prefix, "--data", t.TempDir())
	if code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, errOut)
	}
	state = nil
	if err := json.Unmarshal([]byte(out), &state); err != nil {
		t.Fatalf("migrate printed no JSON: %v\n%s", err, out)
	}
	for kind, s := range state {
		if s.Current != s.Want {
			t.Errorf("after: %s alias points to %s, want %s", kind, s.Current, s.Want)
		}
	}
	if code, _ := es(http.MethodHead, "/"+alias+"-v1", ""); code != http.StatusNotFound {
		t.Errorf("the old index is still there (HEAD %d) after --drop-old", code)
	}

	st, err := elastic.Open(ctx, elastic.Config{URLs: []string{url}, IndexPrefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.Get(ctx, store.Public, store.KindSnapshot, []string{"s1"})
	if err != nil || len(got) != 1 || *got[0].(*store.Snapshot).Price != 9.5 {
		t.Fatalf("the old document after the migration: %v, %v", got, err)
	}
	at := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	search := &store.Snapshot{ID: store.SearchSnapshotID("l1", "shop.DE", "magnesia", 1, at), ListingID: "l1", Marketplace: "shop.DE",
		Country: "DE", Time: at, SearchQuery: "magnesia", SearchPage: 1, SearchPosition: 1, Brand: "Acme"}
	res, err := st.Bulk(ctx, []store.Doc{search})
	if err == nil {
		err = res.Err()
	}
	if err != nil {
		t.Errorf("store a search snapshot after the migration: %v", err)
	}

	// Without Elasticsearch the command says what it needs.
	_, errOut, code = run(ctx, nil, "migrate", "--data", t.TempDir())
	if code != 2 || !strings.Contains(errOut, "give --es URL") {
		t.Errorf("migrate without --es: exit %d, %q", code, errOut)
	}
}
