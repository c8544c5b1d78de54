package credit

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// recordFor loads a record the actor may act on: an institution user only its
// own institution's records, an official only records of institutions inside
// its scope. Anything else is NotFound, like a missing record.
func recordFor(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*recordRow, string, error) {
	r, err := loadRecord(ctx, q, id)
	if err != nil {
		return nil, "", err
	}
	var regionCode string
	if err := q.QueryRow(ctx, "SELECT region_code FROM institutions WHERE id = ?", r.InstitutionID).Scan(&regionCode); err != nil {
		return nil, "", fmt.Errorf("credit: institution of record %d: %w", id, err)
	}
	switch {
	case a == nil:
		return nil, "", apperr.New(apperr.Unauthorized, "error.unauthorized")
	case a.Role == auth.RoleInstitution:
		if a.InstitutionID == 0 || a.InstitutionID != r.InstitutionID {
			return nil, "", apperr.NotFoundf("credit record")
		}
	case !a.Scope().Contains(regionCode):
		return nil, "", apperr.NotFoundf("credit record")
	}
	return r, regionCode, nil
}

// settle writes down a lapse the dates already imply: a proposed record whose
// objection window has passed becomes effective (state, ledger, notice).
// Every write path calls it first, so that it acts on the record as everyone
// else already sees it; the daily job calls it for all such records.
func (s *Service) settle(ctx context.Context, tx *db.Tx, r *recordRow) (*recordRow, error) {
	if !r.lapsed(s.today()) {
		return r, nil
	}
	if err := tx.Update(ctx, `UPDATE credit_records SET state = ?, lock_version = lock_version + 1, updated_at = ?
		WHERE id = ? AND state = ? AND lock_version = ?`, StateEffective, s.now(), r.ID, StateProposed, r.LockVersion); err != nil {
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
// today, recomputing its publication window from today.
func (s *Service) makeEffectiveToday(ctx context.Context, tx *db.Tx, r *recordRow, regionCode string, extra string, extraArgs ...any) error {
	today := s.today()
	until, earliest, err := window(ctx, tx, regionCode, r.Kind, r.Severity, today)
	if err != nil {
		return err
	}
	args := []any{StateEffective, today, until, earliest, s.now()}
	args = append(args, extraArgs...)
	args = append(args, r.ID, r.State, r.LockVersion)
	return tx.Update(ctx, `UPDATE credit_records SET state = ?, effective_on = ?, publish_until = ?, repair_earliest = ?, updated_at = ?,
		lock_version = lock_version + 1`+extra+` WHERE id = ? AND state = ? AND lock_version = ?`, args...)
}

// provinceOfficials returns the officials of the record's province with roles.
func provinceOfficials(ctx context.Context, q db.Queryer, regionCode string, roles ...auth.Role) ([]*auth.User, error) {
	return auth.OfficialsOf(ctx, q, policy.ProvinceOf(regionCode), roles...)
}
