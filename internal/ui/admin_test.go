package ui_test

import (
	"net/url"
	"strings"
	"testing"

	"evalcred/internal/apptest"
)

func TestAdminPagesForUsersAndPolicy(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		b := e.Browser("admin")
		if p := b.Get("/admin/users"); p.Status != 200 || !strings.Contains(p.HTML, "changsha") {
			t.Fatalf("users page: %d", p.Status)
		}
		p := b.Post("/admin/users", url.Values{"username": {"yueyang"}, "password": {"long-enough"}, "role": {"local_reviewer"}, "region_code": {"110105"}})
		if p.Status != 422 || !strings.Contains(p.HTML, "只能在本辖区内开设账号") || !strings.Contains(p.HTML, `value="yueyang"`) {
			t.Errorf("outside region: %d", p.Status)
		}
		if p := b.Post("/admin/users", url.Values{"username": {"yueyang"}, "password": {"long-enough"}, "role": {"local_reviewer"}, "region_code": {"430600"}}); p.Status != 303 {
			t.Fatalf("create: %d %s", p.Status, p.HTML)
		}
		if p := b.Get("/admin/policies"); p.Status != 200 || !strings.Contains(p.HTML, "review.level1_due_workdays") || !strings.Contains(p.HTML, "市县初审期限") {
			t.Fatalf("policies page: %d", p.Status)
		}
		bad := b.Post("/admin/policies", url.Values{"key": {"fee.daily_rate_fen"}, "value": {`{"x":1}`}, "effective_from": {"2027-01-01"}})
		if bad.Status != 422 {
			t.Errorf("wrong shape: %d", bad.Status)
		}
		if p := b.Post("/admin/policies", url.Values{"key": {"fee.daily_rate_fen"}, "value": {"180000"}, "effective_from": {"2027-01-01"}, "note": {"湘财绩〔2026〕12号"}}); p.Status != 303 {
			t.Fatalf("adopt: %d", p.Status)
		}
		if p := b.Get("/admin/policies"); !strings.Contains(p.HTML, "2027-01-01") || !strings.Contains(p.HTML, "180000") {
			t.Errorf("scheduled version not shown")
		}
		if p := e.Browser("hunan").Get("/admin/policies"); p.Status != 403 {
			t.Errorf("reviewer on the policy page: %d", p.Status)
		}
	})
}
