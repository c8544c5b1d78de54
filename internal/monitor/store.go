package monitor

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/db"
)

// store holds the monitor's queries; each reads one index.
type store struct{ q db.Queryer }

// reviewsByLevel counts open review tasks and the overdue among them by
// level (index review_tasks_queue: state, level, region_code, due_at).
func (s store) reviewsByLevel(ctx context.Context, now time.Time) ([]levelCount, error) {
	return db.List(ctx, s.q, "monitor: reviews", func(sc db.Scanner) (levelCount, error) {
		var l levelCount
		err := sc.Scan(&l.level, &l.open, &l.overdue)
		return l, err
	}, `SELECT level, COUNT(*), COALESCE(SUM(CASE WHEN due_at < ? THEN 1 ELSE 0 END), 0)
		FROM review_tasks WHERE state = 'open' GROUP BY level`, now)
}

// questions counts open questions and the overdue among them (index
// questions_holder: state, holder_region, due_at).
func (s store) questions(ctx context.Context, now time.Time) (waiting, overdue int, err error) {
	err = s.q.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_at < ? THEN 1 ELSE 0 END), 0)
		FROM questions WHERE state = 'open'`, now).Scan(&waiting, &overdue)
	if err != nil {
		err = fmt.Errorf("monitor: questions: %w", err)
	}
	return waiting, overdue, err
}

// outbox counts the unsent messages (index outbox_due: sent_at, ...).
func (s store) outbox(ctx context.Context, maxAttempts int) (Outbox, error) {
	var o Outbox
	err := s.q.QueryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN attempts < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN attempts > 0 AND attempts < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN attempts >= ? THEN 1 ELSE 0 END), 0)
		FROM outbox WHERE sent_at IS NULL`, maxAttempts, maxAttempts, maxAttempts).Scan(&o.Pending, &o.Retrying, &o.Failed)
	if err != nil {
		return o, fmt.Errorf("monitor: outbox: %w", err)
	}
	return o, nil
}
