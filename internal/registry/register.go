package registry

import (
	"context"
	"fmt"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/notify"
	"evalcred/internal/privacy"
	"evalcred/internal/region"
	"evalcred/internal/workflow"
)

// Service registers institutions and decides registrations.
type Service struct {
	DB     *db.DB
	Clock  clock.Clock
	Notify *notify.Notifier
	// OnName keeps the public name search in step, inside the registering
	// transaction, whenever an institution is created or renamed; the app
	// sets it to publicquery.IndexName (registry does not import credit). Nil
	// leaves the index alone (tests of registry by itself).
	OnName func(ctx context.Context, tx *db.Tx, institutionID int64, name string) error
}

// RegistrationInput is the body of POST /api/v1/registrations.
type RegistrationInput struct {
	USCC         string `json:"uscc"`
	Name         string `json:"name"`
	Type         string `json:"type"`
	RegionCode   string `json:"region_code"`
	ContactName  string `json:"contact_name"`
	ContactPhone string `json:"contact_phone"`
	ContactEmail string `json:"contact_email"`
	Username     string `json:"username"`
	Password     string `json:"password"`
	// PasswordConfirm, when given (the page always gives it), must repeat
	// Password.
	PasswordConfirm *string `json:"password_confirm,omitempty"`
}

// RegistrationResult is what Register answers.
type RegistrationResult struct {
	ID            int64  `json:"id"`
	InstitutionID int64  `json:"institution_id"`
	State         string `json:"state"`
}

// The states of a registration and their transitions: a decision is final.
const (
	RegPending  = "pending"
	RegApproved = "approved"
	RegRejected = "rejected"
)

var registrationFlow = workflow.New("registration.wrong_state", map[string][]string{RegPending: {RegApproved, RegRejected}})

func (in *RegistrationInput) normalize() {
	in.USCC = ident.NormalizeUSCC(in.USCC)
	for _, p := range []*string{&in.Name, &in.Type, &in.RegionCode, &in.ContactName, &in.ContactPhone, &in.ContactEmail, &in.Username} {
		*p = strings.TrimSpace(*p)
	}
}

// validate checks every field and reports all that are wrong at once.
func (in *RegistrationInput) validate() error {
	var f apperr.Fields
	if k := USCCKey(in.USCC); k != "" {
		f.Add("uscc", k)
	}
	switch {
	case in.Name == "":
		f.Add("name", "field.required")
	case TooLong(in.Name, 200):
		f.Add("name", "field.too_long")
	default:
		privacy.Check(&f, "name", in.Name) // the public query shows it
	}
	if !ValidType(in.Type) {
		f.Add("type", "field.institution_type")
	}
	if k := RegionKey(in.RegionCode); k != "" {
		f.Add("region_code", k)
	}
	switch {
	case in.ContactName == "":
		f.Add("contact_name", "field.required")
	case TooLong(in.ContactName, 50):
		f.Add("contact_name", "field.too_long")
	}
	if !ValidPhone(in.ContactPhone) {
		f.Add("contact_phone", "field.phone")
	}
	if !ValidEmail(in.ContactEmail) {
		f.Add("contact_email", "field.email")
	}
	if in.PasswordConfirm != nil && *in.PasswordConfirm != in.Password {
		f.Add("password_confirm", "login.field.password_mismatch")
	}
	// The account is created on approval; check now what creating it will check.
	nu := auth.NewUser{Username: in.Username, Password: in.Password, Role: auth.RoleInstitution, RegionCode: region.RootCode, InstitutionID: -1}
	if err := nu.Validate(); err != nil {
		for k, v := range apperr.As(err).Fields {
			f.Add(k, v)
		}
	}
	return f.Err()
}

