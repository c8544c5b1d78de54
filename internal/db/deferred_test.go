package db_test

import (
	"context"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
)

// Deferred writes land with the transaction, a later statement of the same
// transaction sees them, and one that fails takes the whole transaction
// with it, the writes before it included.
func TestDefer(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 5, 6, 2, 0, 0, 0, time.UTC)
		notice := "INSERT INTO notifications (user_id, kind, created_at) VALUES (?, ?, ?)"
		count := func(q db.Queryer, kind string) int {
			t.Helper()
			var n int
			if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE kind = ?", kind).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		err := d.Tx(ctx, func(tx *db.Tx) error {
			for i := range 3 {
				if err := tx.Defer(ctx, notice, i+1, "k.seen", now); err != nil {
					return err
				}
			}
			if n := count(tx, "k.seen"); n != 3 {
				t.Errorf("the transaction's next read sees %d of its 3 deferred rows", n)
			}
			if err := tx.Defer(ctx, notice, 9, "k.last", now); err != nil {
				return err
			}
			return tx.Defer(ctx, "INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)",
				"a@example.cn", "s", "b", now, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		var mails int
		_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM outbox").Scan(&mails)
		if count(d, "k.seen") != 3 || count(d, "k.last") != 1 || mails != 1 {
			t.Errorf("after commit: %d, %d notices, %d mails; want 3, 1, 1", count(d, "k.seen"), count(d, "k.last"), mails)
		}

		// A deferred write that fails (kind is NOT NULL) undoes the transaction.
		err = d.Tx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, notice, 1, "k.undone", now); err != nil {
				return err
			}
			if err := tx.Defer(ctx, notice, 2, "k.undone", now); err != nil {
				return err
			}
			return tx.Defer(ctx, notice, 3, nil, now)
		})
		if err == nil {
			t.Fatal("a transaction whose deferred insert fails was committed")
		}
		if n := count(d, "k.undone"); n != 0 {
			t.Errorf("%d rows of the failed transaction were kept", n)
		}
	})
}

// A deferred guard (DeferUpdate) that changes its row commits with the
// rest; one that changes none is a conflict, and nothing of its
// transaction is kept: neither the writes before it nor the deferred ones
// around it.
func TestDeferUpdate(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 5, 6, 2, 0, 0, 0, time.UTC)
		for _, q := range []string{
			"CREATE TABLE guarded_states (id INTEGER PRIMARY KEY, state TEXT NOT NULL)",
			"INSERT INTO guarded_states (id, state) VALUES (1, 'open'), (2, 'open')",
		} {
			if _, err := d.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		notice := "INSERT INTO notifications (user_id, kind, created_at) VALUES (?, ?, ?)"
		decide := func(id int, kind string) error {
			return d.Tx(ctx, func(tx *db.Tx) error {
				if _, err := tx.Exec(ctx, "UPDATE guarded_states SET state = 'touched' WHERE id = 2"); err != nil {
					return err
				}
				if err := tx.Defer(ctx, notice, 1, kind, now); err != nil {
					return err
				}
				if err := tx.DeferUpdate(ctx, "UPDATE guarded_states SET state = 'decided' WHERE id = ? AND state = 'open'", id); err != nil {
					return err
				}
				return tx.Defer(ctx, notice, 2, kind, now)
			})
		}
		if err := decide(1, "k.first"); err != nil {
			t.Fatalf("the first decision: %v", err)
		}
		// Row 2 is 'touched' now, so this guard changes nothing.
		if err := decide(2, "k.stale"); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("a guard that changed no row: %v, want a conflict", err)
		}
		var state1, state2 string
		if err := d.QueryRow(ctx, "SELECT (SELECT state FROM guarded_states WHERE id = 1), (SELECT state FROM guarded_states WHERE id = 2)").Scan(&state1, &state2); err != nil {
			t.Fatal(err)
		}
		if state1 != "decided" || state2 != "touched" {
			t.Errorf("states %q and %q, want decided and touched (the first decision's)", state1, state2)
		}
		for kind, want := range map[string]int{"k.first": 2, "k.stale": 0} {
			var n int
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE kind = ?", kind).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("%d notices of %s, want %d", n, kind, want)
			}
		}
	})
}
