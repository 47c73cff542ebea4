package comtrade

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportscope/exportscope/store"
)

// fakeStore upserts trade flows into a map, validating them as a store
// does; it can reject chosen IDs or fail a whole call.
type fakeStore struct {
	docs    map[string]store.TradeFlow
	calls   []int // batch sizes
	reject  map[string]bool
	failAt  int // 1-based call that fails as a whole; 0 never
	failErr error
}

func newFakeStore() *fakeStore {
	return &fakeStore{docs: map[string]store.TradeFlow{}, reject: map[string]bool{}}
}

func (s *fakeStore) Bulk(ctx context.Context, docs []store.Doc) (store.BulkResult, error) {
	s.calls = append(s.calls, len(docs))
	var res store.BulkResult
	if s.failAt == len(s.calls) {
		for _, d := range docs {
			res.Items = append(res.Items, store.ItemResult{Kind: d.Kind(), ID: d.DocID(), Err: s.failErr})
		}
		return res, s.failErr
	}
	for _, d := range docs {
		it := store.ItemResult{Kind: d.Kind(), ID: d.DocID()}
		switch {
		case s.reject[d.DocID()]:
			it.Err = errors.New("disk full")
		default:
			if err := d.Validate(); err != nil {
				it.Err = err
				break
			}
			s.docs[d.DocID()] = *d.(*store.TradeFlow)
		}
		res.Items = append(res.Items, it)
	}
	return res, nil
}

// manyFlows makes n distinct valid flows (without IDs).
func manyFlows(n int) []store.TradeFlow {
	flows := make([]store.TradeFlow, n)
	for i := range flows {
		flows[i] = store.TradeFlow{Reporter: "CN", Partner: "DE", HS: fmt.Sprintf("%06d", 10000+i), Year: 2019,
			Flow: store.FlowExport, ValueUSD: float64(i), Source: Source}
	}
	return flows
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	st := newFakeStore()
	flows := manyFlows(1201)
	res, err := Import(ctx, st, flows)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ImportResult{Stored: 1201}, res); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{500, 500, 201}, st.calls); diff != "" {
		t.Errorf("batches mismatch (-want +got):\n%s", diff)
	}
	if flows[0].ID != "" {
		t.Error("Import changed its input")
	}
	// Again: the same IDs are replaced, nothing is added.
	if res, err := Import(ctx, st, flows); err != nil || res.Stored != 1201 || len(st.docs) != 1201 {
		t.Errorf("second import: %+v, %v, %d stored docs; want 1201 both", res, err, len(st.docs))
	}
	got := st.docs[store.TradeFlowID(&flows[7])]
	want := flows[7]
	want.ID = store.TradeFlowID(&want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored flow mismatch (-want +got):\n%s", diff)
	}
}

func TestImportRejects(t *testing.T) {
	st := newFakeStore()
	flows := manyFlows(5)
	flows[1].Partner = "ZZ" // fails validation
	flows[3].ID = "ignored"
	st.reject[store.TradeFlowID(&flows[4])] = true
	res, err := Import(context.Background(), st, flows)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stored != 3 || res.Failed != 2 || len(res.Errs) != 2 {
		t.Fatalf("got %+v, want 3 stored, 2 failed", res)
	}
	if msg := res.Errs[0].Error(); !strings.Contains(msg, "comtrade import flow 1 (CN export from/to ZZ HS 010001 2019") || !strings.Contains(msg, "partner") {
		t.Errorf("message: %s", msg)
	}
	if msg := res.Errs[1].Error(); !strings.Contains(msg, "flow 4") || !strings.Contains(msg, "disk full") {
		t.Errorf("message: %s", msg)
	}
	if _, ok := st.docs[store.TradeFlowID(&flows[3])]; !ok {
		t.Error("a flow with a wrong ID was not stored under its stable ID")
	}
}

func TestImportStoreDown(t *testing.T) {
	st := newFakeStore()
	st.failAt, st.failErr = 2, store.ErrUnavailable
	res, err := Import(context.Background(), st, manyFlows(1200))
	if !errors.Is(err, store.ErrUnavailable) || !strings.Contains(err.Error(), "flows 500..999 of 1200") {
		t.Errorf("error %v", err)
	}
	if res.Stored != 500 || res.Failed != 0 || len(st.calls) != 2 {
		t.Errorf("got %+v after %d calls; want 500 stored, none counted failed, 2 calls", res, len(st.calls))
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Import(ctx, newFakeStore(), manyFlows(3)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if res, err := Import(context.Background(), newFakeStore(), nil); err != nil || res.Stored != 0 {
		t.Errorf("no flows: %+v, %v", res, err)
	}
}

func TestImportFixture(t *testing.T) {
	flows, _, err := ReadFile(fixture(t, v1Fixture))
	if err != nil {
		t.Fatal(err)
	}
	st := newFakeStore()
	for range 2 {
		res, err := Import(context.Background(), st, flows)
		if err != nil || res.Stored != 4 || res.Failed != 0 {
			t.Fatalf("%+v, %v", res, err)
		}
	}
	if len(st.docs) != 4 {
		t.Errorf("%d documents after importing the fixture twice, want 4", len(st.docs))
	}
}
