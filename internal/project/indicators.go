package project

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/indicator"
)

// Indicators is a project's indicator system.
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

func saveIndicators(ctx context.Context, tx *db.Tx, projectID int64, source string, t indicator.Tree, by int64, now time.Time) error {
	b, err := json.Marshal(t)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO project_indicators (project_id, source, tree_json, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)`,
		projectID, source, string(b), by, now)
	if err != nil {
		return fmt.Errorf("project: indicators: %w", err)
	}
	return nil
}

// GetIndicators returns a project's indicator system to anyone who sees the project.
func (s *Service) GetIndicators(ctx context.Context, a *auth.Actor, projectID int64) (*Indicators, error) {
	if _, err := load(ctx, s.DB, a, projectID); err != nil {
		return nil, err
	}
	return loadIndicators(ctx, s.DB, projectID)
}

func loadIndicators(ctx context.Context, q db.Queryer, projectID int64) (*Indicators, error) {
	in := &Indicators{ProjectID: projectID}
	var tree string
	err := q.QueryRow(ctx, "SELECT source, tree_json, lock_version, updated_at FROM project_indicators WHERE project_id = ?", projectID).Scan(
		&in.Source, &tree, &in.LockVersion, &in.UpdatedAt)
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("indicators")
	}
	if err != nil {
		return nil, fmt.Errorf("project: indicators: %w", err)
	}
	if err := json.Unmarshal([]byte(tree), &in.Indicators); err != nil {
		return nil, fmt.Errorf("project: indicators: %w", err)
	}
	return in, nil
}

// PutIndicators replaces a project's indicator system, after checking that
// the weights add up at every level (422 naming the node otherwise). The
// officials running the project may change it until completion, the lead
// institution until the plan is approved.
func (s *Service) PutIndicators(ctx context.Context, a *auth.Actor, projectID int64, in IndicatorsInput) (*Indicators, error) {
	var out *Indicators
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := load(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		switch {
		case a.Can("project.manage") && p.Stage != StageCompleted:
		case a.Can("project.team_work") && a.InstitutionID == p.LeadInstitutionID &&
			(p.Stage == StageTeamFormed || p.Stage == StagePreparation):
		default:
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
		b, _ := json.Marshal(tree)
		now := s.now()
		if err := tx.Update(ctx, `UPDATE project_indicators SET tree_json = ?, source = ?, lock_version = lock_version + 1, updated_by = ?, updated_at = ?
			WHERE project_id = ? AND lock_version = ?`, string(b), source, a.UserID, now, projectID, in.LockVersion); err != nil {
			return err
		}
		if err := s.event(ctx, tx, a, p.ID, "step", p.Stage, p.Stage, "indicators_changed"); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, a.Who(), now, "project.indicators_changed", "project", p.ID, p.RegionCode, nil, map[string]string{"source": source}); err != nil {
			return err
		}
		out, err = loadIndicators(ctx, tx, projectID)
		return err
	})
	return out, err
}
