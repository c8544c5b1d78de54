// Package textnorm folds text typed by people into one form for matching:
// Chinese input methods produce full-width letters, digits and brackets, and
// names get pasted with stray spaces. Every search and duplicate check of
// names goes through here, so that what one part stores another part finds.
package textnorm

import (
	"strings"
	"unicode"
)

// FoldWidth maps full-width ASCII (U+FF01..U+FF5E) to half-width and the
// ideographic space to a space; other runes are unchanged.
func FoldWidth(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	}
	return r
}

// Name folds an institution name (or an address, or a search term): width
// folded, every kind of space (and zero-width characters) removed, ASCII
// letters lower-cased. 湖南天平 会计师事务所（特殊普通合伙） and
// 湖南天平会计师事务所(特殊普通合伙) fold alike.
func Name(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = FoldWidth(r)
		if unicode.IsSpace(r) || r == 0x200B || r == 0xFEFF {
			continue
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Bigrams returns the distinct character bigrams of folded text in order of
// first appearance, at most limit of them (0: no limit); a one-character text
// is its own gram. Chinese has no word boundaries, so bigrams are what a part
// of a name or sentence shares with the whole: 信用修复 holds 信用, 用修, 修复.
func Bigrams(norm string, limit int) []string {
	rs := []rune(norm)
	if len(rs) == 1 {
		return []string{norm}
	}
	seen := make(map[string]bool, len(rs))
	out := make([]string, 0, len(rs))
	for i := 0; i+1 < len(rs); i++ {
		g := string(rs[i : i+2])
		if seen[g] {
			continue
		}
		seen[g] = true
		out = append(out, g)
		if limit > 0 && len(out) == limit {
			break
		}
	}
	return out
}
