package ui_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/auth"
	"evalcred/internal/project/projecttest"
)

var pdfBytes = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

func uploadPDF(t *testing.T, b *apptest.Browser, path string) *apptest.Page {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf_token", b.CSRF())
	fw, _ := mw.CreateFormFile("file", "文件.pdf")
	_, _ = fw.Write(pdfBytes)
	_ = mw.Close()
	return b.PostMultipart(path, mw.FormDataContentType(), &buf)
}

func mustRedirect(t *testing.T, what string, p *apptest.Page) {
	t.Helper()
	if p.Status != 303 {
		i := strings.Index(p.HTML, `class="error"`)
		t.Fatalf("%s: status %d %s", what, p.Status, p.HTML[max(0, i):min(len(p.HTML), max(0, i)+600)])
	}
}

// TestProjectLifecycleUI runs a project from planning to completed through
// the pages, as people would without JavaScript.
func TestProjectLifecycleUI(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		firms := projecttest.Firms(t, e.DB, e.Clock, "430102", 3, 1)
		leadUser := projecttest.User(t, e.DB, e.Clock, auth.RoleInstitution, "430102", firms[0].ID).Username
		expert := projecttest.User(t, e.DB, e.Clock, auth.RoleExpert, "430000", 0).Username
		fund := projecttest.User(t, e.DB, e.Clock, auth.RoleFundDept, "430000", 0).Username

		hunan := e.Browser("hunan")
		if p := hunan.Get("/projects"); p.Status != 200 || !strings.Contains(p.HTML, "新建评价项目") {
			t.Fatalf("project list: %d", p.Status)
		}
		p := hunan.Post("/projects", url.Values{"year": {"2026"}, "name": {"2025年度乡村振兴衔接资金绩效评价"}, "client": {"湖南省乡村振兴局"},
			"evaluated_unit": {"某县乡村振兴局"}, "region_code": {"430000"}, "amount_yuan": {"35000000.00"}, "fee_budget_yuan": {"180000"}})
		mustRedirect(t, "create", p)
		base := strings.SplitN(p.Location, "?", 2)[0]
		mustRedirect(t, "select", hunan.Post(base+"/selection", url.Values{"method": {"draw"}, "count": {"3"}, "seed": {"ui-seed"}}))
		page := hunan.Get(base)
		if !strings.Contains(page.HTML, "ui-seed") || !strings.Contains(page.HTML, "/public/draws/") {
			t.Fatalf("detail lacks the draw")
		}
		// A team from one institution is refused, naming the rule, and the form keeps the rows.
		bad := url.Values{"lead_institution_id": {fmt.Sprint(firms[0].ID)},
			"members[0].id_number": {firms[0].LeadEvaluator}, "members[0].institution_id": {fmt.Sprint(firms[0].ID)}, "members[0].role": {"leader"},
			"members[1].id_number": {firms[0].Practitioners[0]}, "members[1].institution_id": {fmt.Sprint(firms[0].ID)}, "members[1].role": {"member"}}
		if pg := hunan.Post(base+"/team", bad); pg.Status != 422 || !strings.Contains(pg.HTML, "参与机构数少于政策规定的下限") || !strings.Contains(pg.HTML, firms[0].Practitioners[0]) {
			t.Fatalf("bad team: %d", pg.Status)
		}
		good := url.Values{"lead_institution_id": {fmt.Sprint(firms[0].ID)}}
		for i, f := range firms {
			idn, role := f.Practitioners[0], "member"
			if i == 0 {
				idn, role = f.LeadEvaluator, "leader"
			}
			good.Set(fmt.Sprintf("members[%d].id_number", i), idn)
			good.Set(fmt.Sprintf("members[%d].institution_id", i), fmt.Sprint(f.ID))
			good.Set(fmt.Sprintf("members[%d].role", i), role)
		}
		mustRedirect(t, "team", hunan.Post(base+"/team", good))

		lead := e.Browser(leadUser)
		if pg := lead.Get(base + "/plan"); pg.Status != 200 || !strings.Contains(pg.HTML, `action="`+base+`/plan"`) {
			t.Fatalf("plan page without its upload form: %d", pg.Status)
		}
		mustRedirect(t, "plan upload", uploadPDF(t, lead, base+"/plan"))
		mustRedirect(t, "plan return", hunan.Post(base+"/plan/decision", url.Values{"decision": {"return"}, "comments.on_site_arrangement": {"未列明现场核查点"}}))
		mustRedirect(t, "plan again", uploadPDF(t, lead, base+"/plan"))
		mustRedirect(t, "plan approve", hunan.Post(base+"/plan/decision", url.Values{"decision": {"approve"}}))

		mustRedirect(t, "visit", hunan.Post(base+"/visits", url.Values{"note": {"现场指导问卷发放"}}))
		d := hunan.Post("/spot-checks/draw", url.Values{"count": {"1"}})
		mustRedirect(t, "spot draw", d)
		items := url.Values{"summary": {"抽查工作底稿"}}
		for _, it := range []string{"work_discipline", "integrity", "authenticity", "working_papers"} {
			items.Set("items."+it+".result", "pass")
		}
		mustRedirect(t, "spot check", hunan.Post(base+"/spot-checks", items))

		mustRedirect(t, "report", uploadPDF(t, lead, base+"/report"))
		for _, u := range []string{expert, fund, "hunan"} {
			mustRedirect(t, "assign "+u, hunan.Post(base+"/reviewers", url.Values{"username": {u}}))
		}
		for _, u := range []string{expert, fund, "hunan"} {
			b := hunan
			if u != "hunan" {
				b = e.Browser(u)
			}
			if pg := b.Get(base + "/report"); !strings.Contains(pg.HTML, "report/review") {
				t.Fatalf("%s sees no review form", u)
			}
			mustRedirect(t, "review "+u, b.Post(base+"/report/review", url.Values{"score": {"88"}, "decision": {"accept"}, "comment": {"同意"}}))
		}
		if pg := hunan.Get(base + "?lang=en"); !strings.Contains(pg.HTML, "state-completed") || !strings.Contains(pg.HTML, "Accepted by all three parties") {
			t.Fatalf("project not completed on its page")
		}
		// An expert not assigned to a project gets 404 on its page.
		other := projecttest.User(t, e.DB, e.Clock, auth.RoleExpert, "430000", 0).Username
		if pg := e.Browser(other).Get(base); pg.Status != 404 {
			t.Errorf("unassigned expert: %d, want 404", pg.Status)
		}
		// The public draw page, without login.
		if pg := e.Browser("").Get("/public/draws/1"); pg.Status != 200 || !strings.Contains(pg.HTML, "evalcred-draw-v1") {
			t.Errorf("public draw page: %d", pg.Status)
		}
	})
}
