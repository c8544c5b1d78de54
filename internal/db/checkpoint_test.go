package db_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"evalcred/internal/db"
)

// Committed writes reach the database file itself within a moment, copied
// from the write-ahead log by the checkpointer beside the writer (the writer
// alone would wait for 4,000 pages of log). A reader that ignores the log
// (immutable=1) sees them.
func TestCheckpointerCopiesTheLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ck.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Exec(ctx, "CREATE TABLE logged (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		if err := d.Tx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO logged (id, v) VALUES (?, 'row')", i)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	// immutable: the file alone, read afresh each time (no change detection).
	count := func() int {
		file, err := sql.Open("sqlite", "file:"+path+"?immutable=1")
		if err != nil {
			t.Fatal(err)
		}
		defer file.Close()
		var n int
		_ = file.QueryRowContext(ctx, "SELECT COUNT(*) FROM logged").Scan(&n)
		return n
	}
	var n int
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if n = count(); n == 50 {
			return
		}
	}
	t.Errorf("the database file holds %d of 50 committed rows after 5 s", n)
}
