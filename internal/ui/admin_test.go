package ui_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/apptest"
)

// An administrator opens an official's account in a region chosen from
// the province's tree; a region outside it is neither offered nor taken.
func TestAdminCreatesUserInRegionPicked(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		b := e.Browser("admin")
		page := b.Get("/admin/users")
		if page.Status != 200 || !strings.Contains(page.HTML, "changsha") {
			t.Fatalf("users page: %d", page.Status)
		}
		regions := selectOptions(page.HTML, "region_code")
		if len(regions) < 100 || strings.Contains(page.HTML, "北京") {
			t.Fatalf("region choices: %d, or outside the province", len(regions))
		}
		form := url.Values{"username": {"yueyang"}, "password": {"long-enough"}, "role": {pick(t, page.HTML, "role", "市县")},
			"region_code": {"110105"}}
		if p := b.Post("/admin/users", form); p.Status != 422 || !strings.Contains(p.HTML, "只能在本辖区内开设账号") || !strings.Contains(p.HTML, `value="yueyang"`) {
			t.Errorf("outside region: %d", p.Status)
		}
		form.Set("region_code", pick(t, page.HTML, "region_code", "岳阳楼区"))
		if p := b.Post("/admin/users", form); p.Status != 303 {
			t.Fatalf("create: %d %s", p.Status, p.HTML)
		}
		if p := b.Get("/admin/users"); !strings.Contains(p.HTML, "湖南省岳阳市岳阳楼区") {
			t.Errorf("the new account's region is not shown in words")
		}
	})
}

var editLink = regexp.MustCompile(`<a href="(/admin/policies\?key=[^"#]+)#edit">([^<]+)</a>`)

// policyLink follows the link of the policy labelled label on the page.
func policyLink(t *testing.T, page, label string) string {
	t.Helper()
	for _, m := range editLink.FindAllStringSubmatch(page, -1) {
		if m[2] == label {
			return m[1]
		}
	}
	t.Fatalf("no policy %q on the page", label)
	return ""
}

// inputValue is the value of the text input named name.
func inputValue(page, name string) (string, bool) {
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// Policies are read and edited in words and in the units people use: the
// daily rate in yuan with its range, a value out of range or not a number
// refused naming the field, an object's rule named, and the what-if of a
// grade band draft shown beside it.
func TestAdminEditsPolicyAsForm(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		b := e.Browser("admin")
		list := b.Get("/admin/policies")
		if list.Status != 200 || !strings.Contains(list.HTML, "市县初审期限") || !strings.Contains(list.HTML, "1500元") || strings.Contains(list.HTML, `"min"`) || strings.Contains(list.HTML, `&#34;min`) ||
			strings.Contains(list.HTML, "150000") {
			t.Fatalf("policies page: %d, values not in words", list.Status)
		}
		rate := b.Get(policyLink(t, list.HTML, "人日单价"))
		if v, ok := inputValue(rate.HTML, "value"); !ok || v != "1500" || !strings.Contains(rate.HTML, "允许范围：0～100000元") {
			t.Fatalf("the rate's input: %q, want 1500 yuan with its range", v)
		}
		form := url.Values{"key": {pick(t, rate.HTML, "key", "人日单价")}, "value": {"一千八"}, "effective_from": {"2027-01-01"}, "note": {"湘财绩〔2026〕12号"}}
		if p := b.Post("/admin/policies", form); p.Status != 422 || !strings.Contains(p.HTML, "人日单价：请填写数字") {
			t.Errorf("not a number: %d", p.Status)
		}
		form.Set("value", "200000")
		if p := b.Post("/admin/policies", form); p.Status != 422 || !strings.Contains(p.HTML, "人日单价：超出允许范围（允许范围 0～100000元）") {
			t.Errorf("out of range: %d", p.Status)
		}
		form.Set("value", "1,800")
		if p := b.Post("/admin/policies", form); p.Status != 303 {
			t.Fatalf("adopt: %d", p.Status)
		}
		if p := b.Get("/admin/policies"); !strings.Contains(p.HTML, "1800元") {
			t.Errorf("scheduled version not shown in yuan")
		}

		pub := b.Get(policyLink(t, list.HTML, "失信记录公示期（最短、最长月数）"))
		draft := url.Values{"key": {"credit.publication_months"}, "effective_from": {"2027-01-01"}}
		for _, name := range []string{"value.minor.min", "value.minor.max", "value.general.min", "value.general.max", "value.serious.min", "value.serious.max"} {
			v, ok := inputValue(pub.HTML, name)
			if !ok {
				t.Fatalf("no input %s", name)
			}
			draft.Set(name, v)
		}
		draft.Set("value.general.max", "2")
		if p := b.Post("/admin/policies", draft); p.Status != 422 || !strings.Contains(p.HTML, "一般失信记录最长公示期：下限不得高于上限") {
			t.Errorf("min above max: %d", p.Status)
		}

		bands := b.Get(policyLink(t, list.HTML, "考核等级分数线"))
		if strings.Contains(bands.HTML, "9000") || !strings.Contains(bands.HTML, `name="whatif"`) {
			t.Fatalf("grade bands not in points, or no what-if beside them")
		}
		whatif := url.Values{"key": {"assessment.grade_bands"}, "whatif": {"1"}, "year": {selectOptions(bands.HTML, "year")[0].Value}}
		for i := 0; i < 4; i++ {
			for _, m := range []string{"grade", "min"} {
				name := "value[" + string(rune('0'+i)) + "]." + m
				if m == "grade" {
					for _, o := range selectOptions(bands.HTML, name) {
						if o.Selected {
							whatif.Set(name, o.Value)
						}
					}
					continue
				}
				v, _ := inputValue(bands.HTML, name)
				whatif.Set(name, v)
			}
		}
		whatif.Set("value[0].min", "95")
		if p := b.Post("/admin/policies", whatif); p.Status != 200 || !strings.Contains(p.HTML, "草案") || !strings.Contains(p.HTML, `value="95"`) {
			t.Errorf("what-if: %d", p.Status)
		}
		if p := e.Browser("hunan").Get("/admin/policies"); p.Status != 403 {
			t.Errorf("reviewer on the policy page: %d", p.Status)
		}
	})
}