// Register records an institution's application (no login needed): the
// institution, pending, and the applicant's account details until approval.
// Errors: Invalid naming fields; Conflict naming uscc (already registered,
// unless an earlier application was rejected) or username (taken).
func (s *Service) Register(ctx context.Context, in RegistrationInput) (*RegistrationResult, error) {
	in.normalize()
	if err := in.validate(); err != nil {
		return nil, err
	}
	// Hash before the transaction: argon2 is slow on purpose and must not
	// hold the write lock.
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	res := &RegistrationResult{State: RegPending}
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		instID, err := s.upsertApplicant(ctx, tx, in, now)
		if err != nil {
			return err
		}
		res.InstitutionID = instID
		if s.OnName != nil {
			if err := s.OnName(ctx, tx, instID, in.Name); err != nil {
				return err
			}
		}
		if err := checkUsernameFree(ctx, tx, in.Username); err != nil {
			return err
		}
		if res.ID, err = (registrationStore{tx}).insert(ctx, instID, in.Username, hash, now); err != nil {
			return err
		}
		who := audit.Who{Name: in.Username, Role: "applicant"}
		after := map[string]any{"uscc": in.USCC, "name": in.Name, "type": in.Type, "region_code": in.RegionCode, "username": in.Username}
		if err := audit.Record(ctx, tx, who, now, "registration.submitted", "registration", res.ID, in.RegionCode, nil, after); err != nil {
			return err
		}
		return s.tellReviewers(ctx, tx, now, in.RegionCode, res.ID, in.Name)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// PendingPassword returns the password hash of the registration awaiting
// review under username, so that its applicant, logging in with the right
// password, is told to wait for the review (auth.Service.Pending).
func (s *Service) PendingPassword(ctx context.Context, username string) (string, bool, error) {
	return registrationStore{s.DB}.pendingHash(ctx, username)
}

// upsertApplicant inserts the institution, or revives one whose earlier
// registration was rejected: the USCC is unique, and a rejected applicant
// must be able to correct and apply again.
func (s *Service) upsertApplicant(ctx context.Context, tx *db.Tx, in RegistrationInput, now time.Time) (int64, error) {
	insts := institutionStore{tx}
	id, status, found, err := insts.statusOfUSCC(ctx, in.USCC)
	switch {
	case err != nil:
		return 0, err
	case !found:
		return insts.insertApplicant(ctx, in, now)
	case status != StatusRejected:
		return 0, usccTaken(nil)
	}
	return id, insts.reviveApplicant(ctx, id, in, now)
}

// checkUsernameFree is a Conflict naming username when an account or a
// pending application holds it.
func checkUsernameFree(ctx context.Context, q db.Queryer, username string) error {
	taken, err := auth.UsernameTaken(ctx, q, username)
	if err != nil {
		return fmt.Errorf("registry: username: %w", err)
	}
	if !taken {
		if taken, err = (registrationStore{q}).pendingWithUsername(ctx, username); err != nil {
			return err
		}
	}
	if taken {
		return usernameTaken(nil)
	}
	return nil
}

func usccTaken(cause error) error {
	return &apperr.Error{Code: apperr.Conflict, Key: "error.uscc_taken", Fields: map[string]string{"uscc": "field.uscc_taken"}, Err: cause}
}

func usernameTaken(cause error) error {
	return &apperr.Error{Code: apperr.Conflict, Key: "error.username_taken", Fields: map[string]string{"username": "field.username_taken"}, Err: cause}
}

// tellReviewers notifies the local reviewers of the institution's region and
// of its city that a registration waits for them.
func (s *Service) tellReviewers(ctx context.Context, tx *db.Tx, now time.Time, regionCode string, regID int64, name string) error {
	if s.Notify == nil {
		return nil
	}
	codes := []string{regionCode}
	if p, ok := region.Default().Parent(regionCode); ok && p.Level == region.City {
		codes = append(codes, p.Code)
	}
	for _, c := range codes {
		users, err := auth.OfficialsOf(ctx, tx, c, auth.RoleLocalReviewer)
		if err != nil {
			return err
		}
		link := fmt.Sprintf("/registrations/%d", regID)
		if err := s.Notify.ToUsers(ctx, tx, now, users, "notice.registration_pending", link, name); err != nil {
			return err
		}
	}
	return nil
}
