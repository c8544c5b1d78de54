package yearclose_test

// The assessment workflow is tested here, beside the close, because it
// shares this package's world of projects, institutions and officials.

import (
	"encoding/json"
	"slices"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/assessment"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/project/projecttest"
)

func TestCommentWindowAndSettlement(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.on(day("2025-11-03")) // a Monday; 7 working days end on 12 November
		inst, late := e.institution(), e.institution()
		pid := e.project(2025, 1_000_000, 100_000, day("2025-10-31"), inst, late)
		x := e.score(pid, inst, "70", 5)
		y := e.score(pid, late, "70", 5)
		if x.CommentDeadline != day("2025-11-12") || x.Total != 7000 || x.Role != "lead" || y.Role != "participant" {
			t.Fatalf("scored: deadline %s total %d role %s", x.CommentDeadline, x.Total, x.Role)
		}
		user := projecttest.User(t, d, e.clk, auth.RoleInstitution, "430102", inst)
		lateUser := projecttest.User(t, d, e.clk, auth.RoleInstitution, "430102", late)

		actions := func(a *auth.Actor, id int64) []string {
			t.Helper()
			x, err := e.assess.Get(e.ctx, a, id)
			if err != nil {
				t.Fatal(err)
			}
			return x.Actions
		}
		if got := actions(user, x.ID); !slices.Equal(got, []string{"comment", "dispute"}) {
			t.Fatalf("the institution's actions in the window: %v", got)
		}
		if got := actions(e.reviewer, x.ID); len(got) != 0 {
			t.Fatalf("the assessor's actions: %v", got)
		}

		e.on(day("2025-11-13"))
		if got := actions(lateUser, y.ID); len(got) != 0 {
			t.Fatalf("actions after the window: %v", got)
		}
		_, err := e.assess.Comment(e.ctx, lateUser, y.ID, assessment.CommentInput{Comment: "迟到的意见", Dispute: true})
		if ae := apperr.As(err); ae.Code != apperr.Conflict || ae.Key != "assessment.error.comment_window_closed" {
			t.Fatalf("comment after the window: %v", err)
		}
		e.on(day("2025-11-12"))
		if _, err := e.assess.Comment(e.ctx, user, y.ID, assessment.CommentInput{Comment: "不是本机构", Dispute: true}); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another institution's assessment: %v", err)
		}
		if _, err := e.assess.Comment(e.ctx, user, x.ID, assessment.CommentInput{Comment: "现场评价分数偏低", Dispute: true}); err != nil {
			t.Fatal(err)
		}
		if got := actions(e.admin, x.ID); !slices.Equal(got, []string{"settle"}) {
			t.Fatalf("the administrator's actions on a dispute: %v", got)
		}
		if got := actions(e.reviewer, x.ID); len(got) != 0 {
			t.Fatalf("the assessor's actions on a dispute: %v", got)
		}
		// The assessor (a provincial reviewer) cannot settle; nor can another
		// province's administrator; the province's administrator can, once.
		if _, err := e.assess.Settle(e.ctx, e.reviewer, x.ID, assessment.SettleInput{Decision: "upheld", Note: "维持"}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("assessor settles: %v", err)
		}
		other := projecttest.User(t, d, e.clk, auth.RoleProvincialAdmin, "440000", 0)
		if _, err := e.assess.Settle(e.ctx, other, x.ID, assessment.SettleInput{Decision: "upheld", Note: "维持"}); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("other province settles: %v", err)
		}
		in := assessment.SettleInput{Decision: "revised", Note: "现场记录支持更高分", Scores: map[string]json.Number{}, Justifications: map[string]string{}}
		for _, dim := range assessment.Dimensions {
			in.Scores[dim], in.Justifications[dim] = "80", "复核后评分"
		}
		// Two administrators at once: one wins, the other gets 409.
		admin2 := projecttest.User(t, d, e.clk, auth.RoleProvincialAdmin, "430000", 0)
		settle := func(a *auth.Actor) func() error {
			return func() error {
				_, err := e.assess.Settle(e.ctx, a, x.ID, in)
				return err
			}
		}
		dbtest.OneWins(t, settle(e.admin), settle(admin2))
		got, err := e.assess.Get(e.ctx, user, x.ID)
		if err != nil || got.State != assessment.StateSettled || got.Total != 8000 || !got.Final {
			t.Fatalf("settled: %+v %v", got, err)
		}
		if _, err := e.assess.Comment(e.ctx, user, x.ID, assessment.CommentInput{Comment: "再议"}); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("comment on a settled assessment: %v", err)
		}
	})
}

func TestScoreValidationAndPrefill(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.on(day("2025-11-05"))
		inst := e.institution()
		pid := e.project(2025, 1_000_000, 100_000, day("2025-11-03"), inst) // completed 2 working days late
		_, err := e.assess.Score(e.ctx, e.reviewer, pid, assessment.Input{InstitutionID: inst,
			Scores:         map[string]json.Number{"scheme_design": "90", "onsite": "101", "timeliness": "80", "rigour": "80.555", "report": "80"},
			Justifications: map[string]string{"scheme_design": "ok", "timeliness": "ok", "rigour": "ok", "report": "ok"}})
		f := apperr.As(err).Fields
		if f["justifications.onsite"] == "" || f["scores.onsite"] == "" || f["scores.rigour"] == "" || len(f) != 3 {
			t.Fatalf("fields: %v", f)
		}
		form, err := e.assess.FormFor(e.ctx, e.reviewer, pid)
		if err != nil || form.TimelinessSuggest == nil || *form.TimelinessSuggest != 9000 || form.LateWorkdays != 2 {
			t.Fatalf("form: %+v %v", form, err)
		}
		e.score(pid, inst, "85.5", 1)
		if _, err := e.assess.Score(e.ctx, e.reviewer, pid, assessment.Input{InstitutionID: inst}); err == nil {
			t.Fatal("empty input accepted")
		}
	})
}
