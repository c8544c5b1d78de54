package project

import (
	"context"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/indicator"
)

// Indicators is a project's indicator system: its own copy of a template,
// edited as the project needs.
type Indicators struct {
	ProjectID   int64          `json:"project_id"`
	Source      string         `json:"source"`
	Indicators  indicator.Tree `json:"indicators"`
	LockVersion int            `json:"lock_version"`
	UpdatedAt   time.Time      `json:"updated_at"`
}

// IndicatorsInput is the body of PUT /api/v1/projects/{id}/indicators: a
// whole tree, or a template to copy (template_id; 0 is the built-in default).
type IndicatorsInput struct {
	Indicators  indicator.Tree `json:"indicators"`
	TemplateID  *int64         `json:"template_id"`
	LockVersion int            `json:"lock_version"`
}

// Echoed names what GET answers beside the tree, which a PUT may send back.
func (IndicatorsInput) Echoed() []string { return []string{"project_id", "source", "updated_at"} }

// GetIndicators returns a project's indicator system to anyone who sees the project.
func (s *Service) GetIndicators(ctx context.Context, a *auth.Actor, projectID int64) (*Indicators, error) {
	if _, err := Load(ctx, s.DB, a, projectID); err != nil {
		return nil, err
	}
	return workStore{s.DB}.indicators(ctx, projectID)
}

// PutIndicators replaces a project's indicator system, after checking that
// the weights add up at every level (422 naming the node otherwise). The
// officials running the project may change it until completion, the lead
// institution until the plan is approved.
func (s *Service) PutIndicators(ctx context.Context, a *auth.Actor, projectID int64, in IndicatorsInput) (*Indicators, error) {
	var out *Indicators
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := Load(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		if !allowed(a, p, ActionEditIndicators, false) {
			return apperr.New(apperr.Forbidden, "error.forbidden")
		}
		tree, source := in.Indicators, "edited"
		if in.TemplateID != nil {
			t, err := indicator.Offered(ctx, tx, p.RegionCode, *in.TemplateID)
			if err != nil {
				return err
			}
			tree, source = t.Indicators, fmt.Sprintf("template:%d", t.ID)
		}
		if err := tree.Validate(); err != nil {
			return err
		}
		now := clock.Stamp(s.Clock)
		ws := workStore{tx}
		if err := ws.setIndicators(ctx, projectID, tree, source, in.LockVersion, a.UserID, now); err != nil {
			return err
		}
		if err := Step(ctx, tx, a, p, "indicators_changed", now, map[string]string{"source": source}); err != nil {
			return err
		}
		out, err = ws.indicators(ctx, projectID)
		return err
	})
	return out, err
}
