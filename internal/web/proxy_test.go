package web

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"evalcred/internal/audit"
)

func mustProxies(t testing.TB, s string) Proxies {
	t.Helper()
	ps, err := ParseProxies(s)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestParseProxies(t *testing.T) {
	ps := mustProxies(t, " 10.0.0.0/8, 192.0.2.7 ,::1, 2001:db8::/32,")
	for addr, want := range map[string]bool{"10.9.8.7": true, "192.0.2.7": true, "192.0.2.8": false, "::1": true,
		"2001:db8::5": true, "2001:db9::5": false, "::ffff:10.1.1.1": true, "11.0.0.1": false} {
		if got := ps.Trusts(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Trusts(%s) = %v, want %v", addr, got, want)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.internal", "10.0.0.1-10.0.0.9"} {
		if _, err := ParseProxies(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("ParseProxies(%q) = %v, want an error naming it", bad, err)
		}
	}
	if ps, err := ParseProxies(""); err != nil || len(ps) != 0 {
		t.Errorf("empty list: %v %v", ps, err)
	}
}

// The client is the right-most address of X-Forwarded-For that is not a
// trusted proxy's, and only when the request came from a trusted proxy.
func TestClientAddr(t *testing.T) {
	ps := mustProxies(t, "10.0.0.0/8,127.0.0.1")
	cases := []struct {
		name, remote string
		xff          []string
		realIP, want string
	}{
		{"direct, no headers", "198.51.100.7:5555", nil, "", "198.51.100.7"},
		{"direct, forged headers ignored", "198.51.100.7:5555", []string{"1.2.3.4"}, "5.6.7.8", "198.51.100.7"},
		{"one proxy", "10.0.0.2:80", []string{"198.51.100.7"}, "", "198.51.100.7"},
		{"client's forgery left of the real address", "10.0.0.2:80", []string{"1.2.3.4, 198.51.100.7"}, "", "198.51.100.7"},
		{"two proxies", "10.0.0.2:80", []string{"198.51.100.7, 10.0.0.3"}, "", "198.51.100.7"},
		{"headers split over lines", "10.0.0.2:80", []string{"1.2.3.4", "198.51.100.7, 10.0.0.3"}, "", "198.51.100.7"},
		{"X-Real-IP when no X-Forwarded-For", "127.0.0.1:80", nil, "198.51.100.9", "198.51.100.9"},
		{"X-Forwarded-For wins over X-Real-IP", "127.0.0.1:80", []string{"198.51.100.7"}, "198.51.100.9", "198.51.100.7"},
		{"garbage stops at the last real address", "10.0.0.2:80", []string{"<script>, 10.0.0.3"}, "", "10.0.0.3"},
		{"garbage right after the proxy", "10.0.0.2:80", []string{"unknown"}, "", "10.0.0.2"},
		{"all trusted", "10.0.0.2:80", []string{"10.0.0.4, 10.0.0.3"}, "", "10.0.0.4"},
		{"ports and brackets", "10.0.0.2:80", []string{"[2001:db8::1]:443"}, "", "2001:db8::1"},
		{"mapped v4", "[::ffff:10.0.0.2]:80", []string{"198.51.100.7"}, "", "198.51.100.7"},
		{"bad X-Real-IP", "10.0.0.2:80", nil, "me", "10.0.0.2"},
		{"empty hops", "10.0.0.2:80", []string{" , "}, "", "10.0.0.2"},
		{"remote without port", "198.51.100.7", nil, "", "198.51.100.7"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		for _, h := range c.xff {
			r.Header.Add("X-Forwarded-For", h)
		}
		if c.realIP != "" {
			r.Header.Set("X-Real-IP", c.realIP)
		}
		if got := ps.ClientAddr(r); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// Nobody trusted: the peer, whatever the headers say.
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.2:80"
	r.Header.Set("X-Forwarded-For", "1.2.3.4")
	if got := Proxies(nil).ClientAddr(r); got != "10.0.0.2" {
		t.Errorf("no trusted proxies: %q", got)
	}
}

// Whatever the headers, the address is one the peer or a trusted proxy
// named, never text the client chose that is not an address.
func FuzzClientAddr(f *testing.F) {
	f.Add("10.0.0.2:80", "1.2.3.4, 198.51.100.7", "5.6.7.8")
	f.Add("198.51.100.7:1", "x", "")
	f.Add("10.0.0.2:80", "<script>, 10.0.0.3", "")
	f.Add("[::1]:80", "[2001:db8::1]:443,,", "::1")
	f.Add("10.0.0.2:80", "", "\x00")
	ps := mustProxies(f, "10.0.0.0/8,::1")
	f.Fuzz(func(t *testing.T, remote, xff, realIP string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		r.Header["X-Forwarded-For"] = []string{xff}
		r.Header["X-Real-Ip"] = []string{realIP}
		got := ps.ClientAddr(r)
		peer := parseHost(remote)
		if !peer.IsValid() {
			if got != remote {
				t.Fatalf("unparsable peer %q: %q", remote, got)
			}
			return
		}
		a, err := netip.ParseAddr(got)
		if err != nil {
			t.Fatalf("%q %q %q: %q is not an address", remote, xff, realIP, got)
		}
		if !ps.Trusts(peer) && a != peer {
			t.Fatalf("untrusted peer %q: %q", remote, got)
		}
		named := map[string]bool{peer.String(): true}
		for _, h := range append(strings.Split(xff, ","), realIP) {
			if h := parseHost(strings.TrimSpace(h)); h.IsValid() {
				named[h.String()] = true
			}
		}
		if !named[a.String()] {
			t.Fatalf("%q named by nobody (%q %q %q)", got, remote, xff, realIP)
		}
	})
}

// Cookies are Secure over TLS, directly or as a trusted proxy says, and
// when the configuration says so; never because an untrusted client says so.
func TestSecureCookieBehindTLSOnly(t *testing.T) {
	cases := []struct {
		name    string
		proxies string
		remote  string
		proto   string
		tls     bool
		always  bool
		want    bool
	}{
		{"plain HTTP", "", "198.51.100.7:1", "", false, false, false},
		{"TLS", "", "198.51.100.7:1", "", true, false, true},
		{"untrusted client claims https", "", "198.51.100.7:1", "https", false, false, false},
		{"trusted proxy says https", "10.0.0.0/8", "10.0.0.2:1", "https", false, false, true},
		{"trusted proxy says http", "10.0.0.0/8", "10.0.0.2:1", "http", false, false, false},
		{"other address claims https", "10.0.0.0/8", "198.51.100.7:1", "https", false, false, false},
		{"configured always", "", "198.51.100.7:1", "", false, true, true},
	}
	for _, c := range cases {
		m := &Middleware{Proxies: mustProxies(t, c.proxies), SecureCookies: c.always}
		h := m.base(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			m.SetSession(w, r, "token", 3600e9)
			SetDevices(w, r, "device")
		}))
		r := httptest.NewRequest("POST", "/login", nil)
		r.RemoteAddr = c.remote
		if c.proto != "" {
			r.Header.Set("X-Forwarded-Proto", c.proto)
		}
		if c.tls {
			r.TLS = &tls.ConnectionState{}
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		cookies := w.Result().Cookies()
		if len(cookies) != 2 {
			t.Fatalf("%s: cookies %v", c.name, cookies)
		}
		for _, ck := range cookies {
			if ck.Secure != c.want || !ck.HttpOnly {
				t.Errorf("%s: cookie %s Secure=%v HttpOnly=%v, want Secure=%v", c.name, ck.Name, ck.Secure, ck.HttpOnly, c.want)
			}
		}
	}
}

func TestCleanRequestID(t *testing.T) {
	for in, want := range map[string]string{
		"":                                  "",
		"abc-123_x.y:z/1":                   "abc-123_x.y:z/1",
		"a b\tc<d>\x00e\u200bf":             "abcdef",
		strings.Repeat("9", 100):            strings.Repeat("9", MaxClientRequestID),
		"中文" + strings.Repeat("a", 70):      strings.Repeat("a", MaxClientRequestID),
		"'; DROP TABLE audit_log; --":       "DROPTABLEaudit_log--",
		"\r\nX-Injected: 1":                 "X-Injected:1",
		"00000000-0000-0000-0000-000000000": "00000000-0000-0000-0000-000000000",
	} {
		if got := CleanRequestID(in); got != want {
			t.Errorf("CleanRequestID(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCleanRequestID(f *testing.F) {
	f.Add("abc")
	f.Add("\x00\r\n<>\"'")
	f.Fuzz(func(t *testing.T, s string) {
		got := CleanRequestID(s)
		if len(got) > MaxClientRequestID {
			t.Fatalf("%d bytes", len(got))
		}
		for _, c := range []byte(got) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.:/", c) >= 0) {
				t.Fatalf("%q kept %q", s, c)
			}
		}
	})
}

// The server makes every request's id; the client's goes beside it.
func TestRequestIDNotTakenFromTheClient(t *testing.T) {
	m := &Middleware{}
	var seen, client string
	h := m.base(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = RequestID(r.Context())
		client = ""
		if rq, ok := audit.RequestFrom(r.Context()); ok {
			client = rq.ClientID
		}
	}))
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("X-Request-Id", "chosen-by-client")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if seen == "chosen-by-client" || len(seen) != 16 || w.Header().Get("X-Request-Id") != seen {
		t.Errorf("request id %q, header %q", seen, w.Header().Get("X-Request-Id"))
	}
	if client != "chosen-by-client" {
		t.Errorf("client's id kept as %q", client)
	}
}
