package team

import (
	"context"
	"fmt"
	"slices"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/draw"
	"evalcred/internal/ident"
	"evalcred/internal/policy"
	"evalcred/internal/project"
	"evalcred/internal/region"
	"evalcred/internal/relation"
)

// Rules is policy team.rules, versioned per province: a team draws on at
// least MinInstitutions institutions, none of which has more than
// MaxSharePercent of its members, and nobody is on more than
// MaxOpenProjectsPerPerson projects not yet completed.
type Rules struct {
	MinInstitutions          int `json:"min_institutions"`
	MaxSharePercent          int `json:"max_share_percent"`
	MaxOpenProjectsPerPerson int `json:"max_open_projects_per_person"`
}

// The team rules, each named in fields.team by its own message key
// "project.team.rule.<name>" when broken.
const (
	RuleMembers           = "members"            // well-formed members and roles
	RuleMemberUnknown     = "member_unknown"     // the ID number is not a person on the platform
	RuleDuplicateMember   = "duplicate_member"   // a person listed twice
	RuleMemberNotListed   = "member_not_listed"  // not an active person of the stated institution
	RuleOneLeader         = "one_leader"         // exactly one team leader
	RuleLeaderInstitution = "leader_institution" // the leader works at the lead institution
	RuleLeaderEvaluator   = "leader_evaluator"   // ... as an active lead evaluator (主评人)
	RuleMinInstitutions   = "min_institutions"   // policy min_institutions
	RuleMaxShare          = "max_share"          // policy max_share_percent
	RulePersonBusy        = "person_busy"        // policy max_open_projects_per_person
	RuleIneligible        = "institution_ineligible"
	RuleTied              = "institution_tied"
	RuleLeadNotSelected   = "lead_not_selected"
)

// refused is the 422 of a broken rule: fields.team names the rule, and
// more precise fields (members[2].id_number) say where, when there is a where.
func refused(rule string, more apperr.Fields) error {
	f := apperr.Fields{}
	for k, v := range more {
		f[k] = v
	}
	f["team"] = "project.team.rule." + rule
	e := apperr.As(f.Err())
	e.Key = "project.team.refused"
	return e
}

// at names a member's field in a refusal.
func at(i int, field string) string { return fmt.Sprintf("members[%d].%s", i, field) }

// checkShape validates what needs no database: roles, ID numbers, ids. It
// returns the normalised ID numbers.
func (s *Service) checkShape(in *Input) ([]string, error) {
	var f apperr.Fields
	if in.LeadInstitutionID <= 0 {
		f.Add("lead_institution_id", "field.required")
	}
	if len(in.Members) == 0 {
		f.Add("members", "field.required")
	}
	norm := make([]string, len(in.Members))
	for i, m := range in.Members {
		norm[i] = ident.NormalizeResidentID(m.IDNumber)
		if err := ident.ValidateResidentID(norm[i], s.Clock.Now()); err != nil {
			f.Add(at(i, "id_number"), "project.field.id_number")
		}
		if m.InstitutionID <= 0 {
			f.Add(at(i, "institution_id"), "field.required")
		}
		if !slices.Contains([]string{RoleLeader, RoleMember, RoleExpert}, m.Role) {
			f.Add(at(i, "role"), "project.field.member_role")
		}
	}
	if len(f) > 0 {
		return nil, refused(RuleMembers, f)
	}
	return norm, nil
}

