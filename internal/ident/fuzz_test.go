package ident

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var fuzzToday = time.Date(2026, 12, 8, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))

// FuzzValidateResidentID: validation never panics; it answers nil or an
// *Error on the ID number's field; what it accepts is 18 ASCII characters
// that stay valid once normalised, and its mask hides the birth date.
func FuzzValidateResidentID(f *testing.F) {
	for _, seed := range []string{"11010519491231002X", "11010519491231002x", "430102198001011234", "", "４３０１０２",
		"110105194912310021", "11010519491331002X", "\x00", "430102202701011234"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateResidentID(s, fuzzToday)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Field != FieldResidentID || e.Reason == "" {
				t.Fatalf("%q: %v is not a field error", s, err)
			}
			return
		}
		if len(s) != 18 || !utf8.ValidString(s) {
			t.Fatalf("accepted %q", s)
		}
		n := NormalizeResidentID(s)
		if ValidateResidentID(n, fuzzToday) != nil {
			t.Fatalf("valid %q is invalid normalised (%q)", s, n)
		}
		if m := MaskResidentID(s); strings.Contains(m, s[6:14]) || len(m) != 18 {
			t.Fatalf("mask of %q: %q", s, m)
		}
	})
}

// FuzzNormalizeUSCC: what people paste is normalised, then validated; a
// code accepted after normalisation is a fixed point of it.
func FuzzNormalizeUSCC(f *testing.F) {
	for _, seed := range []string{" 91310115ma1k3btp2b ", "９１３１０１１５ＭＡ１Ｋ３ＢＴＰ２Ｂ", "91310115MA1K3BTP2B\u3000", "\u200b", "\x00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeUSCC(s)
		if ValidateUSCC(n) != nil {
			return
		}
		if NormalizeUSCC(n) != n || len(n) != 18 {
			t.Fatalf("%q normalises to %q, not a fixed point", s, n)
		}
	})
}
