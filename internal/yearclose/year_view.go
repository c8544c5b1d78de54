package yearclose

import (
	"context"

	"evalcred/internal/auth"
)

// YearView is a year's grade distribution with the closes run for it.
type YearView struct {
	Dist *Distribution
	Runs []*Run
}

// ViewYear assembles the YearView of year.
func (s *Service) ViewYear(ctx context.Context, a *auth.Actor, year int) (*YearView, error) {
	dist, err := s.Distribution(ctx, a, year)
	if err != nil {
		return nil, err
	}
	runs, err := s.Runs(ctx, a, year)
	if err != nil {
		return nil, err
	}
	return &YearView{Dist: dist, Runs: runs}, nil
}

// maxRunChanges is how many changes the report of a finished run lists.
const maxRunChanges = 500

// RunView is a close's progress and, once it has finished, what it changed.
type RunView struct {
	Run     *Run
	Changes []Change
	Running bool
}

// ViewRun assembles the RunView of run id: while it runs only the run, then
// the first changes of every kind.
func (s *Service) ViewRun(ctx context.Context, a *auth.Actor, id int64) (*RunView, error) {
	run, err := s.Run(ctx, a, id)
	if err != nil {
		return nil, err
	}
	v := &RunView{Run: run, Running: run.State == StateRunning}
	if !v.Running {
		if v.Changes, err = s.Changes(ctx, a, id, "", maxRunChanges, 0); err != nil {
			return nil, err
		}
	}
	return v, nil
}
