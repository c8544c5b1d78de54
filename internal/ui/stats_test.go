package ui_test

import (
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/demo"
	"evalcred/internal/registry/registrytest"
)

func TestStatisticsPage(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		registrytest.NewApprovedInstitution(t, e.DB, e.Clock, "430102")
		p := e.Browser("admin").Get("/statistics?from=2026-01-01&to=2026-12-31")
		if p.Status != 200 || !strings.Contains(p.HTML, `<script type="application/json" id="stats-data">`) || !strings.Contains(p.HTML, "/static/stats.js") ||
			!strings.Contains(p.HTML, "长沙市") || !strings.Contains(p.HTML, "咨询机构") {
			t.Fatalf("statistics page: %d", p.Status)
		}
		if !strings.Contains(p.HTML, `<td>湖南省长沙市</td><td class="num">1</td>`) {
			t.Errorf("Changsha's row does not show 1 institution")
		}
		if p := e.Browser("admin").Get("/statistics?from=bad"); p.Status != 422 {
			t.Errorf("bad date: %d", p.Status)
		}
		if p := e.Browser("mof").Get("/statistics?lang=en"); p.Status != 200 || !strings.Contains(p.HTML, "Median hours to decide") {
			t.Errorf("ministry, English: %d", p.Status)
		}
	})
}

func TestAuditPage(t *testing.T) {
	e := apptest.One(t)
	p := e.Browser("admin").Get("/audit?action=user.created")
	if p.Status != 200 || !strings.Contains(p.HTML, "<td>开设账号</td>") || !strings.Contains(p.HTML, "format=xlsx") {
		t.Fatalf("audit page: %d", p.Status)
	}
	// The demo officials inside Hunan are listed; the ministry's user is
	// outside the administrator's scope.
	inHunan := 0
	for _, l := range demo.Officials {
		if strings.HasPrefix(l.Region, "43") {
			inHunan++
		}
	}
	file := e.Browser("admin").Get("/audit?action=user.created&format=xlsx")
	rows := apptest.ReadXLSX(t, []byte(file.HTML))
	if len(rows) != 1+inHunan || rows[0][1] != "时间" || rows[1][4] != "开设账号" {
		t.Fatalf("audit export: %q", rows)
	}
	if p := e.Browser("furong").Get("/audit"); p.Status != 403 {
		t.Errorf("furong: %d", p.Status)
	}
}
