package review

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/credit"
	"evalcred/internal/db"
	"evalcred/internal/filing"
	"evalcred/internal/registry"
)

// The views of this file and institution_view.go show a filing together
// with its review: review is where registry, filing and credit meet. Each
// part is read through the service that owns it, which applies its own
// access rule; the app wires the services into the fields below.

// Institutions reads the institutions an actor may see (registry.Service).
type Institutions interface {
	GetInstitution(ctx context.Context, a *auth.Actor, id int64) (*registry.Institution, error)
}

// Filings reads an institution's filing as an actor may see it (filing.Service).
type Filings interface {
	GetDraft(ctx context.Context, a *auth.Actor, institutionID int64) (*filing.Draft, error)
	ListVersions(ctx context.Context, a *auth.Actor, institutionID int64) ([]filing.VersionInfo, error)
	GetVersion(ctx context.Context, a *auth.Actor, institutionID int64, version int) (*filing.Version, error)
	DiffAgainst(ctx context.Context, a *auth.Actor, institutionID int64, version int, base string) (*filing.DiffResult, error)
	ListAttachments(ctx context.Context, a *auth.Actor, institutionID int64) ([]*filing.Attachment, error)
	MaxUploadBytes(ctx context.Context, a *auth.Actor) (int, error)
}

// WarningFinder finds the signs of a banned institution registering again
// (credit.Service).
type WarningFinder interface {
	Warnings(ctx context.Context, q db.Queryer, in credit.WarningInput) ([]credit.Warning, error)
}

// TaskView is everything a reviewer reads before deciding: the task, the
// institution, the submitted document and what changed since the last
// approved version, the re-registration warnings, the attachments and the
// earlier decisions. The JSON API and the review page show the same view.
type TaskView struct {
	Task *Task `json:"task"`
	VersionView
	Warnings    []credit.Warning     `json:"warnings"`
	Attachments []*filing.Attachment `json:"attachments"`
	History     []*Decided           `json:"history"`
}

// ViewTask assembles the TaskView of task id, with the changes since the
// last approved version. The task comes first: outside the reviewer's
// region or level everything is NotFound.
func (s *Service) ViewTask(ctx context.Context, a *auth.Actor, id int64) (*TaskView, error) {
	return s.ViewTaskAgainst(ctx, a, id, filing.BaseApproved)
}

// ViewTaskAgainst is ViewTask with the changes since base
// (filing.Service.DiffAgainst).
func (s *Service) ViewTaskAgainst(ctx context.Context, a *auth.Actor, id int64, base string) (*TaskView, error) {
	t, err := s.GetTask(ctx, a, id)
	if err != nil {
		return nil, err
	}
	vv, err := s.ViewVersionAgainst(ctx, a, t.InstitutionID, t.Version, base)
	if err != nil {
		return nil, err
	}
	v := &TaskView{Task: t, VersionView: *vv}
	if v.Attachments, err = s.Filings.ListAttachments(ctx, a, t.InstitutionID); err != nil {
		return nil, err
	}
	if v.History, err = s.History(ctx, a, t.InstitutionID); err != nil {
		return nil, err
	}
	if v.Warnings, err = s.Credit.Warnings(ctx, s.DB, warningInput(v.Institution, &v.Version.Document)); err != nil {
		return nil, err
	}
	return v, nil
}

// InstitutionWarnings returns the re-registration warnings for an
// institution a reviewer is about to decide on: the people of its latest
// submitted filing version and its name, address and phone as filed (or as
// registered before any filing). Only reviewers may ask: they are the ones
// deciding, and the ones who read the filing with full ID numbers.
func (s *Service) InstitutionWarnings(ctx context.Context, a *auth.Actor, institutionID int64) ([]credit.Warning, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	if !a.Can("review.level1") && !a.Can("review.level2") {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	inst, err := s.Institutions.GetInstitution(ctx, a, institutionID)
	if err != nil {
		return nil, err
	}
	if inst.FilingVersion == 0 {
		return s.Credit.Warnings(ctx, s.DB, credit.WarningInput{InstitutionID: inst.ID, Name: inst.Name, Address: inst.Address, Phone: inst.ContactPhone})
	}
	v, err := s.Filings.GetVersion(ctx, a, inst.ID, inst.FilingVersion)
	if err != nil {
		return nil, err
	}
	return s.Credit.Warnings(ctx, s.DB, warningInput(inst, &v.Document))
}

// warningInput lists the people a filing names, each with its field path,
// and the institution's name, address and phone as filed (as registered
// where the filing leaves them empty). Reviewers read full ID numbers; a
// masked number simply matches no one.
func warningInput(inst *registry.Institution, d *filing.Document) credit.WarningInput {
	in := credit.WarningInput{InstitutionID: inst.ID, Name: inst.Name, Address: inst.Address, Phone: inst.ContactPhone}
	if d.Institution.Name != "" {
		in.Name, in.Address, in.Phone = d.Institution.Name, d.Institution.Address, d.Institution.ContactPhone
	}
	add := func(id, role, field string) {
		if id != "" {
			in.People = append(in.People, credit.PersonRef{IDNumber: id, Role: role, Field: field})
		}
	}
	add(d.LegalRepresentative.IDNumber, filing.RoleLegalRep, "legal_representative.id_number")
	for i, p := range d.LeadEvaluators {
		add(p.IDNumber, filing.RoleLeadEvaluator, fmt.Sprintf("lead_evaluators[%d].id_number", i))
	}
	for i, p := range d.Practitioners {
		add(p.IDNumber, filing.RolePractitioner, fmt.Sprintf("practitioners[%d].id_number", i))
	}
	for i, e := range d.Experts {
		add(e.IDNumber, filing.RoleExpert, fmt.Sprintf("experts[%d].id_number", i))
	}
	return in
}
