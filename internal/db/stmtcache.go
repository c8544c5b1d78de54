package db

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// stmtCache keeps prepared statements by SQL text. The embedded SQLite
// parses and plans every statement it is handed, and database/sql prepares
// afresh for each unprepared Query: on a lookup of three small queries,
// parsing was most of the time (see docs/performance.md). A *sql.Stmt is
// prepared once per connection of its pool and reused; inside a transaction
// Tx.StmtContext reuses the one prepared on the transaction's connection.
// PostgreSQL does not need it: pgx caches statements per connection itself.
//
// Queries are built from a bounded set of fragments, but some carry IN
// lists of varying length; past maxStmts distinct texts, statements are no
// longer cached rather than evicting, which keeps the cache lock-light.
//
// The writer pool has one connection, held by a running transaction, so a
// statement first seen inside a transaction cannot be prepared on the pool
// then: it runs unprepared, is remembered, and is prepared after the commit.
type stmtCache struct {
	pool *sql.DB
	mu   sync.RWMutex
	m    map[string]*sql.Stmt
	want map[string]bool
}

const maxStmts = 1000

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}, want: map[string]bool{}}
}

// peek returns the prepared statement for q if there is one; otherwise it
// remembers q for prepareWanted and returns nil.
func (c *stmtCache) peek(q string) *sql.Stmt {
	if c == nil || !cacheable(q) {
		return nil
	}
	c.mu.RLock()
	s, ok := c.m[q]
	skip := ok || c.want[q] || len(c.m)+len(c.want) >= maxStmts
	c.mu.RUnlock()
	if !skip {
		c.mu.Lock()
		c.want[q] = true
		c.mu.Unlock()
	}
	return s
}

// prepareWanted prepares what peek remembered; call it with the pool's
// connection free (after a transaction ends).
func (c *stmtCache) prepareWanted(ctx context.Context) {
	if c == nil {
		return
	}
	c.mu.Lock()
	var qs []string
	for q := range c.want {
		qs = append(qs, q)
		delete(c.want, q)
	}
	c.mu.Unlock()
	for _, q := range qs {
		c.get(ctx, q)
	}
}

// get returns the prepared statement for q, or nil when q should run
// unprepared (the cache is full, or preparing failed: running it plainly
// then reports the error the usual way).
func (c *stmtCache) get(ctx context.Context, q string) *sql.Stmt {
	if c == nil || !cacheable(q) {
		return nil
	}
	c.mu.RLock()
	s, ok := c.m[q]
	full := len(c.m) >= maxStmts
	c.mu.RUnlock()
	if ok || full {
		return s
	}
	s, err := c.pool.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[q]; ok { // prepared meanwhile by another request
		_ = s.Close()
		return prev
	}
	if len(c.m) >= maxStmts {
		_ = s.Close()
		return nil
	}
	c.m[q] = s
	return s
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.m {
		_ = s.Close()
		delete(c.m, q)
	}
}

// cacheable leaves out scripts of several statements (migrations): a
// prepared statement would run only the first.
func cacheable(q string) bool { return !strings.Contains(q, ";") }
