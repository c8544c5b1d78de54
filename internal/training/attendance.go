package training

import (
	"context"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/policy"
)

// EnrolInput is the body of POST /api/v1/training/sessions/{id}/enrolments
// and, with Attended, of POST .../attendance.
type EnrolInput struct {
	IDNumber      string `json:"id_number"`
	Name          string `json:"name"`
	InstitutionID int64  `json:"institution_id"`
	Attended      bool   `json:"attended"`
}

// Attendee is one enrolled person; the ID number is masked.
type Attendee struct {
	ID              int64  `json:"id"`
	IDNumber        string `json:"id_number"`
	Name            string `json:"name"`
	InstitutionID   int64  `json:"institution_id"`
	InstitutionName string `json:"institution_name"`
	Attended        bool   `json:"attended"`
}

// Enrol enrols a person for a session on behalf of an institution:
// institution users for their own institution (training.enrol), officials
// for any institution of their region (training.manage). A person is found
// by ID number, or added to persons. Enrolling twice is 409.
func (s *Service) Enrol(ctx context.Context, a *auth.Actor, sessionID int64, in EnrolInput) (*Attendee, error) {
	return s.enrol(ctx, a, sessionID, in, false)
}

// Record records whether an enrolled person attended (training.manage); a
// person not yet enrolled is enrolled first when institution_id is given.
func (s *Service) Record(ctx context.Context, a *auth.Actor, sessionID int64, in EnrolInput) (*Attendee, error) {
	if err := a.Require("training.manage"); err != nil {
		return nil, err
	}
	return s.enrol(ctx, a, sessionID, in, true)
}

func (s *Service) enrol(ctx context.Context, a *auth.Actor, sessionID int64, in EnrolInput, record bool) (*Attendee, error) {
	switch {
	case a.Can("training.manage"):
	case a.Can("training.enrol") && a.InstitutionID != 0:
		in.InstitutionID = a.InstitutionID
	default:
		return nil, a.Require("training.manage")
	}
	idn := ident.NormalizeResidentID(in.IDNumber)
	in.Name = strings.TrimSpace(in.Name)
	var f apperr.Fields
	if idn == "" {
		f.Add("id_number", "field.required")
	} else if ident.ValidateResidentID(idn, s.Clock.Now()) != nil {
		f.Add("id_number", "training.field.id_number")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var attID int64
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		if _, err := s.session(ctx, tx, a, sessionID); err != nil {
			return err
		}
		now := clock.Stamp(s.Clock)
		sessions := sessionStore{tx}
		e, enrolled, err := sessions.enrolment(ctx, sessionID, idn)
		switch {
		case err != nil:
			return err
		case enrolled && !record:
			return apperr.New(apperr.Conflict, "training.error.already_enrolled")
		case enrolled:
			attID = e.id
			if err := sessions.recordAttendance(ctx, e, in.Attended, a.UserID, now); err != nil {
				return err
			}
			return audit.Record(ctx, tx, a.Who(), now, "training.attendance", "training_attendance", e.id, policy.ProvinceOf(a.RegionCode),
				map[string]any{"attended": e.attended}, map[string]any{"attended": in.Attended})
		}
		if in.InstitutionID <= 0 {
			return apperr.InvalidField("institution_id", "field.required")
		}
		if err := s.checkInstitution(ctx, tx, a, in.InstitutionID); err != nil {
			return err
		}
		if in.Name == "" {
			return apperr.InvalidField("name", "field.required")
		}
		personID, err := sessions.person(ctx, idn, in.Name, now)
		if err != nil {
			return err
		}
		ne := newEnrolment{sessionID: sessionID, personID: personID, institutionID: in.InstitutionID, attended: record && in.Attended,
			enrolledBy: a.UserID, now: now}
		if record {
			ne.recordedBy = a.UserID
		}
		if attID, err = sessions.enrol(ctx, ne); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "training.enrolled", "training_attendance", attID, policy.ProvinceOf(a.RegionCode), nil,
			map[string]any{"session_id": sessionID, "id_number": ident.MaskResidentID(idn), "institution_id": in.InstitutionID, "attended": ne.attended})
	})
	if err != nil {
		return nil, err
	}
	return sessionStore{s.DB}.attendee(ctx, attID)
}

// checkInstitution makes sure an official enrols for an institution of its
// region (an institution user's own is always fine).
func (s *Service) checkInstitution(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) error {
	if a.ActsFor(id) {
		return nil
	}
	in, err := sessionStore{q}.institutionIn(ctx, a.Scope(), id)
	if err != nil {
		return err
	}
	if !in {
		return apperr.InvalidField("institution_id", "training.field.institution")
	}
	return nil
}

// Attendees lists a session's enrolments: officials with training.manage see
// all, institution users their own people.
func (s *Service) Attendees(ctx context.Context, a *auth.Actor, sessionID int64) ([]Attendee, error) {
	if _, err := s.session(ctx, s.DB, a, sessionID); err != nil {
		return nil, err
	}
	var institutionID int64
	switch {
	case a.Can("training.manage"):
	case a.InstitutionID != 0:
		institutionID = a.InstitutionID
	default:
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return sessionStore{s.DB}.attendees(ctx, sessionID, institutionID)
}
