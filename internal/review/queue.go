package review

import (
	"context"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/registry"
)

// Filter selects tasks for Queue.
type Filter struct {
	// State is open, approved or returned; "" is every state.
	State string `json:"state"`
	// Level narrows to one level; the caller only ever sees its own level.
	Level int `json:"level"`
	// Overdue selects open tasks past their due time.
	Overdue bool `json:"overdue"`
}

// TaskList is a page of tasks and the number matching.
type TaskList struct {
	Items []*Task `json:"items"`
	Total int     `json:"total"`
}

// Queue returns the tasks a may decide: its level (local reviewers level 1,
// provincial reviewers level 2) inside its region, soonest due first, with
// the institution's name and USCC. Forbidden for anyone who reviews nothing.
// One indexed query for the page and one for the count, whatever the size
// of the region.
func (s *Service) Queue(ctx context.Context, a *auth.Actor, f Filter, page registry.Page) (*TaskList, error) {
	level := LevelOf(a)
	if level == 0 {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if f.Level != 0 && f.Level != level {
		return &TaskList{Items: []*Task{}}, nil
	}
	list, err := taskStore{s.DB}.queue(ctx, level, a.Scope(), f, page.Norm(), s.Clock.Now())
	if err != nil {
		return nil, err
	}
	for _, t := range list.Items {
		t.Actions = taskActions(a, t)
	}
	return list, nil
}
