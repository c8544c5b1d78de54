package review

import (
	"context"
	"fmt"

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
	out := &TaskList{Items: []*Task{}}
	if f.Level != 0 && f.Level != level {
		return out, nil
	}
	page = page.Norm()
	now := s.Clock.Now()
	cond, args := a.Scope().SQL("t.region_code")
	where := " WHERE t.level = ? AND " + cond
	args = append([]any{level}, args...)
	if f.State != "" {
		where += " AND t.state = ?"
		args = append(args, f.State)
	}
	if f.Overdue {
		where += " AND t.state = ? AND t.due_at < ?"
		args = append(args, TaskOpen, now)
	}
	if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM review_tasks t"+where, args...).Scan(&out.Total); err != nil {
		return nil, fmt.Errorf("review: count queue: %w", err)
	}
	// The page is chosen from the queue index alone (state, level, region,
	// due date and id are all in it) and only its rows are then read and
	// joined: joining first made the database read every task and
	// institution of the region (10,000 in a busy county) to sort them.
	rows, err := s.DB.Query(ctx, "SELECT "+taskCols+" FROM (SELECT t.id FROM review_tasks t"+where+
		" ORDER BY t.due_at, t.id LIMIT ? OFFSET ?) p JOIN review_tasks t ON t.id = p.id JOIN institutions i ON i.id = t.institution_id"+
		" ORDER BY t.due_at, t.id", append(args, page.Limit, page.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("review: queue: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTask(rows, now)
		if err != nil {
			return nil, fmt.Errorf("review: queue: %w", err)
		}
		out.Items = append(out.Items, t)
	}
	return out, rows.Err()
}
