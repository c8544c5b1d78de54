package ui_test

import (
	"fmt"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/ident"
	"evalcred/internal/registry/registrytest"
	"evalcred/internal/review"
)

// approvedFiling files and approves an institution in Furong district
// through the services and returns its id and its legal representative's
// ID number.
func approvedFiling(t *testing.T, e *apptest.Env) (int64, string) {
	t.Helper()
	s := filingtest.Wire(e.DB, e.Clock, e.App.Services.Files, t.TempDir())
	instID, _ := s.NewApprovedFiling(t, "430102")
	v, err := e.App.Services.Filing.GetVersion(t.Context(), registrytest.InstitutionUser(t, e.DB, instID), instID, 1)
	if err != nil {
		t.Fatal(err)
	}
	return instID, v.Document.LegalRepresentative.IDNumber
}

// Full ID numbers reach only roles that need them, and every such display
// is in the audit log; others see 430102********1234. Outside the region
// the pages answer 404.
func TestIDNumbersMaskedOrAudited(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		instID, id := approvedFiling(t, e)
		path := fmt.Sprintf("/institutions/%d", instID)
		admin := e.Browser("admin").Get(path)
		if admin.Status != 200 || strings.Contains(admin.HTML, id) || !strings.Contains(admin.HTML, ident.MaskResidentID(id)) {
			t.Errorf("admin: %d, full=%v", admin.Status, strings.Contains(admin.HTML, id))
		}
		var before int
		_ = e.DB.QueryRow(t.Context(), "SELECT COUNT(*) FROM audit_log WHERE action = 'person.id_viewed'").Scan(&before)
		hunan := e.Browser("hunan").Get(path)
		if hunan.Status != 200 || !strings.Contains(hunan.HTML, id) {
			t.Errorf("hunan: %d, lacks the full number", hunan.Status)
		}
		var after int
		_ = e.DB.QueryRow(t.Context(), "SELECT COUNT(*) FROM audit_log WHERE action = 'person.id_viewed'").Scan(&after)
		if after != before+1 {
			t.Errorf("id views audited: %d → %d", before, after)
		}
		zz := e.Browser("zhuzhou")
		for _, p := range []string{path, path + "/filings/1", "/attachments/1"} {
			if pg := zz.Get(p); pg.Status != 404 {
				t.Errorf("zhuzhou %s: %d", p, pg.Status)
			}
		}
	})
}

// A return from the task page shows its comments on the institution's page;
// the dashboard and the lists render in both languages.
func TestReturnCommentsDashboardAndLists(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		s := filingtest.Wire(e.DB, e.Clock, e.App.Services.Files, t.TempDir())
		instID, user := registrytest.NewApprovedInstitution(t, e.DB, e.Clock, "430102")
		s.Submit(t, user, instID, s.CompleteDocument(t, user, instID))
		b := e.Browser("furong")
		q := b.Get("/reviews")
		var task int64
		_ = e.DB.QueryRow(t.Context(), "SELECT id FROM review_tasks WHERE institution_id = ?", instID).Scan(&task)
		if !strings.Contains(q.HTML, fmt.Sprintf(`href="/reviews/%d"`, task)) {
			t.Fatalf("queue lacks task %d", task)
		}
		if p := b.Post(fmt.Sprintf("/reviews/%d/decision", task), map[string][]string{"decision": {"return"}}); p.Status != 422 {
			t.Errorf("return without comments: %d", p.Status)
		}
		if p := b.Post(fmt.Sprintf("/reviews/%d/decision", task), map[string][]string{"decision": {"return"}, "comment.business_records": {"请补充项目金额依据"}}); p.Status != 303 {
			t.Fatalf("return: %d", p.Status)
		}
		if p := b.Post(fmt.Sprintf("/reviews/%d/decision", task), map[string][]string{"decision": {"approve"}}); p.Status != 409 && p.Status != 404 {
			t.Errorf("deciding again: %d", p.Status)
		}
		page, err := e.App.Services.Review.History(t.Context(), user, instID)
		if err != nil || len(page) != 1 || page[0].State != review.TaskReturned {
			t.Fatalf("history %v %v", page, err)
		}
		for _, who := range []string{"hunan", "changsha", "mof"} {
			br := e.Browser(who)
			for _, p := range []string{"/dashboard", "/dashboard?lang=en", "/institutions", "/institutions?filing_state=returned&q=测试"} {
				pg := br.Get(p)
				if pg.Status != 200 {
					t.Errorf("%s %s: %d", who, p, pg.Status)
				}
			}
		}
		dash := e.Browser("hunan").Get("/dashboard")
		if !strings.Contains(dash.HTML, `id="dashboard-data"`) || !strings.Contains(dash.HTML, "长沙市") || !strings.Contains(dash.HTML, "/static/dashboard.js") {
			t.Errorf("dashboard lacks the chart data or the table")
		}
		if en := e.Browser("changsha").Get("/reviews?lang=en"); !strings.Contains(en.HTML, "Reviews") {
			t.Errorf("English queue")
		}
		if reg := e.Browser("").Get("/register?lang=en"); !strings.Contains(reg.HTML, "Register an institution") {
			t.Errorf("English registration form")
		}
	})
}
