package db

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// deferredStmt is a statement held by Tx.Defer or Tx.DeferUpdate.
type deferredStmt struct {
	q    string
	args []any
	// guard: an update that must change a row (DeferUpdate).
	guard bool
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
	t.deferred = append(t.deferred, deferredStmt{q: q, args: args})
	return nil
}

// DeferUpdate is Update whose answer can wait: a conditional UPDATE, the
// guard of a state change, which must change a row. On SQLite it is Update.
// On PostgreSQL it is held like Defer and sent with the others; when it
// changes no row, what sends them fails with ErrStale (409) and the whole
// transaction is undone. Only for an update whose caller needs nothing
// from it but its success, and after which the transaction does nothing it
// would not do in a transaction that then fails.
func (t *Tx) DeferUpdate(ctx context.Context, q string, args ...any) error {
	if t.d.Dialect != Postgres {
		return t.Update(ctx, q, args...)
	}
	t.deferred = append(t.deferred, deferredStmt{q: q, args: args, guard: true})
	return nil
}

// Defer outside a transaction runs q at once.
func (d *DB) Defer(ctx context.Context, q string, args ...any) error {
	_, err := d.Exec(ctx, q, args...)
	return err
}

// flush sends the deferred statements: all but the last as WITH parts of
// the last. When guards are among them, every one is a WITH part, the
// guards returning a row for each row they change, and a final SELECT tells
// whether every guard changed one.
func (t *Tx) flush(ctx context.Context) error {
	if len(t.deferred) == 0 {
		return nil
	}
	ds := t.deferred
	t.deferred = nil
	guarded := slices.ContainsFunc(ds, func(d deferredStmt) bool { return d.guard })
	parts := ds[:len(ds)-1]
	if guarded {
		parts = ds
	}
	var b strings.Builder
	var args []any
	var checks []string
	for i, d := range parts {
		if i == 0 {
			b.WriteString("WITH ")
		} else {
			b.WriteString(", ")
		}
		q := d.q
		if d.guard {
			q += " RETURNING 1"
			checks = append(checks, fmt.Sprintf("EXISTS (SELECT 1 FROM d%d)", i))
		}
		fmt.Fprintf(&b, "d%d AS (%s)", i, q)
		args = append(args, d.args...)
	}
	if len(parts) > 0 {
		b.WriteString(" ")
	}
	if !guarded {
		last := ds[len(ds)-1]
		b.WriteString(last.q)
		if _, err := t.exec(ctx, b.String(), append(args, last.args...)...); err != nil {
			return fmt.Errorf("db: deferred statements: %w", err)
		}
		return nil
	}
	b.WriteString("SELECT " + strings.Join(checks, " AND "))
	var changed bool
	if err := t.QueryRow(ctx, b.String(), args...).Scan(&changed); err != nil {
		return fmt.Errorf("db: deferred statements: %w", err)
	}
	if !changed {
		return errStale
	}
	return nil
}
