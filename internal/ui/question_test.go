package ui_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/registry/registrytest"
)

// An institution asks through the form, the county answers through its
// page, the institution reads the answer; all in Chinese and English,
// without JavaScript.
func TestQuestionPages(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		_, user := registrytest.NewApprovedInstitution(t, e.DB, e.Clock, "430102")
		inst := e.BrowserWith(user.Username, registrytest.Password)
		form := inst.Get("/questions/new")
		if form.Status != 200 || !strings.Contains(form.HTML, `hx-trigger="keyup changed delay:300ms"`) || !strings.Contains(form.HTML, "提交问题") {
			t.Fatalf("ask form: %d", form.Status)
		}
		p := inst.Post("/questions", url.Values{"category": {"filing"}, "text": {"主评人变更后需要重新提交填报吗？"}})
		if p.Status != 303 || !strings.HasPrefix(p.Location, "/questions/") {
			t.Fatalf("ask: %d %s", p.Status, p.HTML)
		}
		path := strings.SplitN(p.Location, "?", 2)[0]
		if p := inst.Post("/questions", url.Values{"category": {"filing"}, "text": {"短"}}); p.Status != 422 || !strings.Contains(p.HTML, "问题内容应为4至2000字") {
			t.Fatalf("short question: %d", p.Status)
		}

		furong := e.Browser("furong")
		view := furong.Get(path)
		if view.Status != 200 || !strings.Contains(view.HTML, "主评人变更") || !strings.Contains(view.HTML, "/answer") || !strings.Contains(view.HTML, "/escalate") {
			t.Fatalf("furong's view: %d", view.Status)
		}
		if p := furong.Post(path+"/answer", url.Values{"text": {"需要，修改后重新提交即可。"}}); p.Status != 303 {
			t.Fatalf("answer: %d %s", p.Status, p.HTML)
		}
		if p := inst.Get(path + "?lang=en"); !strings.Contains(p.HTML, "需要，修改后重新提交即可。") || !strings.Contains(p.HTML, "Answered") {
			t.Fatalf("institution's view after the answer lacks it")
		}
		if p := e.Browser("zhuzhou").Get(path); p.Status != 404 {
			t.Errorf("zhuzhou: %d", p.Status)
		}
		// With htmx, the suggestions block alone.
		req, _ := http.NewRequest("GET", e.Server.URL+"/questions/suggest?text="+url.QueryEscape("主评人变更"), nil)
		req.Header.Set("HX-Request", "true")
		req.Header.Set("Authorization", "Bearer "+e.Login("furong"))
		res, err := e.Server.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		frag, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.HasPrefix(strings.TrimSpace(string(frag)), `<div id="suggestions"`) || !strings.Contains(string(frag), "需要，修改后重新提交即可。") {
			t.Errorf("htmx fragment: %s", frag)
		}
		// Another city's reviewer and an institution elsewhere, typing the
		// same words, are offered nothing of it, on the page as while typing.
		_, other := registrytest.NewApprovedInstitution(t, e.DB, e.Clock, "430202")
		elsewhere := e.BrowserWith(other.Username, registrytest.Password)
		for who, b := range map[string]*apptest.Browser{"zhuzhou": e.Browser("zhuzhou"), "an institution in Zhuzhou": elsewhere} {
			for _, path := range []string{"/questions/new?text=", "/questions/suggest?text="} {
				if p := b.Get(path + url.QueryEscape("主评人变更")); p.Status != 200 || strings.Contains(p.HTML, "需要，修改后重新提交即可。") {
					t.Errorf("%s sees the answer on %s (%d)", who, path, p.Status)
				}
			}
		}
		if p := furong.Get("/questions/new?text=" + url.QueryEscape("主评人变更")); !strings.Contains(p.HTML, "需要，修改后重新提交即可。") {
			t.Error("the county's own reviewer is not offered its answer")
		}
		// Suggestions without JavaScript: the form's GET button.
		if p := inst.Get("/questions/new?lang=zh&text=" + url.QueryEscape("主评人变更怎么办")); !strings.Contains(p.HTML, "需要，修改后重新提交即可。") {
			t.Errorf("suggestion missing")
		}
	})
}

var idCell = regexp.MustCompile(`<td class="num"><a href="/questions/(\d+)">`)

// The "导出 Excel" link of the list gives the rows the screen shows, with
// the same filters and Chinese headers.
func TestQuestionListExport(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		_, user := registrytest.NewApprovedInstitution(t, e.DB, e.Clock, "430102")
		tok := e.Login(user.Username, registrytest.Password)
		for i, c := range []string{"filing", "credit", "filing"} {
			e.JSON("POST", "/api/v1/questions", tok, map[string]string{"category": c, "text": fmt.Sprintf("导出测试问题%d", i)}, nil)
		}
		b := e.Browser("furong")
		page := b.Get("/questions?category=filing")
		var shown []string
		for _, m := range idCell.FindAllStringSubmatch(page.HTML, -1) {
			shown = append(shown, m[1])
		}
		if len(shown) != 2 || !strings.Contains(page.HTML, "category=filing&amp;format=xlsx") {
			t.Fatalf("screen shows %v", shown)
		}
		file := b.Get("/questions?category=filing&format=xlsx")
		rows := apptest.ReadXLSX(t, []byte(file.HTML))
		if len(rows) != 3 || rows[0][0] != "编号" || rows[0][1] != "类别" || rows[0][2] != "问题" {
			t.Fatalf("export rows %q", rows)
		}
		for i, id := range shown {
			if rows[i+1][0] != id || rows[i+1][1] != "信息填报" {
				t.Errorf("row %d = %q, screen shows id %s", i+1, rows[i+1], id)
			}
		}
	})
}

func TestPublicFAQPage(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		_, user := registrytest.NewApprovedInstitution(t, e.DB, e.Clock, "430102")
		var q struct{ ID int64 }
		e.JSON("POST", "/api/v1/questions", e.Login(user.Username, registrytest.Password), map[string]string{"category": "credit", "text": "信用修复需要哪些材料？"}, &q)
		e.JSON("POST", fmt.Sprintf("/api/v1/questions/%d/answer", q.ID), e.Login("furong"), map[string]string{"text": "整改材料和信用承诺书。"}, nil)
		admin := e.Browser("admin")
		if p := admin.Post(fmt.Sprintf("/questions/%d/faq", q.ID), url.Values{"policy_year": {"2026"}}); p.Status != 303 {
			t.Fatalf("make faq: %d %s", p.Status, p.HTML)
		}
		anon := e.Browser("")
		p := anon.Get("/faq?q=" + url.QueryEscape("修复材料"))
		if p.Status != 200 || !strings.Contains(p.HTML, "整改材料和信用承诺书。") {
			t.Fatalf("public faq: %d", p.Status)
		}
		if p := anon.Post("/faq/1/helpful", url.Values{"q": {"修复"}}); p.Status != 303 {
			t.Fatalf("helpful: %d", p.Status)
		}
		var list struct {
			Items []struct{ Shown, Helpful int }
		}
		e.JSON("GET", "/api/v1/public/faq?q="+url.QueryEscape("信用修复"), "", nil, &list)
		if len(list.Items) != 1 || list.Items[0].Helpful != 1 || list.Items[0].Shown != 2 {
			t.Fatalf("counts: %+v", list.Items)
		}
	})
}
