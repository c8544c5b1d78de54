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
	"evalcred/internal/workflow"
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

// filingFlow is the filing workflow: submit moves any idle filing to
// level 1; the reviews move a version on or send it back.
var filingFlow = workflow.New("filing.wrong_state", map[string][]string{
	StateNone:     {StateLevel1},
	StateDraft:    {StateLevel1},
	StateReturned: {StateLevel1},
	StateApproved: {StateLevel1},
	StateLevel1:   {StateLevel2, StateReturned},
	StateLevel2:   {StateApproved, StateReturned},
})

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
		inst, err := registry.LoadLocked(ctx, tx, institutionID, now)
		if err != nil {
			return err
		}
		if !submittable(inst) {
			return apperr.New(apperr.Conflict, "error.filing_locked")
		}
		draft, err := loadDraft(ctx, tx, a, inst)
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
		filings := filingStore{tx}
		if err := filings.insertVersion(ctx, institutionID, version, string(raw), a.UserID, now); err != nil {
			return err
		}
		if err := recordRoles(ctx, filings, institutionID, version, &doc, now); err != nil {
			return err
		}
		if err := filings.submitted(ctx, institutionID, version, inst.FilingState, inst.LockVersion, now); err != nil {
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
	atts, err := attachmentStore{tx}.of(ctx, inst.ID)
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
		elsewhere, err := filingStore{tx}.leadsElsewhere(ctx, p.IDNumber, inst.ID)
		if err != nil {
			return err
		}
		if elsewhere {
			c.add(fmt.Sprintf("lead_evaluators[%d].id_number", i), "field.lead_elsewhere")
		}
	}
	return c.f.Err()
}

// recordRoles finds or creates each person by ID number and records the
// roles this version gives them, inactive until the version is approved.
func recordRoles(ctx context.Context, filings filingStore, institutionID int64, version int, doc *Document, now time.Time) error {
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
		if err := filings.addRole(ctx, institutionID, version, r.id, r.name, r.role, r.since, now); err != nil {
			return err
		}
	}
	return nil
}
