package db

import (
	"context"
	"fmt"
	"strings"
)

// Bulk loads and rebuilds (the data generator, the public name index) write
// many rows at once; what each engine needs around them is here.

// Analyze refreshes the planner's statistics of tables after the
// transaction rewrote them: on PostgreSQL the planner would otherwise work
// from the old statistics until autovacuum comes by, and pick scans. SQLite
// runs without statistics (sqlite_stat1), as the platform's databases do:
// nothing there runs ANALYZE.
func (t *Tx) Analyze(ctx context.Context, tables ...string) error {
	if t.d.Dialect != Postgres {
		return nil
	}
	_, err := t.Exec(ctx, "ANALYZE "+strings.Join(tables, ", "))
	return err
}

// VacuumAnalyze vacuums and analyzes tables after a bulk load on
// PostgreSQL, as autovacuum soon would: the planner gets statistics, and
// the visibility map lets counts over an index run as index-only scans.
// Nothing on SQLite (see Analyze).
func (d *DB) VacuumAnalyze(ctx context.Context, tables ...string) error {
	if d.Dialect != Postgres {
		return nil
	}
	_, err := d.Exec(ctx, "VACUUM ANALYZE "+strings.Join(tables, ", "))
	return err
}

// ResetIdentities moves PostgreSQL's identity sequences of tables past the
// largest id in each, after rows were inserted with ids chosen by the
// caller, so that rows inserted later get fresh ids. SQLite's INTEGER
// PRIMARY KEY needs nothing.
func (t *Tx) ResetIdentities(ctx context.Context, tables ...string) error {
	if t.d.Dialect != Postgres {
		return nil
	}
	for _, tb := range tables {
		q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)", tb, tb)
		if _, err := t.Exec(ctx, q); err != nil {
			return fmt.Errorf("db: reset the ids of %s: %w", tb, err)
		}
	}
	return nil
}

// BulkLoad tunes SQLite's writer connection for a bulk load and returns
// what undoes it. A 2 MB page cache (the default) makes every insert into
// big unique indexes a trip to the OS; a 256 MB one keeps them in memory.
// synchronous=OFF skips the fsyncs: a bulk load that a failure interrupts
// is run again. PostgreSQL needs nothing.
func (d *DB) BulkLoad(ctx context.Context) (undo func(), err error) {
	if d.Dialect != SQLite {
		return func() {}, nil
	}
	for _, q := range []string{"PRAGMA cache_size = -262144", "PRAGMA synchronous = OFF", "PRAGMA temp_store = MEMORY"} {
		if _, err := d.Exec(ctx, q); err != nil {
			return nil, fmt.Errorf("db: %s: %w", q, err)
		}
	}
	return func() {
		for _, q := range []string{"PRAGMA cache_size = -2000", "PRAGMA synchronous = NORMAL", "PRAGMA temp_store = DEFAULT"} {
			_, _ = d.Exec(context.WithoutCancel(ctx), q)
		}
	}, nil
}
