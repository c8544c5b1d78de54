// Package team staffs evaluation projects: a lead institution and members
// from several institutions, checked against policy team.rules and the
// platform's own rules (rules.go) before a team is saved. A team forms
// while its project is in planning and may change until the plan is in;
// the project moves on through project.FormTeam. Every query is in
// store.go.
package team

import (
	"context"
	"errors"
	"slices"

	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/notify"
	"evalcred/internal/project"
)

// Member roles on a team.
const (
	RoleLeader = "leader"
	RoleMember = "member"
	RoleExpert = "expert"
)

// MemberInput is one member in PUT /api/v1/projects/{id}/team.
type MemberInput struct {
	IDNumber      string `json:"id_number"`
	InstitutionID int64  `json:"institution_id"`
	Role          string `json:"role"`
}

// Input is the body of PUT /api/v1/projects/{id}/team.
type Input struct {
	LeadInstitutionID int64         `json:"lead_institution_id"`
	Members           []MemberInput `json:"members"`
}

// Echoed names what GET answers beside the team, which a PUT may send back.
func (Input) Echoed() []string { return []string{"project_id"} }

// Echoed names what GET answers of a member beside what a PUT sets.
func (MemberInput) Echoed() []string { return []string{"person_id", "name", "institution_name"} }

// Member is a team member as shown: the ID number masked.
type Member struct {
	PersonID        int64  `json:"person_id"`
	Name            string `json:"name"`
	IDNumber        string `json:"id_number"`
	InstitutionID   int64  `json:"institution_id"`
	InstitutionName string `json:"institution_name"`
	Role            string `json:"role"`
}

// Team is a project's team.
type Team struct {
	ProjectID         int64    `json:"project_id"`
	LeadInstitutionID int64    `json:"lead_institution_id"`
	Members           []Member `json:"members"`
}

// Includes reports whether institution id has people on the team.
func (t *Team) Includes(id int64) bool {
	return slices.ContainsFunc(t.Members, func(m Member) bool { return m.InstitutionID == id })
}

// Service staffs projects.
type Service struct {
	DB     *db.DB
	Clock  clock.Clock
	Notify *notify.Notifier
	// Pool answers whether the institutions on a team are eligible.
	Pool project.Eligibility
}

// New builds the team service; the eligibility pool is required (the
// application's credit service, with every rule added to it).
func New(d *db.DB, clk clock.Clock, n *notify.Notifier, pool project.Eligibility) (*Service, error) {
	if pool == nil {
		return nil, errors.New("team: no eligibility pool: teams must ask the application's credit service (services.Set.Credit)")
	}
	return &Service{DB: d, Clock: clk, Notify: n, Pool: pool}, nil
}

// SetTeam staffs a project in planning (moving it to team_formed) or
// replaces the team of a project in team_formed. Every rule of policy
// team.rules and of the platform is checked; the first broken one is named
// in fields.team (see the Rule constants).
func (s *Service) SetTeam(ctx context.Context, a *auth.Actor, projectID int64, in Input) (*Team, error) {
	if err := a.Require("project.manage"); err != nil {
		return nil, err
	}
	norm, err := s.checkShape(&in)
	if err != nil {
		return nil, err
	}
	var out *Team
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := project.LoadManaged(ctx, tx, a, projectID, project.ActionSetTeam)
		if err != nil {
			return err
		}
		persons, err := s.checkRules(ctx, tx, p, in, norm)
		if err != nil {
			return err
		}
		now := clock.Stamp(s.Clock)
		st := teamStore{tx}
		if err := st.replace(ctx, p.ID, persons, in.Members, now); err != nil {
			return err
		}
		if err := project.FormTeam(ctx, tx, a, p, in.LeadInstitutionID, now); err != nil {
			return err
		}
		if s.Notify != nil {
			if err := s.Notify.ToInstitution(ctx, tx, now, in.LeadInstitutionID, "notice.project_lead", project.Link(p.ID), p.Name); err != nil {
				return err
			}
		}
		out, err = st.team(ctx, p.ID, in.LeadInstitutionID)
		return err
	})
	return out, err
}

// GetTeam returns a project's team to anyone who sees the project.
func (s *Service) GetTeam(ctx context.Context, a *auth.Actor, projectID int64) (*Team, error) {
	p, err := project.Load(ctx, s.DB, a, projectID)
	if err != nil {
		return nil, err
	}
	return Of(ctx, s.DB, p)
}

// Of returns the team of a project its caller has read.
func Of(ctx context.Context, q db.Queryer, p *project.Project) (*Team, error) {
	return teamStore{q}.team(ctx, p.ID, p.LeadInstitutionID)
}

// AddTo puts the project's team on its page (project.Part).
func (s *Service) AddTo(ctx context.Context, q db.Queryer, d *project.Detail) error {
	t, err := Of(ctx, q, d.Project)
	if err != nil {
		return err
	}
	d.Team = t
	return nil
}
