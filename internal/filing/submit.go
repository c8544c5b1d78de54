package filing

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/policy"
	"evalcred/internal/registry"
)

// The filing states. institutions.filing_state is the state of the latest
// version (or none/draft before the first submit); filing_versions.state is
// the state of each version.
const (
	StateNone     = "none"
	StateDraft    = "draft"
	StateLevel1   = "level1"
	StateLevel2   = "level2"
	StateApproved = "approved"
	StateReturned = "returned"
)

// transitions is the filing workflow: submit moves any idle filing to
// level 1; the reviews move a version on or send it back.
var transitions = map[string][]string{
	StateNone:     {StateLevel1},
	StateDraft:    {StateLevel1},
	StateReturned: {StateLevel1},
	StateApproved: {StateLevel1},
	StateLevel1:   {StateLevel2, StateReturned},
	StateLevel2:   {StateApproved, StateReturned},
}

// CanMove reports whether the workflow allows from → to.
func CanMove(from, to string) bool { return slices.Contains(transitions[from], to) }

// The roles a filing gives people (person_roles.role).
const (
	RoleLegalRep      = "legal_representative"
	RoleLeadEvaluator = "lead_evaluator"
	RolePractitioner  = "practitioner"
	RoleExpert        = "expert"
)

// SubmitResult is what Submit answers.
type SubmitResult struct {
	Version int    `json:"version"`
	State   string `json:"state"`
}

// Submit turns the draft into the next immutable version and sends it to
// level-1 review, in one transaction. Permission filing.submit, own
// institution only. Errors: Invalid listing every missing or inconsistent
// field by JSON path; Conflict when the filing is already under review or
// the registration is not approved.
func (s *Service) Submit(ctx context.Context, a *auth.Actor, institutionID int64) (*SubmitResult, error) {
	if err := own(a, institutionID, "filing.submit"); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	var res *SubmitResult
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := registry.LockRow(ctx, tx, institutionID); err != nil {
			return err
		}
		inst, err := registry.Load(ctx, tx, institutionID, now)
		if err != nil {
			return err
		}
		if inst.Status != registry.StatusActive || !CanMove(inst.FilingState, StateLevel1) {
			return apperr.New(apperr.Conflict, "error.filing_locked")
		}
		draft, err := loadDraft(ctx, tx, inst)
		if err != nil {
			return err
		}
		doc := draft.Document
		if err := s.check(ctx, tx, inst, &doc); err != nil {
			return err
		}
		version := inst.FilingVersion + 1
		raw, err := json.Marshal(doc)
		if err != nil {
			return fmt.Errorf("filing: encode version: %w", err)
		}
		if _, err := tx.Insert(ctx, `INSERT INTO filing_versions (institution_id, version, state, doc_json, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?)`,
			institutionID, version, StateLevel1, string(raw), a.UserID, now); err != nil {
			return fmt.Errorf("filing: insert version: %w", err)
		}
		if err := recordRoles(ctx, tx, institutionID, version, &doc, now); err != nil {
			return err
		}
		if err := tx.Update(ctx, `UPDATE institutions SET filing_state = ?, filing_version = ?, lock_version = lock_version + 1, updated_at = ?
			WHERE id = ? AND filing_state = ? AND lock_version = ?`, StateLevel1, version, now, institutionID, inst.FilingState, inst.LockVersion); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, a.Who(), now, "filing.submitted", "institution", institutionID, inst.RegionCode,
			map[string]any{"filing_state": inst.FilingState, "version": inst.FilingVersion},
			map[string]any{"filing_state": StateLevel1, "version": version}); err != nil {
			return err
		}
		if s.OnSubmit != nil {
			inst.FilingState, inst.FilingVersion = StateLevel1, version
			if err := s.OnSubmit(ctx, tx, inst, version); err != nil {
				return err
			}
		}
		res = &SubmitResult{Version: version, State: StateLevel1}
		return nil
	})
	return res, err
}

// check runs every check a reviewer relies on: valid values, completeness,
// consistency within the document, people's roles elsewhere on the platform,
// and the eligibility of the institution's type.
func (s *Service) check(ctx context.Context, tx *db.Tx, inst *registry.Institution, doc *Document) error {
	now := s.Clock.Now()
	atts, err := attachmentsOf(ctx, tx, inst.ID)
	if err != nil {
		return err
	}
	c := &checker{today: now, atts: atts}
	c.values(doc)
	c.complete(doc)
	c.consistent(doc)
	var eligible []string
	if err := policy.Get(ctx, tx, inst.RegionCode, "filing.eligible_types", calendar.DateOf(now), &eligible); err != nil {
		return err
	}
	if doc.Institution.Type != "" && !slices.Contains(eligible, doc.Institution.Type) {
		c.add("institution.type", "field.type_ineligible")
	}
	// A lead evaluator may lead for one institution only.
	for i, p := range doc.LeadEvaluators {
		if p.IDNumber == "" {
			continue
		}
		var n int
		err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM person_roles r JOIN persons p ON p.id = r.person_id
			WHERE p.id_number = ? AND r.role = ? AND r.active = TRUE AND r.institution_id <> ?`, p.IDNumber, RoleLeadEvaluator, inst.ID).Scan(&n)
		if err != nil {
			return fmt.Errorf("filing: lead elsewhere: %w", err)
		}
		if n > 0 {
			c.add(fmt.Sprintf("lead_evaluators[%d].id_number", i), "field.lead_elsewhere")
		}
	}
	return c.f.Err()
}

// recordRoles finds or creates each person by ID number and records the
// roles this version gives them, inactive until the version is approved.
func recordRoles(ctx context.Context, tx *db.Tx, institutionID int64, version int, doc *Document, now time.Time) error {
	type role struct {
		id, name, role string
		since          calendar.Date
	}
	var rs []role
	rs = append(rs, role{doc.LegalRepresentative.IDNumber, doc.LegalRepresentative.Name, RoleLegalRep, calendar.Date{}})
	for _, p := range doc.LeadEvaluators {
		d, _ := calendar.ParseDate(p.EmployedSince)
		rs = append(rs, role{p.IDNumber, p.Name, RoleLeadEvaluator, d})
	}
	for _, p := range doc.Practitioners {
		d, _ := calendar.ParseDate(p.EmployedSince)
		rs = append(rs, role{p.IDNumber, p.Name, RolePractitioner, d})
	}
	for _, e := range doc.Experts {
		rs = append(rs, role{e.IDNumber, e.Name, RoleExpert, calendar.Date{}})
	}
	for _, r := range rs {
		if r.id == "" {
			continue
		}
		if _, err := tx.Exec(ctx, "INSERT INTO persons (id_number, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id_number) DO NOTHING", r.id, r.name, now); err != nil {
			return fmt.Errorf("filing: person: %w", err)
		}
		var pid int64
		if err := tx.QueryRow(ctx, "SELECT id FROM persons WHERE id_number = ?", r.id).Scan(&pid); err != nil {
			return fmt.Errorf("filing: person: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO person_roles (person_id, institution_id, role, filing_version, active, started_on) VALUES (?, ?, ?, ?, FALSE, ?)`,
			pid, institutionID, r.role, version, r.since); err != nil {
			return fmt.Errorf("filing: person role: %w", err)
		}
	}
	return nil
}
