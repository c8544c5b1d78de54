// Package spotcheck supervises projects at work: officials draw projects in
// implementation for spot checks (a published draw, internal/draw), record
// what they found on four items, and turn a failed item into a proposed
// credit record against the institution it concerns (finding.go). Every
// query is in store.go.
package spotcheck

import (
	"context"
	"slices"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/draw"
	"evalcred/internal/privacy"
	"evalcred/internal/project"
	"evalcred/internal/relation"
	"evalcred/internal/selection"
	"evalcred/internal/team"
)

// Items are what a spot check looks at.
var Items = []string{"work_discipline", "integrity", "authenticity", "working_papers"}

// DrawInput is the body of POST /api/v1/spot-checks/draw.
type DrawInput struct {
	Count int    `json:"count"`
	Seed  string `json:"seed"`
}

// ItemInput is the result of one spot-check item.
type ItemInput struct {
	Result        string `json:"result"` // pass or fail
	Note          string `json:"note"`
	InstitutionID int64  `json:"institution_id"` // whom a failure concerns; default the lead institution
}

// Input is the body of POST /api/v1/projects/{id}/spot-checks.
type Input struct {
	DrawID  int64                `json:"draw_id"`
	Summary string               `json:"summary"`
	Items   map[string]ItemInput `json:"items"`
}

// Finding is one checked item.
type Finding struct {
	ID             int64  `json:"id"`
	SpotCheckID    int64  `json:"spot_check_id"`
	Item           string `json:"item"`
	Result         string `json:"result"`
	Note           string `json:"note"`
	InstitutionID  int64  `json:"institution_id,omitempty"`
	CreditRecordID int64  `json:"credit_record_id,omitempty"`
}

// SpotCheck is a recorded check with its findings.
type SpotCheck struct {
	ID        int64         `json:"id"`
	ProjectID int64         `json:"project_id"`
	DrawID    int64         `json:"draw_id,omitempty"`
	CheckedOn calendar.Date `json:"checked_on"`
	Summary   string        `json:"summary"`
	Findings  []Finding     `json:"findings"`
	CreatedAt time.Time     `json:"created_at"`
}

// Service runs spot checks.
type Service struct {
	DB    *db.DB
	Clock clock.Clock
	// Propose makes a credit record of a finding; nil answers 503.
	Propose Proposer
	// Projects and Draws are what ViewDesk reads; the app wires the project
	// and draw services.
	Projects Projects
	Draws    Draws
}

// DrawSpotChecks picks projects for spot checks with the same verifiable
// draw as selection; the pool is every project in implementation in the
// official's region. A count above the pool takes the whole pool.
func (s *Service) DrawSpotChecks(ctx context.Context, a *auth.Actor, in DrawInput) (*draw.Draw, error) {
	if err := a.Require("spotcheck.manage"); err != nil {
		return nil, err
	}
	var f apperr.Fields
	if in.Count < 1 || in.Count > draw.MaxCount {
		f.Add("count", "project.field.count")
	}
	if len(in.Seed) > selection.MaxSeedLen {
		f.Add("seed", "project.field.seed")
	}
	privacy.Check(&f, "seed", in.Seed) // published as typed, like a selection's
	if err := f.Err(); err != nil {
		return nil, err
	}
	var d *draw.Draw
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		pool, err := project.InStage(ctx, tx, a.Scope(), project.StageImplementation)
		if err != nil {
			return err
		}
		if len(pool) == 0 {
			return apperr.InvalidField("count", "project.field.no_projects")
		}
		d = &draw.Draw{Purpose: draw.PurposeSpotCheck, Method: draw.MethodDraw, RegionCode: a.RegionCode, Algorithm: selection.Algorithm, Pool: pool,
			PoolSHA256: selection.PoolHash(pool), EligibleSize: len(pool), Excluded: []relation.Exclusion{}, Count: min(in.Count, len(pool)),
			Seed: in.Seed}
		return draw.Publish(ctx, tx, a, d, s.Clock)
	})
	return d, err
}

// check validates a spot check's input: every item passed or failed, a
// failure with a note, no other item.
func (in *Input) check() error {
	var f apperr.Fields
	in.Summary = f.Text("summary", in.Summary, false, 5000, "project.field.too_long")
	for _, it := range Items {
		v, ok := in.Items[it]
		switch {
		case !ok || (v.Result != "pass" && v.Result != "fail"):
			f.Add("items."+it+".result", "project.field.item_result")
		case v.Result == "fail" && len(v.Note) == 0:
			f.Add("items."+it+".note", "project.field.finding_note")
		}
	}
	for k := range in.Items {
		if !slices.Contains(Items, k) {
			f.Add("items."+k, "project.field.item_unknown")
		}
	}
	return f.Err()
}

// RecordSpotCheck records the four items of a spot check on a project in
// implementation or reporting; when a draw is named, the project must be
// among its result (checks outside a draw are allowed too: a complaint).
func (s *Service) RecordSpotCheck(ctx context.Context, a *auth.Actor, projectID int64, in Input) (*SpotCheck, error) {
	if err := a.Require("spotcheck.manage"); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	sc := &SpotCheck{ProjectID: projectID, DrawID: in.DrawID, CheckedOn: calendar.Current(s.Clock), Summary: in.Summary, Findings: []Finding{}}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := project.Load(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		if err := p.Check(project.ActionRecordSpotCheck); err != nil {
			return err
		}
		if in.DrawID != 0 {
			d, err := draw.Load(ctx, tx, in.DrawID)
			if err != nil || d.Purpose != draw.PurposeSpotCheck || !slices.Contains(d.Result, p.ID) {
				return apperr.InvalidField("draw_id", "project.field.draw_not_drawn")
			}
		}
		t, err := team.Of(ctx, tx, p)
		if err != nil {
			return err
		}
		for _, it := range Items {
			v := in.Items[it]
			fd := Finding{Item: it, Result: v.Result, Note: v.Note}
			if v.Result == "fail" {
				fd.InstitutionID = p.LeadInstitutionID
				if v.InstitutionID != 0 {
					if !t.Includes(v.InstitutionID) {
						return apperr.InvalidField("items."+it+".institution_id", "project.field.not_on_team")
					}
					fd.InstitutionID = v.InstitutionID
				}
			}
			sc.Findings = append(sc.Findings, fd)
		}
		sc.CreatedAt = clock.Stamp(s.Clock)
		if err := (spotCheckStore{tx}).add(ctx, sc, a.UserID); err != nil {
			return err
		}
		return project.Step(ctx, tx, a, p, "spot_checked", sc.CreatedAt, sc)
	})
	return sc, err
}

// AddTo puts the project's spot checks on its page (project.Part).
func (s *Service) AddTo(ctx context.Context, q db.Queryer, d *project.Detail) error {
	list, err := spotCheckStore{q}.ofProject(ctx, d.Project.ID)
	if err != nil {
		return err
	}
	d.SpotChecks = list
	return nil
}
