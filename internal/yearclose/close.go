// Package yearclose runs the annual close of a province's year
// (POST /api/v1/years/{year}/close): every institution's grade from its final
// project assessments, every consequence the grades carry (through the credit
// part, with the consequence row as the recorded source) and every fee, in
// one job with progress, and a report of what each run changed. It also
// answers what a draft policy would change (what-if), the grades with how
// they were reached, the grade distribution, the fee sheet, and the latest
// scores that merit selection ranks by.
//
// Idempotence: grades, consequences and fees have unique keys and are
// inserted with ON CONFLICT DO NOTHING; sanctions go through ImposeSanction,
// idempotent by source; a bad record is proposed through ProposeTx, with the
// consequence row as its source, in the same transaction that writes its id
// on the consequence, and only for a consequence that has none (ProposeTx is
// idempotent by source as well). A second run therefore adds nothing and
// reports zero.
// Two servers cannot run one close at once: a run first claims the
// province's year with a row in year_close_claims (a stale claim, whose
// heartbeat stopped, may be taken over).
package yearclose

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/assessment"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// Credit is what the close needs of the credit part (*credit.Service).
type Credit interface {
	ImposeSanction(ctx context.Context, tx *db.Tx, in credit.SanctionInput) (int64, error)
	ProposeTx(ctx context.Context, tx *db.Tx, in credit.SystemProposal) (credit.ProposeResult, error)
}

// StaleAfter is how long a claim may go without a heartbeat before another
// server may take the close over.
const StaleAfter = 10 * time.Minute

// Run states.
const (
	StateRunning = "running"
	StateDone    = "done"
	StateFailed  = "failed"
)

// Service is the annual close.
type Service struct {
	DB     *db.DB
	Clock  clock.Clock
	Credit Credit
	// ChunkSize is how many institutions one transaction handles (default 500).
	ChunkSize int
}

// Start begins the close of year for the actor's province (year.close) and
// runs it in the background; the answer is the run, to be followed with Run.
func (s *Service) Start(ctx context.Context, a *auth.Actor, year int) (*Run, error) {
	id, err := s.begin(ctx, a, year)
	if err != nil {
		return nil, err
	}
	go s.execute(context.WithoutCancel(ctx), id)
	return runStore{s.DB}.get(ctx, id)
}

// Close runs the close of year to its end before returning (for the command
// line and tests).
func (s *Service) Close(ctx context.Context, a *auth.Actor, year int) (*Run, error) {
	id, err := s.begin(ctx, a, year)
	if err != nil {
		return nil, err
	}
	s.execute(ctx, id)
	return runStore{s.DB}.get(ctx, id)
}

// begin checks the request, then creates the run and claims the year in one
// transaction: of two servers starting at once, one gets 409.
func (s *Service) begin(ctx context.Context, a *auth.Actor, year int) (int64, error) {
	if err := a.Require("year.close"); err != nil {
		return 0, err
	}
	today := calendar.Current(s.Clock)
	if year < 2000 || year > today.Y {
		return 0, apperr.InvalidField("year", "year.field.year")
	}
	province := policy.ProvinceOf(a.RegionCode)
	pending, err := assessment.Pending(ctx, s.DB, province, year, today)
	if err != nil {
		return 0, err
	}
	if pending > 0 {
		return 0, apperr.New(apperr.Conflict, "year.error.assessments_pending", pending)
	}
	var id int64
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		st, now := runStore{tx}, clock.Stamp(s.Clock)
		var err error
		if id, err = st.create(ctx, province, year, a.UserID, now); err != nil {
			return err
		}
		claimed, err := st.claim(ctx, province, year, id, now)
		if err != nil {
			return err
		}
		if !claimed {
			return apperr.New(apperr.Conflict, "year.error.close_running")
		}
		return audit.Record(ctx, tx, a.Who(), now, "year.close_started", "year_close_run", id, province, nil, map[string]any{"year": year})
	})
	return id, err
}

// execute does the work of run id and records how it ended; the claim is
// released either way.
func (s *Service) execute(ctx context.Context, id int64) {
	r, err := runStore{s.DB}.get(ctx, id)
	if err == nil {
		err = s.work(ctx, r)
	}
	state, msg := StateDone, ""
	if err != nil {
		slog.ErrorContext(ctx, "year close failed", "run", id, "err", err)
		state, msg = StateFailed, apperr.As(err).Key
	}
	now := clock.Stamp(s.Clock)
	_ = s.DB.Tx(ctx, func(tx *db.Tx) error { return runStore{tx}.finish(ctx, id, state, msg, now) })
}

func errorf(format string, args ...any) error { return fmt.Errorf("yearclose: "+format, args...) }
