package spotcheck_test

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/project"
	"evalcred/internal/project/projecttest"
	"evalcred/internal/spotcheck"
)

var pdf = append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 600)...)

// working takes a new project to implementation: a team, a plan, approved.
func working(t *testing.T, e *projecttest.Env, name string) int64 {
	t.Helper()
	id := e.NewProject(name)
	if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, e.ValidTeam()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Project.Upload(e.Ctx, e.Lead, id, project.FilePlan, "方案.pdf", bytes.NewReader(pdf)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Project.DecidePlan(e.Ctx, e.Hunan, id, project.PlanDecisionInput{Decision: "approve"}); err != nil {
		t.Fatal(err)
	}
	return id
}

func items(fail string, institutionID int64) map[string]spotcheck.ItemInput {
	out := map[string]spotcheck.ItemInput{}
	for _, it := range spotcheck.Items {
		out[it] = spotcheck.ItemInput{Result: "pass"}
	}
	out[fail] = spotcheck.ItemInput{Result: "fail", Note: "底稿缺页", InstitutionID: institutionID}
	return out
}

// Projects in implementation are drawn for spot checks; a check names a
// draw only if the draw picked the project, a failure concerns an
// institution on the team (the lead by default), the check shows on the
// project's page, and a failed finding becomes one credit proposal.
func TestDrawRecordPropose(t *testing.T) {
	projecttest.ForEach(t, 4, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		if _, err := e.SpotCheck.DrawSpotChecks(e.Ctx, e.Hunan, spotcheck.DrawInput{Count: 1}); apperr.As(err).Fields["count"] != "project.field.no_projects" {
			t.Fatalf("draw without projects: %v", err)
		}
		id := working(t, e, "抽查")
		dr, err := e.SpotCheck.DrawSpotChecks(e.Ctx, e.Hunan, spotcheck.DrawInput{Count: 5, Seed: "抽查2026"})
		if err != nil || !slices.Equal(dr.Result, []int64{id}) || dr.Count != 1 {
			t.Fatalf("draw: %+v %v", dr, err)
		}

		planning := e.NewProject("未实施")
		if _, err := e.SpotCheck.RecordSpotCheck(e.Ctx, e.Hunan, planning, spotcheck.Input{Items: items("integrity", 0)}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("project in planning checked: %v", err)
		}
		if _, err := e.SpotCheck.RecordSpotCheck(e.Ctx, e.Hunan, id, spotcheck.Input{DrawID: dr.ID, Items: items("integrity", e.Firms[3].ID)}); apperr.As(err).Fields["items.integrity.institution_id"] != "project.field.not_on_team" {
			t.Errorf("failure of an institution off the team: %v", err)
		}
		sc, err := e.SpotCheck.RecordSpotCheck(e.Ctx, e.Hunan, id, spotcheck.Input{DrawID: dr.ID, Summary: " 抽查 ", Items: items("integrity", 0)})
		if err != nil {
			t.Fatal(err)
		}
		var failed spotcheck.Finding
		for _, f := range sc.Findings {
			if f.Result == "fail" {
				failed = f
			}
		}
		if len(sc.Findings) != 4 || failed.InstitutionID != e.Firms[0].ID || sc.Summary != "抽查" {
			t.Fatalf("spot check: %+v", sc)
		}
		page, err := e.Project.Get(e.Ctx, e.Hunan, id)
		if checks, _ := page.SpotChecks.([]spotcheck.SpotCheck); err != nil || len(checks) != 1 || len(checks[0].Findings) != 4 {
			t.Errorf("page: %+v %v", page.SpotChecks, err)
		}

		if _, err := e.SpotCheck.ProposeFromFinding(e.Ctx, e.Hunan, failed.ID, spotcheck.FindingCreditInput{}); !apperr.Is(err, apperr.Unavailable) {
			t.Errorf("without the credit part: %v", err)
		}
		var proposed []spotcheck.Proposal
		e.SpotCheck.Propose = func(_ context.Context, _ *auth.Actor, p spotcheck.Proposal) (int64, error) {
			proposed = append(proposed, p)
			return 77, nil
		}
		res, err := e.SpotCheck.ProposeFromFinding(e.Ctx, e.Hunan, failed.ID, spotcheck.FindingCreditInput{Severity: "minor"})
		if err != nil || res.CreditRecordID != 77 || len(proposed) != 1 || proposed[0].InstitutionID != e.Firms[0].ID {
			t.Fatalf("proposal: %+v %v %+v", res, err, proposed)
		}
		// The record's facts name the item in words, as the public will read them.
		if facts := proposed[0].Facts; !strings.Contains(facts, "发现：") || regexp.MustCompile(`[a-z_]{4,}|（\d+）`).MatchString(facts) {
			t.Errorf("facts %q carry a key or a row number", facts)
		}
		if _, err := e.SpotCheck.ProposeFromFinding(e.Ctx, e.Hunan, failed.ID, spotcheck.FindingCreditInput{}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a finding proposed twice: %v", err)
		}
		if _, err := e.SpotCheck.ProposeFromFinding(e.Ctx, e.User(auth.RoleProvincialReviewer, "440000", 0), failed.ID, spotcheck.FindingCreditInput{}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another province's finding: %v", err)
		}
	})
}
