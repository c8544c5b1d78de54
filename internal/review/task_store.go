package review

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/region"
	"evalcred/internal/registry"
)

// taskStore holds every query of review tasks and their decisions, run on
// q: the database, or the transaction for writes.
type taskStore struct{ q db.Queryer }

const taskCols = `t.id, t.institution_id, i.name, i.uscc, t.region_code, t.filing_version, t.level, t.state, t.due_at,
	COALESCE(t.decided_by, 0), t.decided_at, t.comments_json, t.created_at, t.lock_version, i.region_code`

// decidedCols are taskCols for the RETURNING clause of a decision's update,
// which cannot join: the institution's columns are read by subqueries.
const decidedCols = `review_tasks.id, review_tasks.institution_id,
	(SELECT i.name FROM institutions i WHERE i.id = review_tasks.institution_id),
	(SELECT i.uscc FROM institutions i WHERE i.id = review_tasks.institution_id),
	review_tasks.region_code, review_tasks.filing_version, review_tasks.level, review_tasks.state, review_tasks.due_at,
	COALESCE(review_tasks.decided_by, 0), review_tasks.decided_at, review_tasks.comments_json, review_tasks.created_at, review_tasks.lock_version,
	(SELECT i.region_code FROM institutions i WHERE i.id = review_tasks.institution_id)`

// scanTask returns a scan of taskCols (or decidedCols); now decides
// whether an open task is overdue.
func scanTask(now time.Time) func(db.Scanner) (*Task, error) {
	return func(s db.Scanner) (*Task, error) {
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
}

// insert opens a task due at due and returns its id.
func (s taskStore) insert(ctx context.Context, instID int64, regionCode string, version, level int, due, now time.Time) (int64, error) {
	id, err := s.q.Insert(ctx, `INSERT INTO review_tasks (institution_id, region_code, filing_version, level, state, due_at, comments_json, created_at)
		VALUES (?, ?, ?, ?, ?, ?, '{}', ?)`, instID, regionCode, version, level, TaskOpen, due, now)
	if err != nil {
		return 0, fmt.Errorf("review: open task: %w", err)
	}
	return id, nil
}

// get returns task id of level inside scope; NotFound otherwise.
func (s taskStore) get(ctx context.Context, id int64, level int, scope region.Scope, now time.Time) (*Task, error) {
	cond, args := scope.SQL("t.region_code")
	t, err := scanTask(now)(s.q.QueryRow(ctx, "SELECT "+taskCols+" FROM review_tasks t JOIN institutions i ON i.id = t.institution_id WHERE t.id = ? AND t.level = ? AND "+cond,
		append([]any{id, level}, args...)...))
	return db.Found(t, err, "review task", "review: get task")
}

// openOf returns the institution's open task of level inside scope;
// NotFound when there is none.
func (s taskStore) openOf(ctx context.Context, institutionID int64, level int, scope region.Scope, now time.Time) (*Task, error) {
	cond, args := scope.SQL("t.region_code")
	t, err := scanTask(now)(s.q.QueryRow(ctx, "SELECT "+taskCols+" FROM review_tasks t JOIN institutions i ON i.id = t.institution_id WHERE t.institution_id = ? AND t.level = ? AND t.state = ? AND "+cond,
		append([]any{institutionID, level, TaskOpen}, args...)...))
	return db.Found(t, err, "review task", "review: open task")
}

// decide moves open task id of level inside scope to the state to and
// returns it as it now is, in one statement. decided is false when it
// changed nothing: the task is not open, or not one of level in scope.
func (s taskStore) decide(ctx context.Context, id int64, level int, scope region.Scope, to string, by int64, comments string, now time.Time) (t *Task, decided bool, err error) {
	cond, args := scope.SQL("review_tasks.region_code")
	t, err = scanTask(now)(s.q.QueryRow(ctx, `UPDATE review_tasks SET state = ?, decided_by = ?, decided_at = ?, comments_json = ?, lock_version = lock_version + 1
			WHERE review_tasks.id = ? AND review_tasks.level = ? AND review_tasks.state = ? AND `+cond+` RETURNING `+decidedCols,
		append([]any{to, by, now, comments, id, level, TaskOpen}, args...)...))
	if db.IsNoRows(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("review: decide: %w", err)
	}
	return t, true, nil
}

// queue returns a page of the tasks of level inside scope matching f,
// soonest due first, with the number matching.
func (s taskStore) queue(ctx context.Context, level int, scope region.Scope, f Filter, page registry.Page, now time.Time) (*TaskList, error) {
	cond, args := scope.SQL("t.region_code")
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
	out := &TaskList{}
	if err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM review_tasks t"+where, args...).Scan(&out.Total); err != nil {
		return nil, fmt.Errorf("review: count queue: %w", err)
	}
	// The page is chosen from the queue index alone (state, level, region,
	// due date and id are all in it) and only its rows are then read and
	// joined: joining first would read every task and institution of the
	// region to sort them.
	order := QueueSorts.OrderBy(f.Sort, "")
	var err error
	out.Items, err = db.List(ctx, s.q, "review: queue", scanTask(now), "SELECT "+taskCols+" FROM (SELECT t.id FROM review_tasks t"+where+
		" ORDER BY "+order+" LIMIT ? OFFSET ?) p JOIN review_tasks t ON t.id = p.id JOIN institutions i ON i.id = t.institution_id"+
		" ORDER BY "+order, append(args, page.Limit, page.Offset)...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func scanDecided(s db.Scanner) (*Decided, error) {
	var d Decided
	var comments string
	var decided *time.Time
	if err := s.Scan(&d.TaskID, &d.Version, &d.Level, &d.State, &comments, &decided); err != nil {
		return nil, err
	}
	if decided != nil {
		d.DecidedAt = decided.UTC()
	}
	d.Comments = map[string]string{}
	_ = json.Unmarshal([]byte(comments), &d.Comments)
	return &d, nil
}

// history returns the decisions taken on the institution's filings, newest
// first.
func (s taskStore) history(ctx context.Context, institutionID int64) ([]*Decided, error) {
	return db.List(ctx, s.q, "review: history", scanDecided, `SELECT id, filing_version, level, state, comments_json, decided_at FROM review_tasks
		WHERE institution_id = ? AND state <> ? ORDER BY decided_at DESC, id DESC`, institutionID, TaskOpen)
}
