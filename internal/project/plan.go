package project

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
)

// Checklist is what a reviewer goes through in an implementation plan
// (DOMAIN.md section 3 item 8).
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

// DecidePlan approves the submitted plan (the project moves to
// implementation) or sends it back with a comment on at least one checklist
// item (the lead institution uploads a new round).
func (s *Service) DecidePlan(ctx context.Context, a *auth.Actor, projectID int64, in PlanDecisionInput) (*Project, error) {
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
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *Project
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := loadManaged(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		if p.Stage != StagePreparation || p.PlanState != "submitted" {
			return apperr.New(apperr.Conflict, "project.error.wrong_stage", p.Stage)
		}
		round := p.PlanRound
		if in.Decision == "approve" {
			err = s.move(ctx, tx, a, p, StageImplementation, "plan_approved", "plan_state = ?", "approved")
		} else {
			err = s.move(ctx, tx, a, p, StagePreparation, "plan_returned", "plan_state = ?", "returned")
		}
		if err != nil {
			return err
		}
		b, _ := json.Marshal(comments)
		if _, err := tx.Exec(ctx, "INSERT INTO plan_reviews (project_id, round, decision, comments_json, reviewer_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			p.ID, round, in.Decision, string(b), a.UserID, s.now()); err != nil {
			return fmt.Errorf("project: plan review: %w", err)
		}
		if s.Notify != nil {
			if err := s.Notify.ToInstitution(ctx, tx, s.now(), p.LeadInstitutionID, "notice.project_plan_"+in.Decision, link(p.ID), p.Name); err != nil {
				return err
			}
		}
		out, err = load(ctx, tx, a, projectID)
		return err
	})
	return out, err
}

func planReviews(ctx context.Context, q db.Queryer, projectID int64) ([]PlanReview, error) {
	rows, err := q.Query(ctx, `SELECT r.round, r.decision, r.comments_json, COALESCE(u.username, ''), r.created_at FROM plan_reviews r
		LEFT JOIN users u ON u.id = r.reviewer_id WHERE r.project_id = ? ORDER BY r.round`, projectID)
	if err != nil {
		return nil, fmt.Errorf("project: plan reviews: %w", err)
	}
	defer rows.Close()
	out := []PlanReview{}
	for rows.Next() {
		var r PlanReview
		var c string
		if err := rows.Scan(&r.Round, &r.Decision, &c, &r.Reviewer, &r.CreatedAt); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(c), &r.Comments)
		out = append(out, r)
	}
	return out, rows.Err()
}
