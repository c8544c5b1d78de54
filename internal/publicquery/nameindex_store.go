package publicquery

import (
	"context"
	"fmt"
	"strings"

	"evalcred/internal/db"
)

// gramStore holds the queries of the name index (nameindex.go): name_norm,
// name_grams and name_gram_df. It writes, so it is built on a transaction.
type gramStore struct{ tx *db.Tx }

// setNorm stores an institution's normalised name.
func (s gramStore) setNorm(ctx context.Context, institutionID int64, norm string) error {
	_, err := s.tx.Exec(ctx, "UPDATE institutions SET name_norm = ? WHERE id = ?", norm, institutionID)
	return err
}

// of lists an institution's grams.
func (s gramStore) of(ctx context.Context, institutionID int64) ([]string, error) {
	return db.Strings(ctx, s.tx, "publicquery: grams", "SELECT gram FROM name_grams WHERE institution_id = ?", institutionID)
}

// drop removes grams from an institution's postings and their counts.
func (s gramStore) drop(ctx context.Context, institutionID int64, grams []string) error {
	if len(grams) == 0 {
		return nil
	}
	args := append([]any{institutionID}, strs(grams)...)
	if _, err := s.tx.Exec(ctx, "DELETE FROM name_grams WHERE institution_id = ? AND gram IN ("+db.In(len(grams))+")", args...); err != nil {
		return err
	}
	_, err := s.tx.Exec(ctx, "UPDATE name_gram_df SET n = n - 1 WHERE gram IN ("+db.In(len(grams))+")", strs(grams)...)
	return err
}

// add adds grams to an institution's postings and counts them.
func (s gramStore) add(ctx context.Context, institutionID int64, grams []string) error {
	if len(grams) == 0 {
		return nil
	}
	vals := make([]any, 0, 2*len(grams))
	for _, g := range grams {
		vals = append(vals, g, institutionID)
	}
	if err := s.insertRows(ctx, "INSERT INTO name_grams (gram, institution_id) VALUES ", 2, vals, ""); err != nil {
		return err
	}
	vals = vals[:0]
	for _, g := range grams {
		vals = append(vals, g, 1)
	}
	return s.insertRows(ctx, "INSERT INTO name_gram_df (gram, n) VALUES ", 2, vals, " ON CONFLICT (gram) DO UPDATE SET n = name_gram_df.n + 1")
}

// indexedName is an institution's name and its stored normalisation.
type indexedName struct {
	id         int64
	name, norm string
}

// names lists every institution's name.
func (s gramStore) names(ctx context.Context) ([]indexedName, error) {
	return db.List(ctx, s.tx, "publicquery: names", func(sc db.Scanner) (indexedName, error) {
		var n indexedName
		err := sc.Scan(&n.id, &n.name, &n.norm)
		return n, err
	}, "SELECT id, name, name_norm FROM institutions ORDER BY id")
}

// clear empties the postings and the counts.
func (s gramStore) clear(ctx context.Context) error {
	for _, q := range []string{"DELETE FROM name_grams", "DELETE FROM name_gram_df"} {
		if _, err := s.tx.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// posting is one gram of one institution's name.
type posting struct {
	gram          string
	institutionID int64
}

// load writes every posting and count into the emptied tables, then has the
// planner's statistics brought up to date: on PostgreSQL they would
// otherwise describe the empty tables until autovacuum comes by, and the
// planner would pick scans.
func (s gramStore) load(ctx context.Context, postings []posting, df map[string]int) error {
	vals := make([]any, 0, 2*len(postings))
	for _, p := range postings {
		vals = append(vals, p.gram, p.institutionID)
	}
	if err := s.insertRows(ctx, "INSERT INTO name_grams (gram, institution_id) VALUES ", 2, vals, ""); err != nil {
		return err
	}
	vals = vals[:0]
	for g, n := range df {
		vals = append(vals, g, n)
	}
	if err := s.insertRows(ctx, "INSERT INTO name_gram_df (gram, n) VALUES ", 2, vals, ""); err != nil {
		return err
	}
	return s.tx.Analyze(ctx, "institutions", "name_grams", "name_gram_df")
}

// insertRows inserts vals (width values per row) with multi-row VALUES in
// batches that stay under both engines' placeholder limits.
func (s gramStore) insertRows(ctx context.Context, head string, width int, vals []any, tail string) error {
	const perBatch = 400
	row := "(" + db.In(width) + ")"
	for start := 0; start < len(vals); start += perBatch * width {
		end := min(len(vals), start+perBatch*width)
		n := (end - start) / width
		q := head + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ") + tail
		if _, err := s.tx.Exec(ctx, q, vals[start:end]...); err != nil {
			return fmt.Errorf("publicquery: bulk insert: %w", err)
		}
	}
	return nil
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