// checkRules applies the rules that need the database, in a fixed order so
// that the rule named is predictable; it returns the person id per member.
func (s *Service) checkRules(ctx context.Context, tx *db.Tx, p *project.Project, in Input, norm []string) ([]int64, error) {
	st := teamStore{tx}
	persons, unknown, err := st.persons(ctx, norm)
	if err != nil {
		return nil, err
	}
	if unknown >= 0 {
		return nil, refused(RuleMemberUnknown, apperr.Fields{at(unknown, "id_number"): "project.team.person_unknown"})
	}
	for i := range persons {
		if slices.Index(persons, persons[i]) != i {
			return nil, refused(RuleDuplicateMember, apperr.Fields{at(i, "id_number"): "project.team.person_twice"})
		}
	}
	if err := checkRoles(ctx, st, in, persons); err != nil {
		return nil, err
	}
	today := calendar.Current(s.Clock)
	var rules Rules
	if err := policy.Get(ctx, tx, p.RegionCode, "team.rules", today, &rules); err != nil {
		return nil, err
	}
	perInst := map[int64]int{}
	for _, m := range in.Members {
		perInst[m.InstitutionID]++
	}
	if len(perInst) < rules.MinInstitutions {
		return nil, refused(RuleMinInstitutions, nil)
	}
	for _, n := range perInst {
		if n*100 > rules.MaxSharePercent*len(in.Members) {
			return nil, refused(RuleMaxShare, nil)
		}
	}
	// Two teams saved at once with the same person must not both count the
	// projects before the other's: the person is locked first.
	if err := tx.Lock(ctx, db.LockPerson, persons...); err != nil {
		return nil, err
	}
	busy, err := st.openProjectsOf(ctx, persons, p.ID)
	if err != nil {
		return nil, err
	}
	for i, pid := range persons {
		if busy[pid] >= rules.MaxOpenProjectsPerPerson {
			return nil, refused(RulePersonBusy, apperr.Fields{at(i, "id_number"): "project.team.person_busy"})
		}
	}
	return persons, s.checkInstitutions(ctx, tx, p, in, today)
}

// checkRoles: every member active at the stated institution according to
// its approved filing, one leader, at the lead institution, as an active
// lead evaluator there.
func checkRoles(ctx context.Context, st teamStore, in Input, persons []int64) error {
	roles, err := st.activeRoles(ctx, persons)
	if err != nil {
		return err
	}
	leader := -1
	for i, m := range in.Members {
		if !roles[persons[i]][fmt.Sprintf("%d:", m.InstitutionID)] {
			return refused(RuleMemberNotListed, apperr.Fields{at(i, "institution_id"): "project.team.not_listed"})
		}
		if m.Role == RoleLeader {
			if leader >= 0 {
				return refused(RuleOneLeader, nil)
			}
			leader = i
		}
	}
	switch {
	case leader < 0:
		return refused(RuleOneLeader, nil)
	case in.Members[leader].InstitutionID != in.LeadInstitutionID:
		return refused(RuleLeaderInstitution, apperr.Fields{at(leader, "institution_id"): "project.team.leader_elsewhere"})
	case !roles[persons[leader]][fmt.Sprintf("%d:lead_evaluator", in.LeadInstitutionID)]:
		return refused(RuleLeaderEvaluator, apperr.Fields{at(leader, "id_number"): "project.team.not_lead_evaluator"})
	}
	return nil
}

// checkInstitutions: every institution on the team eligible (asked of the
// credit part) and not tied to the client or evaluated unit; the lead among
// the selected ones when a selection was made.
func (s *Service) checkInstitutions(ctx context.Context, tx *db.Tx, p *project.Project, in Input, today calendar.Date) error {
	eligible, err := s.Pool.EligiblePool(ctx, tx, region.Scope{Code: policy.ProvinceOf(p.RegionCode)}, today)
	if err != nil {
		return err
	}
	slices.Sort(eligible)
	tied, err := relation.Ties(ctx, tx, p.Client, p.EvaluatedUnit)
	if err != nil {
		return err
	}
	check := func(field string, id int64) error {
		if _, ok := slices.BinarySearch(eligible, id); !ok {
			return refused(RuleIneligible, apperr.Fields{field: "project.team.ineligible"})
		}
		if _, ok := tied[id]; ok {
			return refused(RuleTied, apperr.Fields{field: "project.team.tied"})
		}
		return nil
	}
	if err := check("lead_institution_id", in.LeadInstitutionID); err != nil {
		return err
	}
	for i, m := range in.Members {
		if err := check(at(i, "institution_id"), m.InstitutionID); err != nil {
			return err
		}
	}
	if p.SelectionDrawID != 0 {
		d, err := draw.Load(ctx, tx, p.SelectionDrawID)
		if err != nil {
			return err
		}
		if !slices.Contains(d.Result, in.LeadInstitutionID) {
			return refused(RuleLeadNotSelected, apperr.Fields{"lead_institution_id": "project.team.lead_not_selected"})
		}
	}
	return nil
}
