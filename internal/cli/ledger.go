package cli

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"os"

	"evalcred/internal/app"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/ledger"
)

func init() {
	register("ledger verify", "check the credit ledger's hash chain, head signature and rows with the pinned public key: -db [-public-key B64]", ledgerVerify)
	register("ledger key", "create the deployment's ledger key and print its public part: -out FILE (or -show the configured key's)", ledgerKey)
	register("ledger rotate", "replace the ledger key, recorded in the chain: -new-key FILE, with the current key configured", ledgerRotate)
}

// ErrLedgerBroken is returned when the ledger does not hold; the message
// names the first entry that fails and why.
var ErrLedgerBroken = errors.New("ledger does not verify")

// ledgerVerify recomputes the whole credit ledger: every entry's hash and
// link, every key rotation, the head's signature, and every credit record
// and sanction against its latest entry, so that a row changed by a direct
// UPDATE is caught. It needs no secret: the head is checked with the public
// key pinned in the database, or with -public-key (the key the deployment
// published, so that a database whose pin was rewritten is caught too). It
// exits 0 only when all of it holds.
func ledgerVerify(ctx context.Context, env *Env, args []string) error {
	var want string
	cfg, _, err := config(env, "ledger verify", args, false, nil, func(fs *flag.FlagSet) {
		fs.StringVar(&want, "public-key", "", "the deployment's public key (base64); default the one pinned in the database")
	})
	if err != nil {
		return err
	}
	d, err := openExisting(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	pinned, err := ledger.Pinned(ctx, d)
	if err != nil {
		return err
	}
	h, err := ledger.Head(ctx, d)
	if err != nil {
		return err
	}
	key := pinned
	if want != "" {
		if pinned != want {
			return fmt.Errorf("%w: the database pins public key %q, not %s", ErrLedgerBroken, pinned, want)
		}
		key = want
	}
	if key == "" && h.Seq > 0 {
		return fmt.Errorf("%w: the head is signed but no key is pinned", ErrLedgerBroken)
	}
	var pub ed25519.PublicKey
	if key != "" {
		if pub, err = ledger.ParsePublicKey(key); err != nil {
			return err
		}
	}
	m, err := credit.VerifyLedger(ctx, d, pub)
	if err != nil {
		return err
	}
	if m != nil {
		return fmt.Errorf("%w: first failing entry %d: %s", ErrLedgerBroken, m.Seq, m.Reason)
	}
	fmt.Fprintf(env.Stdout, "ledger verified: %d entries, head %s, public key %s\n", h.Seq, h.Hash, key)
	return nil
}

// openExisting opens a database that must exist: a mistyped SQLite path
// would otherwise open a new, empty database that "verifies".
func openExisting(ctx context.Context, dsn string) (*db.DB, error) {
	if !db.IsPostgresDSN(dsn) {
		if _, err := os.Stat(dsn); err != nil {
			return nil, fmt.Errorf("database %s: %w", dsn, err)
		}
	}
	return db.Open(ctx, dsn)
}

// ledgerKey creates a key file (mode 0600, never overwriting one) and prints
// the public key, or with -show prints the configured key's public key.
func ledgerKey(_ context.Context, env *Env, args []string) error {
	var out string
	var show bool
	cfg, _, err := config(env, "ledger key", args, false, nil, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "write the new key's seed to this file (mode 0600; an existing file is never replaced)")
		fs.BoolVar(&show, "show", false, "print the public key of the configured key (EVALCRED_LEDGER_KEY or EVALCRED_LEDGER_KEY_FILE)")
	})
	if err != nil {
		return err
	}
	var k ed25519.PrivateKey
	switch {
	case show:
		if k, err = configuredKey(cfg); err != nil {
			return err
		}
	case out != "":
		if k, err = ledger.WriteNewKey(out); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "wrote the ledger key to %s: keep it secret, back it up apart from the database, and set EVALCRED_LEDGER_KEY_FILE=%s on every server\n", out, out)
	default:
		return fmt.Errorf("%w: give -out FILE to create a key, or -show", ErrUsage)
	}
	fmt.Fprintln(env.Stdout, ledger.EncodePublic(k.Public().(ed25519.PublicKey)))
	return nil
}

// configuredKey is the key of EVALCRED_LEDGER_KEY or EVALCRED_LEDGER_KEY_FILE.
func configuredKey(cfg app.Config) (ed25519.PrivateKey, error) {
	if err := cfg.RequireLedgerKey(); err != nil {
		return nil, err
	}
	if cfg.LedgerKeyFile != "" {
		return ledger.KeyFromFile(cfg.LedgerKeyFile)
	}
	return ledger.ParseKey(cfg.LedgerKey)
}

// ledgerRotate replaces the deployment's key: the configured (current) key
// endorses the new one in an entry of the chain, and the new one is pinned.
// Stop the servers first and start them with the new key afterwards: a
// server still holding the old key cannot append.
func ledgerRotate(ctx context.Context, env *Env, args []string) error {
	var next string
	cfg, _, err := config(env, "ledger rotate", args, false, nil, func(fs *flag.FlagSet) {
		fs.StringVar(&next, "new-key", "", "file of the new key (made with `evalcred ledger key -out`)")
	})
	if err != nil {
		return err
	}
	if next == "" {
		return fmt.Errorf("%w: -new-key FILE is required", ErrUsage)
	}
	cur, err := configuredKey(cfg)
	if err != nil {
		return err
	}
	nk, err := ledger.KeyFromFile(next)
	if err != nil {
		return err
	}
	d, err := openExisting(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		return err
	}
	l := ledger.New(cur)
	if err := l.Pin(ctx, d); err != nil {
		return err
	}
	var en ledger.Entry
	if err := d.Tx(ctx, func(tx *db.Tx) error {
		en, err = l.Rotate(ctx, tx, nk, clock.System{}.Now())
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "ledger key rotated at entry %d; public key now %s\nrestart every server with the new key\n",
		en.Seq, ledger.EncodePublic(nk.Public().(ed25519.PublicKey)))
	return nil
}
