package db

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// The checkpointer's handover lets the log start over although a write
// transaction is always in flight when it copies: the writer's checkpoint
// right after its commit copies what that transaction appended, and the
// next transaction finds the log wholly copied. Without the handover the
// log grows on. The test drives the checkpointer's passes itself (its loop
// stopped) and holds a transaction open across one, as a steady stream of
// writes does: every step is ordered, nothing depends on timing.
func TestHandoverStartsTheLogOver(t *testing.T) {
	for _, handover := range []bool{true, false} {
		ctx := context.Background()
		d := openSteady(t)
		c := d.ck
		write := func(rows int) {
			t.Helper()
			if err := d.Tx(ctx, steadyRows(rows)); err != nil {
				t.Fatal(err)
			}
		}

		// A short log: the checkpointer copies it and asks nothing.
		write(10)
		if c.tick(); c.want.Load() {
			t.Fatal("the checkpointer asked for a checkpoint of a short log")
		}
		// Past restartFrames pages, with no pass since. A pass while a
		// transaction is open, then its commit: its pages are not copied.
		for range 5 {
			write(1000)
		}
		open, release := make(chan struct{}), make(chan struct{})
		done := make(chan error)
		go func() {
			done <- d.Tx(ctx, func(tx *Tx) error {
				if err := steadyRows(20)(tx); err != nil {
					return err
				}
				close(open)
				<-release
				return nil
			})
		}()
		<-open
		if c.tick(); !c.want.Load() {
			t.Fatal("the checkpointer did not ask for a checkpoint of a long log")
		}
		if !handover {
			c.want.Store(false)
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if handover && c.want.Load() {
			t.Error("the writer did not checkpoint after its commit")
		}
		// The next transaction starts the log over, or appends to it.
		write(1)
		log, _, err := c.pass()
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case handover && log >= restartFrames:
			t.Errorf("with the handover the log holds %d pages after the next transaction; it should have started over", log)
		case !handover && log < restartFrames:
			t.Errorf("without the handover the log holds %d pages: the test no longer shows what the handover does", log)
		}
	}
}

// openSteady opens an SQLite database with a table of page-sized rows,
// its checkpointer's loop stopped: the test runs the passes (tick).
func openSteady(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "steady.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Exec(ctx, "CREATE TABLE steady (id INTEGER PRIMARY KEY, v BLOB NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	d.ck.stop()
	if d.ck, err = newCheckpointer(d.dsn, d.commits.Load); err != nil {
		t.Fatal(err)
	}
	close(d.ck.done) // no loop to wait for when the database closes
	return d
}

// steadyRows inserts n rows of 3 KB, a page each.
func steadyRows(n int) func(tx *Tx) error {
	blob := []byte(strings.Repeat("x", 3000))
	return func(tx *Tx) error {
		for range n {
			if _, err := tx.Exec(context.Background(), "INSERT INTO steady (v) VALUES (?)", blob); err != nil {
				return err
			}
		}
		return nil
	}
}
