package ident

import (
	"strings"

	"evalcred/internal/textnorm"
)

// normalize trims spaces, maps full-width ASCII (typed by Chinese input
// methods) and the ideographic space to half-width (textnorm.FoldWidth), and
// upper-cases the result. People paste identifiers from PDFs and Word files,
// so this is the difference between "invalid" and "accepted".
func normalize(s string) string {
	return strings.ToUpper(strings.TrimSpace(strings.Map(textnorm.FoldWidth, s)))
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
