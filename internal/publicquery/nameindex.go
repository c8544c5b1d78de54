package publicquery

import (
	"context"
	"fmt"
	"slices"

	"evalcred/internal/db"
	"evalcred/internal/textnorm"
)

// The name index behind Search: institutions.name_norm holds each name as
// textnorm.Name gives it, name_grams each name's bigrams (its postings) and
// name_gram_df how many institutions hold each bigram, so that a search
// starts from the rarest one.

// IndexName keeps the name search in step with an institution's name: it
// stores textnorm.Name(name) in institutions.name_norm and refreshes the
// institution's rows of name_grams and the gram counts of name_gram_df. The
// registry and the imports call it (through their OnName hooks), in their
// transaction, whenever they create an institution or change its name, so
// that search and re-registration warnings always use one normalisation.
func IndexName(ctx context.Context, tx *db.Tx, institutionID int64, name string) error {
	norm := textnorm.Name(name)
	if err := (gramStore{tx}).setNorm(ctx, institutionID, norm); err != nil {
		return fmt.Errorf("publicquery: index name: %w", err)
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
	grams := gramStore{tx}
	had, err := grams.of(ctx, institutionID)
	if err != nil {
		return fmt.Errorf("publicquery: index name: %w", err)
	}
	old := map[string]bool{}
	for _, g := range had {
		old[g] = true
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
	if err := grams.drop(ctx, institutionID, drop); err != nil {
		return err
	}
	return grams.add(ctx, institutionID, add)
}

// Reindex rebuilds name_norm, name_grams and name_gram_df for every
// institution in one transaction (after a bulk import, or to repair drift).
func Reindex(ctx context.Context, d *db.DB) error {
	return d.Tx(ctx, func(tx *db.Tx) error {
		grams := gramStore{tx}
		all, err := grams.names(ctx)
		if err != nil {
			return err
		}
		if err := grams.clear(ctx); err != nil {
			return err
		}
		df := map[string]int{}
		var postings []posting
		for _, i := range all {
			norm := textnorm.Name(i.name)
			if norm != i.norm {
				if err := grams.setNorm(ctx, i.id, norm); err != nil {
					return err
				}
			}
			for _, g := range textnorm.Bigrams(norm, 0) {
				df[g]++
				postings = append(postings, posting{g, i.id})
			}
		}
		return grams.load(ctx, postings, df)
	})
}
