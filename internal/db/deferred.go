package db

import (
	"context"
	"fmt"
	"strings"
)

// deferredStmt is a statement held by Tx.Defer.
type deferredStmt struct {
	q    string
	args []any
}

// Defer runs q, an INSERT, UPDATE or DELETE whose result the caller does
// not need (an audit row, a notice, a queued mail), in the transaction.
// On SQLite it runs at once. On PostgreSQL it is held, and the statements
// deferred one after another are sent together as one statement (all but
// the last as data-modifying WITH parts) before the transaction's next
// statement or its commit: one round trip instead of several, which is
// what a write transaction there mostly waits for (docs/performance.md).
// An error then surfaces from that next statement or the commit, and
// fails the transaction like any other. Statements deferred together run
// on one snapshot, so one of them must not read what another writes.
func (t *Tx) Defer(ctx context.Context, q string, args ...any) error {
	if t.d.Dialect != Postgres {
		_, err := t.Exec(ctx, q, args...)
		return err
	}
	t.deferred = append(t.deferred, deferredStmt{q, args})
	return nil
}

// Defer outside a transaction runs q at once.
func (d *DB) Defer(ctx context.Context, q string, args ...any) error {
	_, err := d.Exec(ctx, q, args...)
	return err
}

// flush sends the deferred statements.
func (t *Tx) flush(ctx context.Context) error {
	if len(t.deferred) == 0 {
		return nil
	}
	ds := t.deferred
	t.deferred = nil
	var b strings.Builder
	var args []any
	for i, d := range ds[:len(ds)-1] {
		if i == 0 {
			b.WriteString("WITH ")
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "d%d AS (%s)", i, d.q)
		args = append(args, d.args...)
	}
	last := ds[len(ds)-1]
	if len(ds) > 1 {
		b.WriteString(" ")
	}
	b.WriteString(last.q)
	args = append(args, last.args...)
	if _, err := t.exec(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("db: deferred statements: %w", err)
	}
	return nil
}
