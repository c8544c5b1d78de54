package httpapi_test

import (
	"fmt"
	"sync"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/auth"
	"evalcred/internal/project/projecttest"
)

var projectPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// projectEnv is an app with three eligible firms, the lead's institution
// user, an expert and a fund-department user.
type projectEnv struct {
	*apptest.Env
	firms                 []projecttest.Firm
	lead, expert, fund    string
	leadTok, expTok, fTok string
}

func newProjectEnv(t *testing.T, e *apptest.Env) *projectEnv {
	pe := &projectEnv{Env: e, firms: projecttest.Firms(t, e.DB, e.Clock, "430102", 3, 2)}
	pe.lead = projecttest.User(t, e.DB, e.Clock, auth.RoleInstitution, "430102", pe.firms[0].ID).Username
	pe.expert = projecttest.User(t, e.DB, e.Clock, auth.RoleExpert, "430000", 0).Username
	pe.fund = projecttest.User(t, e.DB, e.Clock, auth.RoleFundDept, "430000", 0).Username
	pe.leadTok, pe.expTok, pe.fTok = e.Login(pe.lead), e.Login(pe.expert), e.Login(pe.fund)
	return pe
}

func (pe *projectEnv) create(t *testing.T, tok string) (int, map[string]any) {
	r := pe.Call("POST", "/api/v1/projects", tok, map[string]any{"year": 2026, "name": "2025年度省级生猪调出大县奖励资金绩效评价", "fund": "生猪调出大县奖励资金",
		"amount_fen": 120000000, "client": "湖南省财政厅", "evaluated_unit": "湘潭县农业农村局", "region_code": "430000", "deadline": "2026-09-30", "fee_budget_fen": 9800000})
	return r.Status, r.Map()
}

func (pe *projectEnv) team() map[string]any {
	f := pe.firms
	return map[string]any{"lead_institution_id": f[0].ID, "members": []map[string]any{
		{"id_number": f[0].LeadEvaluator, "institution_id": f[0].ID, "role": "leader"},
		{"id_number": f[1].Practitioners[0], "institution_id": f[1].ID, "role": "member"},
		{"id_number": f[2].LeadEvaluator, "institution_id": f[2].ID, "role": "expert"},
	}}
}

// TestProjectLifecycleAPI takes a project from planning to completed through
// the API: selection, team, plan (returned once), spot check, three-party
// review in two rounds.
func TestProjectLifecycleAPI(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		pe := newProjectEnv(t, e)
		hunan := e.Login("hunan")
		if st, _ := pe.create(t, e.Login("changsha")); st != 403 {
			t.Fatalf("city reviewer creates a provincial project: %d, want 403", st)
		}
		st, res := pe.create(t, hunan)
		if st != 201 || res["stage"] != "planning" {
			t.Fatalf("create: %d %v", st, res)
		}
		id := int(res["id"].(float64))
		p := fmt.Sprintf("/api/v1/projects/%d", id)
		sel := e.Call("POST", p+"/selection", hunan, map[string]any{"method": "draw", "count": 3, "seed": "湘财绩〔2026〕1号"})
		if sel.Status != 201 {
			t.Fatalf("selection: %d %s", sel.Status, sel.Body)
		}
		drawID := int(sel.Map()["draw_id"].(float64))
		pub := e.Call("GET", fmt.Sprintf("/api/v1/public/draws/%d", drawID), "", nil)
		if pub.Status != 200 || pub.Map()["seed"] != "湘财绩〔2026〕1号" || pub.Map()["verified"] != true {
			t.Fatalf("public draw: %d %s", pub.Status, pub.Body)
		}
		// An expert not assigned sees nothing of the project.
		if r := e.Call("GET", p, pe.expTok, nil); r.Status != 404 {
			t.Fatalf("unassigned expert: %d, want 404", r.Status)
		}
		if r := e.Call("PUT", p+"/team", hunan, pe.team()); r.Status != 200 {
			t.Fatalf("team: %d %s", r.Status, r.Body)
		}
		if r := e.Upload(p+"/files", pe.leadTok, "实施方案.pdf", []byte("not a pdf at all"), map[string]string{"kind": "plan"}); r.Status != 415 {
			t.Fatalf("non-PDF plan: %d", r.Status)
		}
		upload := func(kind string, want int) {
			t.Helper()
			if r := e.Upload(p+"/files", pe.leadTok, kind+".pdf", projectPDF, map[string]string{"kind": kind}); r.Status != want {
				t.Fatalf("upload %s: %d %s", kind, r.Status, r.Body)
			}
		}
		upload("plan", 201)
		if r := e.Call("POST", p+"/plan/decision", hunan, map[string]any{"decision": "return", "comments": map[string]string{"basic_data_sheet": "缺少项目资金到位和支出明细表"}}); r.Status != 200 {
			t.Fatalf("return plan: %d %s", r.Status, r.Body)
		}
		upload("plan", 201)
		if r := e.Call("POST", p+"/plan/decision", hunan, map[string]any{"decision": "approve"}); r.Status != 200 || r.Map()["stage"] != "implementation" {
			t.Fatalf("approve plan: %d %s", r.Status, r.Body)
		}
		upload("working_paper", 201)
		if r := e.Call("POST", p+"/visits", hunan, map[string]any{"note": "现场核查资金拨付凭证"}); r.Status != 201 {
			t.Fatalf("visit: %d %s", r.Status, r.Body)
		}
		dr := e.Call("POST", "/api/v1/spot-checks/draw", hunan, map[string]any{"count": 1})
		if dr.Status != 201 {
			t.Fatalf("spot draw: %d %s", dr.Status, dr.Body)
		}
		items := map[string]any{}
		for _, it := range []string{"work_discipline", "integrity", "authenticity", "working_papers"} {
			items[it] = map[string]string{"result": "pass"}
		}
		items["working_papers"] = map[string]string{"result": "fail", "note": "底稿未记录抽样过程"}
		if r := e.Call("POST", p+"/spot-checks", hunan, map[string]any{"draw_id": dr.Map()["draw_id"], "items": items}); r.Status != 201 {
			t.Fatalf("spot check: %d %s", r.Status, r.Body)
		}
		upload("draft_report", 201)
		for _, u := range []string{pe.expert, pe.fund, "hunan"} {
			if r := e.Call("POST", p+"/reviewers", hunan, map[string]string{"username": u}); r.Status != 201 {
				t.Fatalf("assign %s: %d %s", u, r.Status, r.Body)
			}
		}
		if r := e.Call("GET", p, pe.expTok, nil); r.Status != 200 {
			t.Fatalf("assigned expert: %d", r.Status)
		}
		review := func(tok, decision string, want int) map[string]any {
			t.Helper()
			r := e.Call("POST", p+"/report/reviews", tok, map[string]any{"score": 85, "decision": decision, "comment": "结论依据需补充"})
			if r.Status != want {
				t.Fatalf("review %s: %d %s", decision, r.Status, r.Body)
			}
			return r.Map()
		}
		review(pe.expTok, "revise", 201)
		review(pe.fTok, "accept", 201)
		if m := review(hunan, "accept", 201); m["report_state"] != "revising" {
			t.Fatalf("round 1 closes with a revision: %v", m)
		}
		upload("draft_report", 201)
		review(pe.expTok, "accept", 201)
		review(pe.fTok, "accept", 201)
		if m := review(hunan, "accept", 201); m["stage"] != "completed" {
			t.Fatalf("all three accept: %v", m)
		}
		var d struct {
			Events []struct {
				ToStage string `json:"to_stage"`
			}
		}
		e.JSON("GET", p, hunan, nil, &d)
		seen := map[string]bool{}
		for _, ev := range d.Events {
			seen[ev.ToStage] = true
		}
		for _, s := range []string{"planning", "team_formed", "preparation", "implementation", "reporting", "completed"} {
			if !seen[s] {
				t.Errorf("timeline lacks %s", s)
			}
		}
		if r := e.Call("GET", "/api/v1/projects?format=xlsx", hunan, nil); r.Status != 200 || len(r.Body) < 100 {
			t.Errorf("xlsx export: %d", r.Status)
		}
	})
}

