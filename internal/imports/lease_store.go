package imports

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/db"
)

// leaseStore holds the queries of the imports' leases.
type leaseStore struct{ q db.Queryer }

// renew moves the lease of a running import on.
func (s leaseStore) renew(ctx context.Context, id int64, until time.Time) error {
	_, err := s.q.Exec(ctx, "UPDATE imports SET lease_until = ? WHERE id = ? AND state IN (?, ?)", until, id, StateValidating, StateImporting)
	return err
}

// ended is an import the sweep ended.
type ended struct {
	id, createdBy int64
	filename      string
}

// endExpired marks failed every running import whose lease has run out (or,
// without a lease, whose last progress is older than InterruptedAfter) and
// returns them: only the update that changed a row returns it, so of two
// servers sweeping at once one ends each import.
func (s leaseStore) endExpired(ctx context.Context, now time.Time, errorsJSON string) ([]ended, error) {
	out, err := db.List(ctx, s.q, "imports: sweep", func(sc db.Scanner) (ended, error) {
		var e ended
		err := sc.Scan(&e.id, &e.createdBy, &e.filename)
		return e, err
	}, `UPDATE imports SET state = ?, errors_json = ?, error_count = 1, updated_at = ?, finished_at = ?
		WHERE state IN (?, ?) AND (lease_until < ? OR (lease_until IS NULL AND updated_at < ?))
		RETURNING id, created_by, filename`,
		StateFailed, errorsJSON, now, now, StateValidating, StateImporting, now, now.Add(-InterruptedAfter))
	if err != nil {
		return nil, fmt.Errorf("imports: sweep: %w", err)
	}
	return out, nil
}
