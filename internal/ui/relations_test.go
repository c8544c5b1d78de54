package ui_test

import (
	"evalcred/internal/calendar"
	"evalcred/internal/words"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/apptest"
)

// An institution declares, through the pages and without JavaScript, the
// organisations it is tied to; the provincial reviewer who runs projects
// sees them from the institution's page and may declare one too; a local
// reviewer, who runs no projects, does not see them.
func TestRelationsPage(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		id, _, _, inst := approvedInstitution(t, e)
		own := fmt.Sprintf("/institutions/%d/relations", id)
		if p := inst.Get("/my/relations"); p.Status != 303 || p.Location != own {
			t.Fatalf("my relations: %d %q", p.Status, p.Location)
		}
		p := inst.Get(own)
		if p.Status != 200 || !strings.Contains(p.HTML, "尚未申报关联关系") || !strings.Contains(p.HTML, `href="/my/relations"`) {
			t.Fatalf("relations page: %d", p.Status)
		}
		p = inst.Post(own, url.Values{"organisation": {"  "}, "relation": {"常年审计客户"}})
		if p.Status != 422 || !strings.Contains(p.HTML, "常年审计客户") || !strings.Contains(p.HTML, `id="e-organisation"`) {
			t.Fatalf("no organisation: %d, want 422 with the form kept", p.Status)
		}
		p = inst.Post(own, url.Values{"organisation": {"长沙市城市建设投资集团"}, "relation": {"常年审计客户"}})
		if p.Status != 303 || p.Location != own+"?notice=relation_declared" {
			t.Fatalf("declare: %d %q", p.Status, p.Location)
		}
		if p := inst.Get(p.Location); !strings.Contains(p.HTML, "长沙市城市建设投资集团") || !strings.Contains(p.HTML, "关联关系已申报") {
			t.Errorf("declared relation not listed")
		}

		hunan := e.Browser("hunan")
		if p := hunan.Get(fmt.Sprintf("/institutions/%d", id)); !strings.Contains(p.HTML, `href="`+own+`"`) {
			t.Errorf("institution page does not link its relations")
		}
		if p := hunan.Post(own, url.Values{"organisation": {"湖南省交通运输厅"}, "relation": {"股东"}}); p.Status != 303 {
			t.Fatalf("reviewer declares: %d", p.Status)
		}
		if p := hunan.Get(own + "?lang=en"); p.Status != 200 || !strings.Contains(p.HTML, "长沙市城市建设投资集团") ||
			!strings.Contains(p.HTML, "湖南省交通运输厅") || !strings.Contains(p.HTML, "Declared relations") {
			t.Errorf("reviewer's view of the relations: %d", p.Status)
		}
		hunan.Get(own + "?lang=zh")
		if p := e.Browser("changsha").Get(own); p.Status != 404 {
			t.Errorf("local reviewer on the relations page: %d", p.Status)
		}
	})
}

// Each active relation has an end button; ended, it stays listed with the
// date and without the button, and ending it again comes back as a refusal.
// A local reviewer, who runs no projects, is refused.
func TestEndRelationPage(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		id, _, _, inst := approvedInstitution(t, e)
		own := fmt.Sprintf("/institutions/%d/relations", id)
		inst.Get(own)
		if p := inst.Post(own, url.Values{"organisation": {"长沙市城市建设投资集团"}, "relation": {"常年审计客户"}}); p.Status != 303 {
			t.Fatalf("declare: %d", p.Status)
		}
		p := inst.Get(own)
		m := regexp.MustCompile(`<form method="post" action="(` + own + `/(\d+)/end)" class="inline"><input type="hidden" name="csrf_token"`).FindStringSubmatch(p.HTML)
		if m == nil {
			t.Fatalf("no end button on the active relation: %s", p.HTML)
		}
		if p := e.Browser("changsha").Post(m[1], nil); p.Status != 404 {
			t.Errorf("local reviewer ends: %d", p.Status)
		}
		if p := e.Browser("zhuzhou").Post(m[1], nil); p.Status != 404 {
			t.Errorf("reviewer of another city ends: %d", p.Status)
		}
		p = inst.Post(m[1], nil)
		if p.Status != 303 || p.Location != own+"?notice=relation_ended" {
			t.Fatalf("end: %d %q", p.Status, p.Location)
		}
		p = inst.Get(p.Location)
		if !strings.Contains(p.HTML, "长沙市城市建设投资集团") || !strings.Contains(p.HTML, "关联关系已终止") ||
			!strings.Contains(p.HTML, "已于"+words.Date("zh", calendar.DateOf(e.Clock.Now()))) || strings.Contains(p.HTML, m[1]) {
			t.Errorf("ended relation not shown as ended: %s", p.HTML)
		}
		if p := inst.Post(m[1], nil); p.Status != 409 || !strings.Contains(p.HTML, "长沙市城市建设投资集团") {
			t.Errorf("end again: %d", p.Status)
		}
	})
}
