package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evalcred/internal/app"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/registry/registrytest"
)

// ledger verify passes on a database the platform wrote, and after a direct
// UPDATE of a credit record fails naming the record's latest ledger entry.
func TestLedgerVerify(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "ledger.db")
	cfg := app.Defaults()
	cfg.DB = dbPath
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC))
	a, err := app.Open(ctx, cfg, clk)
	if err != nil {
		t.Fatal(err)
	}
	instID, _ := registrytest.NewApprovedInstitution(t, a.DB, clk, "430102")
	reviewer := registrytest.Official(t, a.DB, clk, auth.RoleProvincialReviewer, "430000")
	var ids []int64
	for _, f := range []string{"逾期提交报告", "报告质量低劣"} {
		res, err := a.Services.Credit.Propose(ctx, reviewer, credit.ProposeInput{InstitutionID: instID, Kind: credit.KindBad,
			Severity: credit.SeverityGeneral, Category: "poor_quality", Facts: f, Basis: "财监〔2021〕4号"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.ID)
	}
	var seq int64 // the latest entry of the first record, which the tampering will break
	if err := a.DB.QueryRow(ctx, "SELECT MAX(seq) FROM ledger_entries WHERE subject = 'credit_record' AND subject_id = ?", ids[0]).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	a.Close()

	out, _, err := run(t, nil, "ledger", "verify", "-db", dbPath)
	if err != nil || !strings.HasPrefix(out, "ledger verified: 2 entries, head ") {
		t.Fatalf("intact ledger: %q %v", out, err)
	}

	d, err := db.Open(ctx, dbPath)
	if err != nil {
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

	// Without the key that signed, the command refuses rather than guess.
	_, _, err = run(t, map[string]string{"EVALCRED_DATA_DIR": t.TempDir()}, "ledger", "verify", "-db", dbPath)
	if err == nil || !strings.Contains(err.Error(), "ledger key") {
		t.Errorf("missing key: %v", err)
	}
	if _, _, err := run(t, nil, "ledger", "verify", "-db", filepath.Join(t.TempDir(), "nope.db")); err == nil {
		t.Error("a missing database file verified")
	}
}
