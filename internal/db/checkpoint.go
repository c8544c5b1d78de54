package db

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"time"
)

// checkpointer copies SQLite's write-ahead log back into the database file
// (a checkpoint) from a connection of its own, every checkpointEvery, instead
// of the writer doing it inside a commit whenever the log passes 1,000 pages
// (SQLite's default). In the profile of review decisions the checkpoints were
// half of the commit's cost, paid on the one writer that every write waits
// for; here they run beside it, on the other core. PASSIVE never waits for
// the writer or the readers: what it cannot copy yet it copies next time.
//
// The log starts over from its beginning only when a writer finds it wholly
// copied, which under a steady stream of writes a checkpoint beside them
// rarely leaves; so the writer still checkpoints itself past 4,000 pages
// (wal_autocheckpoint in openSQLite), finding little left to copy, and the
// log stays near that size instead of growing with the load.
type checkpointer struct {
	db   *sql.DB
	done chan struct{}
	quit chan struct{}
}

// A checkpoint runs every checkpointEvery; when the last one copied at
// least catchUpFrames pages, the log is filling fast and the next one runs
// after checkpointSoon, so that the writer's own checkpoint at the
// threshold finds almost nothing left to copy.
const (
	checkpointEvery = 250 * time.Millisecond
	checkpointSoon  = 10 * time.Millisecond
	catchUpFrames   = 256
)

func startCheckpointer(path string) (*checkpointer, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	ck, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite checkpointer: %w", err)
	}
	ck.SetMaxOpenConns(1)
	ck.SetMaxIdleConns(1)
	c := &checkpointer{db: ck, done: make(chan struct{}), quit: make(chan struct{})}
	go c.loop()
	return c, nil
}

func (c *checkpointer) loop() {
	defer close(c.done)
	t := time.NewTimer(checkpointEvery)
	defer t.Stop()
	prev := 0
	for {
		select {
		case <-c.quit:
			return
		case <-t.C:
		}
		// busy is 1 when a writer or reader kept some pages back; log is
		// the pages in the log, done those now in the database file.
		var busy, log, done int
		wait := checkpointEvery
		if err := c.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done); err != nil {
			slog.Debug("checkpoint", "err", err)
		} else {
			copied := done - prev
			if copied < 0 { // the log started over
				copied = done
			}
			if copied >= catchUpFrames {
				wait = checkpointSoon
			}
			prev = done
		}
		t.Reset(wait)
	}
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
