package gen

import (
	"context"
	"fmt"
	"strings"

	"evalcred/internal/db"
)

// pipe runs a transaction's INSERT statements in order on a goroutine of its
// own, so that building the next batch (names, JSON documents, arguments)
// overlaps executing the last one: on SQLite, whose one writer runs on one
// core, that roughly halves a phase on two cores. Statements keep the
// order they were queued in, so foreign keys hold as in a serial load.
type pipe struct {
	tx   *db.Tx
	jobs chan job
	done chan struct{}
	err  error // set by the goroutine, read after done or via failed
}

type job struct {
	q    string
	args []any
}

func newPipe(ctx context.Context, tx *db.Tx) *pipe {
	p := &pipe{tx: tx, jobs: make(chan job, 4), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for j := range p.jobs {
			if p.err != nil {
				continue // drain, so that the producer never blocks
			}
			if _, err := tx.Exec(ctx, j.q, j.args...); err != nil {
				p.err = fmt.Errorf("gen: %s...: %w", j.q[:min(len(j.q), 40)], err)
			}
		}
	}()
	return p
}

// wait flushes the inserters, waits for every queued statement and returns
// the first error.
func (p *pipe) wait(ctx context.Context, ins ...*inserter) error {
	for _, b := range ins {
		b.flush(ctx)
	}
	close(p.jobs)
	<-p.done
	return p.err
}

// inserter writes rows with multi-row INSERTs: one statement per batch of
// rows instead of one per row, which is what makes a national data set load
// in seconds. Batches stay under both engines' placeholder limits (SQLite
// 32766, PostgreSQL 65535) and around 500 rows, where a larger statement
// stops paying off.
type inserter struct {
	p     *pipe
	head  string // INSERT INTO t (cols) VALUES
	width int
	per   int // rows per full statement
	full  string
	args  []any
	rows  int
	Total int
}

func (p *pipe) inserter(table, cols string) *inserter {
	width := strings.Count(cols, ",") + 1
	per := min(500, 30000/width)
	in := &inserter{p: p, head: "INSERT INTO " + table + " (" + cols + ") VALUES ", width: width, per: per}
	in.full = in.sql(per)
	in.args = make([]any, 0, per*width)
	return in
}

func (b *inserter) sql(rows int) string {
	row := "(" + db.In(b.width) + ")"
	return b.head + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}

// add queues one row (exactly width values) and hands a full batch to the
// pipe; errors come back from pipe.wait.
func (b *inserter) add(ctx context.Context, vals ...any) error {
	if len(vals) != b.width {
		return fmt.Errorf("gen: %s: %d values for %d columns", b.head, len(vals), b.width)
	}
	b.args = append(b.args, vals...)
	b.rows++
	if b.rows == b.per {
		b.flush(ctx)
	}
	return nil
}

// flush hands the queued rows to the pipe.
func (b *inserter) flush(ctx context.Context) {
	if b.rows == 0 {
		return
	}
	q := b.full
	if b.rows != b.per {
		q = b.sql(b.rows)
	}
	select {
	case b.p.jobs <- job{q, b.args}:
	case <-ctx.Done():
	}
	b.Total += b.rows
	b.args, b.rows = make([]any, 0, b.per*b.width), 0
}
