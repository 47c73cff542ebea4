package teaching

import (
	"context"
	"time"

	"github.com/exportscope/exportscope/server/apperr"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// The transport itself dials only the practice listener, whatever URL a
// request names: the wall behind the host checks.
func TestLabTransportDialsOnlyPractice(t *testing.T) {
	var hits atomic.Int64
	outside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer outside.Close()
	l, err := NewLab(LabOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := l.client.Get(outside.URL); err == nil {
		t.Error("the lab's client reached another server")
	}
	if hits.Load() != 0 {
		t.Error("the outside server was reached")
	}
	resp, err := l.client.Get("http://" + l.addr + "/robots.txt")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("practice robots.txt: %d", resp.StatusCode)
	}
}

// Runs beyond the concurrency cap wait their turn, then are refused.
func TestLabBusyIsRateLimited(t *testing.T) {
	l, err := NewLab(LabOptions{Seed: 1, Concurrent: 1, Wait: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.slots <- struct{}{} // a run in progress
	_, err = l.Run(context.Background(), "name: x\nmarkets:\n  - {host: practicemart.us, country: US, locale: en-US}\npages:\n  - name: p\n    urls: ['/']\n    fields: {title: h1}\n", "", "https://practicemart.us/us/")
	if code, _ := apperr.Public(err); code != apperr.CodeRateLimited {
		t.Fatalf("busy lab: %v, want RATE_LIMITED", err)
	}
	<-l.slots
	res, err := l.Run(context.Background(), "name: x\nmarkets:\n  - {host: practicemart.us, country: US, locale: en-US}\npages:\n  - name: p\n    urls: ['/']\n    fields: {title: h1}\n", "", "https://practicemart.us/us/")
	if err != nil || res.Pages != 1 {
		t.Fatalf("free lab: %d pages, %v", res.Pages, err)
	}
}
