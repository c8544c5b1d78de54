package credit

import (
	"context"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// recordFor loads a record the actor may act on: an official only records of
// institutions inside its scope, anyone else only its own institution's. Anything else is NotFound, like a missing record.
func recordFor(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*recordRow, string, error) {
	r, err := recordStore{q}.get(ctx, id)
	if err != nil {
		return nil, "", err
	}
	regionCode, err := institutionStore{q}.region(ctx, r.InstitutionID)
	if err != nil {
		return nil, "", err
	}
	switch {
	case a == nil:
		return nil, "", apperr.New(apperr.Unauthorized, "error.unauthorized")
	case a.Official():
		if !a.Scope().Contains(regionCode) {
			return nil, "", apperr.NotFoundf("credit record")
		}
	case !a.ActsFor(r.InstitutionID):
		return nil, "", apperr.NotFoundf("credit record")
	}
	return r, regionCode, nil
}

// actOn loads a record a may act on (recordFor) and checks that a may take
// action on it today (may). A repair application acts on the record as
// everyone already sees it, so a lapse the dates imply is written down
// first (settle); the other actions refuse a lapsed proposal.
func (s *Service) actOn(ctx context.Context, tx *db.Tx, a *auth.Actor, id int64, action string) (*recordRow, string, error) {
	r, regionCode, err := recordFor(ctx, tx, a, id)
	if err == nil && action == ActionApplyRepair {
		r, err = s.settle(ctx, tx, r)
	}
	if err != nil {
		return nil, "", err
	}
	return r, regionCode, r.may(a, action, calendar.Current(s.Clock))
}

// settle writes down a lapse the dates already imply: a proposed record whose
// objection window has passed becomes effective (state, ledger, notice).
// A repair application calls it first; the daily job calls it for all such
// records.
func (s *Service) settle(ctx context.Context, tx *db.Tx, r *recordRow) (*recordRow, error) {
	if !r.lapsed(calendar.Current(s.Clock)) {
		return r, nil
	}
	if err := (recordStore{tx}).lapse(ctx, r, clock.Stamp(s.Clock)); err != nil {
		return nil, err
	}
	return s.becameEffective(ctx, tx, r.ID)
}

// becameEffective logs and announces a record that has just become effective.
func (s *Service) becameEffective(ctx context.Context, tx *db.Tx, id int64) (*recordRow, error) {
	r, err := s.logRecord(ctx, tx, "effective", id)
	if err != nil {
		return nil, err
	}
	if !r.PublishUntil.IsZero() {
		if _, err := s.logRecord(ctx, tx, "published", id); err != nil {
			return nil, err
		}
	}
	return r, s.notifyInstitution(ctx, tx, r.InstitutionID, "notice.credit_effective", id, itoa(id), r.EffectiveOn.String())
}

// makeEffectiveToday moves a record (proposed or objected) to effective as of
// today, recomputing its publication window from today; dec is the
// objection decision that does so, if any.
func (s *Service) makeEffectiveToday(ctx context.Context, tx *db.Tx, r *recordRow, regionCode string, dec *objectionDecision) error {
	today := calendar.Current(s.Clock)
	until, earliest, err := window(ctx, tx, regionCode, r.Kind, r.Severity, today)
	if err != nil {
		return err
	}
	return recordStore{tx}.takeEffect(ctx, r, today, until, earliest, clock.Stamp(s.Clock), dec)
}

// provinceOfficials returns the officials of the record's province with roles.
func provinceOfficials(ctx context.Context, q db.Queryer, regionCode string, roles ...auth.Role) ([]*auth.User, error) {
	return auth.OfficialsOf(ctx, q, policy.ProvinceOf(regionCode), roles...)
}
