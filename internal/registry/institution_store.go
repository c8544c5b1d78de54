package registry

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/region"
	"evalcred/internal/textnorm"
)

// institutionStore holds every query of institutions' registered details
// and status, run on q: the database, or the transaction for writes. What
// the filing changes in an institution is filing's.
type institutionStore struct{ q db.Queryer }

// instCols are the columns scanInstitution reads, from institutions aliased i.
const instCols = `i.id, i.uscc, i.name, i.type, i.region_code, i.established_on, i.address, i.legal_rep_name,
	i.contact_name, i.contact_phone, i.contact_email, i.status, i.filing_state, i.filing_version, i.approved_version,
	i.approved_at, i.update_due_on, i.lock_version, i.created_at, i.updated_at`

// scanInstitution returns a scan of instCols; today decides whether an
// update is overdue.
func scanInstitution(today calendar.Date) func(db.Scanner) (*Institution, error) {
	return func(s db.Scanner) (*Institution, error) {
		var in Institution
		var approvedAt *time.Time
		err := s.Scan(&in.ID, &in.USCC, &in.Name, &in.Type, &in.RegionCode, &in.EstablishedOn, &in.Address, &in.LegalRepName,
			&in.ContactName, &in.ContactPhone, &in.ContactEmail, &in.Status, &in.FilingState, &in.FilingVersion, &in.ApprovedVersion,
			&approvedAt, &in.UpdateDueOn, &in.LockVersion, &in.CreatedAt, &in.UpdatedAt)
		if err != nil {
			return nil, err
		}
		if approvedAt != nil {
			t := approvedAt.UTC()
			in.ApprovedAt = &t
		}
		in.RegionName = region.Default().FullName(in.RegionCode)
		in.UpdateOverdue = in.ApprovedVersion > 0 && !in.UpdateDueOn.IsZero() && in.UpdateDueOn.Before(today)
		return &in, nil
	}
}

// get returns institution id; a missing one is NotFound.
func (s institutionStore) get(ctx context.Context, id int64, today calendar.Date) (*Institution, error) {
	in, err := scanInstitution(today)(s.q.QueryRow(ctx, "SELECT "+instCols+" FROM institutions i WHERE i.id = ?", id))
	return db.Found(in, err, "institution", "registry: load institution %d", id)
}

// lockRow takes the institution's row lock for the rest of the transaction
// (a no-op update); a missing institution is NotFound.
func (s institutionStore) lockRow(ctx context.Context, id int64) error {
	res, err := s.q.Exec(ctx, "UPDATE institutions SET lock_version = lock_version WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("registry: lock institution: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFoundf("institution")
	}
	return nil
}

// list returns a page of the institutions in scope matching f, in the
// order f chose, with the number matching.
func (s institutionStore) list(ctx context.Context, scope region.Scope, f Filter, page Page, today calendar.Date) (*InstitutionList, error) {
	cond, args := scope.SQL("i.region_code")
	where := " WHERE " + cond
	add := func(c string, v ...any) { where += " AND " + c; args = append(args, v...) }
	if f.RegionCode != "" {
		c, a2 := scopeOf(f.RegionCode).SQL("i.region_code")
		add(c, a2...)
	}
	if f.Q != "" {
		add(`(i.name_norm LIKE ? ESCAPE '\' OR i.uscc = ?)`, db.Like(textnorm.Name(f.Q)), f.Q)
	}
	if f.Status != "" {
		add("i.status = ?", f.Status)
	}
	if f.FilingState != "" {
		add("i.filing_state = ?", f.FilingState)
	}
	if f.Type != "" {
		add("i.type = ?", f.Type)
	}
	if f.UpdateOverdue {
		add("i.approved_version > 0 AND i.update_due_on < ?", today)
	}
	out := &InstitutionList{}
	if err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM institutions i"+where, args...).Scan(&out.Total); err != nil {
		return nil, fmt.Errorf("registry: count institutions: %w", err)
	}
	var err error
	out.Items, err = db.List(ctx, s.q, "registry: list institutions", scanInstitution(today),
		"SELECT "+instCols+" FROM institutions i"+where+" ORDER BY "+InstitutionSorts.OrderBy(f.Sort, "i.id")+" LIMIT ? OFFSET ?", append(args, page.Limit, page.Offset)...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// statusOfUSCC returns the institution registered with uscc and its status;
// found is false when there is none.
func (s institutionStore) statusOfUSCC(ctx context.Context, uscc string) (id int64, status string, found bool, err error) {
	err = s.q.QueryRow(ctx, "SELECT id, status FROM institutions WHERE uscc = ?", uscc).Scan(&id, &status)
	if db.IsNoRows(err) {
		return 0, "", false, nil
	}
	if err != nil {
		return 0, "", false, fmt.Errorf("registry: find uscc: %w", err)
	}
	return id, status, true, nil
}

// insertApplicant adds an applying institution, pending; a USCC registered
// meanwhile is a Conflict naming uscc.
func (s institutionStore) insertApplicant(ctx context.Context, in RegistrationInput, now time.Time) (int64, error) {
	id, err := s.q.Insert(ctx, `INSERT INTO institutions (uscc, name, name_norm, type, region_code, contact_name, contact_phone, contact_email, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.USCC, in.Name, textnorm.Name(in.Name), in.Type, in.RegionCode, in.ContactName, in.ContactPhone, in.ContactEmail, StatusPending, now, now)
	if apperr.Is(err, apperr.Conflict) {
		return 0, usccTaken(err)
	}
	return id, err
}

// reviveApplicant puts a rejected institution's new application details
// in place and makes it pending again; ErrStale unless it was rejected.
func (s institutionStore) reviveApplicant(ctx context.Context, id int64, in RegistrationInput, now time.Time) error {
	return s.q.Update(ctx, `UPDATE institutions SET name = ?, name_norm = ?, type = ?, region_code = ?, contact_name = ?, contact_phone = ?,
		contact_email = ?, status = ?, lock_version = lock_version + 1, updated_at = ? WHERE id = ? AND status = ?`,
		in.Name, textnorm.Name(in.Name), in.Type, in.RegionCode, in.ContactName, in.ContactPhone, in.ContactEmail, StatusPending, now, id, StatusRejected)
}

// setStatus moves the institution's registration status from → to;
// ErrStale when it is no longer from.
func (s institutionStore) setStatus(ctx context.Context, id int64, from, to string, now time.Time) error {
	return s.q.Update(ctx, "UPDATE institutions SET status = ?, lock_version = lock_version + 1, updated_at = ? WHERE id = ? AND status = ?",
		to, now, id, from)
}
