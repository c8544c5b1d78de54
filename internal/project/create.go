package project

import (
	"context"
	"evalcred/internal/privacy"
	"evalcred/internal/textnorm"
	"fmt"
	"strings"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/indicator"
	"evalcred/internal/region"
)

// CreateInput is the body of POST /api/v1/projects.
type CreateInput struct {
	Year          int           `json:"year"`
	Name          string        `json:"name"`
	Fund          string        `json:"fund"`
	AmountFen     int64         `json:"amount_fen"`
	Client        string        `json:"client"`
	EvaluatedUnit string        `json:"evaluated_unit"`
	RegionCode    string        `json:"region_code"`
	Deadline      calendar.Date `json:"deadline"`
	FeeBudgetFen  int64         `json:"fee_budget_fen"`
}

// CreateResult is the 201 answer.
type CreateResult struct {
	ID    int64  `json:"id"`
	Stage string `json:"stage"`
}

// normName is how organisation names are compared for ties: the same
// folding as every name search.
func normName(s string) string { return textnorm.Name(s) }

func textField(f *apperr.Fields, name, v string, required bool, maxRunes int) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "" && required:
		f.Add(name, "field.required")
	case utf8.RuneCountInString(v) > maxRunes:
		f.Add(name, "project.field.too_long")
	}
	return v
}

func (in *CreateInput) validate(a *auth.Actor, today calendar.Date) error {
	var f apperr.Fields
	in.Name = textField(&f, "name", in.Name, true, 200)
	privacy.Check(&f, "name", in.Name) // published with the project's draws
	in.Fund = textField(&f, "fund", in.Fund, false, 200)
	in.Client = textField(&f, "client", in.Client, true, 200)
	in.EvaluatedUnit = textField(&f, "evaluated_unit", in.EvaluatedUnit, true, 200)
	if in.Year < 2000 || in.Year > today.Y+1 {
		f.Add("year", "project.field.year")
	}
	if in.AmountFen < 0 {
		f.Add("amount_fen", "project.field.money")
	}
	if in.FeeBudgetFen < 0 {
		f.Add("fee_budget_fen", "project.field.money")
	}
	if _, ok := region.Default().Lookup(in.RegionCode); !ok {
		f.Add("region_code", "field.region_code")
	} else if !a.Scope().Contains(in.RegionCode) {
		f.Add("region_code", "project.field.region_scope")
	}
	if !in.Deadline.IsZero() && in.Deadline.Before(today) {
		f.Add("deadline", "project.field.deadline_past")
	}
	return f.Err()
}

// Create opens a project in planning, with a copy of the default indicator
// system. Permission project.manage (the provincial reviewer); the region
// must lie in the creator's scope.
func (s *Service) Create(ctx context.Context, a *auth.Actor, in CreateInput) (CreateResult, error) {
	if err := a.Require("project.manage"); err != nil {
		return CreateResult{}, err
	}
	if err := in.validate(a, s.today()); err != nil {
		return CreateResult{}, err
	}
	var res CreateResult
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		now := s.now()
		id, err := tx.Insert(ctx, `INSERT INTO projects (year, name, fund, amount_fen, client, client_norm, evaluated_unit, evaluated_unit_norm,
			region_code, deadline, fee_budget_fen, stage, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			in.Year, in.Name, in.Fund, in.AmountFen, in.Client, normName(in.Client), in.EvaluatedUnit, normName(in.EvaluatedUnit),
			in.RegionCode, in.Deadline, in.FeeBudgetFen, StagePlanning, a.UserID, now, now)
		if err != nil {
			return fmt.Errorf("project: create: %w", err)
		}
		def := indicator.Default()
		if err := saveIndicators(ctx, tx, id, "template:default", def.Indicators, a.UserID, now); err != nil {
			return err
		}
		if err := s.event(ctx, tx, a, id, "stage", "", StagePlanning, "created"); err != nil {
			return err
		}
		res = CreateResult{ID: id, Stage: StagePlanning}
		return audit.Record(ctx, tx, a.Who(), now, "project.created", "project", id, in.RegionCode, nil, in)
	})
	return res, err
}

// Filter selects projects for List.
type Filter struct {
	Stage string
	Year  int
	Limit int
}

// List returns the projects the actor may see, newest first.
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) ([]*Project, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	cond, args := visibleSQL(a)
	q := "SELECT " + projectCols + projectFrom + " WHERE " + cond
	if f.Stage != "" {
		q += " AND p.stage = ?"
		args = append(args, f.Stage)
	}
	if f.Year != 0 {
		q += " AND p.year = ?"
		args = append(args, f.Year)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	rows, err := s.DB.Query(ctx, q+" ORDER BY p.id DESC LIMIT ?", append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("project: list: %w", err)
	}
	defer rows.Close()
	out := []*Project{}
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
