package indicator_test

import (
	"sync"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/db"
	"evalcred/internal/indicator"
	"evalcred/internal/project"
	"evalcred/internal/project/projecttest"
)

// copiedTemplate adds a template (the default tree with its first
// indicator renamed 专项立项) to Hunan's library and copies it into a new
// project's indicators.
func copiedTemplate(t *testing.T, e *projecttest.Env) (tpl *indicator.Template, tree indicator.Tree, used int64, copied *project.Indicators) {
	t.Helper()
	tree = indicator.Default().Indicators
	tree[0].Children[0].Name = "专项立项"
	tpl, err := e.Indicator.AddTemplate(e.Ctx, e.Hunan, indicator.TemplateInput{Name: "专项资金模板", Indicators: tree})
	if err != nil {
		t.Fatal(err)
	}
	used = e.NewProject("用过模板")
	ind, _ := e.Project.GetIndicators(e.Ctx, e.Hunan, used)
	copied, err = e.Project.PutIndicators(e.Ctx, e.Hunan, used, project.IndicatorsInput{TemplateID: &tpl.ID, LockVersion: ind.LockVersion})
	if err != nil {
		t.Fatal(err)
	}
	return tpl, tree, used, copied
}

// A template is edited by revising it: the revision is a new template of
// the library, the old one is retired at the same moment, and a project that
// copied the old tree keeps it. A bad tree changes nothing; revising needs
// project.manage, stays within the province, leaves the built-in template
// alone, and of two people revising one template at once exactly one wins.
func TestReviseTemplate(t *testing.T) {
	projecttest.ForEach(t, 0, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		tpl, tree, used, _ := copiedTemplate(t, e)

		bad := indicator.Default().Indicators
		bad[0].Weight = bad[0].Weight + 1 // the level no longer sums to 100
		if _, err := e.Indicator.ReviseTemplate(e.Ctx, e.Hunan, tpl.ID, indicator.TemplateInput{Name: "专项资金模板（2027）", Indicators: bad}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("bad tree: %v, want 422", err)
		}
		if _, err := e.Indicator.ReviseTemplate(e.Ctx, e.Hunan, tpl.ID, indicator.TemplateInput{Name: " ", Indicators: tree}); apperr.As(err) == nil || apperr.As(err).Fields["name"] == "" {
			t.Fatalf("no name: %v, want the name field named", err)
		}
		if list, _ := e.Indicator.Templates(e.Ctx, e.Hunan); len(list) != 2 || list[1].RetiredAt != nil {
			t.Fatalf("a refused revision changed the library: %+v", list)
		}
		if _, err := e.Indicator.ReviseTemplate(e.Ctx, e.User(auth.RoleLocalReviewer, "430100", 0), tpl.ID,
			indicator.TemplateInput{Name: "x", Indicators: tree}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("local reviewer revises: %v", err)
		}
		if _, err := e.Indicator.ReviseTemplate(e.Ctx, e.User(auth.RoleProvincialReviewer, "440000", 0), tpl.ID,
			indicator.TemplateInput{Name: "x", Indicators: tree}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("other province revises: %v", err)
		}
		if _, err := e.Indicator.ReviseTemplate(e.Ctx, e.Hunan, 0, indicator.TemplateInput{Name: "x", Indicators: tree}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("built-in revised: %v", err)
		}

		// Two managers revise the template at once: one revision is stored,
		// the other is told the template changed meanwhile.
		revised := indicator.Default().Indicators
		revised[0].Children[0].Name = "专项立项与目标"
		var wg sync.WaitGroup
		results := make([]*indicator.Template, 2)
		errs := make([]error, 2)
		for i := range 2 {
			wg.Go(func() {
				results[i], errs[i] = e.Indicator.ReviseTemplate(e.Ctx, e.Hunan, tpl.ID, indicator.TemplateInput{Name: "专项资金模板（2027）", Indicators: revised})
			})
		}
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil:
				won = i
			case !apperr.Is(err, apperr.Conflict):
				t.Fatalf("revision %d: %v", i, err)
			}
		}
		if won < 0 || errs[1-won] == nil {
			t.Fatalf("two revisions at once: %v, want exactly one to win", errs)
		}
		list, err := e.Indicator.Templates(e.Ctx, e.Hunan)
		if err != nil || len(list) != 3 || list[1].ID != tpl.ID || list[1].RetiredAt == nil || list[2].ID != results[won].ID ||
			list[2].RetiredAt != nil || list[2].Name != "专项资金模板（2027）" || list[2].Indicators[0].Children[0].Name != "专项立项与目标" {
			t.Fatalf("library after the revision: %+v %v", list, err)
		}
		kept, _ := e.Project.GetIndicators(e.Ctx, e.Hunan, used)
		if kept.Indicators[0].Children[0].Name != "专项立项" {
			t.Errorf("the project's copy changed: %+v", kept.Indicators[0].Children[0])
		}
		if _, err := e.Indicator.ReviseTemplate(e.Ctx, e.Hunan, tpl.ID, indicator.TemplateInput{Name: "再改", Indicators: revised}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("revising the retired template: %v, want conflict", err)
		}
		var n int
		_ = d.QueryRow(e.Ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'indicator_template.revised' AND object_id = ?", results[won].ID).Scan(&n)
		if n != 1 {
			t.Errorf("%d revised audit entries, want 1", n)
		}
	})
}

