package project

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/indicator"
	"evalcred/internal/policy"
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
			t, err := template(ctx, tx, p.RegionCode, *in.TemplateID)
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

// Template is a template of the library with, once retired, when: a retired
// template is no longer offered for projects, which keep their copies.
type Template struct {
	indicator.Template
	RetiredAt *time.Time `json:"retired_at"`
}

// Templates lists the template library of the actor's province: the
// built-in default (id 0) first, retired templates too (marked).
func (s *Service) Templates(ctx context.Context, a *auth.Actor) ([]Template, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	out := []Template{{Template: indicator.Default()}}
	rows, err := s.DB.Query(ctx, "SELECT "+templateCols+" FROM indicator_templates WHERE province_code = ? ORDER BY id", policy.ProvinceOf(a.RegionCode))
	if err != nil {
		return nil, fmt.Errorf("project: templates: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

const templateCols = "id, name, tree_json, retired_at"

// scanTemplate reads a row of templateCols.
func scanTemplate(row interface{ Scan(...any) error }) (*Template, error) {
	var t Template
	var tree string
	if err := row.Scan(&t.ID, &t.Name, &tree, &t.RetiredAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(tree)), &t.Indicators); err != nil {
		return nil, fmt.Errorf("project: template %d: %w", t.ID, err)
	}
	return &t, nil
}

// RetireTemplate retires a template of the actor's province (project.manage,
// as for adding one): it is no longer offered for projects' indicators, and
// the projects that copied it keep their copies. A template of another
// province, or the built-in one, is NotFound; retiring twice is a conflict.
func (s *Service) RetireTemplate(ctx context.Context, a *auth.Actor, id int64) (*Template, error) {
	if err := a.Require("project.manage"); err != nil {
		return nil, err
	}
	province := policy.ProvinceOf(a.RegionCode)
	var t *Template
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		now := s.now()
		if t, err = retireTemplate(ctx, tx, a, province, id, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "indicator_template.retired", "indicator_template", id, province, nil, map[string]string{"name": t.Name})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// retireTemplate retires template id of the province in tx and returns it:
// NotFound when the province has no such template (the built-in one has
// none), ErrStale when it is retired already or was retired meanwhile.
func retireTemplate(ctx context.Context, tx *db.Tx, a *auth.Actor, province string, id int64, now time.Time) (*Template, error) {
	t, err := scanTemplate(tx.QueryRow(ctx, "SELECT "+templateCols+" FROM indicator_templates WHERE id = ? AND province_code = ?", id, province))
	if db.IsNoRows(err) {
		return nil, apperr.NotFoundf("template")
	}
	if err != nil {
		return nil, fmt.Errorf("project: template: %w", err)
	}
	if t.RetiredAt != nil {
		return nil, apperr.ErrStale
	}
	if err := tx.Update(ctx, "UPDATE indicator_templates SET retired_at = ?, retired_by = ? WHERE id = ? AND retired_at IS NULL", now, a.UserID, id); err != nil {
		return nil, err
	}
	t.RetiredAt = &now
	return t, nil
}

// TemplateInput is the body of POST /api/v1/indicator-templates.
type TemplateInput struct {
	Name       string         `json:"name"`
	Indicators indicator.Tree `json:"indicators"`
}

// check validates the input (a name, a tree whose weights add up) and trims
// the name.
func (in *TemplateInput) check() error {
	var f apperr.Fields
	in.Name = textField(&f, "name", in.Name, true, 200)
	if err := f.Err(); err != nil {
		return err
	}
	return in.Indicators.Validate()
}

// insertTemplate stores a checked input in the province's library and
// returns it with its id.
func insertTemplate(ctx context.Context, tx *db.Tx, a *auth.Actor, province string, in TemplateInput, now time.Time) (*indicator.Template, error) {
	t := &indicator.Template{Name: in.Name, Indicators: in.Indicators}
	b, _ := json.Marshal(in.Indicators)
	var err error
	t.ID, err = tx.Insert(ctx, "INSERT INTO indicator_templates (province_code, name, tree_json, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
		province, in.Name, string(b), a.UserID, now)
	return t, err
}

// AddTemplate stores a template in the province's library (project.manage).
func (s *Service) AddTemplate(ctx context.Context, a *auth.Actor, in TemplateInput) (*indicator.Template, error) {
	if err := a.Require("project.manage"); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	var t *indicator.Template
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		now := s.now()
		province := policy.ProvinceOf(a.RegionCode)
		if t, err = insertTemplate(ctx, tx, a, province, in, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "indicator_template.created", "indicator_template", t.ID, province, nil, map[string]string{"name": in.Name})
	})
	return t, err
}

// ReviseTemplate edits a template of the actor's province (project.manage):
// the revision is stored as a new template and the one it revises is
// retired in the same transaction, so that the projects that copied the old
// tree keep it and the library offers only the new one. A template of
// another province, or the built-in one, is NotFound; one retired
// meanwhile (revised or retired by someone else) is a conflict: of two
// people revising one template at once, exactly one wins. An invalid name
// or tree changes nothing.
func (s *Service) ReviseTemplate(ctx context.Context, a *auth.Actor, id int64, in TemplateInput) (*indicator.Template, error) {
	if err := a.Require("project.manage"); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	province := policy.ProvinceOf(a.RegionCode)
	var t *indicator.Template
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		now := s.now()
		old, err := retireTemplate(ctx, tx, a, province, id, now)
		if err != nil {
			return err
		}
		if t, err = insertTemplate(ctx, tx, a, province, in, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "indicator_template.revised", "indicator_template", t.ID, province,
			map[string]any{"template_id": id, "name": old.Name}, map[string]any{"template_id": t.ID, "name": in.Name})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

func template(ctx context.Context, q db.Queryer, regionCode string, id int64) (*indicator.Template, error) {
	if id == 0 {
		t := indicator.Default()
		return &t, nil
	}
	t, err := scanTemplate(q.QueryRow(ctx, "SELECT "+templateCols+" FROM indicator_templates WHERE id = ? AND province_code = ?", id, policy.ProvinceOf(regionCode)))
	if db.IsNoRows(err) {
		return nil, apperr.InvalidField("template_id", "project.field.template")
	}
	if err != nil {
		return nil, err
	}
	if t.RetiredAt != nil {
		return nil, apperr.InvalidField("template_id", "project.field.template_retired")
	}
	return &t.Template, nil
}
