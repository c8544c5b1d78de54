package team

import (
	"context"
	"slices"

	"evalcred/internal/auth"
	"evalcred/internal/draw"
	"evalcred/internal/project"
)

// StaffInstitution is an institution a team may draw people from.
type StaffInstitution struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Selected is true for the institutions the project's selection drew:
	// the lead must be one of them when there was a selection.
	Selected bool `json:"selected"`
}

// Candidate is a person active at one of those institutions by its
// approved filing. The full ID number stays on the server: the form
// answers with the person, and the page shows the number masked.
type Candidate struct {
	PersonID        int64  `json:"person_id"`
	Name            string `json:"name"`
	IDNumber        string `json:"-"`
	MaskedID        string `json:"masked_id_number"`
	InstitutionID   int64  `json:"institution_id"`
	InstitutionName string `json:"institution_name"`
	LeadEvaluator   bool   `json:"lead_evaluator"`
}

// Staffing is what a team is chosen from.
type Staffing struct {
	Institutions []StaffInstitution `json:"institutions"`
	People       []Candidate        `json:"people"`
}

// Person returns the candidate who is personID at institutionID.
func (s *Staffing) Person(institutionID, personID int64) (Candidate, bool) {
	i := slices.IndexFunc(s.People, func(c Candidate) bool { return c.InstitutionID == institutionID && c.PersonID == personID })
	if i < 0 {
		return Candidate{}, false
	}
	return s.People[i], true
}

// Staffing lists the institutions a manager may staff a project's team
// from and their people: those its selection drew, those on its team now,
// and the extra ones asked for that lie in the manager's region (others
// are left out, as if they were not there).
func (s *Service) Staffing(ctx context.Context, a *auth.Actor, projectID int64, extra []int64) (*Staffing, error) {
	if err := a.Require("project.manage"); err != nil {
		return nil, err
	}
	p, err := project.LoadManaged(ctx, s.DB, a, projectID, project.ActionSetTeam)
	if err != nil {
		return nil, err
	}
	var selected []int64
	if p.SelectionDrawID != 0 {
		d, err := draw.Load(ctx, s.DB, p.SelectionDrawID)
		if err != nil {
			return nil, err
		}
		selected = d.Result
	}
	st := teamStore{s.DB}
	t, err := st.team(ctx, p.ID, p.LeadInstitutionID)
	if err != nil {
		return nil, err
	}
	known := slices.Clone(selected)
	if p.LeadInstitutionID != 0 {
		known = append(known, p.LeadInstitutionID)
	}
	for _, m := range t.Members {
		known = append(known, m.InstitutionID)
	}
	out := &Staffing{}
	if out.Institutions, err = st.institutions(ctx, known, extra, a.Scope()); err != nil {
		return nil, err
	}
	ids := make([]int64, len(out.Institutions))
	for i := range out.Institutions {
		in := &out.Institutions[i]
		in.Selected = slices.Contains(selected, in.ID)
		ids[i] = in.ID
	}
	if out.People, err = st.people(ctx, ids); err != nil {
		return nil, err
	}
	return out, nil
}
