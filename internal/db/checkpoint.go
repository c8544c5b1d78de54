package db

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"sync/atomic"
	"time"
)

// checkpointer copies SQLite's write-ahead log back into the database file
// (a checkpoint) from a connection of its own while this process writes,
// instead of the writer doing it inside a commit whenever the log passes
// 1,000 pages (SQLite's default): checkpoints are a large part of a
// commit's cost (docs/performance.md), paid on the one writer that every
// write waits for; here they run beside it, on another core. PASSIVE never
// waits for the writer or the readers: what it cannot copy yet it copies
// next time.
//
// The log starts over from its beginning only when a writer finds it wholly
// copied, which under a steady stream of writes a checkpoint beside them
// never sees finished: the writer appends while it copies. So once the log
// passes restartFrames, the checkpointer flushes the database file to disk
// (the slow part, here, beside the writer) and asks the writer for one short
// checkpoint right after its next commit (complete, called from the group
// commit). That one copies only the pages of the last few milliseconds and
// flushes only them; the writer's next transaction starts the log over.
// Otherwise the writer would reach that point itself, through SQLite's
// automatic checkpoint, paying inside a commit for the flush of everything
// copied beside it while every write waits. The automatic checkpoint stays,
// far higher (wal_autocheckpoint in openSQLite), in case the checkpointer
// falls behind. No sync is skipped: SQLite's own are all still made, the
// flush here comes on top.
type checkpointer struct {
	db *sql.DB
	// commits counts this process's write transactions: a process that
	// has written nothing since the last pass leaves the log to the one
	// that writes (another server on the same file, or this one's CLI
	// command), whose writer alone can let it start over.
	commits func() uint64
	path    string
	file    *os.File // the database file, flushed here before the writer's checkpoint (opened when first needed)
	// want asks the writer for a checkpoint after its next commit;
	// completed is the log's length when the writer last copied all of it.
	want      atomic.Bool
	completed atomic.Int64
	// The loop's own: commits at the last pass, the pages it had copied,
	// whether the log was half way to restartFrames.
	seen uint64
	prev int
	long bool
	done chan struct{}
	quit chan struct{}
}

// A checkpoint runs every checkpointEvery; when the last one copied at
// least catchUpFrames pages, the log is filling fast, and when it is half
// way to restartFrames pages (16 MB), past which it is to start over, the
// next one runs after checkpointSoon. A process that has not written since
// the last one does not run one.
const (
	checkpointEvery = 250 * time.Millisecond
	checkpointSoon  = 10 * time.Millisecond
	catchUpFrames   = 256
	restartFrames   = 4000
)

// startCheckpointer starts the checkpointer of the file at path; commits
// counts this process's write transactions.
func startCheckpointer(path string, commits func() uint64) (*checkpointer, error) {
	c, err := newCheckpointer(path, commits)
	if err != nil {
		return nil, err
	}
	go c.loop()
	return c, nil
}

// newCheckpointer opens the checkpointer's connection; its loop is not
// running yet.
func newCheckpointer(path string, commits func() uint64) (*checkpointer, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	ck, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite checkpointer: %w", err)
	}
	ck.SetMaxOpenConns(1)
	ck.SetMaxIdleConns(1)
	return &checkpointer{db: ck, commits: commits, path: path, done: make(chan struct{}), quit: make(chan struct{})}, nil
}

func (c *checkpointer) loop() {
	defer close(c.done)
	t := time.NewTimer(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.quit:
			return
		case <-t.C:
		}
		t.Reset(c.tick())
	}
}

// tick runs a pass if this process wrote since the last one and, once the
// log is long, asks the writer to let it start over. It returns the wait
// before the next tick: short while the log fills fast or is half way to
// restartFrames, so that it is seen as soon as it is long.
func (c *checkpointer) tick() time.Duration {
	n := c.commits()
	if n == c.seen {
		if c.long {
			return checkpointSoon
		}
		return checkpointEvery
	}
	c.seen = n
	log, done, err := c.pass()
	if err != nil {
		slog.Debug("checkpoint", "err", err)
		return checkpointEvery
	}
	copied := done - c.prev
	if copied < 0 { // the log started over
		copied = done
	}
	c.prev = done
	// The pass's log and done are as of its start: under steady writes
	// the log is never wholly copied for long. done == log at the writer's
	// checkpoint (complete) is: the next write starts the log over, unless
	// a reader still reads its end; then the log grows on, and again here.
	if int64(log) < c.completed.Load() { // it did start over
		c.completed.Store(0)
	}
	if log >= restartFrames && int64(log) > c.completed.Load() && !c.want.Load() {
		if err := c.flush(); err != nil {
			// The writer's checkpoint flushes it all then, as it did
			// before: slower, as safe.
			slog.Warn("checkpoint: sync", "err", err)
		}
		c.want.Store(true)
	}
	c.long = log >= restartFrames/2
	if copied >= catchUpFrames || c.long {
		return checkpointSoon
	}
	return checkpointEvery
}

// pass copies what it can of the log (PASSIVE: it waits for no one). log is
// the pages in the log, done those now in the database file.
func (c *checkpointer) pass() (log, done int, err error) {
	var busy int // 1 when a writer or reader kept some pages back
	err = c.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done)
	return log, done, err
}

// flush writes what the checkpoints copied to disk, in rounds: a round
// copies and flushes only what the writer appended during the last one, so
// each is shorter, and the writer's checkpoint after them has a few pages
// left.
func (c *checkpointer) flush() (err error) {
	if c.file == nil {
		// Read and write: Windows flushes only a file opened for writing.
		// Nothing is written through it. It stays open until DB.Close
		// (see closeFile).
		if c.file, err = os.OpenFile(c.path, os.O_RDWR, 0); err != nil {
			return err
		}
	}
	for range 3 {
		if err := c.file.Sync(); err != nil {
			return err
		}
		if _, _, err := c.pass(); err != nil {
			return err
		}
	}
	return c.file.Sync()
}

// complete runs a checkpoint on the writer's connection, right after a
// commit and before the next transaction, if the checkpointer asked for one:
// with nothing appended meanwhile it can copy the whole log, and the next
// transaction starts the log over. If the checkpointer is copying just then
// (busy), the next commit tries again.
func (c *checkpointer) complete(ctx context.Context, w runner) {
	if c == nil || !c.want.Load() {
		return
	}
	var busy, log, done int
	if err := w.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done); err != nil {
		slog.Debug("checkpoint", "err", err)
		return
	}
	if log < 0 { // the checkpointer holds the checkpoint: at the next commit
		return
	}
	if done == log {
		c.completed.Store(int64(log))
	}
	c.want.Store(false)
}

// stop ends the loop; the last connection to close checkpoints what is left.
func (c *checkpointer) stop() {
	if c == nil {
		return
	}
	close(c.quit)
	<-c.done
	_ = c.db.Close()
}

// closeFile closes the database file flush opened. Only after every SQLite
// connection of the process is closed: on POSIX systems closing any
// descriptor of a file drops all the process's locks on it, SQLite's too.
func (c *checkpointer) closeFile() {
	if c != nil && c.file != nil {
		_ = c.file.Close()
	}
}
