package registry

import (
	"context"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/workflow"
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
	// Actions are what the caller may do with it now (approve, reject).
	Actions workflow.Actions `json:"actions"`
}

// Page selects a slice of a list; Limit 0 means the default of 100, and no
// page holds more than 1000 rows.
type Page struct {
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
	// Sort is the order of a registration list among RegistrationSorts (the
	// default when zero).
	Sort db.Sort `json:"sort"`
}

// RegistrationSorts are the orders of the registration list: by default the
// oldest application first, as they are worked through.
var RegistrationSorts = db.Sorts{Cols: map[string]string{
	"created": "r.created_at",
	"name":    "i.name_norm",
	"uscc":    "i.uscc",
	"type":    "i.type, i.name_norm",
	"region":  "i.region_code, i.name_norm",
	"state":   "r.state, r.created_at",
}, Default: db.Sort{Key: "created"}}

// Norm returns p with its limits applied.
func (p Page) Norm() Page {
	if p.Limit <= 0 {
		p.Limit = 100
	}
	p.Limit = min(p.Limit, 1000)
	p.Offset = max(p.Offset, 0)
	return p
}

// ListRegistrations returns the registrations in a's region in the page's
// order (oldest first by default); state "" means every state. Permission registration.review.
func (s *Service) ListRegistrations(ctx context.Context, a *auth.Actor, state string, page Page) ([]*Registration, error) {
	if err := a.Require("registration.review"); err != nil {
		return nil, err
	}
	list, err := registrationStore{s.DB}.list(ctx, a.Scope(), state, page.Norm())
	if err != nil {
		return nil, err
	}
	for _, r := range list {
		r.Actions = registrationActions(a, r)
	}
	return list, nil
}

// GetRegistration returns one registration in a's region (NotFound outside).
// Permission registration.review.
func (s *Service) GetRegistration(ctx context.Context, a *auth.Actor, id int64) (*Registration, error) {
	if err := a.Require("registration.review"); err != nil {
		return nil, err
	}
	return s.registration(ctx, s.DB, a, id)
}

// registration reads registration id for a, with what a may do with it.
func (s *Service) registration(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) (*Registration, error) {
	r, err := registrationStore{q}.get(ctx, id, a.Scope())
	if err != nil {
		return nil, err
	}
	r.Actions = registrationActions(a, r)
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
		regs := registrationStore{tx}
		r, err := regs.get(ctx, id, a.Scope())
		if err != nil {
			return err
		}
		if !registrationFlow.Can(r.State, to) {
			return apperr.ErrStale
		}
		if err := regs.decide(ctx, r, to, reason, a.UserID, now); err != nil {
			return err
		}
		if to == RegApproved {
			err = s.approve(ctx, tx, r, now)
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
		out, err = s.registration(ctx, tx, a, id)
		return err
	})
	return out, err
}

func (s *Service) approve(ctx context.Context, tx *db.Tx, r *Registration, now time.Time) error {
	regs := registrationStore{tx}
	hash, err := regs.passwordHash(ctx, r.ID)
	if err != nil {
		return err
	}
	uid, err := auth.CreateUser(ctx, tx, auth.NewUser{Username: r.Username, PasswordHash: hash, Name: r.ContactName, Role: auth.RoleInstitution,
		RegionCode: r.RegionCode, InstitutionID: r.InstitutionID, Email: r.ContactEmail, Phone: r.ContactPhone}, now)
	if err != nil {
		return err
	}
	if err := regs.accountCreated(ctx, r.ID, uid); err != nil {
		return err
	}
	if err := (institutionStore{tx}).setStatus(ctx, r.InstitutionID, StatusPending, StatusActive, now); err != nil {
		return err
	}
	if s.Notify == nil {
		return nil
	}
	return s.Notify.ToInstitution(ctx, tx, now, r.InstitutionID, "notice.registration_approved", "/", r.Name, r.Username)
}

func (s *Service) reject(ctx context.Context, tx *db.Tx, r *Registration, reason string, now time.Time) error {
	if err := (registrationStore{tx}).forgetPassword(ctx, r.ID); err != nil {
		return err
	}
	if err := (institutionStore{tx}).setStatus(ctx, r.InstitutionID, StatusPending, StatusRejected, now); err != nil {
		return err
	}
	if s.Notify == nil {
		return nil
	}
	if err := s.Notify.ToInstitution(ctx, tx, now, r.InstitutionID, "notice.registration_rejected", "", r.Name, reason); err != nil {
		return err
	}
	// The institution has no account yet: the contact address is the only way to reach it.
	return s.Notify.ToAddress(ctx, tx, now, r.ContactEmail, "notice.registration_rejected", "", r.Name, reason)
}

// registrationActions lists what a may do now with a registration: approve
// and reject while it waits, for a reviewer of registrations.
func registrationActions(a *auth.Actor, r *Registration) workflow.Actions {
	out := workflow.Actions{}
	if !a.Can("registration.review") {
		return out
	}
	if registrationFlow.Can(r.State, RegApproved) {
		out = append(out, "approve")
	}
	if registrationFlow.Can(r.State, RegRejected) {
		out = append(out, "reject")
	}
	return out
}
