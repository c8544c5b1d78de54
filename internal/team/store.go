package team

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/ident"
	"evalcred/internal/project"
	"evalcred/internal/region"
)

// teamStore holds every query of teams and of what their rules read (the
// persons, their filed roles, their open projects), on the *db.DB or,
// inside a transaction, the *db.Tx.
type teamStore struct{ q db.Queryer }

// team returns a project's team, the members' ID numbers masked.
func (s teamStore) team(ctx context.Context, projectID, lead int64) (*Team, error) {
	members, err := db.List(ctx, s.q, "team: members", func(row db.Scanner) (Member, error) {
		var m Member
		err := row.Scan(&m.PersonID, &m.Name, &m.IDNumber, &m.InstitutionID, &m.InstitutionName, &m.Role)
		m.IDNumber = ident.MaskResidentID(m.IDNumber)
		return m, err
	}, `SELECT tm.person_id, pe.name, pe.id_number, tm.institution_id, i.name, tm.role FROM team_members tm
		JOIN persons pe ON pe.id = tm.person_id JOIN institutions i ON i.id = tm.institution_id WHERE tm.project_id = ? ORDER BY tm.id`, projectID)
	if err != nil {
		return nil, err
	}
	return &Team{ProjectID: projectID, LeadInstitutionID: lead, Members: members}, nil
}

// replace replaces a project's members by persons (one per member, in order).
func (s teamStore) replace(ctx context.Context, projectID int64, persons []int64, members []MemberInput, now time.Time) error {
	if _, err := s.q.Exec(ctx, "DELETE FROM team_members WHERE project_id = ?", projectID); err != nil {
		return fmt.Errorf("team: %w", err)
	}
	for i, m := range members {
		if _, err := s.q.Exec(ctx, "INSERT INTO team_members (project_id, person_id, institution_id, role, created_at) VALUES (?, ?, ?, ?, ?)",
			projectID, persons[i], m.InstitutionID, m.Role, now); err != nil {
			return fmt.Errorf("team: %w", err)
		}
	}
	return nil
}

// persons returns the person of each ID number, in order; unknown is the
// index of the first number that is nobody's (-1 when all are known), the
// ids from it on are not read.
func (s teamStore) persons(ctx context.Context, idNumbers []string) (ids []int64, unknown int, err error) {
	ids = make([]int64, len(idNumbers))
	for i, n := range idNumbers {
		err := s.q.QueryRow(ctx, "SELECT id FROM persons WHERE id_number = ?", n).Scan(&ids[i])
		if db.IsNoRows(err) {
			return ids, i, nil
		}
		if err != nil {
			return nil, 0, err
		}
	}
	return ids, -1, nil
}

// activeRoles returns, for the given persons, the set of "institution:"
// and "institution:role" they hold actively according to approved filings.
func (s teamStore) activeRoles(ctx context.Context, personIDs []int64) (map[int64]map[string]bool, error) {
	out := map[int64]map[string]bool{}
	if len(personIDs) == 0 {
		return out, nil
	}
	type role struct {
		person, inst int64
		role         string
	}
	rows, err := db.List(ctx, s.q, "team: person roles", func(row db.Scanner) (role, error) {
		var r role
		err := row.Scan(&r.person, &r.inst, &r.role)
		return r, err
	}, `SELECT person_id, institution_id, role FROM person_roles WHERE active = TRUE AND person_id IN (`+db.In(len(personIDs))+`)`, anys(personIDs)...)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if out[r.person] == nil {
			out[r.person] = map[string]bool{}
		}
		out[r.person][fmt.Sprintf("%d:", r.inst)] = true
		out[r.person][fmt.Sprintf("%d:%s", r.inst, r.role)] = true
	}
	return out, nil
}

// openProjectsOf counts, per person, the projects not completed they are on,
// other than the project being staffed.
func (s teamStore) openProjectsOf(ctx context.Context, personIDs []int64, except int64) (map[int64]int, error) {
	if len(personIDs) == 0 {
		return map[int64]int{}, nil
	}
	return db.Counts[int64](ctx, s.q, "team: open projects of persons", `SELECT tm.person_id, COUNT(DISTINCT tm.project_id) FROM team_members tm JOIN projects p ON p.id = tm.project_id
		WHERE p.stage <> ? AND tm.project_id <> ? AND tm.person_id IN (`+db.In(len(personIDs))+`) GROUP BY tm.person_id`,
		append([]any{project.StageCompleted, except}, anys(personIDs)...)...)
}

func anys(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// institutions names the institutions known (any region) and those of
// extra inside scope, by name.
func (s teamStore) institutions(ctx context.Context, known, extra []int64, scope region.Scope) ([]StaffInstitution, error) {
	cond, args := scope.SQL("region_code")
	where := "(" + cond + ")"
	if len(extra) == 0 {
		where, args = "1 = 0", nil
	}
	if len(extra) > 0 {
		where = "(id IN (" + db.In(len(extra)) + ") AND " + where + ")"
		args = append(anys(extra), args...)
	}
	if len(known) > 0 {
		where += " OR id IN (" + db.In(len(known)) + ")"
		args = append(args, anys(known)...)
	}
	return db.List(ctx, s.q, "team: institutions", func(row db.Scanner) (StaffInstitution, error) {
		var in StaffInstitution
		err := row.Scan(&in.ID, &in.Name)
		return in, err
	}, "SELECT id, name FROM institutions WHERE "+where+" ORDER BY name, id", args...)
}

// people lists the persons active at the institutions, by institution and
// name, one row per person and institution.
func (s teamStore) people(ctx context.Context, institutionIDs []int64) ([]Candidate, error) {
	if len(institutionIDs) == 0 {
		return []Candidate{}, nil
	}
	return db.List(ctx, s.q, "team: people", func(row db.Scanner) (Candidate, error) {
		var c Candidate
		var leads int
		err := row.Scan(&c.PersonID, &c.Name, &c.IDNumber, &c.InstitutionID, &c.InstitutionName, &leads)
		c.MaskedID, c.LeadEvaluator = ident.MaskResidentID(c.IDNumber), leads > 0
		return c, err
	}, `SELECT pe.id, pe.name, pe.id_number, i.id, i.name, SUM(CASE WHEN pr.role = 'lead_evaluator' THEN 1 ELSE 0 END)
		FROM person_roles pr JOIN persons pe ON pe.id = pr.person_id JOIN institutions i ON i.id = pr.institution_id
		WHERE pr.active = TRUE AND pr.institution_id IN (`+db.In(len(institutionIDs))+`)
		GROUP BY pe.id, pe.name, pe.id_number, i.id, i.name ORDER BY i.name, i.id, pe.name, pe.id`, anys(institutionIDs)...)
}
