package project_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/draw"
	"evalcred/internal/project"
	"evalcred/internal/project/projecttest"
	"evalcred/internal/relation"
	"evalcred/internal/team"
)

var pdf = append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 600)...)

func TestSelectionPoolAndVerifiableDraw(t *testing.T) {
	projecttest.ForEach(t, 8, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		banned, suspended, tied := e.Firms[5].ID, e.Firms[6].ID, e.Firms[7].ID
		projecttest.Sanction(t, d, e.Clock, banned, "ban")
		projecttest.Sanction(t, d, e.Clock, suspended, "suspension")
		if _, err := e.Relation.DeclareRelation(e.Ctx, e.Hunan, tied, relation.Input{Organisation: " 湖南省农业农村厅 ", Relation: "常年法律顾问"}); err != nil {
			t.Fatal(err)
		}
		id := e.NewProject("2025年度农业产业发展资金绩效评价")
		res, err := e.Project.Select(e.Ctx, e.Hunan, id, project.SelectInput{Method: "draw", Count: 5, Seed: "湘财绩2026-1"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Institutions) != 5 || res.PoolSize != 5 {
			t.Fatalf("result %v from a pool of %d, want all 5 eligible untied", res.Institutions, res.PoolSize)
		}
		for _, bad := range []int64{banned, suspended, tied} {
			if slices.Contains(res.Institutions, bad) {
				t.Errorf("institution %d selected", bad)
			}
		}
		if len(res.Excluded) != 1 || res.Excluded[0].InstitutionID != tied || res.Excluded[0].Reason != "tied_client" {
			t.Errorf("excluded = %+v", res.Excluded)
		}
		dr, err := draw.Load(e.Ctx, d, res.DrawID)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(dr.Pool, banned) || slices.Contains(dr.Pool, suspended) {
			t.Errorf("pool %v holds a sanctioned institution", dr.Pool)
		}
		if m := draw.Verify(dr); m != nil {
			t.Fatalf("fresh draw does not verify: %+v", m)
		}
		// Re-run from the published inputs: the same; another seed: different order or members.
		dr2 := *dr
		dr2.Seed = "another seed"
		if m := draw.Verify(&dr2); m == nil || m.What != "result" {
			t.Errorf("changed seed still verifies: %+v", m)
		}
		// A generated seed is published.
		id2 := e.NewProject("另一个项目")
		res2, err := e.Project.Select(e.Ctx, e.Hunan, id2, project.SelectInput{Method: "draw", Count: 2})
		if err != nil || !res2.SeedGenerated || len(res2.Seed) != 64 {
			t.Fatalf("generated seed: %+v %v", res2, err)
		}
	})
}

func TestMeritExplainsTies(t *testing.T) {
	projecttest.ForEach(t, 4, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		e.Project.Scores = fixedScores{e.Firms[2].ID: 9100, e.Firms[3].ID: 9100}
		// firm 3 is busy on an open project: firm 2 wins the tie.
		busy := e.NewProject("在办项目")
		_, err := d.Exec(e.Ctx, "UPDATE projects SET lead_institution_id = ? WHERE id = ?", e.Firms[3].ID, busy)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.Project.Select(e.Ctx, e.Hunan, e.NewProject("择优项目"), project.SelectInput{Method: "merit", Count: 3})
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{e.Firms[2].ID, e.Firms[3].ID, e.Firms[0].ID}
		if !slices.Equal(res.Institutions, want) {
			t.Fatalf("merit order %v, want %v", res.Institutions, want)
		}
		if res.TieRule == "" || res.Ranked[1].TieBrokenBy != "fewer_open_projects" || res.Ranked[2].Score != nil {
			t.Errorf("explanation: %+v", res.Ranked)
		}
		dr, _ := draw.Load(e.Ctx, d, res.DrawID)
		if m := draw.Verify(dr); m != nil {
			t.Errorf("merit does not verify: %+v", m)
		}
	})
}

type fixedScores map[int64]int

func (s fixedScores) LatestScores(context.Context, db.Queryer, []int64) (map[int64]int, error) {
	return s, nil
}

// Two reviewers deciding the same plan at once: one wins, the other gets 409.
func TestConcurrentStageChange(t *testing.T) {
	projecttest.ForEach(t, 3, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		id := e.NewProject("并发")
		if _, err := e.Team.SetTeam(e.Ctx, e.Hunan, id, e.ValidTeam()); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Project.Upload(e.Ctx, e.Lead, id, "plan", "方案.pdf", bytes.NewReader(pdf)); err != nil {
			t.Fatal(err)
		}
		other := e.User(auth.RoleProvincialReviewer, "430000", 0)
		decide := func(a *auth.Actor, dec project.PlanDecisionInput) func() error {
			return func() error {
				_, err := e.Project.DecidePlan(e.Ctx, a, id, dec)
				return err
			}
		}
		dbtest.OneWins(t, decide(e.Hunan, project.PlanDecisionInput{Decision: "approve"}),
			decide(other, project.PlanDecisionInput{Decision: "return", Comments: map[string]string{"basic_data_sheet": "缺基础数据表"}}))
		var n int
		_ = d.QueryRow(e.Ctx, "SELECT COUNT(*) FROM plan_reviews WHERE project_id = ?", id).Scan(&n)
		if n != 1 {
			t.Errorf("%d plan decisions stored, want 1", n)
		}
	})
}

func TestIndicatorsRefusedNamingNode(t *testing.T) {
	projecttest.ForEach(t, 0, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		id := e.NewProject("指标")
		ind, err := e.Project.GetIndicators(e.Ctx, e.Hunan, id)
		if err != nil || len(ind.Indicators) != 4 {
			t.Fatalf("default copied: %v %v", ind, err)
		}
		tree := ind.Indicators
		tree[3].Children[0].Weight = 1000
		_, err = e.Project.PutIndicators(e.Ctx, e.Hunan, id, project.IndicatorsInput{Indicators: tree, LockVersion: ind.LockVersion})
		if apperr.As(err).Fields["indicators.效益"] != "indicator.weights_sum" {
			t.Fatalf("bad weights: %v", err)
		}
		tree[3].Children[0].Weight = 2000
		if _, err := e.Project.PutIndicators(e.Ctx, e.Hunan, id, project.IndicatorsInput{Indicators: tree, LockVersion: ind.LockVersion}); err != nil {
			t.Fatal(err)
		}
	})
}

// A project service cannot be built without its eligibility pool or its
// file store: a selection would not know who may be drawn.
func TestNewRequiresPoolAndFiles(t *testing.T) {
	projecttest.ForEach(t, 0, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		if _, err := project.New(d, e.Clock, nil, e.Project.Files, nil); err == nil || !strings.Contains(err.Error(), "eligibility") {
			t.Errorf("without a pool: %v", err)
		}
		if _, err := project.New(d, e.Clock, nil, nil, e.Project.Pool); err == nil || !strings.Contains(err.Error(), "file store") {
			t.Errorf("without a file store: %v", err)
		}
		if _, err := team.New(d, e.Clock, nil, nil); err == nil || !strings.Contains(err.Error(), "eligibility") {
			t.Errorf("team without a pool: %v", err)
		}
	})
}
