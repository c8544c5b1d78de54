package registry

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/region"
)

// Registration is an application as reviewers see it.
type Registration struct {
	ID            int64      `json:"id"`
	InstitutionID int64      `json:"institution_id"`
	USCC          string     `json:"uscc"`
	Name          string     `json:"name"`
	Type          string     `json:"type"`
	RegionCode    string     `json:"region_code"`
	RegionName    string     `json:"region_name"`
	ContactName   string     `json:"contact_name"`
	ContactPhone  string     `json:"contact_phone"`
	ContactEmail  string     `json:"contact_email"`
	Username      string     `json:"username"`
	State         string     `json:"state"`
	Reason        string     `json:"reason,omitempty"`
	DecidedAt     *time.Time `json:"decided_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	LockVersion   int        `json:"-"`
}

// Page selects a slice of a list; Limit 0 means the default of 100, and no
// page holds more than 1000 rows.
type Page struct {
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// Norm returns p with its limits applied.
func (p Page) Norm() Page {
	if p.Limit <= 0 {
		p.Limit = 100
	}
	p.Limit = min(p.Limit, 1000)
	p.Offset = max(p.Offset, 0)
	return p
}

const regCols = `r.id, r.institution_id, i.uscc, i.name, i.type, i.region_code, i.contact_name, i.contact_phone, i.contact_email,
	r.username, r.state, r.reason, r.decided_at, r.created_at, r.lock_version`

func scanRegistration(s interface{ Scan(...any) error }) (*Registration, error) {
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

// ListRegistrations returns the registrations in a's region, oldest first;
// state "" means every state. Permission registration.review.
func (s *Service) ListRegistrations(ctx context.Context, a *auth.Actor, state string, page Page) ([]*Registration, error) {
	if err := a.Require("registration.review"); err != nil {
		return nil, err
	}
	page = page.Norm()
	cond, args := a.Scope().SQL("i.region_code")
	q := "SELECT " + regCols + " FROM registrations r JOIN institutions i ON i.id = r.institution_id WHERE " + cond
	if state != "" {
		q += " AND r.state = ?"
		args = append(args, state)
	}
	q += " ORDER BY r.created_at, r.id LIMIT ? OFFSET ?"
	rows, err := s.DB.Query(ctx, q, append(args, page.Limit, page.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("registry: list registrations: %w", err)
	}
	defer rows.Close()
	out := []*Registration{}
	for rows.Next() {
		r, err := scanRegistration(rows)
		if err != nil {
			return nil, fmt.Errorf("registry: list registrations: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// GetRegistration returns one registration in a's region (NotFound outside).
// Permission registration.review.
func (s *Service) GetRegistration(ctx context.Context, a *auth.Actor, id int64) (*Registration, error) {
	if err := a.Require("registration.review"); err != nil {
		return nil, err
	}
	return getRegistration(ctx, s.DB, a, id)
}

func getRegistration(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*Registration, error) {
	cond, args := a.Scope().SQL("i.region_code")
	r, err := scanRegistration(q.QueryRow(ctx, "SELECT "+regCols+" FROM registrations r JOIN institutions i ON i.id = r.institution_id WHERE r.id = ? AND "+cond,
		append([]any{id}, args...)...))
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("registration")
	}
	if err != nil {
		return nil, fmt.Errorf("registry: get registration: %w", err)
	}
	return r, nil
}

// ApproveRegistration approves a pending registration in a's region: the
// institution becomes active and the applicant's account is created.
// Permission registration.review. Errors: NotFound (missing or outside the
// region), Conflict (already decided, possibly by someone a moment ago; or
// the username was taken meanwhile).
func (s *Service) ApproveRegistration(ctx context.Context, a *auth.Actor, id int64) (*Registration, error) {
	return s.decide(ctx, a, id, RegApproved, "")
}

// RejectRegistration rejects a pending registration with a reason, which is
// e-mailed to the contact address. Permission registration.review. Errors as
// ApproveRegistration, and Invalid when the reason is empty.
func (s *Service) RejectRegistration(ctx context.Context, a *auth.Actor, id int64, reason string) (*Registration, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, apperr.InvalidField("reason", "field.required")
	}
	if TooLong(reason, 2000) {
		return nil, apperr.InvalidField("reason", "field.too_long")
	}
	return s.decide(ctx, a, id, RegRejected, reason)
}

func (s *Service) decide(ctx context.Context, a *auth.Actor, id int64, to, reason string) (*Registration, error) {
	if err := a.Require("registration.review"); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	var out *Registration
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		r, err := getRegistration(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !slices.Contains(regTransitions[r.State], to) {
			return apperr.ErrStale
		}
		// The guard: of two reviewers deciding at once, exactly one matches.
		if err := tx.Update(ctx, `UPDATE registrations SET state = ?, reason = ?, decided_by = ?, decided_at = ?, lock_version = lock_version + 1
			WHERE id = ? AND state = ? AND lock_version = ?`, to, reason, a.UserID, now, id, r.State, r.LockVersion); err != nil {
			return err
		}
		if to == RegApproved {
			err = s.approve(ctx, tx, a, r, now)
		} else {
			err = s.reject(ctx, tx, r, reason, now)
		}
		if err != nil {
			return err
		}
		action := "registration." + to
		if err := audit.Record(ctx, tx, a.Who(), now, action, "registration", id, r.RegionCode,
			map[string]any{"state": r.State}, map[string]any{"state": to, "reason": reason}); err != nil {
			return err
		}
		out, err = getRegistration(ctx, tx, a, id)
		return err
	})
	return out, err
}

func (s *Service) approve(ctx context.Context, tx *db.Tx, a *auth.Actor, r *Registration, now time.Time) error {
	var hash string
	if err := tx.QueryRow(ctx, "SELECT password_hash FROM registrations WHERE id = ?", r.ID).Scan(&hash); err != nil {
		return fmt.Errorf("registry: approve: %w", err)
	}
	uid, err := auth.CreateUser(ctx, tx, auth.NewUser{Username: r.Username, PasswordHash: hash, Name: r.ContactName, Role: auth.RoleInstitution,
		RegionCode: r.RegionCode, InstitutionID: r.InstitutionID, Email: r.ContactEmail, Phone: r.ContactPhone}, now)
	if err != nil {
		return err
	}
	// The hash has done its job; an account now holds it.
	if _, err := tx.Exec(ctx, "UPDATE registrations SET user_id = ?, password_hash = '' WHERE id = ?", uid, r.ID); err != nil {
		return fmt.Errorf("registry: approve: %w", err)
	}
	if err := tx.Update(ctx, "UPDATE institutions SET status = ?, lock_version = lock_version + 1, updated_at = ? WHERE id = ? AND status = ?",
		StatusActive, now, r.InstitutionID, StatusPending); err != nil {
		return err
	}
	if s.Notify == nil {
		return nil
	}
	return s.Notify.ToInstitution(ctx, tx, now, r.InstitutionID, "notice.registration_approved", "/", r.Name, r.Username)
}

func (s *Service) reject(ctx context.Context, tx *db.Tx, r *Registration, reason string, now time.Time) error {
	if _, err := tx.Exec(ctx, "UPDATE registrations SET password_hash = '' WHERE id = ?", r.ID); err != nil {
		return fmt.Errorf("registry: reject: %w", err)
	}
	if err := tx.Update(ctx, "UPDATE institutions SET status = ?, lock_version = lock_version + 1, updated_at = ? WHERE id = ? AND status = ?",
		StatusRejected, now, r.InstitutionID, StatusPending); err != nil {
		return err
	}
	if s.Notify == nil {
		return nil
	}
	// The institution has no account yet: the contact address is the only way to reach it.
	if err := s.Notify.ToInstitution(ctx, tx, now, r.InstitutionID, "notice.registration_rejected", "", r.Name, reason); err != nil {
		return err
	}
	return MailTo(ctx, tx, s.Notify.T, now, r.ContactEmail, "notice.registration_rejected", "", r.Name, reason)
}

// MailTo queues an e-mail to an address that belongs to no account (an
// applicant's contact address), rendered in Chinese like every other mail.
func MailTo(ctx context.Context, tx *db.Tx, t func(lang, key string, args ...any) string, now time.Time, to, key, link string, args ...string) error {
	if to == "" {
		return nil
	}
	anyArgs := make([]any, len(args))
	for i, a := range args {
		anyArgs[i] = a
	}
	subject, body := key, key
	if t != nil {
		subject = t("zh", "mail.subject") + t("zh", key, anyArgs...)
		body = t("zh", key, anyArgs...) + "\n\n" + link
	}
	if _, err := tx.Exec(ctx, `INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)`,
		to, subject, body, now, now); err != nil {
		return fmt.Errorf("registry: queue mail: %w", err)
	}
	return nil
}
