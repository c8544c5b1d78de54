// Package review runs the two-level review of submitted filings: level 1 by
// the reviewers of the institution's county and city, level 2 by the
// province. It keeps the review tasks with their working-day deadlines,
// decides them (approve or return with a comment per section), shows the
// queues and the dashboard that urges lagging regions, and reminds people of
// overdue reviews and due filing updates.
package review

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/notify"
	"evalcred/internal/policy"
	"evalcred/internal/region"
	"evalcred/internal/registry"
	"evalcred/internal/workflow"
)

// Service runs reviews. Wire it to filing with
// filingService.OnSubmit = reviewService.OpenLevel1.
type Service struct {
	DB     *db.DB
	Clock  clock.Clock
	Cal    *calendar.Calendar // nil: calendar.Default()
	Notify *notify.Notifier
	// OnName keeps the public name search in step when an approval copies
	// the filing's institution section (and so perhaps a new name) into the
	// institution, in the deciding transaction. The approval has already
	// stored the name and its name_norm; the app sets OnName to
	// publicquery.IndexGrams, which refreshes the name's grams. Nil leaves them
	// alone.
	OnName func(ctx context.Context, tx *db.Tx, institutionID int64, name string) error
	// Institutions, Filings and Credit are what the views of view.go read
	// beside the tasks; the app wires the registry, filing and credit
	// services.
	Institutions Institutions
	Filings      Filings
	Credit       WarningFinder
}

func (s *Service) cal() *calendar.Calendar {
	if s.Cal != nil {
		return s.Cal
	}
	return calendar.Default()
}

// The states of a task.
const (
	TaskOpen     = "open"
	TaskApproved = "approved"
	TaskReturned = "returned"
)

// Task is a review task as a reviewer's queue shows it.
type Task struct {
	ID              int64             `json:"id"`
	InstitutionID   int64             `json:"institution_id"`
	InstitutionName string            `json:"institution_name"`
	USCC            string            `json:"uscc"`
	RegionCode      string            `json:"region_code"`
	RegionName      string            `json:"region_name"`
	Version         int               `json:"version"`
	Level           int               `json:"level"`
	State           string            `json:"state"`
	DueAt           time.Time         `json:"due_at"`
	Overdue         bool              `json:"overdue"`
	DecidedBy       int64             `json:"decided_by,omitempty"`
	DecidedAt       *time.Time        `json:"decided_at,omitempty"`
	Comments        map[string]string `json:"comments"`
	CreatedAt       time.Time         `json:"created_at"`
	LockVersion     int               `json:"-"`
	// Actions are what the caller may do with the task now: approve or
	// return it while it is open, for a reviewer who may decide it.
	Actions workflow.Actions `json:"actions"`
	// institutionRegion is the institution's region now (RegionCode is the
	// one the task was opened in).
	institutionRegion string
}

// LevelOf returns the review level a may decide: 2 for provincial reviewers,
// 1 for county and city reviewers, 0 for everyone else. Keeping each
// reviewer to one level means no one approves a filing at both levels.
func LevelOf(a *auth.Actor) int {
	if a == nil {
		return 0
	}
	lv := a.Level()
	switch {
	case a.Can("review.level2") && lv == region.Province:
		return 2
	case a.Can("review.level1") && lv >= region.City:
		return 1
	}
	return 0
}

// OpenLevel1 opens the level-1 review of a version just submitted, inside
// the submitting transaction; filing.Service.OnSubmit is set to it.
func (s *Service) OpenLevel1(ctx context.Context, tx *db.Tx, inst *registry.Institution, version int) error {
	return s.open(ctx, tx, inst.ID, inst.Name, inst.RegionCode, version, 1)
}

