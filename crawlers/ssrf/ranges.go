package ssrf

import "net/netip"

// blockedRange is a range of addresses a crawler must not connect to, and
// why.
type blockedRange struct {
	prefix netip.Prefix
	reason string
}

// Reasons name the kind of address that was refused.
const (
	ReasonMetadata    = "cloud metadata"
	ReasonLoopback    = "loopback"
	ReasonPrivate     = "private network"
	ReasonLinkLocal   = "link-local"
	ReasonCGNAT       = "carrier-grade NAT"
	ReasonUnspecified = "unspecified"
	ReasonMulticast   = "multicast"
	ReasonReserved    = "reserved"
	ReasonInvalid     = "not an IP address"
)

// metadata are the instance-metadata endpoints of cloud providers. They lie
// inside blocked ranges anyway; listing them gives a clearer reason and
// keeps them closed to allowlist ranges (only an entry naming the address
// itself opens one).
var metadata = map[netip.Addr]bool{
	netip.MustParseAddr("169.254.169.254"): true, // AWS, GCP, Azure, OpenStack, Tencent
	netip.MustParseAddr("169.254.170.2"):   true, // AWS ECS task metadata
	netip.MustParseAddr("100.100.100.200"): true, // Alibaba Cloud
	netip.MustParseAddr("fd00:ec2::254"):   true, // AWS over IPv6
}

// blocked lists the ranges, most specific first within each family.
var blocked = func() []blockedRange {
	rs := []struct{ cidr, reason string }{
		// IPv4
		{"0.0.0.0/8", ReasonUnspecified}, // "this network"; 0.0.0.0 reaches the local host
		{"10.0.0.0/8", ReasonPrivate},
		{"100.64.0.0/10", ReasonCGNAT},
		{"127.0.0.0/8", ReasonLoopback},
		{"169.254.0.0/16", ReasonLinkLocal},
		{"172.16.0.0/12", ReasonPrivate},
		{"192.0.0.0/24", ReasonReserved},   // IETF protocol assignments
		{"192.0.2.0/24", ReasonReserved},   // TEST-NET-1
		{"192.88.99.0/24", ReasonReserved}, // 6to4 relay anycast
		{"192.168.0.0/16", ReasonPrivate},
		{"198.18.0.0/15", ReasonReserved}, // benchmarking
		{"198.51.100.0/24", ReasonReserved},
		{"203.0.113.0/24", ReasonReserved},
		{"224.0.0.0/4", ReasonMulticast},
		{"240.0.0.0/4", ReasonReserved}, // includes 255.255.255.255
		// IPv6 (IPv4-mapped, NAT64 and 6to4 addresses are checked by the
		// IPv4 address they carry, see embeddedIPv4)
		{"::/128", ReasonUnspecified},
		{"::1/128", ReasonLoopback},
		{"64:ff9b:1::/48", ReasonPrivate}, // local-use NAT64
		{"100::/64", ReasonReserved},      // discard-only
		{"2001::/23", ReasonReserved},     // IETF protocol assignments, Teredo
		{"2001:db8::/32", ReasonReserved}, // documentation
		{"fc00::/7", ReasonPrivate},       // unique local
		{"fe80::/10", ReasonLinkLocal},
		{"fec0::/10", ReasonPrivate}, // deprecated site-local
		{"ff00::/8", ReasonMulticast},
	}
	out := make([]blockedRange, len(rs))
	for i, r := range rs {
		out[i] = blockedRange{netip.MustParsePrefix(r.cidr), r.reason}
	}
	return out
}()

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// embeddedIPv4 returns the IPv4 address that an IPv4-mapped, NAT64
// (64:ff9b::/96) or 6to4 (2002::/16) address leads to.
func embeddedIPv4(a netip.Addr) (netip.Addr, bool) {
	if a.Is4In6() {
		return a.Unmap(), true
	}
	b := a.As16()
	switch {
	case nat64.Contains(a):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case sixToFour.Contains(a):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	return netip.Addr{}, false
}

// Classify says why a is not a public unicast address, or "" when it is
// one. It knows nothing of allowlists; see Guard.Check.
func Classify(a netip.Addr) string {
	if !a.IsValid() {
		return ReasonInvalid
	}
	a = a.WithZone("")
	if v4, ok := embeddedIPv4(a); ok {
		a = v4
	}
	if metadata[a] {
		return ReasonMetadata
	}
	for _, r := range blocked {
		if r.prefix.Contains(a) {
			return r.reason
		}
	}
	return ""
}
