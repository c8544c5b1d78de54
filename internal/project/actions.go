package project

import (
	"context"
	"slices"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
)

// The actions one may take on a project, each decided here once: by who
// the viewer is (a permission, the lead institution, an assigned reviewer)
// and by the project's stage and the state of its plan or report. A
// project's JSON lists those its reader may take now ("actions"), and its
// pages show a button for each.
const (
	ActionSelect             = "select"
	ActionSetTeam            = "set_team"
	ActionEditIndicators     = "edit_indicators"
	ActionUploadPlan         = "upload_plan"
	ActionDecidePlan         = "decide_plan"
	ActionLogVisit           = "log_visit"
	ActionRecordSpotCheck    = "record_spot_check"
	ActionUploadWorkingPaper = "upload_working_paper"
	ActionUploadReport       = "upload_report"
	ActionAssignReviewer     = "assign_reviewer"
	ActionReviewReport       = "review_report"
)

// actions are the actions in the order pages offer them.
var actions = []string{ActionSelect, ActionSetTeam, ActionEditIndicators, ActionUploadPlan, ActionDecidePlan, ActionLogVisit,
	ActionRecordSpotCheck, ActionUploadWorkingPaper, ActionUploadReport, ActionAssignReviewer, ActionReviewReport}

// rule says who may take an action (reviewer: the viewer is assigned to the
// report review) and when; a nil when means at any stage.
type rule struct {
	who  func(a *auth.Actor, p *Project, reviewer bool) bool
	when func(p *Project) bool
}

func can(perm string) func(*auth.Actor, *Project, bool) bool {
	return func(a *auth.Actor, _ *Project, _ bool) bool { return a.Can(perm) }
}

// lead: the lead institution's users, who do the team's work.
func lead(a *auth.Actor, p *Project, _ bool) bool {
	return a.Can("project.team_work") && a.ActsFor(p.LeadInstitutionID)
}

func during(list ...string) func(*Project) bool {
	return func(p *Project) bool { return slices.Contains(list, p.Stage) }
}

// working: the team works on site and reports.
var working = during(StageImplementation, StageReporting)

var rules = map[string]rule{
	ActionSelect:  {can("project.manage"), during(StagePlanning)},
	ActionSetTeam: {can("project.manage"), during(StagePlanning, StageTeamFormed)},
	// The officials running the project change its indicators until it is
	// completed, the lead institution until its plan is approved.
	ActionEditIndicators: {func(a *auth.Actor, p *Project, r bool) bool {
		return a.Can("project.manage") && p.Stage != StageCompleted || lead(a, p, r) && during(StageTeamFormed, StagePreparation)(p)
	}, nil},
	ActionUploadPlan: {lead, func(p *Project) bool {
		return p.Stage == StageTeamFormed || p.Stage == StagePreparation && p.PlanState == "returned"
	}},
	ActionDecidePlan: {can("project.manage"), func(p *Project) bool {
		return p.Stage == StagePreparation && p.PlanState == "submitted"
	}},
	ActionLogVisit:           {can("spotcheck.manage"), working},
	ActionRecordSpotCheck:    {can("spotcheck.manage"), working},
	ActionUploadWorkingPaper: {can("project.team_work"), working},
	ActionUploadReport: {lead, func(p *Project) bool {
		return p.Stage == StageImplementation || p.Stage == StageReporting && p.ReportState == "revising"
	}},
	ActionAssignReviewer: {can("project.manage"), func(p *Project) bool { return p.Stage != StageCompleted }},
	ActionReviewReport: {func(a *auth.Actor, _ *Project, reviewer bool) bool { return reviewer && a.Can("project.review_report") },
		func(p *Project) bool { return p.Stage == StageReporting && p.ReportState == "under_review" }},
}

// Check returns nil when the project's stage allows action now, whoever
// asks, and otherwise the Conflict naming the stage.
func (p *Project) Check(action string) error {
	if when := rules[action].when; when == nil || when(p) {
		return nil
	}
	return p.wrongStage()
}

func (p *Project) wrongStage() error {
	return apperr.New(apperr.Conflict, "project.error.wrong_stage", p.Stage)
}

// allowed reports whether a may take action on p now.
func allowed(a *auth.Actor, p *Project, action string, reviewer bool) bool {
	r := rules[action]
	return a != nil && r.who(a, p, reviewer) && (r.when == nil || r.when(p))
}

// Actions lists what a may do with p now, in the order pages offer them.
// reviewer says whether a is assigned to p's report review.
func Actions(a *auth.Actor, p *Project, reviewer bool) []string {
	out := []string{}
	for _, action := range actions {
		if allowed(a, p, action, reviewer) {
			out = append(out, action)
		}
	}
	return out
}

// Allows reports whether action is among the project's actions, as listed
// for the reader it was read for: a page shows its button.
func (p *Project) Allows(action string) bool { return slices.Contains(p.Actions, action) }

// withActions lists on each project what a may do with it now.
func withActions(ctx context.Context, q db.Queryer, a *auth.Actor, ps ...*Project) error {
	var reviewing []int64
	if a.Can("project.review_report") {
		var err error
		if reviewing, err = (reviewStore{q}).reviewing(ctx, a.UserID); err != nil {
			return err
		}
	}
	for _, p := range ps {
		p.Actions = Actions(a, p, slices.Contains(reviewing, p.ID))
	}
	return nil
}
