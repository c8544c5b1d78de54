package project

import (
	"context"
	"slices"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
)

// Checklist is what a reviewer goes through in an implementation plan: the
// on-site arrangements, the work steps and methods, the scoring standard of
// the indicators, and the basic data sheet.
var Checklist = []string{"on_site_arrangement", "work_steps_methods", "indicator_scoring_standard", "basic_data_sheet"}

// PlanDecisionInput is the body of POST /api/v1/projects/{id}/plan/decision.
type PlanDecisionInput struct {
	Decision string            `json:"decision"` // approve or return
	Comments map[string]string `json:"comments"` // checklist item → comment
}

// PlanReview is one round's decision.
type PlanReview struct {
	Round     int               `json:"round"`
	Decision  string            `json:"decision"`
	Comments  map[string]string `json:"comments"`
	Reviewer  string            `json:"reviewer"`
	CreatedAt time.Time         `json:"created_at"`
}

// check validates the decision and returns the comments given, trimmed: a
// return needs a comment on at least one checklist item.
func (in PlanDecisionInput) check() (map[string]string, error) {
	var f apperr.Fields
	comments := map[string]string{}
	for k, v := range in.Comments {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		if !slices.Contains(Checklist, k) {
			f.Add("comments."+k, "project.field.checklist_item")
		}
		comments[k] = v
	}
	switch in.Decision {
	case "approve":
	case "return":
		if len(comments) == 0 {
			f.Add("comments", "project.field.return_comment")
		}
	default:
		f.Add("decision", "project.field.decision")
	}
	return comments, f.Err()
}

// DecidePlan approves the submitted plan (the project moves to
// implementation) or sends it back with a comment on at least one checklist
// item (the lead institution uploads a new round).
func (s *Service) DecidePlan(ctx context.Context, a *auth.Actor, projectID int64, in PlanDecisionInput) (*Project, error) {
	comments, err := in.check()
	if err != nil {
		return nil, err
	}
	var out *Project
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := LoadManaged(ctx, tx, a, projectID, ActionDecidePlan)
		if err != nil {
			return err
		}
		round, now := p.PlanRound, clock.Stamp(s.Clock)
		if in.Decision == "approve" {
			err = move(ctx, tx, a, p, StageImplementation, "plan_approved", now, change{planState: "approved"})
		} else {
			err = move(ctx, tx, a, p, StagePreparation, "plan_returned", now, change{planState: "returned"})
		}
		if err != nil {
			return err
		}
		if err := (reviewStore{tx}).addPlanReview(ctx, p.ID, round, in.Decision, comments, a.UserID, now); err != nil {
			return err
		}
		if s.Notify != nil {
			if err := s.Notify.ToInstitution(ctx, tx, now, p.LeadInstitutionID, "notice.project_plan_"+in.Decision, Link(p.ID), p.Name); err != nil {
				return err
			}
		}
		out, err = reload(ctx, tx, a, projectID)
		return err
	})
	return out, err
}
