package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// backup, restore and ledger verify as an operator runs them, on SQLite.
func TestBackupRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "live", "evalcred.db")
	proposed(t, dbPath, "逾期提交报告")

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
