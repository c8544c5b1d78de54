package project

import (
	"context"
	"fmt"

	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/draw"
)

// Detail is everything a project page shows.
type Detail struct {
	Project       *Project       `json:"project"`
	Events        []Event        `json:"events"`
	Team          *Team          `json:"team"`
	Selection     *draw.Draw     `json:"selection,omitempty"`
	Files         []File         `json:"files"`
	PlanReviews   []PlanReview   `json:"plan_reviews"`
	Visits        []Visit        `json:"visits"`
	SpotChecks    []SpotCheck    `json:"spot_checks"`
	Reviewers     []Reviewer     `json:"reviewers"`
	ReportReviews []ReportReview `json:"report_reviews"`
}

// Get returns a project with its history to anyone who may see it.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Detail, error) {
	p, err := load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	d := &Detail{Project: p}
	q := s.DB
	if d.Events, err = events(ctx, q, id); err != nil {
		return nil, err
	}
	if d.Team, err = team(ctx, q, id, p.LeadInstitutionID); err != nil {
		return nil, err
	}
	if p.SelectionDrawID != 0 {
		if d.Selection, err = draw.Load(ctx, q, p.SelectionDrawID); err != nil {
			return nil, err
		}
		d.Selection.Pool = nil // can be 20,000 ids: the public draw page has it
		d.Selection.Ranking = nil
	}
	if d.Files, err = files(ctx, q, id); err != nil {
		return nil, err
	}
	if d.PlanReviews, err = planReviews(ctx, q, id); err != nil {
		return nil, err
	}
	if d.Visits, err = visits(ctx, q, id); err != nil {
		return nil, err
	}
	if d.SpotChecks, err = spotChecks(ctx, q, id); err != nil {
		return nil, err
	}
	if d.Reviewers, err = reviewers(ctx, q, id); err != nil {
		return nil, err
	}
	if d.ReportReviews, err = reportReviews(ctx, q, id); err != nil {
		return nil, err
	}
	return d, nil
}

func visits(ctx context.Context, q db.Queryer, projectID int64) ([]Visit, error) {
	rows, err := q.Query(ctx, `SELECT v.id, v.visited_on, v.note, COALESCE(u.username, '') FROM guidance_visits v LEFT JOIN users u ON u.id = v.recorded_by
		WHERE v.project_id = ? ORDER BY v.visited_on, v.id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("project: visits: %w", err)
	}
	defer rows.Close()
	out := []Visit{}
	for rows.Next() {
		var v Visit
		if err := rows.Scan(&v.ID, &v.VisitedOn, &v.Note, &v.By); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func spotChecks(ctx context.Context, q db.Queryer, projectID int64) ([]SpotCheck, error) {
	rows, err := q.Query(ctx, `SELECT c.id, c.project_id, COALESCE(c.draw_id, 0), c.checked_on, c.summary, c.created_at, f.id, f.item, f.result, f.note,
		COALESCE(f.institution_id, 0), COALESCE(f.credit_record_id, 0) FROM spot_checks c JOIN spot_check_findings f ON f.spot_check_id = c.id
		WHERE c.project_id = ? ORDER BY c.id, f.id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("project: spot checks: %w", err)
	}
	defer rows.Close()
	out := []SpotCheck{}
	for rows.Next() {
		var c SpotCheck
		var f Finding
		if err := rows.Scan(&c.ID, &c.ProjectID, &c.DrawID, &c.CheckedOn, &c.Summary, &c.CreatedAt, &f.ID, &f.Item, &f.Result, &f.Note,
			&f.InstitutionID, &f.CreditRecordID); err != nil {
			return nil, err
		}
		f.SpotCheckID = c.ID
		if n := len(out); n == 0 || out[n-1].ID != c.ID {
			c.Findings = []Finding{}
			out = append(out, c)
		}
		out[len(out)-1].Findings = append(out[len(out)-1].Findings, f)
	}
	return out, rows.Err()
}
