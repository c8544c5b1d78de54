package ui_test

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/indicator"
)

// The template library through the pages, without JavaScript: everyone sees
// the built-in tree with its weights; a provincial reviewer adds a template,
// a malformed or unbalanced tree coming back with the reason and the path of
// the node at fault, the text kept.
func TestIndicatorTemplatesPage(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		hunan := e.Browser("hunan")
		if p := hunan.Get("/projects"); !strings.Contains(p.HTML, `href="/indicator-templates"`) {
			t.Errorf("projects page does not link the templates")
		}
		p := hunan.Get("/indicator-templates")
		if p.Status != 200 || !strings.Contains(p.HTML, "项目立项") || !strings.Contains(p.HTML, `<td class="num">20</td>`) ||
			!strings.Contains(p.HTML, `name="indicators"`) {
			t.Fatalf("templates page: %d", p.Status)
		}
		p = hunan.Post("/indicator-templates", url.Values{"name": {"湖南省专项资金模板"}, "indicators": {`[{"name": "决策", "weight": 25`}})
		if p.Status != 422 || !strings.Contains(p.HTML, "JSON格式有误") || !strings.Contains(p.HTML, "湖南省专项资金模板") {
			t.Fatalf("malformed JSON: %d", p.Status)
		}
		unbalanced := `[{"name": "决策", "weight": 25, "children": [{"name": "项目立项", "weight": 60}, {"name": "绩效目标", "weight": 30}]},
			{"name": "过程", "weight": 25}, {"name": "产出", "weight": 25}, {"name": "效益", "weight": 25}]`
		p = hunan.Post("/indicator-templates", url.Values{"name": {"湖南省专项资金模板"}, "indicators": {unbalanced}})
		if p.Status != 422 || !strings.Contains(p.HTML, "指标 · 决策") || !strings.Contains(p.HTML, "绩效目标") {
			t.Fatalf("unbalanced tree: %d, want 422 naming the indicator 决策 with the text kept", p.Status)
		}
		good := strings.Replace(unbalanced, `"weight": 60`, `"weight": 70`, 1)
		p = hunan.Post("/indicator-templates", url.Values{"name": {"湖南省专项资金模板"}, "indicators": {good}})
		if p.Status != 303 || p.Location != "/indicator-templates?notice=indicator_template_added" {
			t.Fatalf("add: %d %q %s", p.Status, p.Location, p.HTML)
		}
		if p := hunan.Get(p.Location); !strings.Contains(p.HTML, "湖南省专项资金模板") || !strings.Contains(p.HTML, `<td class="num">70</td>`) {
			t.Errorf("added template not listed")
		}
		if p := hunan.Get("/indicator-templates?lang=en"); !strings.Contains(p.HTML, "Indicator templates") || !strings.Contains(p.HTML, "Common indicator system") {
			t.Errorf("English page")
		}
		hunan.Get("/indicator-templates?lang=zh")
		changsha := e.Browser("changsha")
		if p := changsha.Get("/indicator-templates"); p.Status != 200 || strings.Contains(p.HTML, `name="indicators"`) {
			t.Errorf("local reviewer: %d, want the library without the form", p.Status)
		}
		if p := changsha.Post("/indicator-templates", url.Values{"name": {"x"}, "indicators": {good}}); p.Status != 403 {
			t.Errorf("local reviewer adds a template: %d", p.Status)
		}
	})
}

// A template added to the library has a retire button; retired, it moves to
// the retired section, marked, without the button; retiring it again is
// refused, and so is a local reviewer.
func TestRetireIndicatorTemplatePage(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		hunan := e.Browser("hunan")
		b, _ := json.Marshal(indicator.Default().Indicators)
		if p := hunan.Post("/indicator-templates", url.Values{"name": {"湖南省专项资金模板"}, "indicators": {string(b)}}); p.Status != 303 {
			t.Fatalf("add: %d", p.Status)
		}
		p := hunan.Get("/indicator-templates")
		m := regexp.MustCompile(`<form method="post" action="(/indicator-templates/(\d+)/retire)" class="inline"><input type="hidden" name="csrf_token"`).FindAllStringSubmatch(p.HTML, -1)
		if len(m) != 1 || m[0][2] == "0" {
			t.Fatalf("retire buttons %v, want one, not on the built-in template", m)
		}
		retire := m[0][1]
		if p := e.Browser("changsha").Post(retire, nil); p.Status != 403 || !strings.Contains(p.HTML, "您没有执行此操作的权限") {
			t.Errorf("local reviewer retires: %d", p.Status)
		}
		p = hunan.Post(retire, nil)
		if p.Status != 303 || p.Location != "/indicator-templates?notice=indicator_template_retired" {
			t.Fatalf("retire: %d %q", p.Status, p.Location)
		}
		p = hunan.Get(p.Location)
		i := strings.Index(p.HTML, "已停用的模板")
		if i < 0 || !strings.Contains(p.HTML[i:], "湖南省专项资金模板") || strings.Contains(p.HTML[:i], "湖南省专项资金模板") ||
			strings.Contains(p.HTML, retire) || !strings.Contains(p.HTML, "指标模板已停用") {
			t.Errorf("retired template not listed apart: %s", p.HTML)
		}
		if p := hunan.Get("/indicator-templates?lang=en"); !strings.Contains(p.HTML, "Retired templates") {
			t.Errorf("English page")
		}
		hunan.Get("/indicator-templates?lang=zh")
		if p := hunan.Post(retire, nil); p.Status != 409 || !strings.Contains(p.HTML, "项目立项") {
			t.Errorf("retire again: %d", p.Status)
		}
	})
}

