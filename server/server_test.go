package server_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/exportscope/exportscope/server"
)

type pinger struct{ err error }

func (p pinger) Ping(context.Context) error { return p.err }

func TestReadyz(t *testing.T) {
	for _, tc := range []struct {
		name     string
		deps     map[string]server.Pinger
		wantCode int
		wantBody string
	}{
		{"all up", map[string]server.Pinger{"market store": pinger{}}, 200, "market store: ok"},
		{"store down", map[string]server.Pinger{"market store": pinger{errors.New("connection refused")}, "control database": pinger{}}, 503, "market store: unavailable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := server.New(server.Options{Addr: "127.0.0.1:0", Logger: slog.New(slog.DiscardHandler), Ready: tc.deps})
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
			body, _ := io.ReadAll(rec.Body)
			if rec.Code != tc.wantCode || !strings.Contains(string(body), tc.wantBody) {
				t.Errorf("got %d %q, want %d containing %q", rec.Code, body, tc.wantCode, tc.wantBody)
			}
			if strings.Contains(string(body), "connection refused") {
				t.Errorf("readyz leaks the dependency's error text: %q", body)
			}
		})
	}
}

func TestPanicsBecome500(t *testing.T) {
	srv, err := server.New(server.Options{Addr: "127.0.0.1:0", Logger: slog.New(slog.DiscardHandler),
		Mounts: map[string]http.Handler{"GET /boom": http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })}})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "boom") {
		t.Errorf("got %d %q, want 500 without the panic text", rec.Code, rec.Body.String())
	}
}

// TestBeforeRunsFirst: Before middleware (the portals, chosen by Host)
// answers before the mux's catch-all app route and passes other requests
// on, in order.
func TestBeforeRunsFirst(t *testing.T) {
	byHost := func(host, answer string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Host == host {
					io.WriteString(w, answer)
					return
				}
				next.ServeHTTP(w, r)
			})
		}
	}
	srv, err := server.New(server.Options{Addr: "127.0.0.1:0", Logger: slog.New(slog.DiscardHandler),
		Mounts: map[string]http.Handler{"GET /": http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "app") })},
		Before: []func(http.Handler) http.Handler{byHost("portal.example.org", "portal"), byHost("other.example.org", "other")}})
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]string{"portal.example.org": "portal", "other.example.org": "other", "127.0.0.1:8080": "app"} {
		r := httptest.NewRequest("GET", "/anything", nil)
		r.Host = host
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, r)
		if rec.Body.String() != want {
			t.Errorf("Host %s: got %q, want %q", host, rec.Body.String(), want)
		}
	}
}
