package project

import (
	"context"
	"fmt"
	"slices"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/db"
	"evalcred/internal/draw"
	"evalcred/internal/privacy"
	"evalcred/internal/relation"
	"evalcred/internal/selection"
)

// VisitInput is the body of POST /api/v1/projects/{id}/visits.
type VisitInput struct {
	VisitedOn calendar.Date `json:"visited_on"`
	Note      string        `json:"note"`
}

// Visit is an on-site guidance visit.
type Visit struct {
	ID        int64         `json:"id"`
	VisitedOn calendar.Date `json:"visited_on"`
	Note      string        `json:"note"`
	By        string        `json:"by"`
}

// LogVisit records on-site guidance of a project in implementation or
// reporting (spotcheck.manage).
func (s *Service) LogVisit(ctx context.Context, a *auth.Actor, projectID int64, in VisitInput) (*Visit, error) {
	if err := a.Require("spotcheck.manage"); err != nil {
		return nil, err
	}
	var f apperr.Fields
	in.Note = textField(&f, "note", in.Note, true, 5000)
	if in.VisitedOn.IsZero() {
		in.VisitedOn = s.today()
	} else if in.VisitedOn.After(s.today()) {
		f.Add("visited_on", "project.field.future")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	v := &Visit{VisitedOn: in.VisitedOn, Note: in.Note, By: a.Username}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := load(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		if p.Stage != StageImplementation && p.Stage != StageReporting {
			return apperr.New(apperr.Conflict, "project.error.wrong_stage", p.Stage)
		}
		now := s.now()
		if v.ID, err = tx.Insert(ctx, "INSERT INTO guidance_visits (project_id, visited_on, note, recorded_by, created_at) VALUES (?, ?, ?, ?, ?)",
			p.ID, in.VisitedOn, in.Note, a.UserID, now); err != nil {
			return err
		}
		if err := s.event(ctx, tx, a, p.ID, "step", p.Stage, p.Stage, "guidance_visit"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "project.guidance_visit", "project", p.ID, p.RegionCode, nil, v)
	})
	return v, err
}

// SpotDrawInput is the body of POST /api/v1/spot-checks/draw.
type SpotDrawInput struct {
	Count int    `json:"count"`
	Seed  string `json:"seed"`
}

// DrawSpotChecks picks projects for spot checks with the same verifiable
// draw as selection; the pool is every project in implementation in the
// official's region. A count above the pool takes the whole pool.
func (s *Service) DrawSpotChecks(ctx context.Context, a *auth.Actor, in SpotDrawInput) (*draw.Draw, error) {
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
		cond, args := a.Scope().SQL("p.region_code")
		pool, err := ids(ctx, tx, "SELECT p.id FROM projects p WHERE p.stage = ? AND "+cond+" ORDER BY p.id", append([]any{StageImplementation}, args...)...)
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

func ids(ctx context.Context, q db.Queryer, sql string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("project: ids: %w", err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SpotItems are what a spot check looks at.
var SpotItems = []string{"work_discipline", "integrity", "authenticity", "working_papers"}

// ItemInput is the result of one spot-check item.
type ItemInput struct {
	Result        string `json:"result"` // pass or fail
	Note          string `json:"note"`
	InstitutionID int64  `json:"institution_id"` // whom a failure concerns; default the lead institution
}

// SpotCheckInput is the body of POST /api/v1/projects/{id}/spot-checks.
type SpotCheckInput struct {
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

// RecordSpotCheck records the four items of a spot check on a project in
// implementation or reporting; when a draw is named, the project must be
// among its result (checks outside a draw are allowed too: a complaint).
func (s *Service) RecordSpotCheck(ctx context.Context, a *auth.Actor, projectID int64, in SpotCheckInput) (*SpotCheck, error) {
	if err := a.Require("spotcheck.manage"); err != nil {
		return nil, err
	}
	var f apperr.Fields
	in.Summary = textField(&f, "summary", in.Summary, false, 5000)
	for _, it := range SpotItems {
		v, ok := in.Items[it]
		switch {
		case !ok || (v.Result != "pass" && v.Result != "fail"):
			f.Add("items."+it+".result", "project.field.item_result")
		case v.Result == "fail" && len(v.Note) == 0:
			f.Add("items."+it+".note", "project.field.finding_note")
		}
	}
	for k := range in.Items {
		if !slices.Contains(SpotItems, k) {
			f.Add("items."+k, "project.field.item_unknown")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	sc := &SpotCheck{ProjectID: projectID, DrawID: in.DrawID, CheckedOn: s.today(), Summary: in.Summary, Findings: []Finding{}}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := load(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		if p.Stage != StageImplementation && p.Stage != StageReporting {
			return apperr.New(apperr.Conflict, "project.error.wrong_stage", p.Stage)
		}
		var drawID any
		if in.DrawID != 0 {
			d, err := draw.Load(ctx, tx, in.DrawID)
			if err != nil || d.Purpose != draw.PurposeSpotCheck || !slices.Contains(d.Result, p.ID) {
				return apperr.InvalidField("draw_id", "project.field.draw_not_drawn")
			}
			drawID = d.ID
		}
		team, err := team(ctx, tx, p.ID, p.LeadInstitutionID)
		if err != nil {
			return err
		}
		now := s.now()
		sc.CreatedAt = now
		if sc.ID, err = tx.Insert(ctx, "INSERT INTO spot_checks (project_id, draw_id, checked_on, summary, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			p.ID, drawID, sc.CheckedOn, sc.Summary, a.UserID, now); err != nil {
			return err
		}
		for _, it := range SpotItems {
			v := in.Items[it]
			fd := Finding{SpotCheckID: sc.ID, Item: it, Result: v.Result, Note: v.Note}
			if v.Result == "fail" {
				fd.InstitutionID = p.LeadInstitutionID
				if v.InstitutionID != 0 {
					if !slices.ContainsFunc(team.Members, func(m Member) bool { return m.InstitutionID == v.InstitutionID }) {
						return apperr.InvalidField("items."+it+".institution_id", "project.field.not_on_team")
					}
					fd.InstitutionID = v.InstitutionID
				}
			}
			var inst any
			if fd.InstitutionID != 0 {
				inst = fd.InstitutionID
			}
			if fd.ID, err = tx.Insert(ctx, "INSERT INTO spot_check_findings (spot_check_id, item, result, note, institution_id) VALUES (?, ?, ?, ?, ?)",
				sc.ID, it, fd.Result, fd.Note, inst); err != nil {
				return err
			}
			sc.Findings = append(sc.Findings, fd)
		}
		if err := s.event(ctx, tx, a, p.ID, "step", p.Stage, p.Stage, "spot_checked"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.Who(), now, "project.spot_checked", "project", p.ID, p.RegionCode, nil, sc)
	})
	return sc, err
}
