package teaching

import (
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
