package db

import (
	"database/sql"
	"time"
)

// Observer is told, for the metrics, how long each write transaction
// waited before it could begin (SQLite: for the one writer; PostgreSQL: for
// a connection and its BEGIN) and how long it took in all.
type Observer interface {
	WaitedForWriter(d time.Duration)
	TxDone(d time.Duration, err error)
}

// SetObserver sets o; call it before the database is used.
func (d *DB) SetObserver(o Observer) { d.obs = o }

// WriterQueue is how many transactions wait for SQLite's writer now (0 on
// PostgreSQL, whose transactions do not queue in this process).
func (d *DB) WriterQueue() int {
	if d.gw == nil {
		return 0
	}
	return int(d.gw.waiting.Load())
}

// PoolStats are the writer pool's statistics (on PostgreSQL the one pool):
// connections in use and the waits for one.
func (d *DB) PoolStats() sql.DBStats { return d.w.Stats() }

func (d *DB) observeWait(since time.Time) {
	if d.obs != nil {
		d.obs.WaitedForWriter(time.Since(since))
	}
}
