package review

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/jobs"
	"evalcred/internal/policy"
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

// RemindOverdue reminds, for every open task past its due time, the
// reviewers who must decide it and those of the region above; at most once
// per task per China day, however often it runs.
func (s *Service) RemindOverdue(ctx context.Context) error {
	now := s.Clock.Now()
	today := calendar.DateOf(now)
	ts, err := reminderStore{s.DB}.overdue(ctx, now, today)
	if err != nil {
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
		claimed, err := reminderStore{tx}.claimOverdue(ctx, t.id, today)
		if err != nil || !claimed {
			return err
		}
		users, err := reviewersOf(ctx, tx, t.region, t.level, true)
		if err != nil {
			return err
		}
		deciders, err := reviewersOf(ctx, tx, t.region, t.level, false)
		if err != nil {
			return err
		}
		// Those who must decide open the task; those above them, who may
		// not open a task of another level or role, open the institution.
		decides := map[int64]bool{}
		for _, u := range deciders {
			decides[u.ID] = true
		}
		var above []*auth.User
		for _, u := range users {
			if !decides[u.ID] {
				above = append(above, u)
			}
		}
		if s.Notify != nil {
			args := []string{t.name, fmt.Sprint(t.version), calendar.DateOf(t.due).String()}
			if err := s.Notify.ToUsers(ctx, tx, now, deciders, "notice.review_overdue", fmt.Sprintf("/reviews/%d", t.id), args...); err != nil {
				return err
			}
			if err := s.Notify.ToUsers(ctx, tx, now, above, "notice.review_overdue", fmt.Sprintf("/institutions/%d", t.instID), args...); err != nil {
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
	provinces, err := reminderStore{s.DB}.provincesWithUpdates(ctx)
	if err != nil {
		return err
	}
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
	ds, err := reminderStore{s.DB}.updatesDue(ctx, province, horizon)
	if err != nil {
		return err
	}
	for _, d := range ds {
		err := s.DB.Tx(ctx, func(tx *db.Tx) error {
			claimed, err := reminderStore{tx}.claimUpdateDue(ctx, d.id, d.on)
			if err != nil || !claimed || s.Notify == nil {
				return err
			}
			return s.Notify.ToInstitution(ctx, tx, now, d.id, "notice.filing_update_due", "/filing", d.name, d.on.String())
		})
		if err != nil {
			return fmt.Errorf("review: update reminder %d: %w", d.id, err)
		}
	}
	return nil
}
