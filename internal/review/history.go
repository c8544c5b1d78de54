package review

import (
	"context"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/registry"
)

// Decided is one decision taken on an institution's filing, as the
// institution and the officials who may see it read it: which version, at
// which level, approved or returned, and the comments per section.
type Decided struct {
	TaskID    int64             `json:"task_id"`
	Version   int               `json:"version"`
	Level     int               `json:"level"`
	State     string            `json:"state"`
	Comments  map[string]string `json:"comments"`
	DecidedAt time.Time         `json:"decided_at"`
}

// History returns the decisions taken on the institution's filings, newest
// first, to those who may see the institution (its own users, officials of
// its region; NotFound for anyone else). It is how an institution reads why
// its filing came back: the tasks themselves are only for their reviewers.
func (s *Service) History(ctx context.Context, a *auth.Actor, institutionID int64) ([]*Decided, error) {
	if _, err := registry.LoadFor(ctx, s.DB, a, institutionID, s.Clock.Now()); err != nil {
		return nil, err
	}
	return taskStore{s.DB}.history(ctx, institutionID)
}
