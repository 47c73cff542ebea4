package auth_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/exportscope/exportscope/server/apperr"
	"github.com/exportscope/exportscope/server/auth"
	"github.com/exportscope/exportscope/server/controldb"
)

// cookieServer is the middleware in front of a handler that signs in on
// POST /signin and reports the caller otherwise.
func cookieServer(t *testing.T, opts *auth.CookieOptions) (http.Handler, *auth.Service, *controldb.DB) {
	t.Helper()
	db, err := controldb.Open(context.Background(), controldb.Options{Path: filepath.Join(t.TempDir(), "control.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := auth.New(auth.Options{DB: db, BcryptCost: bcrypt.MinCost, Cookies: opts})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignUp(context.Background(), auth.SignUpInput{Email: "c@example.com", Password: "correct horse battery", TenantName: "C", TenantKind: "exporter"}, ""); err != nil {
		t.Fatal(err)
	}
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/signin" {
			sess, err := s.SignIn(r.Context(), "c@example.com", "correct horse battery", "")
			if err == nil {
				err = auth.StartCookieSession(r.Context(), sess)
			}
			if err != nil {
				t.Error(err)
			}
			return
		}
		if p := auth.FromContext(r.Context()); p != nil {
			w.Write([]byte(p.User.Email))
		}
	})
	reject := func(w http.ResponseWriter, _ *http.Request, err error) {
		code, _ := apperr.Public(err)
		http.Error(w, string(code), http.StatusUnauthorized)
	}
	return s.Middleware(reject)(inner), s, db
}

func call(h http.Handler, method, path string, header map[string]string, tlsOn bool, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "http://app.example.com"+path, bytes.NewReader(nil))
	if tlsOn {
		r.TLS = &tls.ConnectionState{}
	}
	for k, v := range header {
		r.Header.Set(k, v)
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestCookieSecureFlag(t *testing.T) {
	for _, tc := range []struct {
		name          string
		secure, tlsOn bool
		want          bool
	}{
		{"plain HTTP", false, false, false},
		{"TLS request", false, true, true},
		{"configured behind a proxy", true, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, _, _ := cookieServer(t, &auth.CookieOptions{Secure: tc.secure})
			cs := call(h, "POST", "/signin", nil, tc.tlsOn).Result().Cookies()
			if len(cs) != 1 || cs[0].Secure != tc.want || !cs[0].HttpOnly || cs[0].SameSite != http.SameSiteLaxMode {
				t.Fatalf("cookies %+v, want one HttpOnly Lax cookie with Secure=%v", cs, tc.want)
			}
		})
	}
}

func TestCookieOriginsAndKeys(t *testing.T) {
	ctx := context.Background()
	h, _, db := cookieServer(t, &auth.CookieOptions{TrustedOrigins: []string{"https://dev.example.net"}})
	ck := call(h, "POST", "/signin", nil, false).Result().Cookies()[0]
	for _, tc := range []struct {
		name, method, origin, site string
		want                       int
	}{
		{"trusted origin posts", "POST", "https://dev.example.net", "cross-site", 200},
		{"untrusted origin posts", "POST", "https://evil.example", "cross-site", 401},
		{"same origin posts", "POST", "http://app.example.com", "same-origin", 200},
		{"GET from anywhere", "GET", "https://evil.example", "cross-site", 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := call(h, tc.method, "/me", map[string]string{"Origin": tc.origin, "Sec-Fetch-Site": tc.site}, false, ck)
			if w.Code != tc.want {
				t.Errorf("status %d (%s), want %d", w.Code, w.Body, tc.want)
			}
			if tc.want == 200 && w.Body.String() != "c@example.com" {
				t.Errorf("caller %q", w.Body)
			}
		})
	}

	// Keys kept in the control database are made once and then reused,
	// and cookies sealed with other keys do not open: the request goes on
	// anonymously and the cookie is cleared.
	h1, b1, err := auth.LoadCookieKeys(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	h2, b2, err := auth.LoadCookieKeys(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(h1, h2) || !bytes.Equal(b1, b2) || len(h1) != 64 || len(b1) != 32 {
		t.Fatalf("LoadCookieKeys gave different or short keys")
	}
	other, _, _ := cookieServer(t, &auth.CookieOptions{HashKey: h1, BlockKey: b1})
	w := call(other, "GET", "/me", nil, false, ck)
	if w.Code != 200 || w.Body.String() != "" {
		t.Errorf("a cookie of other keys: %d %q, want an anonymous request", w.Code, w.Body)
	}
	if cs := w.Result().Cookies(); len(cs) != 1 || cs[0].MaxAge >= 0 {
		t.Errorf("the bad cookie was not cleared: %+v", cs)
	}
	if _, err := auth.NewCookies(auth.CookieOptions{HashKey: []byte("short"), BlockKey: b1}, 0); err == nil {
		t.Error("a 5-byte hash key was accepted")
	}
}
