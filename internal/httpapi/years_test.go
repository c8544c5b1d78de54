package httpapi_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"evalcred/internal/apptest"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/project/projecttest"
)

// completedProject writes a completed project of year led by lead with
// others on its team (the project workflow is the project part's to test).
func completedProject(t *testing.T, e *apptest.Env, year int, lead int64, others ...int64) int64 {
	t.Helper()
	ctx, now := context.Background(), e.Clock.Now()
	var id int64
	err := e.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO projects (year, name, amount_fen, client, client_norm, evaluated_unit, evaluated_unit_norm, region_code,
			deadline, fee_budget_fen, stage, lead_institution_id, created_at, updated_at)
			VALUES (?, '专项资金绩效评价', 100000000, '省财政厅', '省财政厅', '某单位', '某单位', '430100', NULL, 10000000, 'completed', ?, ?, ?)`, year, lead, now, now)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO project_events (project_id, kind, from_stage, to_stage, actor_name, at) VALUES (?, 'stage', 'reporting', 'completed', 'test', ?)`, id, now); err != nil {
			return err
		}
		for _, o := range others {
			pid, err := tx.Insert(ctx, "INSERT INTO persons (id_number, name, created_at) VALUES (?, '成员', ?)", fmt.Sprintf("T%d-%d", id, o), now)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO team_members (project_id, person_id, institution_id, role, created_at) VALUES (?, ?, ?, 'member', ?)", id, pid, o, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func scoreBody(inst int64, points string) map[string]any {
	s, j := map[string]any{}, map[string]string{}
	for _, d := range []string{"scheme_design", "onsite", "timeliness", "rigour", "report"} {
		s[d], j[d] = points, "依据工作底稿评分"
	}
	return map[string]any{"institution_id": inst, "scores": s, "justifications": j, "person_days": 10}
}

