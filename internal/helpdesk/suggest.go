package helpdesk

import (
	"context"
	"evalcred/internal/textnorm"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"evalcred/internal/auth"
	"evalcred/internal/db"
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
	if _, err := tx.Exec(ctx, "DELETE FROM helpdesk_grams WHERE kind = ? AND ref_id = ?", kind, id); err != nil {
		return fmt.Errorf("helpdesk: unindex: %w", err)
	}
	grams := textnorm.Bigrams(Normalize(text), 0)
	for start := 0; start < len(grams); start += 200 {
		chunk := grams[start:min(start+200, len(grams))]
		args := make([]any, 0, 3*len(chunk))
		for _, g := range chunk {
			args = append(args, g, kind, id)
		}
		q := "INSERT INTO helpdesk_grams (gram, kind, ref_id) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(chunk)), ", ")
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("helpdesk: index: %w", err)
		}
	}
	return nil
}

// hit is a matched text and its score: the share of the query's grams it
// contains, in percent.
type hit struct {
	kind  string
	id    int64
	score int
}

// match finds the FAQ entries, and the answered questions a may see (none
// when a is nil), sharing the most grams with query, keeping those that
// contain at least minPercent of them. The scope is part of the query, so
// that questions out of sight never take the places of those in it.
func match(ctx context.Context, q db.Queryer, query string, a *auth.Actor, minPercent, limit int) ([]hit, error) {
	grams := textnorm.Bigrams(Normalize(query), maxGrams)
	if len(grams) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(grams)+8)
	for _, g := range grams {
		args = append(args, g)
	}
	cond, condArgs := visible(a)
	args = append(append(append(args, StateAnswered), condArgs...), limit*4)
	rows, err := q.Query(ctx, `SELECT g.kind, g.ref_id, COUNT(*) FROM helpdesk_grams g WHERE g.gram IN (`+db.In(len(grams))+`)
		AND (g.kind = 'faq' OR g.kind = 'question' AND EXISTS (SELECT 1 FROM questions q WHERE q.id = g.ref_id AND q.state = ? AND `+cond+`))
		GROUP BY g.kind, g.ref_id ORDER BY COUNT(*) DESC, g.ref_id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: match: %w", err)
	}
	defer rows.Close()
	var out []hit
	for rows.Next() {
		var h hit
		var n int
		if err := rows.Scan(&h.kind, &h.id, &n); err != nil {
			return nil, err
		}
		h.score = 100 * n / len(grams)
		if h.score >= minPercent {
			out = append(out, h)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
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