// A template is edited through the page: its revise link opens the form
// with its name and tree; a bad tree comes back with the reason and the text
// kept, still revising it; saved, the revision is listed in use and the
// original among the retired. The built-in template has no revise link, and
// a local reviewer may not revise.
func TestReviseIndicatorTemplatePage(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		hunan := e.Browser("hunan")
		tree := indicator.Default().Indicators
		tree[0].Children[0].Name = "专项立项"
		b, _ := json.Marshal(tree)
		if p := hunan.Post("/indicator-templates", url.Values{"name": {"湖南省专项资金模板"}, "indicators": {string(b)}}); p.Status != 303 {
			t.Fatalf("add: %d", p.Status)
		}
		p := hunan.Get("/indicator-templates")
		m := regexp.MustCompile(`href="/indicator-templates\?revise=(\d+)#template-form"`).FindAllStringSubmatch(p.HTML, -1)
		if len(m) != 1 || m[0][1] == "0" {
			t.Fatalf("revise links %v, want one, not on the built-in template", m)
		}
		id := m[0][1]
		p = hunan.Get("/indicator-templates?revise=" + id)
		if p.Status != 200 || !strings.Contains(p.HTML, "修订模板：湖南省专项资金模板") || !strings.Contains(p.HTML, `action="/indicator-templates/`+id+`/revise"`) ||
			!strings.Contains(p.HTML, "专项立项") || !strings.Contains(p.HTML, `value="湖南省专项资金模板"`) {
			t.Fatalf("revise form: %d, want the template's name and tree in a form posting to its revision", p.Status)
		}
		revise := "/indicator-templates/" + id + "/revise"
		tree[0].Children[0].Weight += 5 // 决策's children no longer sum to 100
		unbalanced, _ := json.Marshal(tree)
		tree[0].Children[0].Weight -= 5
		bad := string(unbalanced)
		p = hunan.Post(revise, url.Values{"name": {"湖南省专项资金模板（2027）"}, "indicators": {bad}})
		if p.Status != 422 || !strings.Contains(p.HTML, "指标 · 决策") || !strings.Contains(p.HTML, "（2027）") ||
			!strings.Contains(p.HTML, `action="`+revise+`"`) {
			t.Fatalf("bad tree: %d, want 422 naming the node, the text kept, still revising", p.Status)
		}
		if p := e.Browser("changsha").Post(revise, url.Values{"name": {"x"}, "indicators": {string(b)}}); p.Status != 403 {
			t.Errorf("local reviewer revises: %d", p.Status)
		}
		tree[0].Children[0].Name = "专项立项与目标"
		b, _ = json.Marshal(tree)
		p = hunan.Post(revise, url.Values{"name": {"湖南省专项资金模板（2027）"}, "indicators": {string(b)}})
		if p.Status != 303 || p.Location != "/indicator-templates?notice=indicator_template_revised" {
			t.Fatalf("revise: %d %q", p.Status, p.Location)
		}
		p = hunan.Get(p.Location)
		i := strings.Index(p.HTML, "已停用的模板")
		if i < 0 || !strings.Contains(p.HTML[:i], "湖南省专项资金模板（2027）") || !strings.Contains(p.HTML[:i], "专项立项与目标") ||
			!strings.Contains(p.HTML[i:], "湖南省专项资金模板") || !strings.Contains(p.HTML, "指标模板已修订") {
			t.Errorf("after the revision: want the new template in use and the original retired")
		}
		if p := hunan.Post(revise, url.Values{"name": {"再改"}, "indicators": {string(b)}}); p.Status != 409 || !strings.Contains(p.HTML, "再改") {
			t.Errorf("revising the retired original: %d, want 409 with the form kept", p.Status)
		}
	})
}
