package project

import (
	"context"
	"fmt"
	"slices"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/draw"
	"evalcred/internal/ident"
	"evalcred/internal/policy"
	"evalcred/internal/region"
	"evalcred/internal/relation"
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

// TeamInput is the body of PUT /api/v1/projects/{id}/team.
type TeamInput struct {
	LeadInstitutionID int64         `json:"lead_institution_id"`
	Members           []MemberInput `json:"members"`
}

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

// SetTeam staffs a project in planning (moving it to team_formed) or
// replaces the team of a project in team_formed. Every rule of policy
// team.rules and of the platform is checked; the first broken one is named
// in fields.team (see the Rule constants).
func (s *Service) SetTeam(ctx context.Context, a *auth.Actor, projectID int64, in TeamInput) (*Team, error) {
	if err := a.Require("project.manage"); err != nil {
		return nil, err
	}
	norm, err := s.checkShape(&in)
	if err != nil {
		return nil, err
	}
	eligibility, err := s.pool()
	if err != nil {
		return nil, err
	}
	var out *Team
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := loadManaged(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		if p.Stage != StagePlanning && p.Stage != StageTeamFormed {
			return apperr.New(apperr.Conflict, "project.error.wrong_stage", p.Stage)
		}
		persons, err := s.checkRules(ctx, tx, eligibility, p, in, norm)
		if err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.Exec(ctx, "DELETE FROM team_members WHERE project_id = ?", p.ID); err != nil {
			return fmt.Errorf("project: team: %w", err)
		}
		for i, m := range in.Members {
			if _, err := tx.Exec(ctx, "INSERT INTO team_members (project_id, person_id, institution_id, role, created_at) VALUES (?, ?, ?, ?, ?)",
				p.ID, persons[i], m.InstitutionID, m.Role, now); err != nil {
				return fmt.Errorf("project: team: %w", err)
			}
		}
		note := "team_formed"
		if p.Stage == StageTeamFormed {
			note = "team_changed"
		}
		if err := s.move(ctx, tx, a, p, StageTeamFormed, note, "lead_institution_id = ?", in.LeadInstitutionID); err != nil {
			return err
		}
		if s.Notify != nil {
			if err := s.Notify.ToInstitution(ctx, tx, now, in.LeadInstitutionID, "notice.project_lead", link(p.ID), p.Name); err != nil {
				return err
			}
		}
		out, err = team(ctx, tx, p.ID, in.LeadInstitutionID)
		return err
	})
	return out, err
}

func link(projectID int64) string { return fmt.Sprintf("/projects/%d", projectID) }

// checkShape validates what needs no database: roles, ID numbers, ids.
func (s *Service) checkShape(in *TeamInput) ([]string, error) {
	var f apperr.Fields
	if in.LeadInstitutionID <= 0 {
		f.Add("lead_institution_id", "field.required")
	}
	if len(in.Members) == 0 {
		f.Add("members", "field.required")
	}
	norm := make([]string, len(in.Members))
	for i, m := range in.Members {
		p := fmt.Sprintf("members[%d]", i)
		norm[i] = ident.NormalizeResidentID(m.IDNumber)
		if err := ident.ValidateResidentID(norm[i], s.Clock.Now()); err != nil {
			f.Add(p+".id_number", "project.field.id_number")
		}
		if m.InstitutionID <= 0 {
			f.Add(p+".institution_id", "field.required")
		}
		if !slices.Contains([]string{RoleLeader, RoleMember, RoleExpert}, m.Role) {
			f.Add(p+".role", "project.field.member_role")
		}
	}
	if len(f) > 0 {
		return nil, teamError(RuleMembers, f)
	}
	return norm, nil
}

