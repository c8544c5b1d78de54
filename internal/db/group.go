package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Group commit (SQLite). SQLite has one writer, so transactions queue for
// it; and in the pure-Go engine a commit (writing the changed pages to the
// WAL, one write call each, and now and then a checkpoint) costs about as
// much as a short transaction's statements: half of a review decision
// (docs/performance.md). So when transactions are waiting, the ones that
// reach the writer meanwhile share one SQLite transaction and one commit:
//
//   - each caller's function runs alone on the writer (one at a time, in
//     arrival order), inside a SAVEPOINT of the shared transaction; if it
//     fails (or panics) its savepoint is rolled back, so its writes are
//     undone and the others' kept, exactly as if it had been on its own;
//   - when nobody is waiting any more (or maxGroup have run, or the group has
//     been open for maxGroupAge), the caller who ran last commits for all;
//     every caller returns only after that commit, with its own error, or the
//     commit's;
//   - a caller's function sees the writes of those before it in the group,
//     which commit with it or not at all; conditional updates (Tx.Update)
//     keep their meaning, since the functions still run one after another.
//
// Statements of a grouped transaction run without the caller's
// cancellation: interrupting one would make SQLite roll back the whole
// shared transaction. A caller whose context is done before its turn does
// not run. When nobody waits, a group has one member and this is an
// ordinary transaction.
//
// PostgreSQL commits transactions in parallel and does not group.
type groupWriter struct {
	mu      sync.Mutex // the writer: one member runs at a time
	waiting atomic.Int32
	cur     *group
	// groups and members count committed groups and their members, for tests
	// and the benchmark's report.
	groups, members atomic.Int64
}

// maxGroup and maxGroupAge bound a group, and so the wait of its first
// members for those after them.
const (
	maxGroup    = 16
	maxGroupAge = 20 * time.Millisecond
)

type group struct {
	tx      *sql.Tx
	begun   time.Time
	members int
	done    chan struct{}
	err     error // the commit's outcome, for every member
	broken  error // a failure that undid the whole transaction
}

// errPanicked marks a member whose function panicked (re-panicked in its caller).
var errPanicked = errors.New("db: transaction function panicked")

// groupTx is Tx on SQLite.
func (d *DB) groupTx(ctx context.Context, fn func(tx *Tx) error) error {
	w := d.gw
	w.waiting.Add(1)
	w.mu.Lock()
	w.waiting.Add(-1)
	g := w.cur
	if g == nil {
		// Not the caller's context: database/sql would roll the shared
		// transaction back when it ends.
		stx, err := d.w.BeginTx(context.WithoutCancel(ctx), nil)
		if err != nil {
			w.mu.Unlock()
			return fmt.Errorf("db: begin: %w", mapErr(err))
		}
		g = &group{tx: stx, begun: time.Now(), done: make(chan struct{})}
		w.cur = g
	}
	g.members++
	err, panicked := d.member(ctx, g, fn)
	if g.broken == nil && g.members < maxGroup && w.waiting.Load() > 0 && time.Since(g.begun) < maxGroupAge {
		w.mu.Unlock() // the next caller runs in this transaction
		<-g.done
	} else {
		d.finish(ctx, g)
		w.mu.Unlock()
	}
	if panicked != nil {
		panic(panicked)
	}
	if err != nil {
		return err
	}
	return g.err
}

// member runs fn inside a savepoint of g and undoes it if fn fails.
func (d *DB) member(ctx context.Context, g *group, fn func(tx *Tx) error) (err error, panicked any) {
	if err := ctx.Err(); err != nil {
		return err, nil
	}
	bg := context.WithoutCancel(ctx)
	if _, err := g.tx.ExecContext(bg, "SAVEPOINT member"); err != nil {
		g.broken = err
		return fmt.Errorf("db: savepoint: %w", mapErr(err)), nil
	}
	defer func() {
		if p := recover(); p != nil {
			panicked, err = p, errPanicked
		}
		if err != nil {
			if _, rerr := g.tx.ExecContext(bg, "ROLLBACK TO member"); rerr != nil {
				g.broken = rerr
			}
		}
		if _, rerr := g.tx.ExecContext(bg, "RELEASE member"); rerr != nil && g.broken == nil {
			g.broken = rerr
		}
	}()
	return fn(&Tx{tx: g.tx, d: d, detached: true}), nil
}

// finish commits g (or rolls it back if a member broke it) and wakes its
// members. Called by the member who ran last, holding the writer.
func (d *DB) finish(ctx context.Context, g *group) {
	w := d.gw
	w.cur = nil
	if g.broken != nil {
		_ = g.tx.Rollback()
		g.err = fmt.Errorf("db: transaction undone: %w", mapErr(g.broken))
	} else if err := g.tx.Commit(); err != nil {
		g.err = fmt.Errorf("db: commit: %w", mapErr(err))
	} else {
		d.commits.Add(uint64(g.members))
		w.groups.Add(1)
		w.members.Add(int64(g.members))
		// Nothing is appended to the log until the writer is released:
		// the moment for the checkpoint that lets it start over.
		d.ck.complete(context.WithoutCancel(ctx), d.w)
	}
	// The writer's one connection is free again.
	d.wc.prepareWanted(context.WithoutCancel(ctx))
	close(g.done)
}

// GroupStats returns how many grouped commits there were and how many
// transactions they held (SQLite; zero on PostgreSQL).
func (d *DB) GroupStats() (groups, members int64) {
	if d.gw == nil {
		return 0, 0
	}
	return d.gw.groups.Load(), d.gw.members.Load()
}
