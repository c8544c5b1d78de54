// Package textcheck holds the rules every piece of text from outside passes
// before a service sees it: JSON bodies, form values, query parameters and
// the cells of an imported spreadsheet. A character PostgreSQL cannot store
// (NUL), one a terminal or a log reader acts on (BEL, ESC), one that turns
// the text around on screen (the right-to-left override) or a name made of
// nothing visible would otherwise reach the database, differently on each
// engine; an endless search term would reach SQLite's LIKE. The web layer
// applies Check to every value by its field name (For), so a handler cannot
// forget it.
package textcheck

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Rule is what one field accepts.
type Rule struct {
	// Lines lets line breaks and tabs through (a comment, the facts of a
	// credit record); a one-line field (a name, a search term) takes none.
	Lines bool
	// Max is the most characters (runes, after normalisation) it takes.
	Max int
	// Secret marks a password: only its length is checked and it is never
	// changed, since it is hashed byte for byte and never stored as text.
	Secret bool
}

// The rules, by kind of field.
var (
	Search = Rule{Max: 200}
	Name   = Rule{Max: 200}
	Line   = Rule{Max: 1000}
	Text   = Rule{Lines: true, Max: 20000}
	Long   = Rule{Lines: true, Max: 200000}
	Secret = Rule{Max: 1000, Secret: true}
)

// Caps are the lengths the rules use; each has its message
// (input.too_long_<n>).
var Caps = []int{Search.Max, Line.Max, Text.Max, Long.Max}

// The reasons Check gives, message keys taking the field's label.
const (
	ReasonEncoding  = "input.encoding"
	ReasonControl   = "input.control"
	ReasonLineBreak = "input.line_break"
	ReasonBidi      = "input.bidi"
	ReasonInvisible = "input.invisible"
)

// TooLong is the reason for a value over max characters.
func TooLong(max int) string { return "input.too_long_" + strconv.Itoa(max) }

// Check returns s normalised to NFC, or the reason (a message key) it is
// refused. An empty or blank value passes: whether a field may be empty is
// the service's rule.
func (r Rule) Check(s string) (string, string) {
	if r.Secret {
		if utf8.RuneCountInString(s) > r.Max {
			return s, TooLong(r.Max)
		}
		return s, ""
	}
	if !utf8.ValidString(s) {
		return s, ReasonEncoding
	}
	visible := false
	for _, c := range s {
		switch {
		case c == '\n' || c == '\r' || c == '\t':
			if !r.Lines {
				return s, ReasonLineBreak
			}
		case c < 0x20 || c >= 0x7F && c <= 0x9F:
			return s, ReasonControl
		case Bidi(c):
			return s, ReasonBidi
		case !visible && !Invisible(c):
			visible = true
		}
	}
	if !visible && strings.ContainsFunc(s, zeroWidth) {
		return s, ReasonInvisible
	}
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	if utf8.RuneCountInString(s) > r.Max {
		return s, TooLong(r.Max)
	}
	return s, ""
}

// Bidi reports whether c is a bidirectional embedding, override or isolate:
// invisible characters that reorder what follows them, so that a name can
// read on screen as another.
func Bidi(c rune) bool { return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 }

// zeroWidth reports whether c takes no space and shows nothing.
func zeroWidth(c rune) bool {
	switch c {
	case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F, 0x061C, 0x00AD, 0x180E:
		return true
	}
	return false
}

// Invisible reports whether c shows nothing: a space of any kind or a
// zero-width character.
func Invisible(c rune) bool { return unicode.IsSpace(c) || zeroWidth(c) }
