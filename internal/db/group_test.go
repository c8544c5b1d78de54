package db_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
)

// Of many transactions at once, each has its own outcome, grouped or not: a
// failed one (error, unique violation, panic, cancelled before its turn)
// leaves nothing behind, the others are all kept, and each caller returns
// only once its writes are committed. (TestWaitingTransactionsShareACommit
// makes sure that groups form; here they may or may not, as it happens.)
func TestGroupedTransactionsKeepEachOutcome(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, "CREATE TABLE grouped (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)"); err != nil {
			t.Fatal(err)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		const n = 120
		want := map[int]bool{}
		errs := make([]error, n)
		panics := make([]any, n)
		var wg sync.WaitGroup
		for i := range n {
			c := ctx
			switch {
			case i%11 == 5:
				c = cancelled
			case i%3 != 0 && i%7 != 0 && i%13 != 0:
				want[i] = true
			}
			wg.Go(func() {
				defer func() { panics[i] = recover() }()
				errs[i] = d.Tx(c, func(tx *db.Tx) error {
					if _, err := tx.Exec(ctx, "INSERT INTO grouped (id, v) VALUES (?, ?)", i, fmt.Sprint(i)); err != nil {
						return err
					}
					time.Sleep(time.Millisecond) // others queue meanwhile: more groups, same outcomes
					switch {
					case i%3 == 0:
						return errors.New("refused")
					case i%7 == 0: // a unique violation, after a row of its own
						if _, err := tx.Exec(ctx, "INSERT INTO grouped (id, v) VALUES (?, 'dup')", 1000+i); err != nil {
							return err
						}
						_, err := tx.Exec(ctx, "INSERT INTO grouped (id, v) VALUES (?, 'dup')", 2000+i)
						return err
					case i%13 == 0:
						panic("boom")
					}
					// Committed with the caller's return: visible to a reader now.
					return nil
				})
				if errs[i] == nil {
					var v string
					if err := d.QueryRow(ctx, "SELECT v FROM grouped WHERE id = ?", i).Scan(&v); err != nil {
						errs[i] = fmt.Errorf("committed row not visible after return: %w", err)
					}
				}
			})
		}
		wg.Wait()
		for i := range n {
			switch {
			case want[i] && (errs[i] != nil || panics[i] != nil):
				t.Errorf("transaction %d: %v %v", i, errs[i], panics[i])
			case !want[i] && errs[i] == nil && panics[i] == nil:
				t.Errorf("transaction %d should have failed", i)
			case i%13 == 0 && i%3 != 0 && i%7 != 0 && i%11 != 5 && panics[i] != "boom":
				t.Errorf("transaction %d: panic %v not passed to its caller", i, panics[i])
			case i%11 == 5 && !errors.Is(errs[i], context.Canceled):
				t.Errorf("cancelled transaction %d: %v", i, errs[i])
			}
		}
		rows, err := d.Query(ctx, "SELECT id FROM grouped ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[int]bool{}
		for rows.Next() {
			var id int
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			got[id] = true
		}
		if len(got) != len(want) {
			t.Errorf("%d rows committed, want %d", len(got), len(want))
		}
		for id := range got {
			if !want[id] {
				t.Errorf("row %d of a failed transaction was committed", id)
			}
		}
	})
}

// Of many people changing one record at once, exactly one wins, grouped or not.
func TestGroupedConditionalUpdates(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, "CREATE TABLE guarded (id INTEGER PRIMARY KEY, state TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, "INSERT INTO guarded (id, state) VALUES (1, 'open')"); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, stale := 0, 0
		for i := range 40 {
			wg.Go(func() {
				err := d.Tx(ctx, func(tx *db.Tx) error {
					return tx.Update(ctx, "UPDATE guarded SET state = ? WHERE id = 1 AND state = 'open'", fmt.Sprint("decided by ", i))
				})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					won++
				case apperr.Is(err, apperr.Conflict):
					stale++
				default:
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if won != 1 || stale != 39 {
			t.Errorf("%d won and %d were told the record changed; want 1 and 39", won, stale)
		}
	})
}

// A transaction whose commit fails (here a deferred foreign key, checked
// only then) leaves nothing behind, its caller is told, and the writer goes
// on: the next transaction commits as usual.
func TestFailedCommitLeavesNothing(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, q := range []string{
			"CREATE TABLE parents (id INTEGER PRIMARY KEY)",
			"CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)",
			"INSERT INTO parents (id) VALUES (1)",
		} {
			if _, err := d.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		err := d.Tx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO parents (id) VALUES (2)"); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO children (id, parent_id) VALUES (1, 99)") // no parent 99
			return err
		})
		if err == nil {
			t.Fatal("a transaction breaking a deferred foreign key committed")
		}
		if err := d.Tx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO children (id, parent_id) VALUES (2, 1)")
			return err
		}); err != nil {
			t.Fatalf("the next transaction: %v", err)
		}
		var parents, children int
		if err := d.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM parents), (SELECT COUNT(*) FROM children)").Scan(&parents, &children); err != nil {
			t.Fatal(err)
		}
		if parents != 1 || children != 1 {
			t.Errorf("%d parents and %d children after the failed commit; want 1 and 1 (its parent 2 undone)", parents, children)
		}
	})
}

// Single statements (Exec) and the migrations take the writer beside
// grouped transactions: none waits for ever (the test's deadline), and
// every write is kept.
func TestExecAndMigrateBesideGroups(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := untilDeadline(t)
		if _, err := d.Exec(ctx, "CREATE TABLE besides (id INTEGER PRIMARY KEY, via TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		const n = 60
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				var err error
				switch i % 3 {
				case 0:
					_, err = d.Exec(ctx, "INSERT INTO besides (id, via) VALUES (?, 'exec')", i)
				case 1:
					err = d.Tx(ctx, func(tx *db.Tx) error {
						_, err := tx.Exec(ctx, "INSERT INTO besides (id, via) VALUES (?, 'tx')", i)
						time.Sleep(time.Millisecond) // others queue meanwhile: more groups, same outcomes
						return err
					})
				default:
					if err = d.Migrate(ctx); err == nil {
						_, err = d.Exec(ctx, "INSERT INTO besides (id, via) VALUES (?, 'migrate')", i)
					}
				}
				if err != nil {
					t.Error(i, err)
				}
			})
		}
		wg.Wait()
		var got int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM besides").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != n {
			t.Errorf("%d rows, want %d", got, n)
		}
	})
}
