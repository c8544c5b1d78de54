package project

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/policy"
)

// TeamRules is policy team.rules (DOMAIN.md section 3 item 7), versioned per
// province.
type TeamRules struct {
	MinInstitutions          int `json:"min_institutions"`
	MaxSharePercent          int `json:"max_share_percent"`
	MaxOpenProjectsPerPerson int `json:"max_open_projects_per_person"`
}

func teamRules(ctx context.Context, q db.Queryer, regionCode string, on calendar.Date) (TeamRules, error) {
	var r TeamRules
	err := policy.Get(ctx, q, regionCode, "team.rules", on, &r)
	return r, err
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

// teamError is the 422 of a broken rule: fields.team names the rule, and
// more precise fields (members[2].id_number) say where, when there is a where.
func teamError(rule string, more apperr.Fields) error {
	f := apperr.Fields{}
	for k, v := range more {
		f[k] = v
	}
	f["team"] = "project.team.rule." + rule
	e := apperr.As(f.Err())
	e.Key = "project.team.refused"
	return e
}

// openProjectsOf counts, per person, the projects not completed they are on,
// other than the project being staffed.
func openProjectsOf(ctx context.Context, q db.Queryer, personIDs []int64, except int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(personIDs) == 0 {
		return out, nil
	}
	args := []any{StageCompleted, except}
	for _, id := range personIDs {
		args = append(args, id)
	}
	rows, err := q.Query(ctx, `SELECT tm.person_id, COUNT(DISTINCT tm.project_id) FROM team_members tm JOIN projects p ON p.id = tm.project_id
		WHERE p.stage <> ? AND tm.project_id <> ? AND tm.person_id IN (`+db.In(len(personIDs))+`) GROUP BY tm.person_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("project: open projects of persons: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// activeRoles returns, for the given persons, the set of "institution:role"
// they hold actively according to approved filings.
func activeRoles(ctx context.Context, q db.Queryer, personIDs []int64) (map[int64]map[string]bool, error) {
	out := map[int64]map[string]bool{}
	if len(personIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(personIDs))
	for i, id := range personIDs {
		args[i] = id
	}
	rows, err := q.Query(ctx, `SELECT person_id, institution_id, role FROM person_roles WHERE active = TRUE AND person_id IN (`+db.In(len(personIDs))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("project: person roles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid, inst int64
		var role string
		if err := rows.Scan(&pid, &inst, &role); err != nil {
			return nil, err
		}
		if out[pid] == nil {
			out[pid] = map[string]bool{}
		}
		out[pid][fmt.Sprintf("%d:", inst)] = true
		out[pid][fmt.Sprintf("%d:%s", inst, role)] = true
	}
	return out, rows.Err()
}