// A retired template is listed as retired and can no longer be copied into a
// project's indicators; the projects that copied it keep their trees.
// Retiring needs project.manage, stays within the province, and is refused
// the second time.
func TestRetireTemplate(t *testing.T) {
	projecttest.ForEach(t, 0, func(t *testing.T, d *db.DB, e *projecttest.Env) {
		tpl, _, used, copied := copiedTemplate(t, e)

		if _, err := e.Indicator.RetireTemplate(e.Ctx, e.User(auth.RoleLocalReviewer, "430100", 0), tpl.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("local reviewer retires: %v", err)
		}
		if _, err := e.Indicator.RetireTemplate(e.Ctx, e.User(auth.RoleProvincialReviewer, "440000", 0), tpl.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("other province retires: %v", err)
		}
		if _, err := e.Indicator.RetireTemplate(e.Ctx, e.Hunan, 0); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("built-in retired: %v", err)
		}
		got, err := e.Indicator.RetireTemplate(e.Ctx, e.Hunan, tpl.ID)
		if err != nil || got.RetiredAt == nil || !got.RetiredAt.Equal(projecttest.Start) {
			t.Fatalf("retire: %+v %v", got, err)
		}
		if _, err := e.Indicator.RetireTemplate(e.Ctx, e.Hunan, tpl.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("retire twice: %v, want conflict", err)
		}
		list, err := e.Indicator.Templates(e.Ctx, e.Hunan)
		if err != nil || len(list) != 2 || list[0].RetiredAt != nil || list[1].RetiredAt == nil {
			t.Errorf("library: %+v %v", list, err)
		}

		fresh := e.NewProject("新项目")
		ind, _ := e.Project.GetIndicators(e.Ctx, e.Hunan, fresh)
		_, err = e.Project.PutIndicators(e.Ctx, e.Hunan, fresh, project.IndicatorsInput{TemplateID: &tpl.ID, LockVersion: ind.LockVersion})
		if apperr.As(err) == nil || apperr.As(err).Fields["template_id"] != "project.field.template_retired" {
			t.Errorf("retired template copied: %v", err)
		}
		kept, err := e.Project.GetIndicators(e.Ctx, e.Hunan, used)
		if err != nil || kept.Source != copied.Source || kept.LockVersion != copied.LockVersion || kept.Indicators[0].Children[0].Name != "专项立项" {
			t.Errorf("existing copy changed: %+v %v", kept, err)
		}
		var n int
		_ = d.QueryRow(e.Ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'indicator_template.retired'").Scan(&n)
		if n != 1 {
			t.Errorf("%d retired audit entries, want 1", n)
		}
	})
}
