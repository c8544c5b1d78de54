package cli

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"evalcred/internal/app"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/ledger"
)

// ledger verify passes on a database the platform wrote, and after a direct
// UPDATE of a credit record fails naming the record's latest ledger entry.
func TestLedgerVerify(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "ledger.db")
	ids := proposed(t, dbPath, "逾期提交报告", "报告质量低劣")

	out, _, err := run(t, nil, "ledger", "verify", "-db", dbPath)
	if err != nil || !strings.HasPrefix(out, "ledger verified: 2 entries, head ") {
		t.Fatalf("intact ledger: %q %v", out, err)
	}

	d, err := db.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	var seq int64 // the latest entry of the first record, which the tampering will break
	if err := d.QueryRow(ctx, "SELECT MAX(seq) FROM ledger_entries WHERE subject = 'credit_record' AND subject_id = ?", ids[0]).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(ctx, "UPDATE credit_records SET facts = ? WHERE id = ?", "按期提交", ids[0]); err != nil {
		t.Fatal(err)
	}
	d.Close()
	_, _, err = run(t, nil, "ledger", "verify", "-db", dbPath)
	if !errors.Is(err, ErrLedgerBroken) || !strings.Contains(err.Error(), fmt.Sprintf("entry %d:", seq)) ||
		!strings.Contains(err.Error(), fmt.Sprintf("credit_record %d was changed", ids[0])) {
		t.Fatalf("tampered ledger: %v, want entry %d named", err, seq)
	}
	if code := Main([]string{"ledger", "verify", "-db", dbPath}); code == 0 {
		t.Error("exit code 0 for a broken ledger")
	}

	// An auditor needs no secret: the pinned public key verifies (here up to
	// the tampered row); a published key other than the pinned one is named.
	_, _, err = run(t, map[string]string{"EVALCRED_DATA_DIR": t.TempDir()}, "ledger", "verify", "-db", dbPath)
	if !errors.Is(err, ErrLedgerBroken) || !strings.Contains(err.Error(), "was changed") {
		t.Errorf("without the key: %v", err)
	}
	other := ledger.EncodePublic(ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey))
	_, _, err = run(t, nil, "ledger", "verify", "-db", dbPath, "-public-key", other)
	if !errors.Is(err, ErrLedgerBroken) || !strings.Contains(err.Error(), "pins public key") {
		t.Errorf("another published key: %v", err)
	}
	if _, _, err := run(t, nil, "ledger", "verify", "-db", filepath.Join(t.TempDir(), "nope.db")); err == nil {
		t.Error("a missing database file verified")
	}
}

// ledger key makes a key file and prints its public part; serve refuses to
// start without a key, or with a key other than the pinned one, in one line;
// ledger rotate moves the pin, recorded in the chain, and verify follows it.
func TestLedgerKeyCommands(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "k.db")
	k1, k2 := filepath.Join(dir, "k1"), filepath.Join(dir, "k2")
	out, _, err := run(t, nil, "ledger", "key", "-out", k1)
	if err != nil || len(strings.TrimSpace(out)) != 44 {
		t.Fatalf("ledger key: %q %v", out, err)
	}
	if _, _, err := run(t, nil, "ledger", "key", "-out", k1); err == nil {
		t.Fatal("a key file was overwritten")
	}
	shown, _, err := run(t, map[string]string{"EVALCRED_LEDGER_KEY_FILE": k1}, "ledger", "key", "-show")
	if err != nil || shown != out {
		t.Fatalf("-show: %q %v, want %q", shown, err, out)
	}
	if _, _, err := run(t, nil, "ledger", "key", "-out", k2); err != nil {
		t.Fatal(err)
	}

	_, _, err = run(t, nil, "serve", "-db", dbPath, "-addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "EVALCRED_LEDGER_KEY") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("serve without a key: %v", err)
	}
	// The first server pins k1 (migrate, then the start-up check as serve runs it).
	ctx := context.Background()
	cfg := app.Defaults()
	cfg.DB, cfg.LedgerKeyFile = dbPath, k1
	a := openApp(t, cfg, clock.System{})
	if err := a.Preflight(ctx); err != nil {
		t.Fatal(err)
	}
	a.Close()
	cfg.LedgerKeyFile = k2
	a = openApp(t, cfg, clock.System{})
	err = a.Preflight(ctx)
	a.Close()
	if !errors.Is(err, ledger.ErrKeyMismatch) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("a second server with another key: %v", err)
	}

	out, _, err = run(t, map[string]string{"EVALCRED_LEDGER_KEY_FILE": k1}, "ledger", "rotate", "-db", dbPath, "-new-key", k2)
	if err != nil || !strings.Contains(out, "rotated at entry 1") {
		t.Fatalf("rotate: %q %v", out, err)
	}
	pub2, _, _ := run(t, map[string]string{"EVALCRED_LEDGER_KEY_FILE": k2}, "ledger", "key", "-show")
	out, _, err = run(t, nil, "ledger", "verify", "-db", dbPath, "-public-key", strings.TrimSpace(pub2))
	if err != nil || !strings.Contains(out, "1 entries") {
		t.Fatalf("verify after rotation: %q %v", out, err)
	}
}
