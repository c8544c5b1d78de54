package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evalcred/internal/app"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/registry/registrytest"
)

// backup, restore and ledger verify as an operator runs them, on SQLite.
func TestBackupRestoreCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "live", "evalcred.db")
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
	if _, err := a.Services.Credit.Propose(ctx, reviewer, credit.ProposeInput{InstitutionID: instID, Kind: credit.KindBad,
		Severity: credit.SeverityGeneral, Category: "poor_quality", Facts: "逾期提交报告", Basis: "财监〔2021〕4号"}); err != nil {
		t.Fatal(err)
	}
	a.Close()

	out := filepath.Join(dir, "backup-1")
	stdout, _, err := run(t, nil, "backup", "-db", dbPath, "-out", out)
	if err != nil || !strings.Contains(stdout, "backup written to") {
		t.Fatalf("backup: %q %v", stdout, err)
	}
	for _, f := range []string{"manifest.json", "evalcred.db", "files.tsv", "ledger.pub"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("backup lacks %s", f)
		}
	}
	restored := filepath.Join(dir, "restored", "evalcred.db")
	env := map[string]string{"EVALCRED_FILES": filepath.Join(dir, "restored", "files")}
	stdout, _, err = run(t, env, "restore", "-from", out, "-db", restored)
	if err != nil || !strings.Contains(stdout, "ledger verified") {
		t.Fatalf("restore: %q %v", stdout, err)
	}
	// The auditor's check, without any key.
	stdout, _, err = run(t, nil, "ledger", "verify", "-db", restored)
	if err != nil || !strings.HasPrefix(stdout, "ledger verified: 1 entries") {
		t.Fatalf("verify the restored copy: %q %v", stdout, err)
	}
	if _, _, err := run(t, env, "restore", "-from", out, "-db", filepath.Join(dir, "x.db"), "-unknown"); err == nil {
		t.Error("an unknown flag was taken")
	}
}
