package db

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Transactions that wait for the writer while one runs share its commit,
// half of those in flight to a group (groupCap), and each keeps its own
// outcome: kept, refused (its rows undone), panicked (passed to its
// caller, its rows undone), cancelled before its turn (not run). The first
// transaction holds the writer until the three others wait for it, and
// groups stay open as long as needed (maxAge), so the groups that form do
// not depend on how fast the machine is.
func TestWaitingTransactionsShareACommit(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "groups.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.gw.maxAge = time.Hour
	if _, err := d.Exec(ctx, "CREATE TABLE grouped (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	insert := func(tx *Tx, id int) error {
		_, err := tx.Exec(ctx, "INSERT INTO grouped (id) VALUES (?)", id)
		return err
	}
	cancelled, cancel := context.WithCancel(ctx)
	txs := []struct {
		ctx context.Context
		fn  func(tx *Tx) error
	}{
		{ctx, func(tx *Tx) error {
			for d.gw.waiting.Load() < 3 {
				time.Sleep(time.Millisecond)
			}
			cancel() // the fourth's, while it waits
			return insert(tx, 1)
		}},
		{ctx, func(tx *Tx) error {
			if err := insert(tx, 2); err != nil {
				return err
			}
			return errors.New("refused")
		}},
		{ctx, func(tx *Tx) error {
			if err := insert(tx, 3); err != nil {
				return err
			}
			panic("boom")
		}},
		{cancelled, func(tx *Tx) error { return insert(tx, 4) }},
	}
	errs := make([]error, len(txs))
	var wg sync.WaitGroup
	started := make(chan struct{})
	for i, x := range txs {
		wg.Go(func() {
			defer func() {
				if p := recover(); p != nil {
					errs[i] = fmt.Errorf("panic: %v", p)
				}
			}()
			if i > 0 {
				<-started // the first holds the writer
			}
			errs[i] = d.Tx(x.ctx, func(tx *Tx) error {
				if i == 0 {
					close(started)
				}
				return x.fn(tx)
			})
		})
	}
	wg.Wait()
	if errs[0] != nil || fmt.Sprint(errs[1]) != "refused" || fmt.Sprint(errs[2]) != "panic: boom" || !errors.Is(errs[3], context.Canceled) {
		t.Errorf("outcomes: %v", errs)
	}
	ids, err := IDs(ctx, d, "grouped", "SELECT id FROM grouped ORDER BY id")
	if err != nil || len(ids) != 1 || ids[0] != 1 {
		t.Errorf("rows kept: %v %v, want [1]", ids, err)
	}
	if groups, members := d.GroupStats(); groups != 2 || members != 4 {
		t.Errorf("%d commits for %d transactions, want 2 for 4", groups, members)
	}
}
