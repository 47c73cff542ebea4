package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/securecookie"

	"github.com/exportscope/exportscope/server/apperr"
)

// Session cookies. A browser signs in like any client (signUp, signIn,
// acceptInvitation) and gets the same session token both in the answer and
// in an HttpOnly, SameSite=Lax cookie; the middleware accepts either the
// Authorization header or the cookie. The session itself stays in the
// sessions table, so revocation (signOut, member removal) and expiry work
// the same for both. The cookie's value is the token sealed by
// gorilla/securecookie (HMAC-SHA256 authenticated, AES-encrypted, with its
// own timestamp and maximum age): a well-kept library for the part that is
// easy to get wrong, while sessions keep their one table.
//
// Cookie-authenticated requests that change state (anything but GET,
// HEAD, OPTIONS) must come from the same origin: net/http's
// CrossOriginProtection checks Sec-Fetch-Site, or Origin against Host.
// Bearer requests carry their credential explicitly and are exempt.

// DefaultCookieName is the session cookie's name.
const DefaultCookieName = "exportscope_session"

// CookieOptions configure session cookies.
type CookieOptions struct {
	// Name is the cookie's name; "" means DefaultCookieName.
	Name string
	// Secure sets the cookie's Secure flag on every answer; otherwise it
	// is set only on requests that came over TLS.
	Secure bool
	// HashKey (32 or 64 bytes) authenticates cookies and BlockKey (32
	// bytes) encrypts them; LoadCookieKeys keeps them in the control
	// database. Empty means random keys for this process only.
	HashKey, BlockKey []byte
	// TrustedOrigins may send cookie-authenticated mutations besides the
	// server's own origin (e.g. a development front-end server), as
	// "scheme://host[:port]".
	TrustedOrigins []string
}

// Cookies seals session tokens into cookies and guards
// cookie-authenticated requests against cross-site forgery.
type Cookies struct {
	name   string
	secure bool
	sc     *securecookie.SecureCookie
	csrf   *http.CrossOriginProtection
}

// NewCookies checks its options and returns a Cookies.
func NewCookies(o CookieOptions, ttl time.Duration) (*Cookies, error) {
	if o.Name == "" {
		o.Name = DefaultCookieName
	}
	if len(o.HashKey) == 0 && len(o.BlockKey) == 0 {
		o.HashKey, o.BlockKey = randomBytes(64), randomBytes(32)
	}
	if n := len(o.HashKey); n != 32 && n != 64 {
		return nil, fmt.Errorf("session cookies: the hash key has %d bytes, want 32 or 64", n)
	}
	if n := len(o.BlockKey); n != 32 {
		return nil, fmt.Errorf("session cookies: the block key has %d bytes, want 32", n)
	}
	sc := securecookie.New(o.HashKey, o.BlockKey).MaxAge(int(ttl / time.Second))
	csrf := http.NewCrossOriginProtection()
	for _, origin := range o.TrustedOrigins {
		if err := csrf.AddTrustedOrigin(origin); err != nil {
			return nil, fmt.Errorf("session cookies: trusted origin: %w", err)
		}
	}
	return &Cookies{name: o.Name, secure: o.Secure, sc: sc, csrf: csrf}, nil
}

// LoadCookieKeys returns the session cookie keys kept in the control
// database, making them on first use, so cookies survive restarts.
func LoadCookieKeys(ctx context.Context, db DB) (hashKey, blockKey []byte, err error) {
	const name = "session_cookie"
	hashKey, blockKey = randomBytes(64), randomBytes(32)
	_, err = db.Writer().ExecContext(ctx, `INSERT INTO server_keys (name, hash_key, block_key, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO NOTHING`, name, hashKey, blockKey, time.Now().UnixMilli())
	if err != nil {
		return nil, nil, fmt.Errorf("store session cookie keys: %w", err)
	}
	err = db.Writer().QueryRowContext(ctx, `SELECT hash_key, block_key FROM server_keys WHERE name = ?`, name).Scan(&hashKey, &blockKey)
	if err != nil {
		return nil, nil, fmt.Errorf("load session cookie keys: %w", err)
	}
	return hashKey, blockKey, nil
}

// token returns the session token in r's cookie: ok is false without a
// cookie, err is set for a cookie that does not open (forged, from
// other keys, too old).
func (c *Cookies) token(r *http.Request) (token string, ok bool, err error) {
	ck, err := r.Cookie(c.name)
	if errors.Is(err, http.ErrNoCookie) || (err == nil && ck.Value == "") {
		return "", false, nil
	}
	if err != nil {
		return "", true, errBadToken
	}
	if err := c.sc.Decode(c.name, ck.Value, &token); err != nil {
		return "", true, errBadToken
	}
	return token, true, nil
}

func (c *Cookies) set(w http.ResponseWriter, r *http.Request, s Session) error {
	v, err := c.sc.Encode(c.name, s.Token)
	if err != nil {
		return fmt.Errorf("seal session cookie: %w", err)
	}
	http.SetCookie(w, &http.Cookie{
		Name: c.name, Value: v, Path: "/", Expires: s.ExpiresAt, MaxAge: int(time.Until(s.ExpiresAt) / time.Second),
		HttpOnly: true, Secure: c.secure || r.TLS != nil, SameSite: http.SameSiteLaxMode,
	})
	return nil
}

func (c *Cookies) clear(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: c.name, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: c.secure || r.TLS != nil, SameSite: http.SameSiteLaxMode,
	})
}

// checkOrigin refuses a state-changing cookie-authenticated request from
// another origin.
func (c *Cookies) checkOrigin(r *http.Request) error {
	if err := c.csrf.Check(r); err != nil {
		return apperr.New(apperr.Forbidden, "cross-origin request refused: a signed-in browser may only call the API from this site (or send Authorization: Bearer)")
	}
	return nil
}

// cookieJar is what a request's context holds so that resolvers can
// start and end cookie sessions on the answer.
type cookieJar struct {
	mu      sync.Mutex
	cookies *Cookies
	w       http.ResponseWriter
	r       *http.Request
}

const jarKey ctxKey = 100

// StartCookieSession sets the session cookie for s on the answer to the
// request of ctx (signUp, signIn, acceptInvitation). Without the
// middleware's cookie support it does nothing.
func StartCookieSession(ctx context.Context, s Session) error {
	j, _ := ctx.Value(jarKey).(*cookieJar)
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.cookies.set(j.w, j.r, s)
}

// EndCookieSession clears the session cookie on the answer (signOut).
func EndCookieSession(ctx context.Context) {
	j, _ := ctx.Value(jarKey).(*cookieJar)
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.cookies.clear(j.w, j.r)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return b
}