func TestTeamRuleNamedInAPI(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		pe := newProjectEnv(t, e)
		hunan := e.Login("hunan")
		_, res := pe.create(t, hunan)
		id := int(res["id"].(float64))
		f := pe.firms
		one := map[string]any{"lead_institution_id": f[0].ID, "members": []map[string]any{
			{"id_number": f[0].LeadEvaluator, "institution_id": f[0].ID, "role": "leader"},
			{"id_number": f[0].Practitioners[0], "institution_id": f[0].ID, "role": "member"}}}
		r := e.Call("PUT", fmt.Sprintf("/api/v1/projects/%d/team", id), hunan, one)
		if r.Status != 422 || r.ErrorFields()["team"] == nil || !contains(r.ErrorFields()["team"], "参与机构数少于政策规定的下限") {
			t.Fatalf("one institution: %d %s", r.Status, r.Body)
		}
	})
}

func contains(v any, s string) bool {
	str, _ := v.(string)
	return len(str) > 0 && (len(s) == 0 || indexOf(str, s) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// Two stage changes at once over HTTP: one wins, the other gets 409.
func TestConcurrentPlanDecisionsAPI(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		pe := newProjectEnv(t, e)
		hunan := e.Login("hunan")
		_, res := pe.create(t, hunan)
		p := fmt.Sprintf("/api/v1/projects/%d", int(res["id"].(float64)))
		if r := e.Call("PUT", p+"/team", hunan, pe.team()); r.Status != 200 {
			t.Fatalf("team: %d %s", r.Status, r.Body)
		}
		if r := e.Upload(p+"/files", pe.leadTok, "plan.pdf", projectPDF, map[string]string{"kind": "plan"}); r.Status != 201 {
			t.Fatalf("plan: %d", r.Status)
		}
		var wg sync.WaitGroup
		status := make([]int, 2)
		bodies := []map[string]any{{"decision": "approve"}, {"decision": "return", "comments": map[string]string{"work_steps_methods": "步骤不清"}}}
		for i := range 2 {
			wg.Add(1)
			go func() { defer wg.Done(); status[i] = e.Call("POST", p+"/plan/decision", hunan, bodies[i]).Status }()
		}
		wg.Wait()
		if !(status[0] == 200 && status[1] == 409 || status[0] == 409 && status[1] == 200) {
			t.Fatalf("statuses %v, want one 200 and one 409", status)
		}
	})
}
