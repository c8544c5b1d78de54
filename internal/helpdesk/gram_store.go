package helpdesk

import (
	"context"
	"fmt"
	"strings"

	"evalcred/internal/auth"
	"evalcred/internal/db"
)

// gramStore holds every query of the grams index (helpdesk_grams): the
// character bigrams of each answered question and FAQ entry.
type gramStore struct{ q db.Queryer }

// replace sets the grams of one question or FAQ entry, 200 to a statement.
func (s gramStore) replace(ctx context.Context, kind string, id int64, grams []string) error {
	if _, err := s.q.Exec(ctx, "DELETE FROM helpdesk_grams WHERE kind = ? AND ref_id = ?", kind, id); err != nil {
		return fmt.Errorf("helpdesk: unindex: %w", err)
	}
	for start := 0; start < len(grams); start += 200 {
		chunk := grams[start:min(start+200, len(grams))]
		args := make([]any, 0, 3*len(chunk))
		for _, g := range chunk {
			args = append(args, g, kind, id)
		}
		q := "INSERT INTO helpdesk_grams (gram, kind, ref_id) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(chunk)), ", ")
		if _, err := s.q.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("helpdesk: index: %w", err)
		}
	}
	return nil
}

// sharing lists the FAQ entries, and the answered questions a may see (none
// when a is nil), by how many of grams they share, most first, at most
// limit. The scope is part of the query, so that questions out of sight
// never take the places of those in it.
func (s gramStore) sharing(ctx context.Context, grams []string, a *auth.Actor, limit int) ([]hit, error) {
	args := make([]any, 0, len(grams)+8)
	for _, g := range grams {
		args = append(args, g)
	}
	cond, condArgs := visible(a)
	args = append(append(append(args, StateAnswered), condArgs...), limit)
	return db.List(ctx, s.q, "helpdesk: match", func(sc db.Scanner) (hit, error) {
		var h hit
		err := sc.Scan(&h.kind, &h.id, &h.shared)
		return h, err
	}, `SELECT g.kind, g.ref_id, COUNT(*) FROM helpdesk_grams g WHERE g.gram IN (`+db.In(len(grams))+`)
		AND (g.kind = 'faq' OR g.kind = 'question' AND EXISTS (SELECT 1 FROM questions q WHERE q.id = g.ref_id AND q.state = ? AND `+cond+`))
		GROUP BY g.kind, g.ref_id ORDER BY COUNT(*) DESC, g.ref_id DESC LIMIT ?`, args...)
}
