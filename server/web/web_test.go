package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
)

func TestHandler(t *testing.T) {
	assets := fstest.MapFS{
		"index.html":          {Data: []byte("<!doctype html><title>app</title>")},
		"assets/index-abc.js": {Data: []byte("console.log(1)")},
		"favicon.svg":         {Data: []byte("<svg/>")},
	}
	h, err := Handler(assets, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, wantCache, wantType string
		wantStatus                int
	}{
		{"/", "no-cache", "text/html; charset=utf-8", 200},
		{"/index.html", "no-cache", "text/html; charset=utf-8", 200},
		{"/listings", "no-cache", "text/html; charset=utf-8", 200},
		{"/reports/abc123", "no-cache", "text/html; charset=utf-8", 200},
		{"/assets/index-abc.js", "public, max-age=31536000, immutable", "text/javascript; charset=utf-8", 200},
		{"/favicon.svg", "no-cache", "image/svg+xml", 200},
		{"/assets/missing-123.js", "no-store", "text/plain; charset=utf-8", 404},
		{"/../../etc/passwd", "no-cache", "text/html; charset=utf-8", 200},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if got := rec.Header().Get("Cache-Control"); got != tt.wantCache {
				t.Errorf("Cache-Control = %q, want %q", got, tt.wantCache)
			}
			if got := rec.Header().Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
			}
			for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
				if rec.Header().Get(k) == "" {
					t.Errorf("no %s header", k)
				}
			}
		})
	}
}

func TestNewServesAppOrFallback(t *testing.T) {
	h, err := New()
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusOK || rec.Body.Len() == 0 {
		t.Fatalf("GET / = %d with %d bytes", rec.Code, rec.Body.Len())
	}
}
