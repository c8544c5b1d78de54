package review

import (
	"context"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
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
	// Sort is the order chosen among QueueSorts.
	Sort db.Sort `json:"sort"`
}

// QueueSorts are the orders of the review queue, the task due first by
// default. Each sorts on the queue index's own columns, so that the page
// is still chosen before any row is joined.
var QueueSorts = db.Sorts{Cols: map[string]string{
	"due":     "t.due_at, t.id",
	"created": "t.created_at, t.id",
	"region":  "t.region_code, t.due_at, t.id",
	"level":   "t.level, t.due_at, t.id",
	"state":   "t.state, t.due_at, t.id",
}, Default: db.Sort{Key: "due"}}

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
