package policy

import (
	"math/big"
	"strings"
)

// Show writes a stored number as a form shows it, in the unit Label names:
// fen as yuan, a score x100 as points, bytes as megabytes; whole numbers
// without decimals, the others with as few as they need.
func (u Unit) Show(stored int64) string {
	scale := max(u.Scale(), 1)
	r := new(big.Rat).SetFrac64(stored, scale)
	if r.IsInt() {
		return r.Num().String()
	}
	s := r.FloatString(4)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// Parse reads a number as a form shows it back into stored units: "1,500.5"
// yuan is 150050 fen. Money and scores take at most two decimals, sizes
// are rounded to the byte, other units take whole numbers only; false for
// anything else.
func (u Unit) Parse(shown string) (int64, bool) {
	s := strings.NewReplacer(",", "", "，", "", " ", "", "\u00a0", "").Replace(strings.TrimSpace(shown))
	if s == "" || strings.ContainsAny(s, "eE/") {
		return 0, false
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, false
	}
	r.Mul(r, new(big.Rat).SetInt64(max(u.Scale(), 1)))
	if !r.IsInt() {
		if u != Bytes {
			return 0, false
		}
		f, _ := r.Float64()
		r.SetInt64(int64(f + 0.5))
	}
	if !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}
