package training

import (
	"context"
	"fmt"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
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
		now := s.now()
		var personID, instID int64
		var attended bool
		var lock int
		err := tx.QueryRow(ctx, `SELECT ta.id, ta.person_id, ta.institution_id, ta.attended, ta.lock_version FROM training_attendance ta
			JOIN persons p ON p.id = ta.person_id WHERE ta.session_id = ? AND p.id_number = ?`, sessionID, idn).Scan(&attID, &personID, &instID, &attended, &lock)
		switch {
		case err == nil && !record:
			return apperr.New(apperr.Conflict, "training.error.already_enrolled")
		case err == nil:
			if err := tx.Update(ctx, `UPDATE training_attendance SET attended = ?, recorded_by = ?, recorded_at = ?, lock_version = lock_version + 1
				WHERE id = ? AND lock_version = ?`, in.Attended, a.UserID, now, attID, lock); err != nil {
				return err
			}
			return audit.Record(ctx, tx, a.Who(), now, "training.attendance", "training_attendance", attID, policy.ProvinceOf(a.RegionCode),
				map[string]any{"attended": attended}, map[string]any{"attended": in.Attended})
		case !db.IsNoRows(err):
			return err
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
		if _, err := tx.Exec(ctx, "INSERT INTO persons (id_number, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id_number) DO NOTHING", idn, in.Name, now); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, "SELECT id FROM persons WHERE id_number = ?", idn).Scan(&personID); err != nil {
			return err
		}
		var recordedBy any
		var recordedAt any
		if record {
			recordedBy, recordedAt = a.UserID, now
		}
		attID, err = tx.Insert(ctx, `INSERT INTO training_attendance (session_id, person_id, institution_id, attended, enrolled_by, enrolled_at, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sessionID, personID, in.InstitutionID, record && in.Attended, a.UserID, now, recordedBy, recordedAt)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "training.enrolled", "training_attendance", attID, policy.ProvinceOf(a.RegionCode), nil,
			map[string]any{"session_id": sessionID, "id_number": ident.MaskResidentID(idn), "institution_id": in.InstitutionID, "attended": record && in.Attended})
	})
	if err != nil {
		return nil, err
	}
	return s.attendee(ctx, attID)
}

// checkInstitution makes sure an official enrols for an institution of its
// region (an institution user's own is always fine).
func (s *Service) checkInstitution(ctx context.Context, q db.Queryer, a *auth.Actor, id int64) error {
	if a.Role == auth.RoleInstitution {
		return nil
	}
	cond, args := a.Scope().SQL("i.region_code")
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM institutions i WHERE i.id = ? AND "+cond, append([]any{id}, args...)...).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.InvalidField("institution_id", "training.field.institution")
	}
	return nil
}

const attendeeCols = `ta.id, p.id_number, p.name, ta.institution_id, i.name, ta.attended FROM training_attendance ta
	JOIN persons p ON p.id = ta.person_id JOIN institutions i ON i.id = ta.institution_id`

func (s *Service) attendee(ctx context.Context, id int64) (*Attendee, error) {
	var x Attendee
	err := s.DB.QueryRow(ctx, "SELECT "+attendeeCols+" WHERE ta.id = ?", id).Scan(&x.ID, &x.IDNumber, &x.Name, &x.InstitutionID, &x.InstitutionName, &x.Attended)
	x.IDNumber = ident.MaskResidentID(x.IDNumber)
	return &x, err
}

// Attendees lists a session's enrolments: officials with training.manage see
// all, institution users their own people.
func (s *Service) Attendees(ctx context.Context, a *auth.Actor, sessionID int64) ([]Attendee, error) {
	if _, err := s.session(ctx, s.DB, a, sessionID); err != nil {
		return nil, err
	}
	q, args := "SELECT "+attendeeCols+" WHERE ta.session_id = ?", []any{sessionID}
	switch {
	case a.Can("training.manage"):
	case a.InstitutionID != 0:
		q += " AND ta.institution_id = ?"
		args = append(args, a.InstitutionID)
	default:
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.DB.Query(ctx, q+" ORDER BY i.name, p.name, ta.id", args...)
	if err != nil {
		return nil, fmt.Errorf("training: attendees: %w", err)
	}
	defer rows.Close()
	out := []Attendee{}
	for rows.Next() {
		var x Attendee
		if err := rows.Scan(&x.ID, &x.IDNumber, &x.Name, &x.InstitutionID, &x.InstitutionName, &x.Attended); err != nil {
			return nil, err
		}
		x.IDNumber = ident.MaskResidentID(x.IDNumber)
		out = append(out, x)
	}
	return out, rows.Err()
}
