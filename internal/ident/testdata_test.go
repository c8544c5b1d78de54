package ident

import (
	"path/filepath"
	"strings"
	"testing"

	"evalcred/internal/datatest"
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
	datatest.SameAsShared(t, "identifiers", "testdata", func(f string) bool { return filepath.Ext(f) == ".txt" })
}
