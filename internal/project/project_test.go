package project_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/draw"
	"evalcred/internal/project"
	"evalcred/internal/project/projecttest"
	"evalcred/internal/relation"
)

var start = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

type fixture struct {
	s      *project.Service
	rel    *relation.Service
	d      *db.DB
	clk    *clock.Fake
	hunan  *auth.Actor
	ctx    context.Context
	t      testing.TB
	firms  []projecttest.Firm
	leadUs *auth.Actor
}

func newFixture(t testing.TB, d *db.DB, firms int) *fixture {
	clk := clock.NewFake(start)
	s, err := project.New(d, clk, nil, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{s: s, rel: &relation.Service{DB: d, Clock: clk}, d: d, clk: clk, ctx: context.Background(), t: t}
	f.hunan = projecttest.User(t, d, clk, auth.RoleProvincialReviewer, "430000", 0)
	f.firms = projecttest.Firms(t, d, clk, "430102", firms, 3)
	if firms > 0 {
		f.leadUs = projecttest.User(t, d, clk, auth.RoleInstitution, "430102", f.firms[0].ID)
	}
	return f
}

func (f *fixture) project(name string) int64 {
	f.t.Helper()
	res, err := f.s.Create(f.ctx, f.hunan, project.CreateInput{Year: 2026, Name: name, Fund: "省级专项资金", AmountFen: 500000000,
		Client: "湖南省农业农村厅", EvaluatedUnit: "某县农业农村局", RegionCode: "430000", FeeBudgetFen: 20000000})
	if err != nil {
		f.t.Fatalf("create: %v", err)
	}
	return res.ID
}

// team is a valid team: firm 0 leads with its lead evaluator; one
// practitioner each from firms 0, 1 and 2.
func (f *fixture) team() project.TeamInput {
	return project.TeamInput{LeadInstitutionID: f.firms[0].ID, Members: []project.MemberInput{
		{IDNumber: f.firms[0].LeadEvaluator, InstitutionID: f.firms[0].ID, Role: "leader"},
		{IDNumber: f.firms[1].Practitioners[0], InstitutionID: f.firms[1].ID, Role: "member"},
		{IDNumber: f.firms[2].Practitioners[0], InstitutionID: f.firms[2].ID, Role: "member"},
	}}
}

func rule(err error) string {
	e := apperr.As(err)
	if e.Code != apperr.Invalid {
		return "code " + string(e.Code)
	}
	return e.Fields["team"]
}

var pdf = append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 600)...)

func TestSelectionPoolAndVerifiableDraw(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 8)
		banned, suspended, tied := f.firms[5].ID, f.firms[6].ID, f.firms[7].ID
		projecttest.Sanction(t, d, f.clk, banned, "ban")
		projecttest.Sanction(t, d, f.clk, suspended, "suspension")
		if _, err := f.rel.DeclareRelation(f.ctx, f.hunan, tied, relation.Input{Organisation: " 湖南省农业农村厅 ", Relation: "常年法律顾问"}); err != nil {
			t.Fatal(err)
		}
		id := f.project("2025年度农业产业发展资金绩效评价")
		res, err := f.s.Select(f.ctx, f.hunan, id, project.SelectInput{Method: "draw", Count: 5, Seed: "湘财绩2026-1"})
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
		dr, err := draw.Load(f.ctx, d, res.DrawID)
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
		id2 := f.project("另一个项目")
		res2, err := f.s.Select(f.ctx, f.hunan, id2, project.SelectInput{Method: "draw", Count: 2})
		if err != nil || !res2.SeedGenerated || len(res2.Seed) != 64 {
			t.Fatalf("generated seed: %+v %v", res2, err)
		}
	})
}

