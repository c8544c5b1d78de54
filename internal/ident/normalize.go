package ident

import "strings"

// normalize trims spaces, maps full-width ASCII (U+FF01..U+FF5E, typed by
// Chinese input methods) and the ideographic space to half-width, and
// upper-cases the result. People paste identifiers from PDFs and Word files,
// so this is the difference between "invalid" and "accepted".
func normalize(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
	return strings.ToUpper(strings.TrimSpace(s))
}

// NormalizeUSCC returns s trimmed, with full-width ASCII turned half-width and
// letters upper-cased. It does not validate.
func NormalizeUSCC(s string) string { return normalize(s) }

// NormalizeResidentID returns s trimmed, with full-width ASCII turned
// half-width and a trailing lower-case x upper-cased. It does not validate.
func NormalizeResidentID(s string) string { return normalize(s) }

// allDigits reports whether s is non-empty and made of ASCII digits only.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
