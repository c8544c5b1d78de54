package project_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/project"
	"evalcred/internal/project/projecttest"
)

// A project lists what its reader may do with it now, by who they are and
// by its stage: the official who runs it, the lead institution's user and
// an assigned reviewer each see their own actions, and they change as the
// project moves on. The list is in the project's JSON.
func TestActionsFollowStageAndViewer(t *testing.T) {
	projecttest.ForEach(t, 3, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		expert := e.User(auth.RoleExpert, "430000", 0)
		id := e.NewProject("动作")
		want := func(step string, a *auth.Actor, actions ...string) {
			t.Helper()
			got, err := e.Project.Get(e.Ctx, a, id)
			if err != nil {
				t.Fatalf("%s: %s: %v", step, a.Username, err)
			}
			if actions == nil {
				actions = []string{}
			}
			if !slices.Equal(got.Project.Actions, actions) {
				t.Errorf("%s: %s may %v, want %v", step, a.Username, got.Project.Actions, actions)
			}
		}
		want("planning", e.Hunan, project.ActionSelect, project.ActionSetTeam, project.ActionEditIndicators, project.ActionAssignReviewer)

		if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, e.ValidTeam()); err != nil {
			t.Fatal(err)
		}
		want("team formed", e.Hunan, project.ActionSetTeam, project.ActionEditIndicators, project.ActionAssignReviewer)
		want("team formed", e.Lead, project.ActionEditIndicators, project.ActionUploadPlan)

		if _, err := e.Project.Upload(e.Ctx, e.Lead, id, project.FilePlan, "方案.pdf", bytes.NewReader(pdf)); err != nil {
			t.Fatal(err)
		}
		want("plan submitted", e.Hunan, project.ActionEditIndicators, project.ActionDecidePlan, project.ActionAssignReviewer)
		want("plan submitted", e.Lead, project.ActionEditIndicators)

		p, err := e.Project.DecidePlan(e.Ctx, e.Hunan, id, project.PlanDecisionInput{Decision: "approve"})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(p.Actions, project.ActionRecordSpotCheck) {
			t.Errorf("the decision's answer lists %v", p.Actions)
		}
		want("implementation", e.Hunan, project.ActionEditIndicators, project.ActionLogVisit, project.ActionRecordSpotCheck, project.ActionAssignReviewer)
		want("implementation", e.Lead, project.ActionUploadWorkingPaper, project.ActionUploadReport)

		if _, err := e.Project.AssignReviewer(e.Ctx, e.Hunan, id, project.AssignInput{Username: expert.Username}); err != nil {
			t.Fatal(err)
		}
		want("implementation", expert)
		if _, err := e.Project.Upload(e.Ctx, e.Lead, id, project.FileDraftReport, "报告.pdf", bytes.NewReader(pdf)); err != nil {
			t.Fatal(err)
		}
		want("report under review", expert, project.ActionReviewReport)
		want("report under review", e.Lead, project.ActionUploadWorkingPaper)

		list, err := e.Project.List(e.Ctx, expert, project.Filter{})
		if err != nil || len(list) != 1 || !slices.Equal(list[0].Actions, []string{project.ActionReviewReport}) {
			t.Fatalf("list: %+v %v", list, err)
		}
		b, _ := json.Marshal(list[0])
		if !bytes.Contains(b, []byte(`"actions":["review_report"]`)) {
			t.Errorf("JSON %s", b)
		}
	})
}