func TestMeritExplainsTies(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 4)
		f.s.Scores = fixedScores{f.firms[2].ID: 9100, f.firms[3].ID: 9100}
		// firm 3 is busy on an open project: firm 2 wins the tie.
		busy := f.project("在办项目")
		_, err := d.Exec(f.ctx, "UPDATE projects SET lead_institution_id = ? WHERE id = ?", f.firms[3].ID, busy)
		if err != nil {
			t.Fatal(err)
		}
		res, err := f.s.Select(f.ctx, f.hunan, f.project("择优项目"), project.SelectInput{Method: "merit", Count: 3})
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{f.firms[2].ID, f.firms[3].ID, f.firms[0].ID}
		if !slices.Equal(res.Institutions, want) {
			t.Fatalf("merit order %v, want %v", res.Institutions, want)
		}
		if res.TieRule == "" || res.Ranked[1].TieBrokenBy != "fewer_open_projects" || res.Ranked[2].Score != nil {
			t.Errorf("explanation: %+v", res.Ranked)
		}
		dr, _ := draw.Load(f.ctx, d, res.DrawID)
		if m := draw.Verify(dr); m != nil {
			t.Errorf("merit does not verify: %+v", m)
		}
	})
}

type fixedScores map[int64]int

func (s fixedScores) LatestScores(context.Context, db.Queryer, []int64) (map[int64]int, error) {
	return s, nil
}

func TestTeamRules(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 4)
		id := f.project("团队规则")
		oneFirm := project.TeamInput{LeadInstitutionID: f.firms[0].ID, Members: []project.MemberInput{
			{IDNumber: f.firms[0].LeadEvaluator, InstitutionID: f.firms[0].ID, Role: "leader"},
			{IDNumber: f.firms[0].Practitioners[0], InstitutionID: f.firms[0].ID, Role: "member"},
		}}
		if _, err := f.s.SetTeam(f.ctx, f.hunan, id, oneFirm); rule(err) != "project.team.rule.min_institutions" {
			t.Errorf("one institution: %v", err)
		}
		heavy := f.team()
		heavy.Members = append(heavy.Members, project.MemberInput{IDNumber: f.firms[0].Practitioners[0], InstitutionID: f.firms[0].ID, Role: "member"},
			project.MemberInput{IDNumber: f.firms[0].Practitioners[1], InstitutionID: f.firms[0].ID, Role: "member"},
			project.MemberInput{IDNumber: f.firms[0].Practitioners[2], InstitutionID: f.firms[0].ID, Role: "expert"})
		if _, err := f.s.SetTeam(f.ctx, f.hunan, id, heavy); rule(err) != "project.team.rule.max_share" {
			t.Errorf("4 of 6 from one institution: %v", err)
		}
		notLead := f.team()
		notLead.Members[0].IDNumber = f.firms[0].Practitioners[0]
		if _, err := f.s.SetTeam(f.ctx, f.hunan, id, notLead); rule(err) != "project.team.rule.leader_evaluator" {
			t.Errorf("leader not a lead evaluator: %v", err)
		}
		wrongFirm := f.team()
		wrongFirm.Members[1].InstitutionID = f.firms[3].ID
		if _, err := f.s.SetTeam(f.ctx, f.hunan, id, wrongFirm); rule(err) != "project.team.rule.member_not_listed" {
			t.Errorf("member at another institution: %v", err)
		}
		unknown := f.team()
		unknown.Members[2].IDNumber = "11010519491231002X"
		_, err := f.s.SetTeam(f.ctx, f.hunan, id, unknown)
		if rule(err) != "project.team.rule.member_unknown" || apperr.As(err).Fields["members[2].id_number"] == "" {
			t.Errorf("unknown person: %v", err)
		}
		badID := f.team()
		badID.Members[1].IDNumber = "430102198001011234"
		if _, err := f.s.SetTeam(f.ctx, f.hunan, id, badID); apperr.As(err).Fields["members[1].id_number"] != "project.field.id_number" {
			t.Errorf("invalid ID number: %v", err)
		}
		projecttest.Sanction(t, d, f.clk, f.firms[2].ID, "suspension")
		if _, err := f.s.SetTeam(f.ctx, f.hunan, id, f.team()); rule(err) != "project.team.rule.institution_ineligible" {
			t.Errorf("suspended institution: %v", err)
		}
	})
}

func TestPersonOnAtMostTwoOpenProjects(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 3)
		for _, name := range []string{"项目一", "项目二"} {
			if _, err := f.s.SetTeam(f.ctx, f.hunan, f.project(name), f.team()); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		_, err := f.s.SetTeam(f.ctx, f.hunan, f.project("项目三"), f.team())
		if rule(err) != "project.team.rule.person_busy" || apperr.As(err).Fields["members[0].id_number"] == "" {
			t.Fatalf("third open project: %v", err)
		}
		// Completing one frees the people.
		if _, err := d.Exec(f.ctx, "UPDATE projects SET stage = 'completed' WHERE name = ?", "项目一"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetTeam(f.ctx, f.hunan, f.project("项目四"), f.team()); err != nil {
			t.Fatalf("after completion: %v", err)
		}
	})
}

