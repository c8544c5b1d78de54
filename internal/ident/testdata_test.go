package ident

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"evalcred/internal/ident/identtest"
)

// residentCase is one line of resident-id.txt: number, "valid"/"invalid", why.
type residentCase struct {
	number, why string
	valid       bool
}

func readResidentCases(t *testing.T) []residentCase {
	t.Helper()
	var cases []residentCase
	for _, line := range identtest.Lines(t, "resident-id.txt") {
		f := strings.Split(line, "\t")
		if len(f) < 2 || (f[1] != "valid" && f[1] != "invalid") {
			t.Fatalf("malformed line %q", line)
		}
		c := residentCase{number: f[0], valid: f[1] == "valid"}
		if len(f) > 2 {
			c.why = f[2]
		}
		cases = append(cases, c)
	}
	return cases
}

// TestSharedCopyInSync catches drift between the package's testdata and the
// shared data set it was copied from. The shared directory exists only in the
// full workspace, so the test skips elsewhere (CI checkouts, vendoring).
func TestSharedCopyInSync(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "shared", "data", "identifiers")
	entries, err := os.ReadDir(shared)
	if err != nil {
		t.Skipf("shared data not present: %v", err)
	}
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".txt" {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(shared, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join("testdata", e.Name()))
			if err != nil {
				t.Fatalf("missing local copy: %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("testdata/%s differs from %s; copy it again", e.Name(), shared)
			}
		})
	}
}
