package team_test

import (
	"fmt"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/project/projecttest"
	"evalcred/internal/team"
)

func TestTeamRules(t *testing.T) {
	projecttest.ForEach(t, 4, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		id := e.NewProject("团队规则")
		oneFirm := team.Input{LeadInstitutionID: e.Firms[0].ID, Members: []team.MemberInput{
			{IDNumber: e.Firms[0].LeadEvaluator, InstitutionID: e.Firms[0].ID, Role: "leader"},
			{IDNumber: e.Firms[0].Practitioners[0], InstitutionID: e.Firms[0].ID, Role: "member"},
		}}
		if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, oneFirm); projecttest.Rule(err) != "project.team.rule.min_institutions" {
			t.Errorf("one institution: %v", err)
		}
		heavy := e.ValidTeam()
		heavy.Members = append(heavy.Members, team.MemberInput{IDNumber: e.Firms[0].Practitioners[0], InstitutionID: e.Firms[0].ID, Role: "member"},
			team.MemberInput{IDNumber: e.Firms[0].Practitioners[1], InstitutionID: e.Firms[0].ID, Role: "member"},
			team.MemberInput{IDNumber: e.Firms[0].Practitioners[2], InstitutionID: e.Firms[0].ID, Role: "expert"})
		if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, heavy); projecttest.Rule(err) != "project.team.rule.max_share" {
			t.Errorf("4 of 6 from one institution: %v", err)
		}
		notLead := e.ValidTeam()
		notLead.Members[0].IDNumber = e.Firms[0].Practitioners[0]
		if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, notLead); projecttest.Rule(err) != "project.team.rule.leader_evaluator" {
			t.Errorf("leader not a lead evaluator: %v", err)
		}
		wrongFirm := e.ValidTeam()
		wrongFirm.Members[1].InstitutionID = e.Firms[3].ID
		if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, wrongFirm); projecttest.Rule(err) != "project.team.rule.member_not_listed" {
			t.Errorf("member at another institution: %v", err)
		}
		unknown := e.ValidTeam()
		unknown.Members[2].IDNumber = "11010519491231002X"
		_, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, unknown)
		if projecttest.Rule(err) != "project.team.rule.member_unknown" || apperr.As(err).Fields["members[2].id_number"] == "" {
			t.Errorf("unknown person: %v", err)
		}
		badID := e.ValidTeam()
		badID.Members[1].IDNumber = "430102198001011234"
		if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, badID); apperr.As(err).Fields["members[1].id_number"] != "project.field.id_number" {
			t.Errorf("invalid ID number: %v", err)
		}
		projecttest.Sanction(t, d, e.Clock, e.Firms[2].ID, "suspension")
		if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, e.ValidTeam()); projecttest.Rule(err) != "project.team.rule.institution_ineligible" {
			t.Errorf("suspended institution: %v", err)
		}
	})
}

func TestPersonOnAtMostTwoOpenProjects(t *testing.T) {
	projecttest.ForEach(t, 3, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		for _, name := range []string{"项目一", "项目二"} {
			if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, e.NewProject(name), e.ValidTeam()); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		_, err := e.Team.SetTeam(e.Ctx, e.Hunan, e.NewProject("项目三"), e.ValidTeam())
		if projecttest.Rule(err) != "project.team.rule.person_busy" || apperr.As(err).Fields["members[0].id_number"] == "" {
			t.Fatalf("third open project: %v", err)
		}
		// Completing one frees the people.
		if _, err := d.Exec(e.Ctx, "UPDATE projects SET stage = 'completed' WHERE name = ?", "项目一"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, e.NewProject("项目四"), e.ValidTeam()); err != nil {
			t.Fatalf("after completion: %v", err)
		}
	})
}

// Two teams with the same person saved at the same moment, when the person
// has one open project and may have two: exactly one is saved. Each save
// counts the person's projects before writing; without a lock on the person
// both would count one (PostgreSQL runs them side by side).
func TestTeamsSavedAtOnceCountEachOther(t *testing.T) {
	projecttest.ForEach(t, 3, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		for round := range 6 {
			if _, err := d.Exec(e.Ctx, "UPDATE projects SET stage = 'completed'"); err != nil {
				t.Fatal(err)
			}
			if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, e.NewProject(fmt.Sprintf("先行%d", round)), e.ValidTeam()); err != nil {
				t.Fatal(err)
			}
			ids := []int64{e.NewProject(fmt.Sprintf("并行甲%d", round)), e.NewProject(fmt.Sprintf("并行乙%d", round))}
			save := func(id int64) func() error {
				return func() error {
					_, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, e.ValidTeam())
					return err
				}
			}
			busy := func(err error) bool { return projecttest.Rule(err) == "project.team.rule.person_busy" }
			if !dbtest.OneWinsRefused(t, busy, save(ids[0]), save(ids[1])) {
				t.Fatalf("round %d: not one of two teams saved with a person who had room for one more project", round)
			}
		}
	})
}
