package project

import (
	"context"

	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/draw"
)

// Detail is everything a project page shows. Its team and its spot checks
// are kept by internal/team and internal/spotcheck, which import project:
// their Parts fill Team (a *team.Team) and SpotChecks (a
// []spotcheck.SpotCheck), which project holds as they give them.
type Detail struct {
	Project   *Project   `json:"project"`
	Events    []Event    `json:"events"`
	Team      any        `json:"team"`
	Selection *draw.Draw `json:"selection,omitempty"`
	// SelectionNames names the selected institutions in the draw's order.
	SelectionNames []string       `json:"selection_names,omitempty"`
	Files          []File         `json:"files"`
	PlanReviews    []PlanReview   `json:"plan_reviews"`
	Visits         []Visit        `json:"visits"`
	SpotChecks     any            `json:"spot_checks"`
	Reviewers      []Reviewer     `json:"reviewers"`
	ReportReviews  []ReportReview `json:"report_reviews"`
}

// Part adds to a project's page what a package building on projects keeps
// about it (team.Service its team, spotcheck.Service its spot checks).
type Part interface {
	AddTo(ctx context.Context, q db.Queryer, d *Detail) error
}

// Get returns a project with its history to anyone who may see it.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Detail, error) {
	p, err := Load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	if err := withActions(ctx, s.DB, a, p); err != nil {
		return nil, err
	}
	d := &Detail{Project: p}
	ps, ws, rs := projectStore{s.DB}, workStore{s.DB}, reviewStore{s.DB}
	if d.Events, err = ps.events(ctx, id); err != nil {
		return nil, err
	}
	if p.SelectionDrawID != 0 {
		if d.Selection, err = draw.Load(ctx, s.DB, p.SelectionDrawID); err != nil {
			return nil, err
		}
		d.Selection.Pool = nil // can be 20,000 ids: the public draw page has it
		d.Selection.Ranking = nil
		if d.SelectionNames, err = draw.ResultNames(ctx, s.DB, d.Selection); err != nil {
			return nil, err
		}
	}
	if d.Files, err = ws.files(ctx, id); err != nil {
		return nil, err
	}
	if d.PlanReviews, err = rs.planReviews(ctx, id); err != nil {
		return nil, err
	}
	if d.Visits, err = ws.visits(ctx, id); err != nil {
		return nil, err
	}
	if d.Reviewers, err = rs.reviewers(ctx, id); err != nil {
		return nil, err
	}
	if d.ReportReviews, err = rs.reportReviews(ctx, id); err != nil {
		return nil, err
	}
	for _, part := range s.Parts {
		if err := part.AddTo(ctx, s.DB, d); err != nil {
			return nil, err
		}
	}
	return d, nil
}
