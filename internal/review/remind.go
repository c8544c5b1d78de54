package review

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/audit"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/jobs"
	"evalcred/internal/policy"
	"evalcred/internal/region"
)

// Jobs returns the background work of the review part, for the app's
// jobs.Runner: both run once a day across all servers (jobs.Daily slots),
// and each also remembers per task or institution what it has sent, so a
// second run on the same day sends nothing.
func (s *Service) Jobs() []jobs.Job {
	return []jobs.Job{
		{Name: "review-overdue-reminders", Every: time.Hour, Slot: jobs.Daily, Run: s.RemindOverdue},
		{Name: "filing-update-reminders", Every: time.Hour, Slot: jobs.Daily, Run: s.RemindUpdatesDue},
	}
}

type overdueTask struct {
	id, instID     int64
	name, region   string
	level, version int
	due            time.Time
}

// RemindOverdue reminds, for every open task past its due time, the
// reviewers who must decide it and those of the region above; at most once
// per task per China day, however often it runs.
func (s *Service) RemindOverdue(ctx context.Context) error {
	now := s.Clock.Now()
	today := calendar.DateOf(now)
	rows, err := s.DB.Query(ctx, `SELECT t.id, t.institution_id, i.name, t.region_code, t.level, t.filing_version, t.due_at
		FROM review_tasks t JOIN institutions i ON i.id = t.institution_id
		WHERE t.state = ? AND t.due_at < ? AND (t.reminded_on IS NULL OR t.reminded_on < ?) ORDER BY t.id`, TaskOpen, now, today)
	if err != nil {
		return fmt.Errorf("review: overdue: %w", err)
	}
	var ts []overdueTask
	for rows.Next() {
		var t overdueTask
		if err := rows.Scan(&t.id, &t.instID, &t.name, &t.region, &t.level, &t.version, &t.due); err != nil {
			rows.Close()
			return fmt.Errorf("review: overdue: %w", err)
		}
		ts = append(ts, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range ts {
		if err := s.remindTask(ctx, t, now, today); err != nil {
			return err
		}
	}
	return nil
}

// remindTask claims today's reminder of one task and sends it, in one
// transaction: the claim is what keeps two runs from both sending.
func (s *Service) remindTask(ctx context.Context, t overdueTask, now time.Time, today calendar.Date) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE review_tasks SET reminded_on = ? WHERE id = ? AND state = ? AND (reminded_on IS NULL OR reminded_on < ?)`,
			today, t.id, TaskOpen, today)
		if err != nil {
			return fmt.Errorf("review: claim reminder: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		users, err := reviewersOf(ctx, tx, t.region, t.level, true)
		if err != nil {
			return err
		}
		if s.Notify != nil {
			if err := s.Notify.ToUsers(ctx, tx, now, users, "notice.review_overdue", fmt.Sprintf("/reviews/%d", t.id),
				t.name, fmt.Sprint(t.version), calendar.DateOf(t.due).String()); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Who{}, now, "review.reminded", "review_task", t.id, t.region, nil, map[string]any{"recipients": len(users)})
	})
}

// RemindUpdatesDue tells each institution whose approved filing must be
// updated within policy filing.update_reminder_days (or is already late);
// one reminder per due date, remembered in institutions.update_reminded_for.
func (s *Service) RemindUpdatesDue(ctx context.Context) error {
	now := s.Clock.Now()
	today := calendar.DateOf(now)
	rows, err := s.DB.Query(ctx, `SELECT DISTINCT substr(region_code, 1, 2) FROM institutions WHERE approved_version > 0 AND update_due_on IS NOT NULL`)
	if err != nil {
		return fmt.Errorf("review: update reminders: %w", err)
	}
	var provinces []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return err
		}
		provinces = append(provinces, p+"0000")
	}
	rows.Close()
	for _, p := range provinces {
		days, err := policy.Int(ctx, s.DB, p, "filing.update_reminder_days", today)
		if err != nil {
			return err
		}
		if err := s.remindProvince(ctx, p, today.AddDays(days), now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) remindProvince(ctx context.Context, province string, horizon calendar.Date, now time.Time) error {
	type due struct {
		id   int64
		name string
		on   calendar.Date
	}
	cond, args := region.Scope{Code: province}.SQL("region_code")
	rows, err := s.DB.Query(ctx, `SELECT id, name, update_due_on FROM institutions WHERE approved_version > 0 AND update_due_on <= ?
		AND (update_reminded_for IS NULL OR update_reminded_for <> update_due_on) AND `+cond+` ORDER BY id`, append([]any{horizon}, args...)...)
	if err != nil {
		return fmt.Errorf("review: update reminders: %w", err)
	}
	var ds []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.name, &d.on); err != nil {
			rows.Close()
			return err
		}
		ds = append(ds, d)
	}
	rows.Close()
	for _, d := range ds {
		err := s.DB.Tx(ctx, func(tx *db.Tx) error {
			res, err := tx.Exec(ctx, `UPDATE institutions SET update_reminded_for = update_due_on WHERE id = ? AND update_due_on = ?
				AND (update_reminded_for IS NULL OR update_reminded_for <> update_due_on)`, d.id, d.on)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 || s.Notify == nil {
				return nil
			}
			return s.Notify.ToInstitution(ctx, tx, now, d.id, "notice.filing_update_due", "/filing", d.name, d.on.String())
		})
		if err != nil {
			return fmt.Errorf("review: update reminder %d: %w", d.id, err)
		}
	}
	return nil
}
