// Package ssrf keeps crawls of tenant-supplied targets away from the
// machine's own network: loopback, private and link-local ranges, carrier-
// grade NAT, multicast, reserved ranges and cloud-metadata endpoints.
//
// The check runs in net.Dialer's ControlContext hook, which sees the IP
// address actually being connected to, after DNS resolution and for every
// address Happy Eyeballs tries. A host name that resolves to a public
// address when a URL is validated and to 127.0.0.1 when it is fetched (DNS
// rebinding) is therefore refused, and so is every redirect hop, since
// each hop dials through the same hook.
//
// An operator may open chosen addresses with an allowlist of CIDR ranges
// and IP:port pairs (the practice marketplace on 127.0.0.1:8081, an
// internal mirror). Cloud-metadata addresses open only to an entry that
// names the address itself, never to a range around it.
package ssrf

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
)

// BlockedError is returned (wrapped in the dial error) when a connection
// is refused.
type BlockedError struct {
	// Host is the name that was dialled ("shop.example"), or the address
	// itself when the URL named one.
	Host string
	// Addr is the address the connection would have gone to.
	Addr netip.AddrPort
	// Reason is one of the Reason constants.
	Reason string
}

func (e *BlockedError) Error() string {
	if e.Host == "" || e.Host == e.Addr.Addr().String() {
		return fmt.Sprintf("ssrf: connection to %s refused: %s address", e.Addr, e.Reason)
	}
	return fmt.Sprintf("ssrf: connection to %s (%s) refused: %s address", e.Host, e.Addr, e.Reason)
}

// IsBlocked reports whether err, or an error it wraps, is a *BlockedError.
func IsBlocked(err error) bool {
	var b *BlockedError
	return errors.As(err, &b)
}

// Guard decides which addresses may be connected to.
type Guard struct {
	allowNets  []netip.Prefix
	allowAddrs map[netip.AddrPort]bool
}

// NewGuard builds a guard. Each allow entry is a CIDR range ("10.1.0.0/16",
// "fd12::/64"), a single address ("10.1.2.3", which opens every port) or an
// IP:port pair ("127.0.0.1:8081", "[::1]:8081"). Host names are refused:
// they would be resolved once, at start-up, and could change afterwards.
func NewGuard(allow []string) (*Guard, error) {
	g := &Guard{allowAddrs: map[netip.AddrPort]bool{}}
	var errs []error
	for _, s := range allow {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			g.allowNets = append(g.allowNets, p.Masked())
			continue
		}
		if a, err := netip.ParseAddr(s); err == nil {
			g.allowNets = append(g.allowNets, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		if ap, err := netip.ParseAddrPort(s); err == nil {
			g.allowAddrs[ap] = true
			continue
		}
		errs = append(errs, fmt.Errorf("ssrf allowlist entry %q: want a CIDR, an IP address or IP:port", s))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return g, nil
}

// Check returns a *BlockedError when a connection to addr (dialled for
// host, which is only used in the message) is not allowed.
func (g *Guard) Check(host string, addr netip.AddrPort) error {
	ip := addr.Addr().Unmap().WithZone("")
	reason := Classify(ip)
	if reason == "" || g.allowed(netip.AddrPortFrom(ip, addr.Port()), reason) {
		return nil
	}
	return &BlockedError{Host: host, Addr: netip.AddrPortFrom(ip, addr.Port()), Reason: reason}
}

func (g *Guard) allowed(ap netip.AddrPort, reason string) bool {
	if g == nil {
		return false
	}
	if g.allowAddrs[ap] {
		return true
	}
	for _, p := range g.allowNets {
		if !p.Contains(ap.Addr()) {
			continue
		}
		if reason != ReasonMetadata || p.IsSingleIP() {
			return true
		}
	}
	return false
}

// hostKey carries the dialled host name from DialContext to Control.
type hostKey struct{}

// Control is a net.Dialer ControlContext function: it runs after the
// socket is created and before it connects, with the numeric address.
func (g *Guard) Control(ctx context.Context, network, address string, _ syscall.RawConn) error {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return &BlockedError{Host: address, Reason: "network " + network}
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &BlockedError{Host: address, Reason: ReasonInvalid}
	}
	host, _ := ctx.Value(hostKey{}).(string)
	if host == "" {
		host = ap.Addr().String()
	}
	return g.Check(host, ap)
}

// Dialer returns a copy of base (a zero Dialer when nil) whose connections
// go through the guard. Any Control or ControlContext base had is
// replaced.
func (g *Guard) Dialer(base *net.Dialer) *net.Dialer {
	d := &net.Dialer{}
	if base != nil {
		*d = *base
	}
	d.Control = nil
	d.ControlContext = g.Control
	return d
}

// DialContext dials address with d, naming its host in the errors. Use it
// as http.Transport.DialContext with a dialer from Guard.Dialer.
func (g *Guard) DialContext(d *net.Dialer) func(ctx context.Context, network, address string) (net.Conn, error) {
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			host = address
		}
		return d.DialContext(context.WithValue(ctx, hostKey{}, host), network, address)
	}
}
