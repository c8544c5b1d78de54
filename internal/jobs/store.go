package jobs

import (
	"context"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
)

// runStore holds every query of job runs: one row per job and slot, whose
// unique key lets only one server claim a slot.
type runStore struct{ q db.Queryer }

// claim takes the slot of a job run; false when another run (on this or
// another server) took it first.
func (s runStore) claim(ctx context.Context, name, slot string, now time.Time) (bool, error) {
	_, err := s.q.Exec(ctx, "INSERT INTO job_runs (name, slot, started_at) VALUES (?, ?, ?)", name, slot, now)
	if apperr.Is(err, apperr.Conflict) {
		return false, nil
	}
	return err == nil, err
}
