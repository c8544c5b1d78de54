package web

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the networks of the reverse proxies in front of the servers:
// only a request from one of them has its X-Forwarded-For, X-Real-IP and
// X-Forwarded-Proto believed, since anyone else can write what they like
// there.
type Proxies []netip.Prefix

// PrivateNetworks are loopback and the private ranges, where a reverse
// proxy usually sits: what EVALCRED_TRUST_PROXY=true stands for.
const PrivateNetworks = "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"

// ParseProxies reads a comma-separated list of networks (CIDR, or a single
// address). An entry that is neither is an error naming it.
func ParseProxies(s string) (Proxies, error) {
	var out Proxies
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is neither a network (10.0.0.0/8) nor an address", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Trusts reports whether the address a belongs to a trusted proxy.
func (ps Proxies) Trusts(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientAddr is the address of the client behind r. A request from a
// trusted proxy is followed back through X-Forwarded-For from the right
// (each proxy appends the address it was reached from) to the first address
// that is not a trusted proxy's; without that header X-Real-IP is taken.
// Whatever does not parse as an address stops the walk at the last address
// known to be real, so that a client cannot name itself.
func (ps Proxies) ClientAddr(r *http.Request) string {
	peer := parseHost(r.RemoteAddr)
	if !peer.IsValid() {
		return r.RemoteAddr
	}
	if !ps.Trusts(peer) {
		return peer.String()
	}
	hops := r.Header.Values("X-Forwarded-For")
	if len(hops) == 0 {
		if real := parseHost(strings.TrimSpace(r.Header.Get("X-Real-IP"))); real.IsValid() {
			return real.String()
		}
		return peer.String()
	}
	last := peer
	for i := len(hops) - 1; i >= 0; i-- {
		parts := strings.Split(hops[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			a := parseHost(strings.TrimSpace(parts[j]))
			if !a.IsValid() {
				return last.String()
			}
			if !ps.Trusts(a) {
				return a.String()
			}
			last = a
		}
	}
	return last.String()
}

// OverTLS reports whether the client reached us over TLS: directly, or
// through a trusted proxy that says so in X-Forwarded-Proto.
func (ps Proxies) OverTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return ps.Trusts(parseHost(r.RemoteAddr)) && strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}

// parseHost reads an address with or without a port ("10.0.0.1",
// "10.0.0.1:80", "[::1]:80", "::1"); the zero Addr when it is none.
func parseHost(s string) netip.Addr {
	if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
		s = s[1 : len(s)-1]
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.WithZone("").Unmap()
	}
	if host, _, err := net.SplitHostPort(s); err == nil {
		if a, err := netip.ParseAddr(host); err == nil {
			return a.WithZone("").Unmap()
		}
	}
	return netip.Addr{}
}
