package helpdesk

import (
	"context"
	"sort"
	"strings"
	"unicode"

	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/textnorm"
)

// Normalize folds text for matching: full-width ASCII to half-width, ASCII
// lower-cased, and everything but letters and digits (spaces, punctuation
// of both widths) dropped, so that "信用修复？" and "信用 修复" match.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = textnorm.FoldWidth(r)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// maxGrams bounds the grams taken from one text: a query of a few
// sentences is plenty to find its neighbours, and the IN list stays short.
const maxGrams = 64

// indexText replaces the grams of one question or FAQ entry.
func indexText(ctx context.Context, tx *db.Tx, kind string, id int64, text string) error {
	return gramStore{tx}.replace(ctx, kind, id, textnorm.Bigrams(Normalize(text), 0))
}

// hit is a matched text: the grams of the query it shares, and its score,
// their share of the query's grams in percent.
type hit struct {
	kind          string
	id            int64
	shared, score int
}

// match finds the FAQ entries, and the answered questions a may see (none
// when a is nil), sharing the most grams with query, keeping those that
// contain at least minPercent of them.
func match(ctx context.Context, q db.Queryer, query string, a *auth.Actor, minPercent, limit int) ([]hit, error) {
	grams := textnorm.Bigrams(Normalize(query), maxGrams)
	if len(grams) == 0 {
		return nil, nil
	}
	found, err := gramStore{q}.sharing(ctx, grams, a, limit*4)
	if err != nil {
		return nil, err
	}
	var out []hit
	for _, h := range found {
		h.score = 100 * h.shared / len(grams)
		if h.score >= minPercent {
			out = append(out, h)
		}
	}
	// FAQ entries first among equals: they are the vetted answers.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].kind == "faq" && out[j].kind != "faq"
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
