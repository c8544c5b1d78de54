package project

import (
	"context"
	"fmt"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/indicator"
	"evalcred/internal/privacy"
	"evalcred/internal/region"
)

// Terms are what a project is about, as the province states them when it
// creates the project.
type Terms struct {
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

// CreateInput is the body of POST /api/v1/projects.
type CreateInput = Terms

// CreateResult is the 201 answer.
type CreateResult struct {
	ID    int64  `json:"id"`
	Stage string `json:"stage"`
}

// tooLong is the message of a text longer than its field allows.
const tooLong = "project.field.too_long"

func (in *CreateInput) validate(a *auth.Actor, today calendar.Date) error {
	var f apperr.Fields
	in.Name = f.Text("name", in.Name, true, 200, tooLong)
	privacy.Check(&f, "name", in.Name) // published with the project's draws
	in.Fund = f.Text("fund", in.Fund, false, 200, tooLong)
	in.Client = f.Text("client", in.Client, true, 200, tooLong)
	in.EvaluatedUnit = f.Text("evaluated_unit", in.EvaluatedUnit, true, 200, tooLong)
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
	if err := in.validate(a, calendar.Current(s.Clock)); err != nil {
		return CreateResult{}, err
	}
	var res CreateResult
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		now := clock.Stamp(s.Clock)
		st := projectStore{tx}
		id, err := st.insert(ctx, in, a.UserID, now)
		if err != nil {
			return err
		}
		if err := (workStore{tx}).addIndicators(ctx, id, "template:default", indicator.Default().Indicators, a.UserID, now); err != nil {
			return err
		}
		if err := st.addEvent(ctx, a, id, "stage", "", StagePlanning, "created", now); err != nil {
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
	// Offset skips that many projects, for the pages after the first.
	Offset int
	// Sort is the order chosen among ListSorts.
	Sort db.Sort
}

// ListSorts are the orders of the project list, newest first by default;
// stages sort in the order a project goes through them.
var ListSorts = db.Sorts{Cols: map[string]string{
	"id":     "p.id",
	"year":   "p.year, p.id",
	"name":   "p.name, p.id",
	"client": "p.client_norm, p.id",
	"amount": "p.amount_fen, p.id",
	"stage":  stageOrder() + ", p.id",
}, Default: db.Sort{Key: "id", Desc: true}}

func stageOrder() string {
	s := "CASE p.stage"
	for i, st := range Stages {
		s += fmt.Sprintf(" WHEN '%s' THEN %d", st, i)
	}
	return s + " END"
}

// List returns the projects the actor may see, in the order f chose.
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) ([]*Project, error) {
	if a == nil {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized")
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	list, err := projectStore{s.DB}.list(ctx, a, f)
	if err != nil {
		return nil, err
	}
	return list, withActions(ctx, s.DB, a, list...)
}
