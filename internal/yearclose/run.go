package yearclose

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// Run is one run of a year's close: its progress (done of total
// institutions) and what it changed.
type Run struct {
	ID                int64      `json:"id"`
	ProvinceCode      string     `json:"province_code"`
	Year              int        `json:"year"`
	State             string     `json:"state"`
	Done              int        `json:"done"`
	Total             int        `json:"total"`
	GradesAdded       int        `json:"grades_added"`
	ConsequencesAdded int        `json:"consequences_added"`
	RecordsAdded      int        `json:"records_added"`
	FeesAdded         int        `json:"fees_added"`
	Error             string     `json:"error,omitempty"`
	StartedAt         time.Time  `json:"started_at"`
	FinishedAt        *time.Time `json:"finished_at"`
}

// Percent is the progress in whole percent (100 for an empty close that is done).
func (r *Run) Percent() int {
	if r.Total == 0 {
		if r.State == StateRunning {
			return 0
		}
		return 100
	}
	return r.Done * 100 / r.Total
}

const runCols = `id, province_code, year, state, done, total, grades_added, consequences_added, records_added, fees_added, error, started_at, finished_at`

func scanRun(r interface{ Scan(...any) error }) (*Run, error) {
	var x Run
	err := r.Scan(&x.ID, &x.ProvinceCode, &x.Year, &x.State, &x.Done, &x.Total, &x.GradesAdded, &x.ConsequencesAdded, &x.RecordsAdded,
		&x.FeesAdded, &x.Error, &x.StartedAt, &x.FinishedAt)
	return &x, err
}

func (s *Service) run(ctx context.Context, id int64) (*Run, error) {
	r, err := scanRun(s.DB.QueryRow(ctx, "SELECT "+runCols+" FROM year_close_runs WHERE id = ?", id))
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("year close")
	}
	if err != nil {
		return nil, fmt.Errorf("yearclose: run %d: %w", id, err)
	}
	return r, nil
}

// canView: the province's administrators (year.close) and statistics readers.
func canView(a *auth.Actor) error {
	if a.Can("year.close") || a.Can("statistics.view") {
		return nil
	}
	return a.Require("year.close")
}

// Run returns a run of the actor's province (GET /api/v1/year-closes/{id}).
func (s *Service) Run(ctx context.Context, a *auth.Actor, id int64) (*Run, error) {
	if err := canView(a); err != nil {
		return nil, err
	}
	r, err := s.run(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Scope().Contains(r.ProvinceCode) {
		return nil, apperr.NotFoundf("year close")
	}
	return r, nil
}

// Runs lists the runs of a year in the actor's province, newest first.
func (s *Service) Runs(ctx context.Context, a *auth.Actor, year int) ([]*Run, error) {
	if err := canView(a); err != nil {
		return nil, err
	}
	rows, err := s.DB.Query(ctx, "SELECT "+runCols+" FROM year_close_runs WHERE province_code = ? AND year = ? ORDER BY id DESC",
		policy.ProvinceOf(a.RegionCode), year)
	if err != nil {
		return nil, fmt.Errorf("yearclose: runs: %w", err)
	}
	defer rows.Close()
	out := []*Run{}
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Change is one line of a run's report: a grade, consequence, record or fee
// it added.
type Change struct {
	ID              int64  `json:"id"`
	Kind            string `json:"kind"`
	InstitutionID   int64  `json:"institution_id"`
	InstitutionName string `json:"institution_name"`
	ProjectID       int64  `json:"project_id,omitempty"`
	Detail          string `json:"detail"`
	Amount          int64  `json:"amount"` // the score x100, a fee in fen, a record or sanction id
}

// Changes lists what run id changed, of kind (all kinds for ""), at most
// limit lines from offset.
func (s *Service) Changes(ctx context.Context, a *auth.Actor, id int64, kind string, limit, offset int) ([]Change, error) {
	if _, err := s.Run(ctx, a, id); err != nil {
		return nil, err
	}
	q := `SELECT c.id, c.kind, c.institution_id, COALESCE(i.name, ''), COALESCE(c.project_id, 0), c.detail, c.amount
		FROM year_close_changes c LEFT JOIN institutions i ON i.id = c.institution_id WHERE c.run_id = ?`
	args := []any{id}
	if kind != "" {
		q += " AND c.kind = ?"
		args = append(args, kind)
	}
	rows, err := s.DB.Query(ctx, q+" ORDER BY c.id LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("yearclose: changes: %w", err)
	}
	defer rows.Close()
	out := []Change{}
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.ID, &c.Kind, &c.InstitutionID, &c.InstitutionName, &c.ProjectID, &c.Detail, &c.Amount); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Score is Amount as a score x100, for grade lines.
func (c Change) Score() int { return int(c.Amount) }
