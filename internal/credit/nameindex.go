package credit

import (
	"context"
	"evalcred/internal/textnorm"
	"fmt"
	"slices"
	"strings"

	"evalcred/internal/db"
)

// IndexName keeps the name search in step with an institution's name: it
// stores textnorm.Name(name) in institutions.name_norm and refreshes the
// institution's rows of name_grams and the gram counts of name_gram_df. The
// registry calls it, in its transaction, whenever it creates an institution
// or changes its name, so that search and re-registration warnings always
// use one normalisation.
func IndexName(ctx context.Context, tx *db.Tx, institutionID int64, name string) error {
	norm := textnorm.Name(name)
	if _, err := tx.Exec(ctx, "UPDATE institutions SET name_norm = ? WHERE id = ?", norm, institutionID); err != nil {
		return fmt.Errorf("credit: index name: %w", err)
	}
	return indexGrams(ctx, tx, institutionID, norm)
}

// IndexGrams is IndexName for a writer that has already stored
// textnorm.Name(name) in name_norm in the same transaction (a filing's
// approval): it refreshes only the grams, and writes nothing when the name
// did not change.
func IndexGrams(ctx context.Context, tx *db.Tx, institutionID int64, name string) error {
	return indexGrams(ctx, tx, institutionID, textnorm.Name(name))
}

func indexGrams(ctx context.Context, tx *db.Tx, institutionID int64, norm string) error {
	old := map[string]bool{}
	rows, err := tx.Query(ctx, "SELECT gram FROM name_grams WHERE institution_id = ?", institutionID)
	if err != nil {
		return fmt.Errorf("credit: index name: %w", err)
	}
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			rows.Close()
			return err
		}
		old[g] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var add, drop []string
	for _, g := range textnorm.Bigrams(norm, 0) {
		if old[g] {
			delete(old, g)
		} else {
			add = append(add, g)
		}
	}
	for g := range old {
		drop = append(drop, g)
	}
	// Sorted, so that two transactions touching the same counts on
	// PostgreSQL lock them in one order and cannot deadlock.
	slices.Sort(add)
	slices.Sort(drop)
	if len(drop) > 0 {
		args := append([]any{institutionID}, strs(drop)...)
		if _, err := tx.Exec(ctx, "DELETE FROM name_grams WHERE institution_id = ? AND gram IN ("+db.In(len(drop))+")", args...); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE name_gram_df SET n = n - 1 WHERE gram IN ("+db.In(len(drop))+")", strs(drop)...); err != nil {
			return err
		}
	}
	if len(add) == 0 {
		return nil
	}
	vals := make([]any, 0, 2*len(add))
	for _, g := range add {
		vals = append(vals, g, institutionID)
	}
	if err := insertRows(ctx, tx, "INSERT INTO name_grams (gram, institution_id) VALUES ", 2, vals, ""); err != nil {
		return err
	}
	vals = vals[:0]
	for _, g := range add {
		vals = append(vals, g, 1)
	}
	return insertRows(ctx, tx, "INSERT INTO name_gram_df (gram, n) VALUES ", 2, vals, " ON CONFLICT (gram) DO UPDATE SET n = name_gram_df.n + 1")
}

// Reindex rebuilds name_norm, name_grams and name_gram_df for every
// institution in one transaction (after a bulk import, or to repair drift).
func Reindex(ctx context.Context, d *db.DB) error {
	return d.Tx(ctx, func(tx *db.Tx) error {
		type inst struct {
			id         int64
			name, norm string
		}
		var all []inst
		rows, err := tx.Query(ctx, "SELECT id, name, name_norm FROM institutions ORDER BY id")
		if err != nil {
			return err
		}
		for rows.Next() {
			var i inst
			if err := rows.Scan(&i.id, &i.name, &i.norm); err != nil {
				rows.Close()
				return err
			}
			all = append(all, i)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, q := range []string{"DELETE FROM name_grams", "DELETE FROM name_gram_df"} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		df := map[string]int{}
		var vals []any
		for _, i := range all {
			norm := textnorm.Name(i.name)
			if norm != i.norm {
				if _, err := tx.Exec(ctx, "UPDATE institutions SET name_norm = ? WHERE id = ?", norm, i.id); err != nil {
					return err
				}
			}
			for _, g := range textnorm.Bigrams(norm, 0) {
				df[g]++
				vals = append(vals, g, i.id)
			}
		}
		if err := insertRows(ctx, tx, "INSERT INTO name_grams (gram, institution_id) VALUES ", 2, vals, ""); err != nil {
			return err
		}
		vals = vals[:0]
		for g, n := range df {
			vals = append(vals, g, n)
		}
		if err := insertRows(ctx, tx, "INSERT INTO name_gram_df (gram, n) VALUES ", 2, vals, ""); err != nil {
			return err
		}
		// After a rebuild PostgreSQL's planner would otherwise work from the
		// empty tables' statistics until autovacuum comes by, and pick scans.
		return tx.Analyze(ctx, "institutions", "name_grams", "name_gram_df")
	})
}

// insertRows inserts vals (width values per row) with multi-row VALUES in
// batches that stay under both engines' placeholder limits.
func insertRows(ctx context.Context, tx *db.Tx, head string, width int, vals []any, tail string) error {
	const perBatch = 400
	row := "(" + db.In(width) + ")"
	for start := 0; start < len(vals); start += perBatch * width {
		end := min(len(vals), start+perBatch*width)
		n := (end - start) / width
		q := head + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ") + tail
		if _, err := tx.Exec(ctx, q, vals[start:end]...); err != nil {
			return fmt.Errorf("credit: bulk insert: %w", err)
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
