// Package datatest checks that a package's copy of a shared data set
// (holidays, divisions, identifiers) is still equal to the set it was
// copied from, ../../../shared/data/<name> seen from the package's
// directory. That directory exists only in the full workspace, so the
// check skips elsewhere (CI checkouts, vendoring).
package datatest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// SameAsShared fails for each file of the shared set name that keep
// accepts and whose copy under dir is missing or differs. It returns the
// shared set's directory.
func SameAsShared(t *testing.T, name, dir string, keep func(file string) bool) string {
	t.Helper()
	shared := filepath.Join("..", "..", "..", "shared", "data", name)
	entries, err := os.ReadDir(shared)
	if err != nil {
		t.Skipf("shared data not present: %v", err)
	}
	for _, e := range entries {
		if e.IsDir() || !keep(e.Name()) {
			continue
		}
		want, err := os.ReadFile(filepath.Join(shared, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s/%s differs from the shared copy (err=%v); copy it again", dir, e.Name(), err)
		}
	}
	return shared
}
