package credit

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
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
	today := calendar.Current(s.Clock)
	lapsed, err := recordStore{s.DB}.lapsedIDs(ctx, today)
	if err != nil {
		return 0, err
	}
	expired, err := recordStore{s.DB}.expiredIDs(ctx, today)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	// One transaction per record: a record somebody else is acting on just
	// now (409) is left to the next run instead of failing the rest.
	for _, id := range lapsed {
		err := s.DB.Tx(ctx, func(tx *db.Tx) error {
			r, err := recordStore{tx}.get(ctx, id)
			if err != nil {
				return err
			}
			after, err := s.settle(ctx, tx, r)
			if err != nil || after == r {
				return err
			}
			n++
			return audit.Record(ctx, tx, audit.Who{}, clock.Stamp(s.Clock), "credit.lapsed", "credit_record", id, "", r, after)
		})
		errs = append(errs, skipStale(err))
	}
	for _, id := range expired {
		err := s.DB.Tx(ctx, func(tx *db.Tx) error {
			if err := (recordStore{tx}).expire(ctx, id, clock.Stamp(s.Clock)); err != nil {
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