// checkRules applies the rules that need the database, in a fixed order so
// that the rule named is predictable; it returns the person id per member.
func (s *Service) checkRules(ctx context.Context, tx *db.Tx, el Eligibility, p *Project, in TeamInput, norm []string) ([]int64, error) {
	persons := make([]int64, len(in.Members))
	for i, n := range norm {
		err := tx.QueryRow(ctx, "SELECT id FROM persons WHERE id_number = ?", n).Scan(&persons[i])
		if db.IsNoRows(err) {
			return nil, teamError(RuleMemberUnknown, apperr.Fields{fmt.Sprintf("members[%d].id_number", i): "project.team.person_unknown"})
		}
		if err != nil {
			return nil, err
		}
	}
	for i := range persons {
		if slices.Index(persons, persons[i]) != i {
			return nil, teamError(RuleDuplicateMember, apperr.Fields{fmt.Sprintf("members[%d].id_number", i): "project.team.person_twice"})
		}
	}
	roles, err := activeRoles(ctx, tx, persons)
	if err != nil {
		return nil, err
	}
	leader := -1
	for i, m := range in.Members {
		if !roles[persons[i]][fmt.Sprintf("%d:", m.InstitutionID)] {
			return nil, teamError(RuleMemberNotListed, apperr.Fields{fmt.Sprintf("members[%d].institution_id", i): "project.team.not_listed"})
		}
		if m.Role == RoleLeader {
			if leader >= 0 {
				return nil, teamError(RuleOneLeader, nil)
			}
			leader = i
		}
	}
	switch {
	case leader < 0:
		return nil, teamError(RuleOneLeader, nil)
	case in.Members[leader].InstitutionID != in.LeadInstitutionID:
		return nil, teamError(RuleLeaderInstitution, apperr.Fields{fmt.Sprintf("members[%d].institution_id", leader): "project.team.leader_elsewhere"})
	case !roles[persons[leader]][fmt.Sprintf("%d:lead_evaluator", in.LeadInstitutionID)]:
		return nil, teamError(RuleLeaderEvaluator, apperr.Fields{fmt.Sprintf("members[%d].id_number", leader): "project.team.not_lead_evaluator"})
	}
	rules, err := teamRules(ctx, tx, p.RegionCode, s.today())
	if err != nil {
		return nil, err
	}
	perInst := map[int64]int{}
	for _, m := range in.Members {
		perInst[m.InstitutionID]++
	}
	if len(perInst) < rules.MinInstitutions {
		return nil, teamError(RuleMinInstitutions, nil)
	}
	for _, n := range perInst {
		if n*100 > rules.MaxSharePercent*len(in.Members) {
			return nil, teamError(RuleMaxShare, nil)
		}
	}
	// Two teams saved at once with the same person must not both count the
	// projects before the other's: the person is locked first.
	if err := tx.Lock(ctx, db.LockPerson, persons...); err != nil {
		return nil, err
	}
	busy, err := openProjectsOf(ctx, tx, persons, p.ID)
	if err != nil {
		return nil, err
	}
	for i, pid := range persons {
		if busy[pid] >= rules.MaxOpenProjectsPerPerson {
			return nil, teamError(RulePersonBusy, apperr.Fields{fmt.Sprintf("members[%d].id_number", i): "project.team.person_busy"})
		}
	}
	return persons, s.checkInstitutions(ctx, tx, el, p, in)
}

// checkInstitutions: every institution on the team eligible (asked of the
// credit part) and not tied to the client or evaluated unit; the lead among
// the selected ones when a selection was made.
func (s *Service) checkInstitutions(ctx context.Context, tx *db.Tx, el Eligibility, p *Project, in TeamInput) error {
	eligible, err := el.EligiblePool(ctx, tx, region.Scope{Code: policy.ProvinceOf(p.RegionCode)}, s.today())
	if err != nil {
		return err
	}
	slices.Sort(eligible)
	tied, err := relation.Ties(ctx, tx, p.Client, p.EvaluatedUnit)
	if err != nil {
		return err
	}
	check := func(field string, id int64) error {
		if !inPool(eligible, id) {
			return teamError(RuleIneligible, apperr.Fields{field: "project.team.ineligible"})
		}
		if _, ok := tied[id]; ok {
			return teamError(RuleTied, apperr.Fields{field: "project.team.tied"})
		}
		return nil
	}
	if err := check("lead_institution_id", in.LeadInstitutionID); err != nil {
		return err
	}
	for i, m := range in.Members {
		if err := check(fmt.Sprintf("members[%d].institution_id", i), m.InstitutionID); err != nil {
			return err
		}
	}
	if p.SelectionDrawID != 0 {
		d, err := draw.Load(ctx, tx, p.SelectionDrawID)
		if err != nil {
			return err
		}
		if !slices.Contains(d.Result, in.LeadInstitutionID) {
			return teamError(RuleLeadNotSelected, apperr.Fields{"lead_institution_id": "project.team.lead_not_selected"})
		}
	}
	return nil
}

// GetTeam returns a project's team to anyone who sees the project.
func (s *Service) GetTeam(ctx context.Context, a *auth.Actor, projectID int64) (*Team, error) {
	p, err := load(ctx, s.DB, a, projectID)
	if err != nil {
		return nil, err
	}
	return team(ctx, s.DB, p.ID, p.LeadInstitutionID)
}

func team(ctx context.Context, q db.Queryer, projectID, lead int64) (*Team, error) {
	rows, err := q.Query(ctx, `SELECT tm.person_id, pe.name, pe.id_number, tm.institution_id, i.name, tm.role FROM team_members tm
		JOIN persons pe ON pe.id = tm.person_id JOIN institutions i ON i.id = tm.institution_id WHERE tm.project_id = ? ORDER BY tm.id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("project: team: %w", err)
	}
	defer rows.Close()
	t := &Team{ProjectID: projectID, LeadInstitutionID: lead, Members: []Member{}}
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.PersonID, &m.Name, &m.IDNumber, &m.InstitutionID, &m.InstitutionName, &m.Role); err != nil {
			return nil, err
		}
		m.IDNumber = ident.MaskResidentID(m.IDNumber)
		t.Members = append(t.Members, m)
	}
	return t, rows.Err()
}
