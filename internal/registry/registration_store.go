package registry

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// registrationStore holds every query of registrations, run on q: the
// database, or the transaction for writes.
type registrationStore struct{ q db.Queryer }

const regCols = `r.id, r.institution_id, i.uscc, i.name, i.type, i.region_code, i.contact_name, i.contact_phone, i.contact_email,
	r.username, r.state, r.reason, r.decided_at, r.created_at, r.lock_version`

func scanRegistration(s db.Scanner) (*Registration, error) {
	var r Registration
	var decided *time.Time
	if err := s.Scan(&r.ID, &r.InstitutionID, &r.USCC, &r.Name, &r.Type, &r.RegionCode, &r.ContactName, &r.ContactPhone, &r.ContactEmail,
		&r.Username, &r.State, &r.Reason, &decided, &r.CreatedAt, &r.LockVersion); err != nil {
		return nil, err
	}
	if decided != nil {
		t := decided.UTC()
		r.DecidedAt = &t
	}
	r.RegionName = region.Default().FullName(r.RegionCode)
	return &r, nil
}

// get returns registration id if its institution lies in scope, NotFound
// otherwise.
func (s registrationStore) get(ctx context.Context, id int64, scope region.Scope) (*Registration, error) {
	cond, args := scope.SQL("i.region_code")
	r, err := scanRegistration(s.q.QueryRow(ctx, "SELECT "+regCols+" FROM registrations r JOIN institutions i ON i.id = r.institution_id WHERE r.id = ? AND "+cond,
		append([]any{id}, args...)...))
	return db.Found(r, err, "registration", "registry: get registration")
}

// list returns a page of the registrations in scope, oldest first; state ""
// is every state.
func (s registrationStore) list(ctx context.Context, scope region.Scope, state string, page Page) ([]*Registration, error) {
	cond, args := scope.SQL("i.region_code")
	q := "SELECT " + regCols + " FROM registrations r JOIN institutions i ON i.id = r.institution_id WHERE " + cond
	if state != "" {
		q += " AND r.state = ?"
		args = append(args, state)
	}
	q += " ORDER BY " + RegistrationSorts.OrderBy(page.Sort, "r.id") + " LIMIT ? OFFSET ?"
	return db.List(ctx, s.q, "registry: list registrations", scanRegistration, q, append(args, page.Limit, page.Offset)...)
}

// insert records a pending application with the hash of the password its
// applicant chose.
func (s registrationStore) insert(ctx context.Context, institutionID int64, username, hash string, now time.Time) (int64, error) {
	id, err := s.q.Insert(ctx, `INSERT INTO registrations (institution_id, username, password_hash, state, created_at) VALUES (?, ?, ?, ?, ?)`,
		institutionID, username, hash, RegPending, now)
	if apperr.Is(err, apperr.Conflict) {
		return 0, usernameTaken(err)
	}
	if err != nil {
		return 0, fmt.Errorf("registry: insert registration: %w", err)
	}
	return id, nil
}

// pendingWithUsername reports whether a pending application has claimed
// username for its account.
func (s registrationStore) pendingWithUsername(ctx context.Context, username string) (bool, error) {
	var n int
	if err := s.q.QueryRow(ctx, "SELECT COUNT(*) FROM registrations WHERE username = ? AND state = ?", username, RegPending).Scan(&n); err != nil {
		return false, fmt.Errorf("registry: username: %w", err)
	}
	return n > 0, nil
}

// pendingHash returns the password hash of the pending application that
// claimed username, if there is one.
func (s registrationStore) pendingHash(ctx context.Context, username string) (string, bool, error) {
	var hash string
	err := s.q.QueryRow(ctx, "SELECT password_hash FROM registrations WHERE username = ? AND state = ? ORDER BY id DESC LIMIT 1", username, RegPending).Scan(&hash)
	if db.IsNoRows(err) || (err == nil && hash == "") {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("registry: pending login: %w", err)
	}
	return hash, true, nil
}

// decide moves r from the state it was read in to to: ErrStale when someone
// changed it since, so that of two reviewers deciding at once exactly one
// wins.
func (s registrationStore) decide(ctx context.Context, r *Registration, to, reason string, by int64, now time.Time) error {
	return s.q.Update(ctx, `UPDATE registrations SET state = ?, reason = ?, decided_by = ?, decided_at = ?, lock_version = lock_version + 1
			WHERE id = ? AND state = ? AND lock_version = ?`, to, reason, by, now, r.ID, r.State, r.LockVersion)
}

// passwordHash returns the hash of the password the applicant chose.
func (s registrationStore) passwordHash(ctx context.Context, id int64) (string, error) {
	var hash string
	if err := s.q.QueryRow(ctx, "SELECT password_hash FROM registrations WHERE id = ?", id).Scan(&hash); err != nil {
		return "", fmt.Errorf("registry: approve: %w", err)
	}
	return hash, nil
}

// accountCreated links the account made on approval and drops the password
// hash: the account now holds it.
func (s registrationStore) accountCreated(ctx context.Context, id, userID int64) error {
	if _, err := s.q.Exec(ctx, "UPDATE registrations SET user_id = ?, password_hash = '' WHERE id = ?", userID, id); err != nil {
		return fmt.Errorf("registry: approve: %w", err)
	}
	return nil
}

// forgetPassword drops the password hash of a rejected application.
func (s registrationStore) forgetPassword(ctx context.Context, id int64) error {
	if _, err := s.q.Exec(ctx, "UPDATE registrations SET password_hash = '' WHERE id = ?", id); err != nil {
		return fmt.Errorf("registry: reject: %w", err)
	}
	return nil
}