// The whole year over HTTP: scoring with its field errors, the comment
// window, the settlement by an official above the assessor, the close twice
// with its progress and report, the grades, the fee sheet, the what-if, and
// the pages of both languages.
func TestAssessmentYearOverHTTP(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		good := projecttest.Institution(t, e.DB, e.Clock, "430102")
		bad := projecttest.Institution(t, e.DB, e.Clock, "430102")
		pid := completedProject(t, e, 2025, good, bad)
		hunan, admin := e.Login("hunan"), e.Login("admin")

		body := scoreBody(good, "92")
		delete(body["justifications"].(map[string]string), "onsite")
		r := e.Call("POST", fmt.Sprintf("/api/v1/projects/%d/assessments", pid), hunan, body)
		if r.Status != 422 || r.ErrorFields()["justifications.onsite"] == nil {
			t.Fatalf("missing justification: %d %s", r.Status, r.Body)
		}
		var form struct {
			Pending []int64 `json:"pending_institution_ids"`
		}
		if st := e.JSON("GET", fmt.Sprintf("/api/v1/projects/%d/assessment-form", pid), hunan, nil, &form); st != 200 || len(form.Pending) != 2 {
			t.Fatalf("form: %d %v", st, form)
		}
		var x struct {
			ID    int64  `json:"id"`
			Total int    `json:"total"`
			State string `json:"state"`
		}
		if st := e.JSON("POST", fmt.Sprintf("/api/v1/projects/%d/assessments", pid), hunan, scoreBody(good, "92"), &x); st != 201 || x.Total != 9200 {
			t.Fatalf("score: %d %+v", st, x)
		}
		var y struct{ ID int64 }
		if st := e.JSON("POST", fmt.Sprintf("/api/v1/projects/%d/assessments", pid), hunan, scoreBody(bad, "50"), &y); st != 201 {
			t.Fatalf("score bad: %d", st)
		}
		if st := e.Call("POST", fmt.Sprintf("/api/v1/projects/%d/assessments", pid), hunan, scoreBody(bad, "50")).Status; st != 409 {
			t.Fatalf("second assessment: %d", st)
		}

		goodUser := projecttest.User(t, e.DB, e.Clock, auth.RoleInstitution, "430102", good)
		badUser := projecttest.User(t, e.DB, e.Clock, auth.RoleInstitution, "430102", bad)
		gt := e.Login(goodUser.Username)
		if st := e.Call("POST", fmt.Sprintf("/api/v1/assessments/%d/comment", x.ID), gt, map[string]any{"comment": "有异议", "dispute": true}).Status; st != 200 {
			t.Fatalf("dispute: %d", st)
		}
		settle := map[string]any{"decision": "upheld", "note": "维持原评分"}
		if st := e.Call("POST", fmt.Sprintf("/api/v1/assessments/%d/settlement", x.ID), hunan, settle).Status; st != 403 {
			t.Fatalf("the assessor settled: %d", st)
		}
		if st := e.Call("POST", fmt.Sprintf("/api/v1/assessments/%d/settlement", x.ID), admin, settle).Status; st != 200 {
			t.Fatalf("settlement: %d", st)
		}
		e.Clock.Advance(20 * 24 * time.Hour) // past every window; tokens last a day
		hunan, admin, bt := e.Login("hunan", "demo12345"), e.Login("admin", "demo12345"), e.Login(badUser.Username, "demo12345")
		gt = e.Login(goodUser.Username, "demo12345")
		r = e.Call("POST", fmt.Sprintf("/api/v1/assessments/%d/comment", y.ID), bt, map[string]any{"comment": "太迟了"})
		if r.Status != 409 || !strings.Contains(string(r.Body), "comment") && !strings.Contains(string(r.Body), "意见") {
			t.Fatalf("late comment: %d %s", r.Status, r.Body)
		}

		runID := closeYear(t, e, admin, 2025)
		var run map[string]any
		e.JSON("GET", fmt.Sprintf("/api/v1/year-closes/%d", runID), admin, nil, &run)
		if run["grades_added"] != 2.0 || run["consequences_added"] != 1.0 || run["records_added"] != 1.0 || run["fees_added"] != 2.0 {
			t.Fatalf("first run: %v", run)
		}
		again := closeYear(t, e, admin, 2025)
		e.JSON("GET", fmt.Sprintf("/api/v1/year-closes/%d", again), admin, nil, &run)
		if run["grades_added"] != 0.0 || run["consequences_added"] != 0.0 || run["records_added"] != 0.0 || run["fees_added"] != 0.0 {
			t.Fatalf("second run: %v", run)
		}
		var grades []map[string]any
		if st := e.JSON("GET", fmt.Sprintf("/api/v1/institutions/%d/grades", bad), bt, nil, &grades); st != 200 || len(grades) != 1 ||
			grades[0]["grade"] != "unqualified" || grades[0]["year"] != 2025.0 || grades[0]["score"] != 5000.0 {
			t.Fatalf("grades: %d %v", st, grades)
		}
		if st := e.Call("GET", fmt.Sprintf("/api/v1/institutions/%d/grades", bad), gt, nil).Status; st != 404 {
			t.Fatalf("another institution's grades: %d", st)
		}
		r = e.Call("GET", "/api/v1/years/2025/fees?format=xlsx", admin, nil)
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheet") || len(r.Body) < 100 {
			t.Fatalf("fee sheet: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		var wi struct {
			Affected []map[string]any `json:"affected"`
		}
		draft := map[string]any{"key": "assessment.grade_bands", "value": []map[string]any{{"grade": "excellent", "min": 9500}, {"grade": "good", "min": 8000}, {"grade": "qualified", "min": 6000}, {"grade": "unqualified", "min": 0}}}
		if st := e.JSON("POST", "/api/v1/years/2025/what-if", admin, draft, &wi); st != 200 || len(wi.Affected) != 1 || wi.Affected[0]["draft_grade"] != "good" {
			t.Fatalf("what-if: %d %v", st, wi)
		}
		if e.Call("GET", "/api/v1/years/2025/closes", hunan, nil).Status != 403 {
			t.Fatal("a reviewer saw the close runs")
		}

		for _, lang := range []string{"zh", "en"} {
			b := e.Browser("admin")
			b.Get("/?lang=" + lang)
			for path, want := range map[string]string{
				"/years/2025": `id="grade-data"`, fmt.Sprintf("/year-closes/%d", runID): "<progress",
				fmt.Sprintf("/institutions/%d/grades/2025", good): "依据工作底稿评分", fmt.Sprintf("/projects/%d/assessments", pid): "92.00",
			} {
				if p := b.Get(path); p.Status != 200 || !strings.Contains(p.HTML, want) {
					t.Errorf("%s %s: %d, want %q", lang, path, p.Status, want)
				}
			}
		}
		b := e.Browser("admin")
		if p := b.Post("/years/2025/what-if", url.Values{"key": {"assessment.grade_weighting"}, "value": {"equal"}}); p.Status != 200 {
			t.Errorf("what-if form: %d", p.Status)
		}
	})
}

// closeYear starts the close and waits for it to end, following its progress.
func closeYear(t *testing.T, e *apptest.Env, token string, year int) int64 {
	t.Helper()
	var run struct {
		ID    int64  `json:"id"`
		State string `json:"state"`
	}
	if st := e.JSON("POST", fmt.Sprintf("/api/v1/years/%d/close", year), token, nil, &run); st != 202 {
		t.Fatalf("close: %d", st)
	}
	for i := 0; i < 200 && run.State == "running"; i++ {
		time.Sleep(20 * time.Millisecond)
		e.JSON("GET", fmt.Sprintf("/api/v1/year-closes/%d", run.ID), token, nil, &run)
	}
	if run.State != "done" {
		t.Fatalf("close ended %s", run.State)
	}
	return run.ID
}
