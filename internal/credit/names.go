package credit

import (
	"evalcred/internal/textnorm"
	"strings"
)

// Similarity is the Dice coefficient of two normalised strings' bigram sets,
// in percent: 100 for equal strings, 0 for nothing in common.
func Similarity(a, b string) int {
	if a == b {
		if a == "" {
			return 0
		}
		return 100
	}
	ga, gb := textnorm.Bigrams(a, 0), textnorm.Bigrams(b, 0)
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
	for _, r := range textnorm.Name(s) {
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
