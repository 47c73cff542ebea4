package ssrf

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync/atomic"
	"time"
)

// Options configure NewTransport.
type Options struct {
	// Allow opens addresses the guard would refuse; see NewGuard.
	Allow []string
	// Proxies, when set, are used in turn for each request (http, https or
	// socks5 URLs). The proxy's own address is dialled without the check
	// (the operator chose it), and the target is checked when the request
	// is handed to the proxy: literal addresses exactly, names by a lookup
	// that the proxy repeats on its own. A proxy used for tenant targets
	// should therefore refuse private targets itself.
	Proxies []string
	// Resolver resolves host names; nil means net.DefaultResolver.
	Resolver *net.Resolver
	// DialTimeout bounds connecting; 0 means 10 seconds.
	DialTimeout time.Duration
	// TLSHandshakeTimeout and ResponseHeaderTimeout; 0 means 10 and 30
	// seconds. The whole request's deadline is the HTTP client's.
	TLSHandshakeTimeout   time.Duration
	ResponseHeaderTimeout time.Duration
}

// NewTransport returns an HTTP transport whose every connection, redirect
// hops included, goes through a Guard built from opts.Allow. No proxy is
// used unless opts.Proxies names one: the environment's HTTP_PROXY is
// ignored, since a proxy would connect on the crawler's behalf unchecked.
func NewTransport(opts Options) (*http.Transport, error) {
	g, err := NewGuard(opts.Allow)
	if err != nil {
		return nil, err
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = 10 * time.Second
	}
	if opts.TLSHandshakeTimeout <= 0 {
		opts.TLSHandshakeTimeout = 10 * time.Second
	}
	if opts.ResponseHeaderTimeout <= 0 {
		opts.ResponseHeaderTimeout = 30 * time.Second
	}
	d := g.Dialer(&net.Dialer{Timeout: opts.DialTimeout, KeepAlive: 30 * time.Second, Resolver: opts.Resolver})
	guarded := g.DialContext(d)
	t := &http.Transport{
		Proxy:                 nil,
		DialContext:           guarded,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   opts.TLSHandshakeTimeout,
		ResponseHeaderTimeout: opts.ResponseHeaderTimeout,
		ExpectContinueTimeout: time.Second,
	}
	if len(opts.Proxies) > 0 {
		p, err := newProxies(g, opts.Resolver, opts.Proxies)
		if err != nil {
			return nil, err
		}
		t.Proxy = p.next
		plain := &net.Dialer{Timeout: opts.DialTimeout, KeepAlive: 30 * time.Second, Resolver: opts.Resolver}
		t.DialContext = func(ctx context.Context, network, address string) (net.Conn, error) {
			if p.addrs[address] {
				return plain.DialContext(ctx, network, address)
			}
			return guarded(ctx, network, address)
		}
	}
	return t, nil
}

// proxies rotates through the configured proxies and checks each target
// before handing it to one.
type proxies struct {
	guard    *Guard
	resolver *net.Resolver
	urls     []*url.URL
	addrs    map[string]bool // host:port of each proxy
	n        atomic.Uint64
}

func newProxies(g *Guard, r *net.Resolver, list []string) (*proxies, error) {
	if r == nil {
		r = net.DefaultResolver
	}
	p := &proxies{guard: g, resolver: r, addrs: map[string]bool{}}
	for _, s := range list {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("ssrf: proxy %q: want a URL such as http://proxy:3128", s)
		}
		switch u.Scheme {
		case "http", "https", "socks5", "socks5h":
		default:
			return nil, fmt.Errorf("ssrf: proxy %q: scheme %q not supported", s, u.Scheme)
		}
		port := u.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443", "socks5": "1080", "socks5h": "1080"}[u.Scheme]
		}
		p.urls = append(p.urls, u)
		p.addrs[net.JoinHostPort(u.Hostname(), port)] = true
	}
	return p, nil
}

func (p *proxies) next(req *http.Request) (*url.URL, error) {
	if err := p.checkTarget(req.Context(), req.URL); err != nil {
		return nil, err
	}
	i := p.n.Add(1) - 1
	return p.urls[i%uint64(len(p.urls))], nil
}

// checkTarget refuses targets whose address, or any address their name
// resolves to now, is blocked.
func (p *proxies) checkTarget(ctx context.Context, u *url.URL) error {
	host := u.Hostname()
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	portNum, err := netip.ParseAddrPort("0.0.0.0:" + port)
	if err != nil {
		return fmt.Errorf("ssrf: %s: bad port %q", u.Redacted(), port)
	}
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else if addrs, err = p.resolver.LookupNetIP(ctx, "ip", host); err != nil {
		return fmt.Errorf("ssrf: resolve %s: %w", host, err)
	}
	for _, a := range addrs {
		if err := p.guard.Check(host, netip.AddrPortFrom(a, portNum.Port())); err != nil {
			return err
		}
	}
	return nil
}
