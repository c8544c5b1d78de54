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

// create records a new import of total rows, validating, and returns its id.
func (s importStore) create(ctx context.Context, kind, filename string, total int, by int64, regionCode string, now time.Time) (int64, error) {
	var id int64
	err := s.q.QueryRow(ctx, `INSERT INTO imports (kind, state, filename, total, created_by, region_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`, kind, StateValidating, filename, total, by, regionCode, now, now).Scan(&id)
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

// importing moves an import to its insert phase, counting from 0 again.
func (s importStore) importing(ctx context.Context, id int64, now time.Time) error {
	_, err := s.q.Exec(ctx, "UPDATE imports SET state = ?, done = 0, updated_at = ? WHERE id = ?", StateImporting, now, id)
	return err
}

// done ends an import whose rows are all in.
func (s importStore) done(ctx context.Context, id int64, now time.Time) error {
	_, err := s.q.Exec(ctx, "UPDATE imports SET state = ?, done = total, updated_at = ?, finished_at = ? WHERE id = ?", StateDone, now, now, id)
	return err
}

// fail ends an import with the errors kept for display and their full count.
func (s importStore) fail(ctx context.Context, id int64, errs []RowError, count int, now time.Time) error {
	b, _ := json.Marshal(errs)
	_, err := s.q.Exec(ctx, "UPDATE imports SET state = ?, errors_json = ?, error_count = ?, updated_at = ?, finished_at = ? WHERE id = ?",
		StateFailed, string(b), count, now, now, id)
	return err
}

// failStale ends, with errs, every import still validating or importing whose
// last word of progress is older than before.
func (s importStore) failStale(ctx context.Context, errs []RowError, before, now time.Time) error {
	b, _ := json.Marshal(errs)
	_, err := s.q.Exec(ctx, `UPDATE imports SET state = ?, errors_json = ?, error_count = 1, updated_at = ?, finished_at = ?
		WHERE state IN (?, ?) AND updated_at < ?`, StateFailed, string(b), now, now, StateValidating, StateImporting, before)
	return err
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
