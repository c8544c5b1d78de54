package yearclose

import (
	"context"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
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
	r, err := runStore{s.DB}.get(ctx, id)
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
	return runStore{s.DB}.list(ctx, policy.ProvinceOf(a.RegionCode), year)
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
	return runStore{s.DB}.changes(ctx, id, kind, limit, offset)
}

// Score is Amount as a score x100, for grade lines.
func (c Change) Score() int { return int(c.Amount) }
