package db

// Following a log table by its sequence while other transactions write it
// (the public page cache reads public_changes so). Where transactions
// commit side by side (ConcurrentCommits), a row may become visible after
// rows with higher numbers; a reader remembers which transactions were in
// progress when it read, and reads their rows again next time. SQLite's
// one writer commits in sequence order, so there these add nothing.

// WithRunning returns q, a query of two integer columns, followed on
// PostgreSQL by one row (-1, xid) for each transaction in progress at the
// statement's snapshot, so that the rows and that list come from one
// snapshot. On SQLite it returns q.
func (d *DB) WithRunning(q string) string {
	if !d.ConcurrentCommits() {
		return q
	}
	return q + `
			UNION ALL SELECT -1, x::text::bigint FROM pg_snapshot_xip(pg_current_snapshot()) x`
}

// OrWrittenBy extends a condition of a WithRunning query with "or the row
// was written by one of the transactions running", where xidCol holds the
// writer's transaction id and running is the list WithRunning gave last time
// as an array literal ("{12,15}"). On SQLite it adds nothing.
func (d *DB) OrWrittenBy(xidCol, running string) (string, []any) {
	if !d.ConcurrentCommits() {
		return "", nil
	}
	return " OR " + xidCol + " = ANY(CAST(? AS BIGINT[]))", []any{running}
}
