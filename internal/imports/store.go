package imports

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
)

// importStore holds every query of import jobs (the imports table): their
// state and progress are rows, so that any server can report them.
type importStore struct{ q db.Queryer }

// create records a new import of total rows, validating, leased to this
// server until lease, and returns its id.
func (s importStore) create(ctx context.Context, kind, filename string, total int, by int64, regionCode string, now, lease time.Time) (int64, error) {
	var id int64
	err := s.q.QueryRow(ctx, `INSERT INTO imports (kind, state, filename, total, created_by, region_code, created_at, updated_at, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`, kind, StateValidating, filename, total, by, regionCode, now, now, lease).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("imports: create: %w", err)
	}
	return id, nil
}

// progress records how many rows the validation has done.
func (s importStore) progress(ctx context.Context, id int64, done int, now time.Time) error {
	_, err := s.q.Exec(ctx, "UPDATE imports SET done = ?, updated_at = ? WHERE id = ?", done, now, id)
	return err
}

// importing moves a validating import to its insert phase, counting from 0 again.
func (s importStore) importing(ctx context.Context, id int64, now time.Time) error {
	_, err := s.q.Exec(ctx, "UPDATE imports SET state = ?, done = 0, updated_at = ? WHERE id = ? AND state = ?", StateImporting, now, id, StateValidating)
	return err
}

// done ends an import whose rows are all in, inside the transaction that
// inserted them: ErrStale when the sweep ended it meanwhile, so that the
// rows go with it.
func (s importStore) done(ctx context.Context, id int64, now time.Time) error {
	return s.q.Update(ctx, "UPDATE imports SET state = ?, done = total, updated_at = ?, finished_at = ? WHERE id = ? AND state = ?",
		StateDone, now, now, id, StateImporting)
}

// fail ends a running import with the errors kept for display and their
// full count (one the sweep ended keeps its reason).
func (s importStore) fail(ctx context.Context, id int64, errs []RowError, count int, now time.Time) error {
	b, _ := json.Marshal(errs)
	_, err := s.q.Exec(ctx, "UPDATE imports SET state = ?, errors_json = ?, error_count = ?, updated_at = ?, finished_at = ? WHERE id = ? AND state IN (?, ?)",
		StateFailed, string(b), count, now, now, id, StateValidating, StateImporting)
	return err
}

// renew moves the lease of a running import on.
func (s importStore) renew(ctx context.Context, id int64, until time.Time) error {
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
func (s importStore) endExpired(ctx context.Context, now time.Time, errorsJSON string) ([]ended, error) {
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

// get returns import id; NotFound when there is none.
func (s importStore) get(ctx context.Context, id int64) (*Import, error) {
	var im Import
	var errs string
	var fin *time.Time
	err := s.q.QueryRow(ctx, `SELECT id, kind, state, filename, total, done, errors_json, error_count, created_by, region_code, created_at, finished_at
		FROM imports WHERE id = ?`, id).Scan(&im.ID, &im.Kind, &im.State, &im.Filename, &im.Total, &im.Done, &errs, &im.ErrorCount,
		&im.CreatedBy, &im.RegionCode, &im.CreatedAt, &fin)
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("import")
	}
	if err != nil {
		return nil, fmt.Errorf("imports: get: %w", err)
	}
	_ = json.Unmarshal([]byte(errs), &im.Errors)
	if im.Errors == nil {
		im.Errors = []RowError{}
	}
	if fin != nil {
		t := fin.UTC()
		im.FinishedAt = &t
	}
	im.CreatedAt = im.CreatedAt.UTC()
	return &im, nil
}
