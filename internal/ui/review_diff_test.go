package ui_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/review"
)

// A resubmission after a return opens on what changed since the returned
// version, in words beside the decision form: the person by name, the
// qualification as a word, the amount in 元; every change since the last
// approved version is one click away.
func TestResubmissionDiffInWords(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		s := filingtest.Wire(e.DB, e.Clock, e.App.Services.Files, t.TempDir())
		instID, user, _ := s.NewSubmittedFiling(t, "430102")
		local, _ := s.Reviewers(t, "430102")
		s.DecideOpen(t, local, instID, 1, review.Decision{Decision: review.Return, Comments: map[string]string{"practitioners": "资格证书类别有误"}})
		d, err := e.App.Services.Filing.GetDraft(t.Context(), user, instID)
		if err != nil {
			t.Fatal(err)
		}
		doc := d.Document
		doc.Practitioners[1].Qualifications[0].Kind = "cost_engineer"
		doc.BusinessRecords[0].AmountFen = 860000000
		if v := s.Submit(t, user, instID, doc); v != 2 {
			t.Fatalf("resubmitted as version %d", v)
		}
		var task int64
		if err := e.DB.QueryRow(t.Context(), "SELECT id FROM review_tasks WHERE institution_id = ? AND filing_version = 2", instID).Scan(&task); err != nil {
			t.Fatal(err)
		}
		b := e.Browser("furong")
		path := fmt.Sprintf("/reviews/%d", task)
		p := b.Get(path)
		if p.Status != 200 {
			t.Fatalf("task page: %d", p.Status)
		}
		diff := section(p.HTML, `id="diff"`, `</section>`)
		for _, want := range []string{"与退回的第1版相比", "共2处变更", "从业人员", "王从业 · 资格证书 第1项 · 类别", "注册会计师", "造价工程师",
			"120,000.00元", "8,600,000.00元", `href="?base=approved#diff"`} {
			if !strings.Contains(diff, want) {
				t.Errorf("the diff lacks %q:\n%s", want, diff)
			}
		}
		for _, raw := range []string{"cost_engineer", "amount_fen", "practitioners[", "e+0"} {
			if strings.Contains(diff, raw) {
				t.Errorf("the diff shows %q", raw)
			}
		}
		grid := section(p.HTML, `class="review-grid"`, `<h2>`+"提交的填报信息")
		if !strings.Contains(grid, `id="diff"`) || !strings.Contains(grid, `id="decision-form"`) || strings.Index(grid, `id="diff"`) > strings.Index(grid, `id="decision-form"`) {
			t.Errorf("the diff is not beside the decision form")
		}

		all := b.Get(path + "?base=approved")
		if !strings.Contains(all.HTML, "首次填报，以下内容均为新增") || !strings.Contains(all.HTML, `href="?base=returned#diff"`) {
			t.Errorf("since the last approved version: %d", all.Status)
		}
		// One added person is one row, with what was filed about them.
		if n := strings.Count(section(all.HTML, `id="diff"`, `</section>`), "王从业"); n != 1 {
			t.Errorf("the added practitioner shows in %d rows", n)
		}
		if bad := b.Get(path + "?base=" + url.QueryEscape("v0")); bad.Status != 422 {
			t.Errorf("an unknown base: %d", bad.Status)
		}
		en := b.Get(path + "?lang=en")
		for _, want := range []string{"Compared with version 1, which was returned", "2 changes", "Cost engineer", "CNY 8,600,000.00"} {
			if !strings.Contains(en.HTML, want) {
				t.Errorf("the English diff lacks %q", want)
			}
		}
	})
}

// An error summary names the field by its label, in full-width punctuation.
func TestErrorSummaryNamesTheField(t *testing.T) {
	e := apptest.One(t)
	s := filingtest.Wire(e.DB, e.Clock, e.App.Services.Files, t.TempDir())
	instID, _, _ := s.NewSubmittedFiling(t, "430102")
	var task int64
	if err := e.DB.QueryRow(t.Context(), "SELECT id FROM review_tasks WHERE institution_id = ?", instID).Scan(&task); err != nil {
		t.Fatal(err)
	}
	b := e.Browser("furong")
	b.Get(fmt.Sprintf("/reviews/%d", task))
	p := b.Post(fmt.Sprintf("/reviews/%d/decision", task), url.Values{"decision": {"return"}})
	summary := section(p.HTML, `class="error"`, `</div>`)
	if p.Status != 422 || !strings.Contains(summary, "<li>退回意见：") || strings.Contains(summary, "comments") {
		t.Errorf("error summary: %d %s", p.Status, summary)
	}
}

// section returns the part of html from the first from to the next to.
func section(html, from, to string) string {
	i := strings.Index(html, from)
	if i < 0 {
		return ""
	}
	rest := html[i:]
	if j := strings.Index(rest, to); j >= 0 {
		return rest[:j]
	}
	return rest
}
