// Package identtest reads the identifier test data in internal/ident/testdata
// (valid and invalid resident ID numbers, valid USCCs), which the ident
// tests and the tests of the packages that take such identifiers share.
package identtest

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Lines returns the non-blank, non-comment lines of the test data file
// name, failing the test when there are none.
func Lines(t *testing.T, name string) []string {
	t.Helper()
	_, self, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(self), "..", "testdata", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("read test data: %v", err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("scan %s: %v", path, err)
	}
	if len(lines) == 0 {
		t.Fatalf("%s holds no cases", path)
	}
	return lines
}
