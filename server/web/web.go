// Package web serves ExportScope's single-page web app (frontend/, built by
// Vite into dist/app) from files embedded in the binary.
//
// dist/fallback.html is committed and dist/app is not (the frontend build
// writes it), so `go build ./...` works in a fresh clone: a binary built
// without the app serves the fallback page that says how to build it.
package web

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed all:dist
var dist embed.FS

// Assets returns the built app, or ok=false when the binary was built
// without it.
func Assets() (assets fs.FS, ok bool) {
	sub, err := fs.Sub(dist, "dist/app")
	if err != nil {
		return nil, false
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return nil, false
	}
	return sub, true
}

// securityHeaders are sent with every answer. The CSP allows only this
// origin; 'unsafe-inline' styles are needed by ECharts' tooltips and React's
// style attributes, never scripts.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
		"base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options":       "nosniff",
	"X-Frame-Options":              "DENY",
	"Referrer-Policy":              "strict-origin-when-cross-origin",
	"Permissions-Policy":           "camera=(), microphone=(), geolocation=()",
	"Cross-Origin-Opener-Policy":   "same-origin",
	"Cross-Origin-Resource-Policy": "same-origin",
}

// Handler serves the app: files under assets/ (content-hashed by Vite) are
// cached for a year; any other path without a file extension gets
// the index page (the SPA fallback, never cached) so that the app's own routes
// survive a reload; a missing file with an extension is 404.
func Handler(assets fs.FS, indexName string) (http.Handler, error) {
	if assets == nil {
		return nil, errors.New("web: no assets")
	}
	index, err := fs.ReadFile(assets, indexName)
	if err != nil {
		return nil, fmt.Errorf("web: assets have no %s: %w", indexName, err)
	}
	files := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range securityHeaders {
			h.Set(k, v)
		}
		p := path.Clean("/" + r.URL.Path)
		name := strings.TrimPrefix(p, "/")
		if name != "" && name != "index.html" {
			if st, err := fs.Stat(assets, name); err == nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					h.Set("Cache-Control", "public, max-age=31536000, immutable")
				} else {
					h.Set("Cache-Control", "no-cache")
				}
				files.ServeHTTP(w, r)
				return
			}
			if path.Ext(name) != "" {
				h.Set("Cache-Control", "no-store")
				http.NotFound(w, r)
				return
			}
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			_, _ = w.Write(index)
		}
	}), nil
}

// New serves the embedded app, or the fallback page when the binary was
// built without it.
func New() (http.Handler, error) {
	if app, ok := Assets(); ok {
		return Handler(app, "index.html")
	}
	fb, err := fs.Sub(dist, "dist")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return Handler(fb, "fallback.html")
}
