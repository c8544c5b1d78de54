package db

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
)

// Servers that start at once on one SQLite file (two processes) all migrate
// it: a pending migration is applied once, and none of them fails for
// finding it applied by another meanwhile. (PostgreSQL's migrations run
// under an advisory lock.) The migration here cannot run twice, so a second
// application would fail.
func TestMigrationAppliedOnceByServersStartingTogether(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "servers.db")
	ms := []Migration{
		{Version: 1, Name: "0001_first", SQL: "CREATE TABLE first (id INTEGER PRIMARY KEY)"},
		{Version: 2, Name: "0002_once", SQL: "CREATE TABLE once (id INTEGER PRIMARY KEY)"},
	}
	const n = 4
	ds := make([]*DB, n)
	for i := range ds {
		d, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		ds[i] = d
	}
	// The database as the last release left it: the second migration is
	// the new one, pending when the servers start.
	if err := ds[0].exclusive(ctx, func(c *sql.Conn) error { return ds[0].migrate(ctx, c, ms[:1]) }); err != nil {
		t.Fatal(err)
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, d := range ds {
		wg.Go(func() {
			errs[i] = d.exclusive(ctx, func(c *sql.Conn) error { return d.migrate(ctx, c, ms) })
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("server %d: %v", i, err)
		}
	}
	var rows int
	if err := ds[0].QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(ms) {
		t.Errorf("%d rows in schema_migrations, want %d", rows, len(ms))
	}
}
