package fee

import "fmt"

// Yuan shows an amount in fen as yuan with two decimals ("-12.05"): as text,
// so that no spreadsheet rounds it.
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}
