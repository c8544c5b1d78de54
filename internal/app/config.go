// Package app assembles EvalCred: configuration, the database, the services,
// the HTTP handler and the background jobs, and runs the server until it is
// told to stop.
package app

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"strings"

	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/web"
)

// Config is the whole configuration. Flags win over the environment, which
// wins over the defaults.
type Config struct {
	Addr       string  // EVALCRED_ADDR, -addr
	DB         string  // EVALCRED_DB, -db: SQLite file path or postgres:// URL
	DataDir    string  // EVALCRED_DATA_DIR: uploads and keys
	PublicRate float64 // EVALCRED_PUBLIC_RATE: public requests per second per address; 0 = off
	// PublicCacheMB bounds the memory of public institution pages kept in
	// memory (publicquery.PageCache); 0 turns the cache off.
	PublicCacheMB int    // EVALCRED_PUBLIC_CACHE_MB
	LogFormat     string // EVALCRED_LOG_FORMAT: text or json
	LogLevel      string // EVALCRED_LOG_LEVEL: debug, info, warn, error
	// TrustedProxies are the networks of the reverse proxies in front of
	// the server (EVALCRED_TRUSTED_PROXIES, -trusted-proxies: comma-separated
	// CIDRs or addresses): only from them are X-Forwarded-For, X-Real-IP and
	// X-Forwarded-Proto believed. EVALCRED_TRUST_PROXY=true, the older
	// setting, stands for web.PrivateNetworks when no list is given.
	TrustedProxies string
	// TrustProxy is EVALCRED_TRUST_PROXY.
	TrustProxy bool
	// SecureCookies marks every cookie Secure (EVALCRED_SECURE_COOKIES);
	// without it cookies are Secure when their request came over TLS.
	SecureCookies bool
	// Proxies is TrustedProxies parsed (by Validate).
	Proxies      web.Proxies
	SMTPAddr     string // EVALCRED_SMTP_ADDR host:port; empty keeps mail in the outbox
	SMTPFrom     string // EVALCRED_SMTP_FROM
	SMTPUser     string // EVALCRED_SMTP_USER
	SMTPPassword string // EVALCRED_SMTP_PASSWORD
	LedgerKey    string // EVALCRED_LEDGER_KEY: base64 Ed25519 seed
	// LedgerKeyFile holds the seed instead (EVALCRED_LEDGER_KEY_FILE). serve
	// needs one of the two; other commands fall back to a key file in DataDir.
	LedgerKeyFile string
	// Files is where uploaded files live (EVALCRED_FILES): a directory
	// (default DataDir/files) or s3://bucket/prefix, reached with S3.
	Files string
	S3    filestore.S3Config // EVALCRED_S3_ENDPOINT, _ACCESS_KEY, _SECRET_KEY, _REGION
	// MetricsToken turns /metrics on, for requests bearing it (EVALCRED_METRICS_TOKEN).
	MetricsToken string
	// PprofAddr, if set, serves Go's profiler (net/http/pprof) there, on a
	// listener of its own: for measuring, never to be exposed.
	PprofAddr string // EVALCRED_PPROF_ADDR
}

// Defaults returns the configuration before flags and environment.
func Defaults() Config {
	return Config{Addr: "127.0.0.1:8080", DB: filepath.Join("evalcred-data", "evalcred.db"), PublicRate: 10, PublicCacheMB: 128, LogFormat: "text", LogLevel: "info"}
}

// FromEnv applies the environment to c.
func (c *Config) FromEnv(getenv func(string) string) error {
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	str("EVALCRED_ADDR", &c.Addr)
	str("EVALCRED_DB", &c.DB)
	str("EVALCRED_DATA_DIR", &c.DataDir)
	str("EVALCRED_LOG_FORMAT", &c.LogFormat)
	str("EVALCRED_LOG_LEVEL", &c.LogLevel)
	str("EVALCRED_SMTP_ADDR", &c.SMTPAddr)
	str("EVALCRED_SMTP_FROM", &c.SMTPFrom)
	str("EVALCRED_SMTP_USER", &c.SMTPUser)
	str("EVALCRED_SMTP_PASSWORD", &c.SMTPPassword)
	str("EVALCRED_LEDGER_KEY", &c.LedgerKey)
	str("EVALCRED_LEDGER_KEY_FILE", &c.LedgerKeyFile)
	str("EVALCRED_FILES", &c.Files)
	str("EVALCRED_S3_ENDPOINT", &c.S3.Endpoint)
	str("EVALCRED_S3_ACCESS_KEY", &c.S3.AccessKey)
	str("EVALCRED_S3_SECRET_KEY", &c.S3.SecretKey)
	str("EVALCRED_S3_REGION", &c.S3.Region)
	str("EVALCRED_METRICS_TOKEN", &c.MetricsToken)
	str("EVALCRED_PPROF_ADDR", &c.PprofAddr)
	str("EVALCRED_TRUSTED_PROXIES", &c.TrustedProxies)
	var errs []error
	if v := getenv("EVALCRED_PUBLIC_RATE"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("EVALCRED_PUBLIC_RATE=%q: not a number", v))
		}
		c.PublicRate = f
	}
	if v := getenv("EVALCRED_PUBLIC_CACHE_MB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("EVALCRED_PUBLIC_CACHE_MB=%q: not a whole number", v))
		}
		c.PublicCacheMB = n
	}
	for name, dst := range map[string]*bool{"EVALCRED_TRUST_PROXY": &c.TrustProxy, "EVALCRED_SECURE_COOKIES": &c.SecureCookies} {
		if v := getenv(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: want true or false", name, v))
			}
			*dst = b
		}
	}
	return errors.Join(errs...)
}

