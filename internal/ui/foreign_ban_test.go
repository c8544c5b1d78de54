package ui_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/calendar"
)

var foreignBanLocation = regexp.MustCompile(`^/foreign-bans\?recorded=\d+&notice=foreign_ban_(not_)?recognised$`)

// A provincial reviewer records two bans by Guangdong through the page,
// without JavaScript: the published two-year one is recognised, the
// unpublished one is not, and both are listed with that outcome.
func TestForeignBanPage(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		_, uscc, name, _ := approvedInstitution(t, e)
		hunan := e.Browser("hunan")
		if p := hunan.Get("/credit-records"); !strings.Contains(p.HTML, `href="/foreign-bans"`) {
			t.Errorf("credit records page does not link the foreign bans")
		}
		if p := hunan.Get("/foreign-bans"); p.Status != 200 || !strings.Contains(p.HTML, `name="province"`) || !strings.Contains(p.HTML, "广东省") {
			t.Fatalf("foreign bans page: %d", p.Status)
		}
		today := calendar.DateOf(e.Clock.Now())
		end := calendar.Date{Y: today.Y + 2, M: today.M, D: today.D}
		form := url.Values{"institution": {uscc}, "province": {""}, "starts_on": {today.String()}, "ends_on": {"soon"},
			"public": {"true"}, "reference": {"粤财监〔2026〕7号"}}
		p := hunan.Post("/foreign-bans", form)
		if p.Status != 422 || !strings.Contains(p.HTML, "粤财监〔2026〕7号") || !strings.Contains(p.HTML, `id="e-ends_on"`) ||
			!strings.Contains(p.HTML, "日期格式应为") {
			t.Fatalf("bad date: %d, want 422 with the form kept and the field named", p.Status)
		}
		form.Set("ends_on", end.String())
		if p := hunan.Post("/foreign-bans", form); p.Status != 422 || !strings.Contains(p.HTML, "省级行政区划代码无效") {
			t.Fatalf("no province: %d", p.Status)
		}
		form.Set("province", "430000")
		if p := hunan.Post("/foreign-bans", form); p.Status != 422 || !strings.Contains(p.HTML, "外省禁入须由其他省份作出") {
			t.Fatalf("own province: %d", p.Status)
		}
		form.Set("institution", "91440300MA5XXXXXX1")
		if p := hunan.Post("/foreign-bans", form); p.Status != 422 || !strings.Contains(p.HTML, "请从列表中选择") {
			t.Fatalf("unknown institution: %d", p.Status)
		}
		form.Set("institution", uscc)
		form.Set("province", "440000")
		p = hunan.Post("/foreign-bans", form)
		if p.Status != 303 || !foreignBanLocation.MatchString(p.Location) || !strings.HasSuffix(p.Location, "notice=foreign_ban_recognised") {
			t.Fatalf("record: %d %q", p.Status, p.Location)
		}
		if p := hunan.Get(p.Location); p.Status != 200 || !strings.Contains(p.HTML, name) || !strings.Contains(p.HTML, "已认定，本省禁入") ||
			!strings.Contains(p.HTML, "本省同样禁入") {
			t.Errorf("recorded ban not listed as recognised")
		}
		form.Del("public")
		form.Set("reference", "粤财监〔2026〕8号")
		p = hunan.Post("/foreign-bans", form)
		if p.Status != 303 || !strings.HasSuffix(p.Location, "notice=foreign_ban_not_recognised") {
			t.Fatalf("record unpublished: %d %q", p.Status, p.Location)
		}
		if p := hunan.Get("/foreign-bans?lang=en"); !strings.Contains(p.HTML, "粤财监〔2026〕8号") || !strings.Contains(p.HTML, "Not recognised") ||
			!strings.Contains(p.HTML, "Recognised, banned here") {
			t.Errorf("unpublished ban not listed as not recognised")
		}
		hunan.Get("/foreign-bans?lang=zh")
		// A page at a time, with the total: past the first row, the first
		// (latest) ban is on the previous page and the link goes there.
		p = hunan.Get("/foreign-bans")
		if !strings.Contains(p.HTML, "共 2 条") || strings.Contains(p.HTML, `class="pager"`) {
			t.Errorf("first page: want the total of 2 and no pager (one page)")
		}
		p = hunan.Get("/foreign-bans?offset=1")
		if p.Status != 200 || !strings.Contains(p.HTML, "粤财监〔2026〕7号") || strings.Contains(p.HTML, "粤财监〔2026〕8号") ||
			!strings.Contains(p.HTML, `href="/foreign-bans?offset=0"`) || !strings.Contains(p.HTML, "共 2 条") {
			t.Errorf("second row on its own: %d, want the older ban only and a link back", p.Status)
		}
		if p := e.Browser("changsha").Get("/foreign-bans"); p.Status != 403 {
			t.Errorf("local reviewer on the foreign bans page: %d", p.Status)
		}
	})
}
