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
// much as a short transaction's statements (docs/performance.md). So when
// transactions are waiting, the ones that reach the writer meanwhile share
// one SQLite transaction and one commit:
//
//   - each caller's function runs alone on the writer (one at a time, in
//     arrival order), inside a SAVEPOINT of the shared transaction; if it
//     fails (or panics) its savepoint is rolled back, so its writes are
//     undone and the others' kept, exactly as if it had been on its own;
//   - when nobody is waiting any more, or the group holds half of the
//     transactions in flight (groupCap), or maxGroup have run, or the group
//     has been open for maxGroupAge, the caller who ran last commits for
//     all; every caller returns only after that commit, with its own error,
//     or the commit's;
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
	mu sync.Mutex // the writer: one member runs at a time
	// waiting counts the callers waiting for the writer; inflight those
	// between the start of Tx and its return (waiting, running, or waiting
	// for their group's commit).
	waiting, inflight atomic.Int32
	cur               *group
	// conn is the writer pool's one connection, taken at the first write
	// and held until Close: transactions are BEGIN and COMMIT on it, and
	// stmts are its prepared statements. Both belong to whoever holds mu.
	// On a *sql.Conn with a context that cannot be cancelled a query starts
	// no goroutine; in a *sql.Tx every query started one, to watch the
	// transaction's context (docs/performance.md).
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
	// groups and members count committed groups and their members, for tests
	// and the benchmark's report.
	groups, members atomic.Int64
	// maxAge is maxGroupAge (a test holds groups open longer).
	maxAge time.Duration
}

// groupCap is the most members a group may take while n transactions are
// in flight: half of them, and at least 2. While a group commits and its
// callers answer theirs and come back, the other half waits to form the
// next one, so the writer always has work; a group that took every waiting
// caller left the writer idle while they all made their round trip
// (docs/performance.md). A busier writer still fills groups of maxGroup.
func groupCap(n int) int { return max(2, (n+1)/2) }

// maxGroup and maxGroupAge bound a group, and so the wait of its first
// members for those after them.
const (
	maxGroup    = 16
	maxGroupAge = 20 * time.Millisecond
)

type group struct {
	begun   time.Time
	members int
	done    chan struct{}
	err     error // the commit's outcome, for every member
	broken  error // a failure that undid the whole transaction
}

// errPanicked marks a member whose function panicked (re-panicked in its caller).
var errPanicked = errors.New("db: transaction function panicked")

// lockWriter takes the writer, and its connection the first time.
func (d *DB) lockWriter(ctx context.Context) error {
	w := d.gw
	w.mu.Lock()
	if w.conn != nil {
		return nil
	}
	c, err := d.w.Conn(context.WithoutCancel(ctx))
	if err != nil {
		w.mu.Unlock()
		return fmt.Errorf("db: writer: %w", mapErr(err))
	}
	w.conn, w.stmts = c, map[string]*sql.Stmt{}
	return nil
}

// stmt returns q prepared on the writer's connection, or nil when q is to
// run unprepared (a script of several statements, the cache full, or q
// does not prepare: running it plainly then reports the error the usual
// way). Call it holding the writer.
func (w *groupWriter) stmt(ctx context.Context, q string) *sql.Stmt {
	if s, ok := w.stmts[q]; ok {
		return s
	}
	if !cacheable(q) || len(w.stmts) >= maxStmts {
		return nil
	}
	s, err := w.conn.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	w.stmts[q] = s
	return s
}

// exec runs q on the writer's connection. Call it holding the writer.
func (w *groupWriter) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if s := w.stmt(ctx, q); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return w.conn.ExecContext(ctx, q, args...)
}

// exclusive runs fn with the writer's connection outside any transaction
// (a statement in autocommit, the migrations); an open group is committed
// first.
func (d *DB) exclusive(ctx context.Context, fn func(c *sql.Conn) error) error {
	if err := d.lockWriter(ctx); err != nil {
		return err
	}
	defer d.gw.mu.Unlock()
	if g := d.gw.cur; g != nil {
		d.finish(ctx, g)
	}
	return fn(d.gw.conn)
}

// close closes the prepared statements and gives the connection back to its
// pool.
func (w *groupWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, s := range w.stmts {
		_ = s.Close()
	}
	if w.conn != nil {
		_ = w.conn.Close()
	}
	w.conn, w.stmts = nil, nil
}

// groupTx is Tx on SQLite.
func (d *DB) groupTx(ctx context.Context, fn func(tx *Tx) error) error {
	w := d.gw
	w.inflight.Add(1)
	defer w.inflight.Add(-1)
	w.waiting.Add(1)
	err := d.lockWriter(ctx)
	w.waiting.Add(-1)
	if err != nil {
		return err
	}
	g := w.cur
	if g == nil {
		// Not the caller's context: cancelling it would roll the shared
		// transaction back.
		if _, err := w.exec(context.WithoutCancel(ctx), "BEGIN IMMEDIATE"); err != nil {
			w.mu.Unlock()
			return fmt.Errorf("db: begin: %w", mapErr(err))
		}
		g = &group{begun: time.Now(), done: make(chan struct{})}
		w.cur = g
	}
	g.members++
	panicked, err := d.member(ctx, g, fn)
	if g.broken == nil && w.waiting.Load() > 0 && g.members < min(maxGroup, groupCap(int(w.inflight.Load()))) &&
		time.Since(g.begun) < w.maxAge {
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
func (d *DB) member(ctx context.Context, g *group, fn func(tx *Tx) error) (panicked any, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w := d.gw
	bg := context.WithoutCancel(ctx)
	if _, err := w.exec(bg, "SAVEPOINT member"); err != nil {
		g.broken = err
		return nil, fmt.Errorf("db: savepoint: %w", mapErr(err))
	}
	defer func() {
		if p := recover(); p != nil {
			panicked, err = p, errPanicked
		}
		if err != nil {
			if _, rerr := w.exec(bg, "ROLLBACK TO member"); rerr != nil {
				g.broken = rerr
			}
		}
		if _, rerr := w.exec(bg, "RELEASE member"); rerr != nil && g.broken == nil {
			g.broken = rerr
		}
	}()
	return nil, fn(&Tx{on: w.conn, w: w, d: d, detached: true})
}

// finish commits g (or rolls it back if a member broke it) and wakes its
// members. Called by the member who ran last, holding the writer.
func (d *DB) finish(ctx context.Context, g *group) {
	w := d.gw
	w.cur = nil
	bg := context.WithoutCancel(ctx)
	if g.broken != nil {
		_, _ = w.exec(bg, "ROLLBACK")
		g.err = fmt.Errorf("db: transaction undone: %w", mapErr(g.broken))
	} else if _, err := w.exec(bg, "COMMIT"); err != nil {
		// A COMMIT that fails leaves the transaction open.
		_, _ = w.exec(bg, "ROLLBACK")
		g.err = fmt.Errorf("db: commit: %w", mapErr(err))
	} else {
		d.commits.Add(uint64(g.members))
		w.groups.Add(1)
		w.members.Add(int64(g.members))
		// Nothing is appended to the log until the writer is released:
		// the moment for the checkpoint that lets it start over.
		d.ck.complete(bg, w.conn)
	}
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
