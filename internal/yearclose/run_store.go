package yearclose

import (
	"context"
	"time"

	"evalcred/internal/db"
)

// runStore holds every query of a year's closes: the runs with their
// progress, the claim that lets one run at a time work on a province's year,
// and each run's report of what it changed.
type runStore struct{ q db.Queryer }

const runCols = `id, province_code, year, state, done, total, grades_added, consequences_added, records_added, fees_added, error, started_at, finished_at`

func scanRun(r db.Scanner) (*Run, error) {
	var x Run
	err := r.Scan(&x.ID, &x.ProvinceCode, &x.Year, &x.State, &x.Done, &x.Total, &x.GradesAdded, &x.ConsequencesAdded, &x.RecordsAdded,
		&x.FeesAdded, &x.Error, &x.StartedAt, &x.FinishedAt)
	return &x, err
}

// get returns run id; NotFound when there is none.
func (s runStore) get(ctx context.Context, id int64) (*Run, error) {
	r, err := scanRun(s.q.QueryRow(ctx, "SELECT "+runCols+" FROM year_close_runs WHERE id = ?", id))
	return db.Found(r, err, "year close", "yearclose: run %d", id)
}

// list returns the runs of a province's year, newest first.
func (s runStore) list(ctx context.Context, province string, year int) ([]*Run, error) {
	return db.List(ctx, s.q, "yearclose: runs", scanRun, "SELECT "+runCols+" FROM year_close_runs WHERE province_code = ? AND year = ? ORDER BY id DESC",
		province, year)
}

// create records a run of a province's year, running, started by user by.
func (s runStore) create(ctx context.Context, province string, year int, by int64, now time.Time) (int64, error) {
	var id int64
	err := s.q.QueryRow(ctx, `INSERT INTO year_close_runs (province_code, year, state, started_by, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		province, year, StateRunning, by, now, now).Scan(&id)
	return id, err
}

// claim claims a province's year for run id; false when another run holds
// it and its heartbeat is younger than StaleAfter (a stale claim is taken
// over).
func (s runStore) claim(ctx context.Context, province string, year int, id int64, now time.Time) (bool, error) {
	res, err := s.q.Exec(ctx, `INSERT INTO year_close_claims (province_code, year, run_id, heartbeat_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (province_code, year) DO NOTHING`, province, year, id, now)
	if err != nil || added(res) {
		return err == nil, err
	}
	res, err = s.q.Exec(ctx, `UPDATE year_close_claims SET run_id = ?, heartbeat_at = ? WHERE province_code = ? AND year = ? AND heartbeat_at < ?`,
		id, now, province, year, now.Add(-StaleAfter))
	return err == nil && added(res), err
}

// finish records how run id ended (msg is the error's message key) and
// releases its claim.
func (s runStore) finish(ctx context.Context, id int64, state, msg string, now time.Time) error {
	if _, err := s.q.Exec(ctx, "UPDATE year_close_runs SET state = ?, error = ?, finished_at = ?, heartbeat_at = ? WHERE id = ?", state, msg, now, now, id); err != nil {
		return err
	}
	_, err := s.q.Exec(ctx, "DELETE FROM year_close_claims WHERE run_id = ?", id)
	return err
}

// setTotal sets how many steps run id has to do.
func (s runStore) setTotal(ctx context.Context, id int64, total int) error {
	_, err := s.q.Exec(ctx, "UPDATE year_close_runs SET total = ? WHERE id = ?", total, id)
	return err
}

// progress moves run id's progress on by done steps, adds to its counters
// (set: "column = column + ?" clauses, one arg each) and beats the heartbeat
// of the run and its claim.
func (s runStore) progress(ctx context.Context, id int64, done int, now time.Time, set string, args ...any) error {
	all := append(append([]any{done}, args...), now, id)
	if _, err := s.q.Exec(ctx, "UPDATE year_close_runs SET done = done + ?, "+set+", heartbeat_at = ? WHERE id = ?", all...); err != nil {
		return err
	}
	_, err := s.q.Exec(ctx, "UPDATE year_close_claims SET heartbeat_at = ? WHERE run_id = ?", now, id)
	return err
}

// addChange adds a line to run id's report.
func (s runStore) addChange(ctx context.Context, runID int64, kind string, institutionID, projectID int64, detail string, amount int64) error {
	var pid any
	if projectID != 0 {
		pid = projectID
	}
	_, err := s.q.Exec(ctx, `INSERT INTO year_close_changes (run_id, kind, institution_id, project_id, detail, amount) VALUES (?, ?, ?, ?, ?, ?)`,
		runID, kind, institutionID, pid, detail, amount)
	return err
}

// changes lists the lines of run id's report of kind (all for ""), at most
// limit from offset.
func (s runStore) changes(ctx context.Context, id int64, kind string, limit, offset int) ([]Change, error) {
	q := `SELECT c.id, c.kind, c.institution_id, COALESCE(i.name, ''), COALESCE(c.project_id, 0), c.detail, c.amount
		FROM year_close_changes c LEFT JOIN institutions i ON i.id = c.institution_id WHERE c.run_id = ?`
	args := []any{id}
	if kind != "" {
		q += " AND c.kind = ?"
		args = append(args, kind)
	}
	return db.List(ctx, s.q, "yearclose: changes", func(sc db.Scanner) (Change, error) {
		var c Change
		err := sc.Scan(&c.ID, &c.Kind, &c.InstitutionID, &c.InstitutionName, &c.ProjectID, &c.Detail, &c.Amount)
		return c, err
	}, q+" ORDER BY c.id LIMIT ? OFFSET ?", append(args, limit, offset)...)
}

// added reports whether a write changed a row (an insert with ON CONFLICT
// DO NOTHING that inserted, a guarded update that matched).
func added(res interface{ RowsAffected() (int64, error) }) bool {
	n, err := res.RowsAffected()
	return err == nil && n > 0
}
