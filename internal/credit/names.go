package credit

import (
	"strings"
	"unicode"
)

// NormalizeName folds an institution name (or an address, or a search term)
// to the form stored in institutions.name_norm: full-width ASCII and the
// ideographic space become half-width, every kind of space is removed, ASCII
// letters are lower-cased, and the compatibility forms people paste from PDFs
// (（）for ()) fold with the rest. Equal names compare equal whatever the
// input method.
func NormalizeName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
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

// Grams returns the distinct character bigrams of a normalised name, in order
// of first appearance; a one-character name is its own gram. Chinese has no
// word boundaries, so bigrams are what a part of a name shares with the whole.
func Grams(norm string) []string {
	rs := []rune(norm)
	if len(rs) == 1 {
		return []string{norm}
	}
	seen := make(map[string]bool, len(rs))
	out := make([]string, 0, len(rs))
	for i := 0; i+1 < len(rs); i++ {
		g := string(rs[i : i+2])
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// Similarity is the Dice coefficient of two normalised strings' bigram sets,
// in percent: 100 for equal strings, 0 for nothing in common.
func Similarity(a, b string) int {
	if a == b {
		if a == "" {
			return 0
		}
		return 100
	}
	ga, gb := Grams(a), Grams(b)
	if len(ga) == 0 || len(gb) == 0 {
		return 0
	}
	set := make(map[string]bool, len(ga))
	for _, g := range ga {
		set[g] = true
	}
	shared := 0
	for _, g := range gb {
		if set[g] {
			shared++
		}
	}
	return 200 * shared / (len(ga) + len(gb))
}

// NormalizePhone keeps the digits of a phone number, dropping a +86 or 0086
// country prefix, so "0731-8888 1234" and "07318888 1234" match.
func NormalizePhone(s string) string {
	var b strings.Builder
	for _, r := range NormalizeName(s) {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	for _, p := range []string{"0086", "86"} {
		if len(d) > 11 && strings.HasPrefix(d, p) {
			return d[len(p):]
		}
	}
	return d
}
