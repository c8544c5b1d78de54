package db_test

import (
	"context"
	"strings"
	"testing"

	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
)

// List scans every row in order and answers an empty list, not nil, when
// nothing matches; a failing scan names the query.
func TestListAndIDs(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, code := range []string{"430000", "430100", "430102"} {
			if _, err := d.Exec(ctx, "INSERT INTO job_runs (name, slot, started_at) VALUES (?, ?, CURRENT_TIMESTAMP)", "t", code); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.Strings(ctx, d, "test: slots", "SELECT slot FROM job_runs WHERE name = ? ORDER BY slot DESC", "t")
		if err != nil || len(got) != 3 || got[0] != "430102" || got[2] != "430000" {
			t.Fatalf("Strings: %v %v", got, err)
		}
		none, err := db.IDs(ctx, d, "test: none", "SELECT 1 FROM job_runs WHERE name = ?", "nobody")
		if err != nil || none == nil || len(none) != 0 {
			t.Fatalf("IDs of nothing: %#v %v", none, err)
		}
		if _, err := db.IDs(ctx, d, "test: text as ids", "SELECT name FROM job_runs"); err == nil || !strings.Contains(err.Error(), "test: text as ids") {
			t.Fatalf("a failing scan: %v", err)
		}
	})
}
