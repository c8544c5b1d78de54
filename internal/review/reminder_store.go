package review

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// reminderStore holds the queries of the reminders: which tasks are overdue
// and which filings fall due for their update, and the claims that keep a
// reminder from going out twice on one day.
type reminderStore struct{ q db.Queryer }

type overdueTask struct {
	id, instID     int64
	name, region   string
	level, version int
	due            time.Time
}

// overdue lists the open tasks past their due time at now that have had no
// reminder today.
func (s reminderStore) overdue(ctx context.Context, now time.Time, today calendar.Date) ([]overdueTask, error) {
	return db.List(ctx, s.q, "review: overdue", func(s db.Scanner) (overdueTask, error) {
		var t overdueTask
		err := s.Scan(&t.id, &t.instID, &t.name, &t.region, &t.level, &t.version, &t.due)
		return t, err
	}, `SELECT t.id, t.institution_id, i.name, t.region_code, t.level, t.filing_version, t.due_at
		FROM review_tasks t JOIN institutions i ON i.id = t.institution_id
		WHERE t.state = ? AND t.due_at < ? AND (t.reminded_on IS NULL OR t.reminded_on < ?) ORDER BY t.id`, TaskOpen, now, today)
}

// claimOverdue claims today's reminder of an open task; false when the task
// was decided or reminded today meanwhile.
func (s reminderStore) claimOverdue(ctx context.Context, id int64, today calendar.Date) (bool, error) {
	res, err := s.q.Exec(ctx, `UPDATE review_tasks SET reminded_on = ? WHERE id = ? AND state = ? AND (reminded_on IS NULL OR reminded_on < ?)`,
		today, id, TaskOpen, today)
	if err != nil {
		return false, fmt.Errorf("review: claim reminder: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// provincesWithUpdates lists the provinces (their codes) where some
// approved filing has an update date.
func (s reminderStore) provincesWithUpdates(ctx context.Context) ([]string, error) {
	prefixes, err := db.Strings(ctx, s.q, "review: update reminders",
		`SELECT DISTINCT substr(region_code, 1, 2) FROM institutions WHERE approved_version > 0 AND update_due_on IS NOT NULL`)
	for i, p := range prefixes {
		prefixes[i] = p + "0000"
	}
	return prefixes, err
}

type updateDue struct {
	id   int64
	name string
	on   calendar.Date
}

// updatesDue lists the institutions of a province whose update falls due by
// horizon and who were not yet reminded of that date.
func (s reminderStore) updatesDue(ctx context.Context, province string, horizon calendar.Date) ([]updateDue, error) {
	cond, args := region.Scope{Code: province}.SQL("region_code")
	return db.List(ctx, s.q, "review: update reminders", func(s db.Scanner) (updateDue, error) {
		var d updateDue
		err := s.Scan(&d.id, &d.name, &d.on)
		return d, err
	}, `SELECT id, name, update_due_on FROM institutions WHERE approved_version > 0 AND update_due_on <= ?
		AND (update_reminded_for IS NULL OR update_reminded_for <> update_due_on) AND `+cond+` ORDER BY id`, append([]any{horizon}, args...)...)
}

// claimUpdateDue claims the reminder of an institution's update due on on;
// false when it was claimed already or the date moved.
func (s reminderStore) claimUpdateDue(ctx context.Context, id int64, on calendar.Date) (bool, error) {
	res, err := s.q.Exec(ctx, `UPDATE institutions SET update_reminded_for = update_due_on WHERE id = ? AND update_due_on = ?
				AND (update_reminded_for IS NULL OR update_reminded_for <> update_due_on)`, id, on)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}
