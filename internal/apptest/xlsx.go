package apptest

import (
	"bytes"
	"slices"
	"testing"

	"evalcred/internal/xlsx"
)

// ReadXLSX reads every row of a spreadsheet, its headers first.
func ReadXLSX(t testing.TB, b []byte) [][]string {
	t.Helper()
	var rows [][]string
	err := xlsx.ReadRows(bytes.NewReader(b), int64(len(b)), func(_ int, cells []string) error {
		rows = append(rows, slices.Clone(cells))
		return nil
	})
	if err != nil {
		t.Fatalf("read xlsx: %v", err)
	}
	return rows
}
