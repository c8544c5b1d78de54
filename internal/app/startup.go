package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"evalcred/internal/filestore"
	"evalcred/internal/ledger"
)

// RequireLedgerKey refuses a configuration without the deployment's ledger
// key: every server that writes signs the credit ledger with the same key
// (serve; demo makes its own).
func (c *Config) RequireLedgerKey() error {
	if c.LedgerKey != "" || c.LedgerKeyFile != "" {
		return nil
	}
	hint := ""
	if _, err := os.Stat(filepath.Join(c.DataDir, ledger.KeyFile)); err == nil {
		hint = fmt.Sprintf(" (this server has signed with %s: set EVALCRED_LEDGER_KEY_FILE to it)", filepath.Join(c.DataDir, ledger.KeyFile))
	}
	return errors.New("EVALCRED_LEDGER_KEY or EVALCRED_LEDGER_KEY_FILE: serve needs the deployment's ledger key; create one with `evalcred ledger key -out FILE`" + hint)
}

// Preflight checks at start what would otherwise fail at the first upload or
// the first credit decision, and refuses a misconfigured server with one
// line saying what is wrong (New has checked the data directory): a file
// store that cannot be written (an S3 bucket that does not exist, keys or a
// policy that refuse writes), a ledger key that is not the deployment's.
func (a *App) Preflight(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if c, ok := a.Services.Files.(filestore.Checker); ok {
		if err := c.Check(ctx); err != nil {
			return fmt.Errorf("start-up check: %w", err)
		}
	}
	if err := a.Services.Ledger.Pin(ctx, a.DB); err != nil {
		return fmt.Errorf("start-up check: %w", err)
	}
	return nil
}

// checkDirWritable creates dir if missing and a file in it.
func checkDirWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("data directory %s cannot be created: %w", dir, errors.Unwrap(err))
	}
	f, err := os.CreateTemp(dir, ".tmp-check-*")
	if err != nil {
		return fmt.Errorf("data directory %s is not writable: %w", dir, errors.Unwrap(err))
	}
	f.Close()
	return os.Remove(f.Name())
}
