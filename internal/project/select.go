package project

import (
	"context"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/draw"
	"evalcred/internal/policy"
	"evalcred/internal/privacy"
	"evalcred/internal/region"
	"evalcred/internal/relation"
	"evalcred/internal/selection"
)

// SelectInput is the body of POST /api/v1/projects/{id}/selection.
type SelectInput struct {
	Method string `json:"method"`
	Count  int    `json:"count"`
	Seed   string `json:"seed"`
}

// Ranked is one selected institution of a merit selection, with the facts
// that placed it and the rule that broke its tie with the one above, if any.
type Ranked struct {
	InstitutionID int64  `json:"institution_id"`
	Score         *int   `json:"score"` // x100; null without an assessment
	OpenProjects  int    `json:"open_projects"`
	TieBrokenBy   string `json:"tie_broken_by,omitempty"`
}

// SelectResult is the 201 answer.
type SelectResult struct {
	DrawID        int64                `json:"draw_id"`
	Method        string               `json:"method"`
	Institutions  []int64              `json:"institutions"`
	Seed          string               `json:"seed,omitempty"`
	SeedGenerated bool                 `json:"seed_generated"`
	Algorithm     string               `json:"algorithm"`
	PoolSize      int                  `json:"pool_size"`
	PoolSHA256    string               `json:"pool_sha256"`
	Excluded      []relation.Exclusion `json:"excluded"`
	TieRule       string               `json:"tie_rule,omitempty"`
	Ranked        []Ranked             `json:"ranked,omitempty"`
}

func (in SelectInput) check() error {
	var f apperr.Fields
	if in.Method != draw.MethodDraw && in.Method != draw.MethodMerit {
		f.Add("method", "project.field.method")
	}
	if in.Count < 1 || in.Count > draw.MaxCount {
		f.Add("count", "project.field.count")
	}
	if utf8.RuneCountInString(in.Seed) > selection.MaxSeedLen || !utf8.ValidString(in.Seed) {
		f.Add("seed", "project.field.seed")
	}
	if in.Method == draw.MethodMerit && in.Seed != "" {
		f.Add("seed", "project.field.seed_merit")
	}
	// The seed is published as typed (masking it would stop anyone re-running
	// the draw), so personal data in it is refused.
	privacy.Check(&f, "seed", in.Seed)
	return f.Err()
}

// Select picks institutions for a project in planning, from the credit
// part's eligible pool of the project's province minus the institutions tied
// to its client or evaluated unit. The draw's inputs are committed (stored
// and logged) before the result is computed from them.
func (s *Service) Select(ctx context.Context, a *auth.Actor, projectID int64, in SelectInput) (*SelectResult, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	var out *SelectResult
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		p, err := LoadManaged(ctx, tx, a, projectID, ActionSelect)
		if err != nil {
			return err
		}
		eligible, err := s.Pool.EligiblePool(ctx, tx, region.Scope{Code: policy.ProvinceOf(p.RegionCode)}, calendar.Current(s.Clock))
		if err != nil {
			return err
		}
		tied, err := relation.Ties(ctx, tx, p.Client, p.EvaluatedUnit)
		if err != nil {
			return err
		}
		d := &draw.Draw{Purpose: draw.PurposeSelection, Method: in.Method, ProjectID: p.ID, RegionCode: p.RegionCode, Count: in.Count,
			EligibleSize: len(eligible), Excluded: []relation.Exclusion{}}
		for _, id := range selection.Canonical(eligible) {
			if x, ok := tied[id]; ok {
				d.Excluded = append(d.Excluded, x)
				continue
			}
			d.Pool = append(d.Pool, id)
		}
		if len(d.Pool) < in.Count {
			return apperr.InvalidField("count", "project.field.count_pool")
		}
		d.PoolSHA256 = selection.PoolHash(d.Pool)
		if in.Method == draw.MethodDraw {
			d.Algorithm, d.Seed = selection.Algorithm, in.Seed
		} else {
			d.Algorithm = draw.AlgorithmMerit
			if d.Ranking, err = s.candidates(ctx, tx, d.Pool); err != nil {
				return err
			}
		}
		if err := draw.Publish(ctx, tx, a, d, s.Clock); err != nil {
			return err
		}
		if err := move(ctx, tx, a, p, p.Stage, "selected", clock.Stamp(s.Clock), change{selectionDraw: d.ID}); err != nil {
			return err
		}
		out = selectResult(d)
		return nil
	})
	return out, err
}

// selectResult is the answer of a published selection; a merit
// selection's says why each institution is where it is.
func selectResult(d *draw.Draw) *SelectResult {
	out := &SelectResult{DrawID: d.ID, Method: d.Method, Institutions: d.Result, Seed: d.Seed, SeedGenerated: d.SeedGenerated,
		Algorithm: d.Algorithm, PoolSize: len(d.Pool), PoolSHA256: d.PoolSHA256, Excluded: d.Excluded}
	if d.Method == draw.MethodMerit {
		out.TieRule = selection.TieRule
		_, top, ties := selection.Top(d.Ranking, d.Count)
		for i, c := range top {
			r := Ranked{InstitutionID: c.ID, OpenProjects: c.OpenProjects, TieBrokenBy: ties[i]}
			if c.HasScore {
				r.Score = &c.Score
			}
			out.Ranked = append(out.Ranked, r)
		}
	}
	return out
}

// candidates gathers what merit ranks by, for every institution of the pool:
// two set-based queries, whatever the pool size.
func (s *Service) candidates(ctx context.Context, q db.Queryer, pool []int64) ([]selection.Candidate, error) {
	scores, err := s.scores().LatestScores(ctx, q, pool)
	if err != nil {
		return nil, err
	}
	open, err := projectStore{q}.openProjectsByInstitution(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]selection.Candidate, len(pool))
	for i, id := range pool {
		sc, ok := scores[id]
		out[i] = selection.Candidate{ID: id, Score: sc, HasScore: ok, OpenProjects: open[id]}
	}
	return out, nil
}
