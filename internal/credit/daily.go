package credit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/db"
	"evalcred/internal/jobs"
)

// Jobs returns the credit part's periodic work, for the application's job
// runner: once a day (China date) it writes down what the dates already say.
func (s *Service) Jobs() []jobs.Job {
	return []jobs.Job{{Name: "credit-daily", Every: time.Hour, Slot: jobs.Daily, Run: func(ctx context.Context) error {
		_, err := s.RunDaily(ctx)
		return err
	}}}
}

// RunDaily marks proposed records whose objection window has passed as
// effective (ledger "effective"/"published", notice to the institution), and
// logs "expired" for records whose publication window has ended. Reads do not
// wait for it: they derive the same answers from the dates. It returns how
// many records it changed; running it twice changes nothing the second time.
func (s *Service) RunDaily(ctx context.Context) (int, error) {
	today := s.today()
	lapsed, err := ids(ctx, s.DB, "SELECT id FROM credit_records WHERE state = ? AND effective_on <= ? ORDER BY id", StateProposed, today)
	if err != nil {
		return 0, err
	}
	expired, err := ids(ctx, s.DB, `SELECT id FROM credit_records WHERE state = ? AND publish_until < ? AND expired_at IS NULL ORDER BY id`, StateEffective, today)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	// One transaction per record: a record somebody else is acting on just
	// now (409) is left to the next run instead of failing the rest.
	for _, id := range lapsed {
		err := s.DB.Tx(ctx, func(tx *db.Tx) error {
			r, err := loadRecord(ctx, tx, id)
			if err != nil {
				return err
			}
			after, err := s.settle(ctx, tx, r)
			if err != nil || after == r {
				return err
			}
			n++
			return audit.Record(ctx, tx, audit.Who{}, s.now(), "credit.lapsed", "credit_record", id, "", r, after)
		})
		errs = append(errs, skipStale(err))
	}
	for _, id := range expired {
		err := s.DB.Tx(ctx, func(tx *db.Tx) error {
			if err := tx.Update(ctx, "UPDATE credit_records SET expired_at = ?, lock_version = lock_version + 1 WHERE id = ? AND expired_at IS NULL AND state = ?",
				s.now(), id, StateEffective); err != nil {
				return err
			}
			n++
			_, err := s.logRecord(ctx, tx, "expired", id)
			return err
		})
		errs = append(errs, skipStale(err))
	}
	return n, errors.Join(errs...)
}

func skipStale(err error) error {
	if err != nil && apperr.Is(err, apperr.Conflict) {
		slog.Info("credit daily: record changed meanwhile, left for the next run", "err", err)
		return nil
	}
	return err
}

func ids(ctx context.Context, q db.Queryer, sql string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("credit: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
