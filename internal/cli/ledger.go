package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/ledger"
)

func init() {
	register("ledger verify", "check the credit ledger's hash chain, head signature and rows: -db", ledgerVerify)
}

// ErrLedgerBroken is returned when the ledger does not hold; the message
// names the first entry that fails and why.
var ErrLedgerBroken = errors.New("ledger does not verify")

// ledgerVerify recomputes the whole credit ledger: every entry's hash and
// link, the head's signature with the platform's key, and every credit
// record and sanction against its latest entry, so that a row changed by a
// direct UPDATE is caught. It exits 0 only when all of it holds.
func ledgerVerify(ctx context.Context, env *Env, args []string) error {
	cfg, _, err := config(env, "ledger verify", args, false, nil, nil)
	if err != nil {
		return err
	}
	// A mistyped SQLite path would otherwise open a new, empty database that
	// "verifies" with no entries.
	if !db.IsPostgresDSN(cfg.DB) {
		if _, err := os.Stat(cfg.DB); err != nil {
			return fmt.Errorf("database %s: %w", cfg.DB, err)
		}
	}
	// The key must be the one that signed: LoadKey would create a missing key
	// file afresh, and every signature would then fail for the wrong reason.
	if cfg.LedgerKey == "" {
		path := filepath.Join(cfg.DataDir, ledger.KeyFile)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("ledger key %s not found: set EVALCRED_DATA_DIR to the server's data directory or EVALCRED_LEDGER_KEY", path)
		}
	}
	key, err := ledger.LoadKey(cfg.DataDir, cfg.LedgerKey)
	if err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	m, err := credit.VerifyLedger(ctx, d, ledger.New(key).PublicKey())
	if err != nil {
		return err
	}
	if m != nil {
		return fmt.Errorf("%w: first failing entry %d: %s", ErrLedgerBroken, m.Seq, m.Reason)
	}
	h, err := ledger.Head(ctx, d)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "ledger verified: %d entries, head %s\n", h.Seq, h.Hash)
	return nil
}