// Flags registers -addr and -db (every subcommand that opens the database).
func (c *Config) Flags(fs *flag.FlagSet, withAddr bool) {
	if withAddr {
		fs.StringVar(&c.Addr, "addr", c.Addr, "listen address HOST:PORT (env EVALCRED_ADDR)")
	}
	fs.StringVar(&c.DB, "db", c.DB, "database: an SQLite file path or a postgres:// URL (env EVALCRED_DB)")
	if withAddr {
		fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies,
			"comma-separated networks (CIDR) of the reverse proxies whose X-Forwarded-For is believed (env EVALCRED_TRUSTED_PROXIES)")
	}
}

// Validate checks the configuration and fills derived defaults; its errors
// name the setting.
func (c *Config) Validate() error {
	var errs []error
	if _, port, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("addr %q: want HOST:PORT, e.g. 127.0.0.1:8080", c.Addr))
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		errs = append(errs, fmt.Errorf("addr %q: port must be 0-65535", c.Addr))
	}
	if c.PprofAddr != "" {
		if host, _, err := net.SplitHostPort(c.PprofAddr); err != nil {
			errs = append(errs, fmt.Errorf("EVALCRED_PPROF_ADDR %q: want HOST:PORT, e.g. 127.0.0.1:6060", c.PprofAddr))
		} else if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			errs = append(errs, fmt.Errorf("EVALCRED_PPROF_ADDR %q: the profiler listens on a loopback address only", c.PprofAddr))
		}
	}
	if strings.TrimSpace(c.DB) == "" {
		errs = append(errs, errors.New("db: empty; give an SQLite file path or a postgres:// URL"))
	}
	if c.PublicRate < 0 {
		errs = append(errs, fmt.Errorf("EVALCRED_PUBLIC_RATE %v: must be >= 0 (0 turns the limit off)", c.PublicRate))
	}
	if c.PublicCacheMB < 0 {
		errs = append(errs, fmt.Errorf("EVALCRED_PUBLIC_CACHE_MB %d: must be >= 0 (0 turns the cache off)", c.PublicCacheMB))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("EVALCRED_LOG_FORMAT %q: want text or json", c.LogFormat))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("EVALCRED_LOG_LEVEL %q: want debug, info, warn or error", c.LogLevel))
	}
	if c.SMTPAddr != "" && c.SMTPFrom == "" {
		errs = append(errs, errors.New("EVALCRED_SMTP_FROM: required when EVALCRED_SMTP_ADDR is set"))
	}
	if c.LedgerKey != "" && c.LedgerKeyFile != "" {
		errs = append(errs, errors.New("EVALCRED_LEDGER_KEY and EVALCRED_LEDGER_KEY_FILE: set one, not both"))
	}
	if strings.HasPrefix(c.Files, "s3://") && c.S3.Endpoint == "" {
		errs = append(errs, errors.New("EVALCRED_S3_ENDPOINT: required when EVALCRED_FILES is s3://"))
	}
	if c.TrustedProxies == "" && c.TrustProxy {
		c.TrustedProxies = web.PrivateNetworks
	}
	if ps, err := web.ParseProxies(c.TrustedProxies); err != nil {
		errs = append(errs, fmt.Errorf("EVALCRED_TRUSTED_PROXIES: %w", err))
	} else {
		c.Proxies = ps
	}
	if c.DataDir == "" {
		if db.IsPostgresDSN(c.DB) {
			c.DataDir = "evalcred-data"
		} else {
			c.DataDir = filepath.Join(filepath.Dir(c.DB), "files")
		}
	}
	if c.Files == "" {
		c.Files = filepath.Join(c.DataDir, "files")
	}
	return errors.Join(errs...)
}