// Two teams with the same person saved at the same moment, when the person
// has one open project and may have two: exactly one is saved. Each save
// counts the person's projects before writing; without a lock on the person
// both would count one (PostgreSQL runs them side by side).
func TestTeamsSavedAtOnceCountEachOther(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 3)
		for round := range 6 {
			if _, err := d.Exec(f.ctx, "UPDATE projects SET stage = 'completed'"); err != nil {
				t.Fatal(err)
			}
			if _, err := f.s.SetTeam(f.ctx, f.hunan, f.project(fmt.Sprintf("先行%d", round)), f.team()); err != nil {
				t.Fatal(err)
			}
			ids := []int64{f.project(fmt.Sprintf("并行甲%d", round)), f.project(fmt.Sprintf("并行乙%d", round))}
			var errs [2]error
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i, id := range ids {
				wg.Go(func() {
					<-start
					_, errs[i] = f.s.SetTeam(f.ctx, f.hunan, id, f.team())
				})
			}
			close(start)
			wg.Wait()
			saved := 0
			for _, err := range errs {
				switch {
				case err == nil:
					saved++
				case rule(err) != "project.team.rule.person_busy":
					t.Errorf("round %d: %v", round, err)
				}
			}
			if saved != 1 {
				t.Fatalf("round %d: %d of two teams saved with a person who had room for one more project (%v)", round, saved, errs)
			}
		}
	})
}

// Two reviewers deciding the same plan at once: one wins, the other gets 409.
func TestConcurrentStageChange(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 3)
		id := f.project("并发")
		if _, err := f.s.SetTeam(f.ctx, f.hunan, id, f.team()); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Upload(f.ctx, f.leadUs, id, "plan", "方案.pdf", bytes.NewReader(pdf)); err != nil {
			t.Fatal(err)
		}
		other := projecttest.User(t, d, f.clk, auth.RoleProvincialReviewer, "430000", 0)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, a := range []*auth.Actor{f.hunan, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				dec := project.PlanDecisionInput{Decision: "approve"}
				if i == 1 {
					dec = project.PlanDecisionInput{Decision: "return", Comments: map[string]string{"basic_data_sheet": "缺基础数据表"}}
				}
				_, errs[i] = f.s.DecidePlan(f.ctx, a, id, dec)
			}()
		}
		wg.Wait()
		ok, conflict := 0, 0
		for _, err := range errs {
			switch apperr.CodeOf(err) {
			case "":
				ok++
			case apperr.Conflict:
				conflict++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if ok != 1 || conflict != 1 {
			t.Fatalf("ok %d conflict %d (%v)", ok, conflict, errs)
		}
		var n int
		_ = d.QueryRow(f.ctx, "SELECT COUNT(*) FROM plan_reviews WHERE project_id = ?", id).Scan(&n)
		if n != 1 {
			t.Errorf("%d plan decisions stored, want 1", n)
		}
	})
}

func TestIndicatorsRefusedNamingNode(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 0)
		id := f.project("指标")
		ind, err := f.s.GetIndicators(f.ctx, f.hunan, id)
		if err != nil || len(ind.Indicators) != 4 {
			t.Fatalf("default copied: %v %v", ind, err)
		}
		tree := ind.Indicators
		tree[3].Children[0].Weight = 1000
		_, err = f.s.PutIndicators(f.ctx, f.hunan, id, project.IndicatorsInput{Indicators: tree, LockVersion: ind.LockVersion})
		if apperr.As(err).Fields["indicators.效益"] != "indicator.weights_sum" {
			t.Fatalf("bad weights: %v", err)
		}
		tree[3].Children[0].Weight = 2000
		if _, err := f.s.PutIndicators(f.ctx, f.hunan, id, project.IndicatorsInput{Indicators: tree, LockVersion: ind.LockVersion}); err != nil {
			t.Fatal(err)
		}
	})
}
