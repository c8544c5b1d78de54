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

// Committed writes reach the database file itself, copied from the
// write-ahead log by the checkpointer's own loop beside the writer (the
// writer alone would wait for thousands of pages of log). A reader that
// ignores the log (immutable=1) sees them. The loop runs on its own
// schedule, so the test waits for it as long as the test may run.
func TestCheckpointerCopiesTheLog(t *testing.T) {
	ctx := untilDeadline(t)
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
	for n = count(); n != 50 && ctx.Err() == nil; n = count() {
		time.Sleep(20 * time.Millisecond)
	}
	if n != 50 {
		t.Errorf("the database file holds %d of 50 committed rows", n)
	}
}

// BenchmarkLogUnderSteadyWrites writes 48 MB at a steady pace, as a load
// of review decisions does (2 writers, 12,000 rows of 3 KB, a page each),
// and reports the largest size the log's file reached: with the
// checkpointer's handover (TestHandoverStartsTheLogOver) the log starts
// over past 16 MB; without it, it would grow to SQLite's own threshold
// (64 MB) before the writer checkpointed inside a commit. How steady the
// pace is depends on the machine, hence a benchmark rather than a test.
//
//	go test -run '^$' -bench LogUnderSteadyWrites -benchtime 1x ./internal/db/
func BenchmarkLogUnderSteadyWrites(b *testing.B) {
	ctx := context.Background()
	const writers, txs, rows = 2, 1500, 4
	blob := make([]byte, 3000)
	var largest int64
	for b.Loop() {
		d, path := openWithTable(b, "CREATE TABLE steady (id INTEGER PRIMARY KEY, v BLOB NOT NULL)")
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := range txs {
					if err := d.Tx(ctx, func(tx *db.Tx) error {
						for r := range rows {
							if _, err := tx.Exec(ctx, "INSERT INTO steady (id, v) VALUES (?, ?)", (w*txs+i)*rows+r, blob); err != nil {
								return err
							}
						}
						return nil
					}); err != nil {
						b.Error(err)
						return
					}
					time.Sleep(time.Millisecond)
				}
			})
		}
		wg.Wait()
		// The log's file keeps the largest size the log reached.
		st, err := os.Stat(path + "-wal")
		if err != nil {
			b.Fatal(err)
		}
		largest = max(largest, st.Size())
	}
	b.ReportMetric(float64(largest)/(1<<20), "wal-MB")
}

// openWithTable opens a new SQLite file with one table; it is closed when
// the test ends.
func openWithTable(tb testing.TB, ddl string) (*db.DB, string) {
	tb.Helper()
	ctx := context.Background()
	path := filepath.Join(tb.TempDir(), "ck.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	if _, err := d.Exec(ctx, ddl); err != nil {
		tb.Fatal(err)
	}
	return d, path
}

// untilDeadline is a context that ends a little before the test binary's
// own deadline (go test -timeout), for a test that waits for something
// that happens on its own schedule: it fails with its own message rather
// than the binary's panic, and never because the machine was slow.
func untilDeadline(t *testing.T) context.Context {
	deadline, ok := t.Deadline()
	if !ok {
		return t.Context()
	}
	ctx, cancel := context.WithDeadline(t.Context(), deadline.Add(-(time.Until(deadline) / 10)))
	t.Cleanup(cancel)
	return ctx
}
