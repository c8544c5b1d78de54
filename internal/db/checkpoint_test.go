package db_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
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
	d, path := openWithTable(t, "CREATE TABLE logged (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
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

// Under a steady stream of writes the log starts over every few thousand
// pages, so its file stays small. Without the checkpointer's handover to the
// writer (complete) it would grow to SQLite's own threshold (16,000 pages,
// 64 MB) before the writer checkpointed it inside a commit, every write
// waiting meanwhile.
func TestLogStartsOverUnderSteadyWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 48 MB over 2 s")
	}
	ctx := context.Background()
	d, path := openWithTable(t, "CREATE TABLE steady (id INTEGER PRIMARY KEY, v BLOB NOT NULL)")
	// 2 writers, 12,000 rows of 3 KB (a page each), at a steady pace of
	// about 6,000 pages a second, as under a load of review decisions.
	const writers, txs, rows = 2, 1500, 4
	blob := make([]byte, 3000)
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range txs {
				if err := d.Tx(ctx, func(tx *db.Tx) error {
					for r := range rows {
						if _, err := tx.Exec(ctx, "INSERT INTO steady (id, v) VALUES (?, ?)", (w*txs+i)*rows+r, blob); err != nil {
							return err
						}
					}
					return nil
				}); err != nil {
					errs <- err
					return
				}
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// The log's file keeps the largest size the log reached.
	st, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if mb := float64(st.Size()) / (1 << 20); mb > 28 {
		t.Errorf("the log grew to %.1f MB while 48 MB were written; it should start over past 16 MB", mb)
	} else {
		t.Logf("log file: %.1f MB", mb)
	}
}

// openWithTable opens a new SQLite file with one table; it is closed when
// the test ends.
func openWithTable(t *testing.T, ddl string) (*db.DB, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ck.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Exec(ctx, ddl); err != nil {
		t.Fatal(err)
	}
	return d, path
}
