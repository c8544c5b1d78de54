package app

import (
	"flag"
	"net/netip"
	"strings"
	"testing"
)

func TestConfigFromEnvAndValidate(t *testing.T) {
	env := map[string]string{"EVALCRED_ADDR": "0.0.0.0:9000", "EVALCRED_DB": "postgres://u@h/db", "EVALCRED_PUBLIC_RATE": "0", "EVALCRED_TRUST_PROXY": "true"}
	c := Defaults()
	if err := c.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.DB != "postgres://u@h/db" || c.PublicRate != 0 || !c.TrustProxy || c.DataDir != "evalcred-data" {
		t.Errorf("config = %+v", c)
	}
}

// A wrong setting stops the program with a message naming the setting.
func TestConfigErrorsNameTheSetting(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"EVALCRED_PUBLIC_RATE": "fast"}, "EVALCRED_PUBLIC_RATE"},
		{map[string]string{"EVALCRED_PUBLIC_CACHE_MB": "lots"}, "EVALCRED_PUBLIC_CACHE_MB"},
		{map[string]string{"EVALCRED_TRUST_PROXY": "maybe"}, "EVALCRED_TRUST_PROXY"},
	}
	for _, c := range cases {
		cfg := Defaults()
		err := cfg.FromEnv(func(k string) string { return c.env[k] })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want it to name %s", c.env, err, c.want)
		}
	}
	bad := []struct {
		mut  func(*Config)
		want string
	}{
		{func(c *Config) { c.Addr = "8080" }, "addr"},
		{func(c *Config) { c.Addr = "localhost:99999" }, "addr"},
		{func(c *Config) { c.DB = " " }, "db"},
		{func(c *Config) { c.PublicRate = -1 }, "EVALCRED_PUBLIC_RATE"},
		{func(c *Config) { c.PublicCacheMB = -1 }, "EVALCRED_PUBLIC_CACHE_MB"},
		{func(c *Config) { c.PprofAddr = "0.0.0.0:6060" }, "EVALCRED_PPROF_ADDR"},
		{func(c *Config) { c.PprofAddr = "6060" }, "EVALCRED_PPROF_ADDR"},
		{func(c *Config) { c.LogFormat = "xml" }, "EVALCRED_LOG_FORMAT"},
		{func(c *Config) { c.LogLevel = "loud" }, "EVALCRED_LOG_LEVEL"},
		{func(c *Config) { c.SMTPAddr = "mail:25" }, "EVALCRED_SMTP_FROM"},
	}
	for _, b := range bad {
		c := Defaults()
		b.mut(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("err = %v, want it to name %s", err, b.want)
		}
	}
}

// EVALCRED_TRUSTED_PROXIES (or -trusted-proxies) lists the proxies whose
// forwarded address is believed; EVALCRED_TRUST_PROXY=true, the older
// setting, stands for loopback and the private networks.
func TestTrustedProxies(t *testing.T) {
	cases := []struct {
		env     map[string]string
		args    []string
		trusted string
		not     string
	}{
		{map[string]string{"EVALCRED_TRUSTED_PROXIES": "192.0.2.0/24, 198.51.100.7"}, nil, "198.51.100.7", "10.0.0.1"},
		{map[string]string{"EVALCRED_TRUST_PROXY": "true"}, nil, "10.1.2.3", "198.51.100.7"},
		{map[string]string{"EVALCRED_TRUST_PROXY": "true", "EVALCRED_TRUSTED_PROXIES": "192.0.2.1"}, nil, "192.0.2.1", "10.1.2.3"},
		{map[string]string{"EVALCRED_TRUSTED_PROXIES": "192.0.2.1"}, []string{"-trusted-proxies", "203.0.113.0/24"}, "203.0.113.5", "192.0.2.1"},
		{nil, nil, "", "127.0.0.1"},
	}
	for _, c := range cases {
		cfg := Defaults()
		if err := cfg.FromEnv(func(k string) string { return c.env[k] }); err != nil {
			t.Fatal(err)
		}
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		cfg.Flags(fs, true)
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		if c.trusted != "" && !cfg.Proxies.Trusts(netip.MustParseAddr(c.trusted)) {
			t.Errorf("%v %v: %s not trusted (%v)", c.env, c.args, c.trusted, cfg.Proxies)
		}
		if cfg.Proxies.Trusts(netip.MustParseAddr(c.not)) {
			t.Errorf("%v %v: %s trusted (%v)", c.env, c.args, c.not, cfg.Proxies)
		}
	}
	cfg := Defaults()
	_ = cfg.FromEnv(func(k string) string { return map[string]string{"EVALCRED_TRUSTED_PROXIES": "10.0.0.0/8,nginx"}[k] })
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "EVALCRED_TRUSTED_PROXIES") || !strings.Contains(err.Error(), "nginx") {
		t.Errorf("bad entry: %v, want it named", err)
	}
}
