// Package review runs the two-level review of submitted filings: level 1 by
// the reviewers of the institution's county and city, level 2 by the
// province. It keeps the review tasks with their working-day deadlines,
// decides them (approve or return with a comment per section), shows the
// queues and the dashboard that urges lagging regions, and reminds people of
// overdue reviews and due filing updates.
package review

import (
	"context"
	"encoding/json"
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
	// institutionRegion is the institution's region now (RegionCode is the
	// one the task was opened in).
	institutionRegion string
}

const taskCols = `t.id, t.institution_id, i.name, i.uscc, t.region_code, t.filing_version, t.level, t.state, t.due_at,
	COALESCE(t.decided_by, 0), t.decided_at, t.comments_json, t.created_at, t.lock_version, i.region_code`

func scanTask(s interface{ Scan(...any) error }, now time.Time) (*Task, error) {
	var t Task
	var decided *time.Time
	var comments string
	if err := s.Scan(&t.ID, &t.InstitutionID, &t.InstitutionName, &t.USCC, &t.RegionCode, &t.Version, &t.Level, &t.State, &t.DueAt,
		&t.DecidedBy, &decided, &comments, &t.CreatedAt, &t.LockVersion, &t.institutionRegion); err != nil {
		return nil, err
	}
	t.DueAt = t.DueAt.UTC()
	if decided != nil {
		u := decided.UTC()
		t.DecidedAt = &u
	}
	t.Comments = map[string]string{}
	_ = json.Unmarshal([]byte(comments), &t.Comments)
	t.RegionName = region.Default().FullName(t.RegionCode)
	t.Overdue = t.State == TaskOpen && now.After(t.DueAt)
	return &t, nil
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
	id, err := tx.Insert(ctx, `INSERT INTO review_tasks (institution_id, region_code, filing_version, level, state, due_at, comments_json, created_at)
		VALUES (?, ?, ?, ?, ?, ?, '{}', ?)`, instID, regionCode, version, level, TaskOpen, due, now)
	if err != nil {
		return fmt.Errorf("review: open task: %w", err)
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
	return getTask(ctx, s.DB, a, id, s.Clock.Now())
}

func getTask(ctx context.Context, q db.Queryer, a *auth.Actor, id int64, now time.Time) (*Task, error) {
	level := LevelOf(a)
	if level == 0 {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	cond, args := a.Scope().SQL("t.region_code")
	t, err := scanTask(q.QueryRow(ctx, "SELECT "+taskCols+" FROM review_tasks t JOIN institutions i ON i.id = t.institution_id WHERE t.id = ? AND t.level = ? AND "+cond,
		append([]any{id, level}, args...)...), now)
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("review task")
	}
	if err != nil {
		return nil, fmt.Errorf("review: get task: %w", err)
	}
	return t, nil
}
