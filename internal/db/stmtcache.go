package db

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// stmtCache keeps prepared statements of SQLite's reader pool by SQL text.
// The embedded SQLite parses and plans every statement it is handed, and
// database/sql prepares afresh for each unprepared Query: for a lookup of
// a few small queries, parsing is most of the work (docs/performance.md).
// A *sql.Stmt is prepared once per connection of its
// pool and reused. The writer's statements are prepared on its one
// connection (groupWriter.stmt). PostgreSQL does not need either: pgx
// caches statements per connection itself.
//
// Queries are built from a bounded set of fragments, but some carry IN
// lists of varying length; past maxStmts distinct texts, statements are no
// longer cached rather than evicting, which keeps the cache lock-light.
type stmtCache struct {
	pool *sql.DB
	mu   sync.RWMutex
	m    map[string]*sql.Stmt
}

const maxStmts = 1000

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}}
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
