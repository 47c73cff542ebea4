package ssrf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		addr string
		want string
	}{
		{"93.184.215.14", ""},
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"2606:4700:4700::1111", ""},
		{"2a00:1450:4001:82b::200e", ""},
		{"127.0.0.1", ReasonLoopback},
		{"127.255.255.254", ReasonLoopback},
		{"::1", ReasonLoopback},
		{"10.0.0.1", ReasonPrivate},
		{"172.16.5.4", ReasonPrivate},
		{"172.31.255.255", ReasonPrivate},
		{"172.32.0.1", ""},
		{"192.168.1.1", ReasonPrivate},
		{"fc00::1", ReasonPrivate},
		{"fd12:3456::1", ReasonPrivate},
		{"169.254.1.1", ReasonLinkLocal},
		{"fe80::1", ReasonLinkLocal},
		{"fe80::1%eth0", ReasonLinkLocal},
		{"100.64.0.1", ReasonCGNAT},
		{"100.127.255.255", ReasonCGNAT},
		{"100.128.0.1", ""},
		{"0.0.0.0", ReasonUnspecified},
		{"::", ReasonUnspecified},
		{"224.0.0.1", ReasonMulticast},
		{"239.255.255.250", ReasonMulticast},
		{"ff02::1", ReasonMulticast},
		{"255.255.255.255", ReasonReserved},
		{"169.254.169.254", ReasonMetadata},
		{"fd00:ec2::254", ReasonMetadata},
		{"100.100.100.200", ReasonMetadata},
		// IPv6 forms that lead to IPv4 addresses.
		{"::ffff:127.0.0.1", ReasonLoopback},
		{"::ffff:169.254.169.254", ReasonMetadata},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::a00:1", ReasonPrivate},     // NAT64 of 10.0.0.1
		{"64:ff9b::808:808", ""},              // NAT64 of 8.8.8.8
		{"2002:7f00:1::1", ReasonLoopback},    // 6to4 of 127.0.0.1
		{"2002:a9fe:a9fe::1", ReasonMetadata}, // 6to4 of 169.254.169.254
	}
	for _, tt := range tests {
		a, err := netip.ParseAddr(tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := Classify(a); got != tt.want {
			t.Errorf("Classify(%s) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

func TestGuardCheck(t *testing.T) {
	g, err := NewGuard([]string{"127.0.0.1:8081", "10.1.0.0/16", "[::1]:9000", "192.168.7.7", "169.254.0.0/16", "fd00:ec2::254"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		addr    string
		allowed bool
	}{
		{"93.184.215.14:443", true},
		{"127.0.0.1:8081", true},
		{"127.0.0.1:8082", false}, // only the port named
		{"127.0.0.2:8081", false},
		{"[::ffff:127.0.0.1]:8081", true}, // mapped form of an allowed address
		{"[::1]:9000", true},
		{"[::1]:9001", false},
		{"10.1.200.3:80", true},
		{"10.2.0.1:80", false},
		{"192.168.7.7:1", true}, // a single address opens every port
		{"192.168.7.8:1", false},
		{"169.254.10.10:80", true},    // link-local range allowed ...
		{"169.254.169.254:80", false}, // ... but not the metadata address in it
		{"[fd00:ec2::254]:80", true},  // metadata named exactly
		{"[fd00:ec2::253]:80", false}, // its neighbours stay private
		{"100.100.100.200:80", false}, // metadata
		{"0.0.0.0:8081", false},
	}
	for _, tt := range tests {
		ap := netip.MustParseAddrPort(tt.addr)
		err := g.Check("h.example", ap)
		if (err == nil) != tt.allowed {
			t.Errorf("Check(%s) = %v, want allowed=%v", tt.addr, err, tt.allowed)
		}
		if err != nil {
			var b *BlockedError
			if !errors.As(err, &b) || b.Host != "h.example" || b.Addr.Addr() != ap.Addr().Unmap() {
				t.Errorf("Check(%s) error = %#v, want a *BlockedError naming h.example and the address", tt.addr, err)
			}
		}
	}
}

func TestNewGuardErrors(t *testing.T) {
	_, err := NewGuard([]string{"10.0.0.0/8", "localhost:8080", "not an ip", "300.1.1.1/8"})
	if err == nil {
		t.Fatal("NewGuard accepted host names and garbage")
	}
	for _, want := range []string{`"localhost:8080"`, `"not an ip"`, `"300.1.1.1/8"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

// hitServer counts the requests it gets.
func hitServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if h != nil {
			h(w, r)
			return
		}
		io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func get(t *testing.T, tr *http.Transport, u string) (string, error) {
	t.Helper()
	c := &http.Client{Transport: tr}
	t.Cleanup(tr.CloseIdleConnections)
	resp, err := c.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func wantBlocked(t *testing.T, err error, host, ip string) {
	t.Helper()
	var b *BlockedError
	if !errors.As(err, &b) {
		t.Fatalf("error = %v, want a *BlockedError", err)
	}
	if b.Host != host || b.Addr.Addr().String() != ip {
		t.Errorf("blocked %s (%s), want %s (%s)", b.Host, b.Addr, host, ip)
	}
	if !IsBlocked(err) {
		t.Error("IsBlocked = false")
	}
}

func TestTransportRefusesLoopback(t *testing.T) {
	srv, hits := hitServer(t, nil)
	tr, err := NewTransport(Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = get(t, tr, srv.URL)
	wantBlocked(t, err, "127.0.0.1", "127.0.0.1")
	if !strings.Contains(err.Error(), "loopback") {
		t.Errorf("error %q does not say why", err)
	}
	// localhost resolves to the loopback address and is refused the same.
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	_, err = get(t, tr, "http://localhost:"+port+"/")
	if !IsBlocked(err) {
		t.Errorf("localhost: error = %v, want blocked", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server got %d requests, want 0", n)
	}
}

func TestTransportAllowlist(t *testing.T) {
	srv, hits := hitServer(t, nil)
	hostPort := strings.TrimPrefix(srv.URL, "http://")
	tr, err := NewTransport(Options{Allow: []string{hostPort}})
	if err != nil {
		t.Fatal(err)
	}
	body, err := get(t, tr, srv.URL+"/page")
	if err != nil || body != "ok" {
		t.Fatalf("allowlisted %s: %q, %v", hostPort, body, err)
	}
	if hits.Load() != 1 {
		t.Errorf("hits = %d, want 1", hits.Load())
	}
	// Another port on the same address stays closed.
	other, _ := hitServer(t, nil)
	if _, err := get(t, tr, other.URL); !IsBlocked(err) {
		t.Errorf("other port: error = %v, want blocked", err)
	}
}

func TestTransportRefusesRedirects(t *testing.T) {
	private, privateHits := hitServer(t, nil)
	tests := []struct {
		name, target, host, ip string
	}{
		{"to another loopback port", private.URL + "/secret", "127.0.0.1", "127.0.0.1"},
		{"to cloud metadata", "http://169.254.169.254/latest/meta-data/", "169.254.169.254", "169.254.169.254"},
		{"to a private range", "http://10.0.0.1:8080/admin", "10.0.0.1", "10.0.0.1"},
		{"to ULA IPv6", "http://[fd00:ec2::254]/", "fd00:ec2::254", "fd00:ec2::254"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			public, publicHits := hitServer(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, tt.target, http.StatusFound)
			})
			// The public site stands in for an Internet host: the operator
			// allows exactly its address.
			tr, err := NewTransport(Options{Allow: []string{strings.TrimPrefix(public.URL, "http://")}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = get(t, tr, public.URL)
			wantBlocked(t, err, tt.host, tt.ip)
			if publicHits.Load() != 1 {
				t.Errorf("first hop got %d requests, want 1", publicHits.Load())
			}
		})
	}
	if n := privateHits.Load(); n != 0 {
		t.Errorf("private server got %d requests, want 0", n)
	}
}

// fakeDNS answers A queries for every name with the next address of its
// script (the last one repeats), and AAAA queries with no records.
type fakeDNS struct {
	conn    net.PacketConn
	mu      sync.Mutex
	answers []netip.Addr
	queries int
}

func newFakeDNS(t *testing.T, answers ...string) *fakeDNS {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeDNS{conn: pc}
	for _, a := range answers {
		f.answers = append(f.answers, netip.MustParseAddr(a))
	}
	go f.serve()
	t.Cleanup(func() { pc.Close() })
	return f
}

func (f *fakeDNS) serve() {
	buf := make([]byte, 1500)
	for {
		n, from, err := f.conn.ReadFrom(buf)
		if err != nil {
			return
		}
		var p dnsmessage.Parser
		h, err := p.Start(buf[:n])
		if err != nil {
			continue
		}
		q, err := p.Question()
		if err != nil {
			continue
		}
		b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RecursionAvailable: true})
		b.EnableCompression()
		b.StartQuestions()
		b.Question(q)
		b.StartAnswers()
		if q.Type == dnsmessage.TypeA {
			f.mu.Lock()
			a := f.answers[min(f.queries, len(f.answers)-1)]
			f.queries++
			f.mu.Unlock()
			b.AResource(dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 0},
				dnsmessage.AResource{A: a.As4()})
		}
		msg, err := b.Finish()
		if err != nil {
			continue
		}
		f.conn.WriteTo(msg, from)
	}
}

func (f *fakeDNS) aQueries() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.queries
}

func (f *fakeDNS) resolver() *net.Resolver {
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "udp", f.conn.LocalAddr().String())
		},
	}
}

// TestDNSRebinding: a name resolves to a public address when it is checked
// and to the loopback address when the crawler connects. The connection is
// refused because the check runs on the address being dialled.
func TestDNSRebinding(t *testing.T) {
	srv, hits := hitServer(t, nil)
	u, _ := url.Parse(srv.URL)
	dns := newFakeDNS(t, "93.184.215.14", "127.0.0.1")
	r := dns.resolver()

	// A validator that resolves the name before crawling sees a public
	// address and lets it through.
	addrs, err := r.LookupNetIP(context.Background(), "ip4", "rebind.test")
	if err != nil {
		t.Fatal(err)
	}
	if len(addrs) != 1 || Classify(addrs[0]) != "" {
		t.Fatalf("first lookup = %v, want one public address", addrs)
	}

	tr, err := NewTransport(Options{Resolver: r})
	if err != nil {
		t.Fatal(err)
	}
	_, err = get(t, tr, fmt.Sprintf("http://rebind.test:%s/", u.Port()))
	wantBlocked(t, err, "rebind.test", "127.0.0.1")
	if hits.Load() != 0 {
		t.Errorf("loopback server got %d requests, want 0", hits.Load())
	}
	if n := dns.aQueries(); n < 2 {
		t.Errorf("the transport did not resolve the name again (%d A queries)", n)
	}
}

func TestProxyChecksTarget(t *testing.T) {
	var proxied atomic.Int64
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxied.Add(1)
		io.WriteString(w, "via proxy "+r.URL.String())
	}))
	defer proxy.Close()
	// The proxy listens on loopback; as the operator's choice it is
	// dialled without an allowlist entry.
	tr, err := NewTransport(Options{Proxies: []string{proxy.URL}})
	if err != nil {
		t.Fatal(err)
	}
	body, err := get(t, tr, "http://93.184.215.14/page")
	if err != nil || body != "via proxy http://93.184.215.14/page" {
		t.Fatalf("public target through the proxy: %q, %v", body, err)
	}
	if _, err := get(t, tr, "http://169.254.169.254/latest/"); !IsBlocked(err) {
		t.Errorf("metadata target through the proxy: error = %v, want blocked", err)
	}
	if proxied.Load() != 1 {
		t.Errorf("proxy got %d requests, want 1", proxied.Load())
	}
}
