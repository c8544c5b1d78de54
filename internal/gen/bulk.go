package gen

import (
	"context"
	"fmt"
	"strings"

	"evalcred/internal/db"
)

// inserter writes rows with multi-row INSERTs: one statement per batch of
// rows instead of one per row, which is what makes a national data set load
// in seconds. Batches stay under both engines' placeholder limits (SQLite
// 32766, PostgreSQL 65535) and around 500 rows, where a larger statement
// stops paying off.
type inserter struct {
	tx    *db.Tx
	head  string // INSERT INTO t (cols) VALUES
	width int
	per   int // rows per full statement
	full  string
	args  []any
	rows  int
	Total int
}

func newInserter(tx *db.Tx, table, cols string) *inserter {
	width := strings.Count(cols, ",") + 1
	per := min(500, 30000/width)
	in := &inserter{tx: tx, head: "INSERT INTO " + table + " (" + cols + ") VALUES ", width: width, per: per}
	in.full = in.sql(per)
	in.args = make([]any, 0, per*width)
	return in
}

func (b *inserter) sql(rows int) string {
	row := "(" + db.In(b.width) + ")"
	return b.head + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}

// add queues one row (exactly width values) and writes a full batch.
func (b *inserter) add(ctx context.Context, vals ...any) error {
	if len(vals) != b.width {
		return fmt.Errorf("gen: %s: %d values for %d columns", b.head, len(vals), b.width)
	}
	b.args = append(b.args, vals...)
	b.rows++
	if b.rows == b.per {
		return b.flush(ctx)
	}
	return nil
}

// flush writes the queued rows.
func (b *inserter) flush(ctx context.Context) error {
	if b.rows == 0 {
		return nil
	}
	q := b.full
	if b.rows != b.per {
		q = b.sql(b.rows)
	}
	if _, err := b.tx.Exec(ctx, q, b.args...); err != nil {
		return fmt.Errorf("gen: %s...: %w", b.head[:min(len(b.head), 40)], err)
	}
	b.Total += b.rows
	b.args, b.rows = b.args[:0], 0
	return nil
}

// resetSequences moves PostgreSQL's identity sequences past the ids the
// generator chose itself, so that rows the platform inserts later get fresh
// ids. SQLite's INTEGER PRIMARY KEY needs nothing.
func resetSequences(ctx context.Context, tx *db.Tx, tables ...string) error {
	if tx.Dialect() != db.Postgres {
		return nil
	}
	for _, t := range tables {
		q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)", t, t)
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("gen: reset sequence of %s: %w", t, err)
		}
	}
	return nil
}