// open inserts a task due after the policy's working days and tells the
// reviewers who must decide it.
func (s *Service) open(ctx context.Context, tx *db.Tx, instID int64, instName, regionCode string, version, level int) error {
	now := s.Clock.Now()
	key := "review.level1_due_workdays"
	if level == 2 {
		key = "review.level2_due_workdays"
	}
	days, err := policy.Int(ctx, tx, regionCode, key, calendar.DateOf(now))
	if err != nil {
		return err
	}
	due := s.cal().DueAt(now, days)
	id, err := taskStore{tx}.insert(ctx, instID, regionCode, version, level, due, now)
	if err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, audit.Who{}, now, "review.opened", "review_task", id, regionCode, nil,
		map[string]any{"institution_id": instID, "version": version, "level": level, "due_at": due}); err != nil {
		return err
	}
	if s.Notify == nil {
		return nil
	}
	users, err := reviewersOf(ctx, tx, regionCode, level, false)
	if err != nil {
		return err
	}
	return s.Notify.ToUsers(ctx, tx, now, users, "notice.review_assigned", fmt.Sprintf("/reviews/%d", id),
		instName, fmt.Sprint(version), calendar.DateOf(due).String())
}

// reviewersOf returns who decides a task of level for an institution in
// regionCode; with superiors, also the level above them (for reminders).
func reviewersOf(ctx context.Context, q db.Queryer, regionCode string, level int, superiors bool) ([]*auth.User, error) {
	province := policy.ProvinceOf(regionCode)
	var groups []struct {
		code string
		role auth.Role
	}
	add := func(code string, role auth.Role) {
		groups = append(groups, struct {
			code string
			role auth.Role
		}{code, role})
	}
	if level == 2 {
		add(province, auth.RoleProvincialReviewer)
		if superiors {
			add(province, auth.RoleProvincialAdmin)
		}
	} else {
		add(regionCode, auth.RoleLocalReviewer)
		if p, ok := region.Default().Parent(regionCode); ok {
			switch {
			case p.Level == region.City:
				add(p.Code, auth.RoleLocalReviewer) // the city decides level 1 too
				if superiors {
					add(province, auth.RoleProvincialReviewer)
				}
			case superiors:
				add(province, auth.RoleProvincialReviewer)
			}
		}
	}
	seen := map[int64]bool{}
	var out []*auth.User
	for _, g := range groups {
		us, err := auth.OfficialsOf(ctx, q, g.code, g.role)
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			if !seen[u.ID] {
				seen[u.ID] = true
				out = append(out, u)
			}
		}
	}
	return out, nil
}

// GetTask returns a task a may decide (its level, inside its region);
// NotFound otherwise.
func (s *Service) GetTask(ctx context.Context, a *auth.Actor, id int64) (*Task, error) {
	return s.decidable(a, func(level int) (*Task, error) {
		return taskStore{s.DB}.get(ctx, id, level, a.Scope(), s.Clock.Now())
	})
}

// OpenTaskOf returns the institution's task that waits for a: open, at a's
// level, inside a's region; NotFound when there is none.
func (s *Service) OpenTaskOf(ctx context.Context, a *auth.Actor, institutionID int64) (*Task, error) {
	return s.decidable(a, func(level int) (*Task, error) {
		return taskStore{s.DB}.openOf(ctx, institutionID, level, a.Scope(), s.Clock.Now())
	})
}

// decidable reads, with read, a task of the level a decides, and adds what
// a may do with it; Forbidden for anyone who reviews nothing.
func (s *Service) decidable(a *auth.Actor, read func(level int) (*Task, error)) (*Task, error) {
	level := LevelOf(a)
	if level == 0 {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	t, err := read(level)
	if err != nil {
		return nil, err
	}
	t.Actions = taskActions(a, t)
	return t, nil
}

// taskActions lists what a may do now with a task: approve or return it
// while it is open, when it is of a's level inside a's region.
func taskActions(a *auth.Actor, t *Task) workflow.Actions {
	if t.State != TaskOpen || LevelOf(a) != t.Level || !a.Scope().Contains(t.RegionCode) {
		return workflow.Actions{}
	}
	return workflow.Actions{Approve, Return}
}
