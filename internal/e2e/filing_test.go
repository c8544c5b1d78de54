package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"evalcred/internal/apptest"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/registry/registrytest"
)

// loginAs fills the login form with a password of the caller's choice.
func loginAs(ctx context.Context, base, user, password string) error {
	return chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#f-username")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), user),
		chromedp.SendKeys(chromedp.CSS("#f-password"), password),
		chromedp.Submit(chromedp.CSS("#f-password")),
		chromedp.WaitNotPresent(chromedp.CSS("#f-password")),
	)
}

// typeIn types text into the input named name (names are JSON paths).
func typeIn(name, text string) chromedp.Action[chromedp.Void] {
	return chromedp.SendKeys(chromedp.CSS(`input[name="`+name+`"]`), text)
}

// The filing flow in headless Chromium, as the people who use it: the
// institution types its filing, uploads its documents through the file
// inputs and submits; the county reviewer and then the province open the
// task and approve it; the institution sees its filing approved.
func TestFilingFlowInTheBrowser(t *testing.T) {
	ctx := browser(t)
	e := apptest.One(t)
	base := e.Server.URL
	instID, user := registrytest.NewApprovedInstitution(t, e.DB, e.Clock, "430102")
	_ = instID
	dir := t.TempDir()
	var pdfs []string
	for _, k := range []string{"business_license", "credit_pledge"} {
		p := filepath.Join(dir, k+".pdf")
		if err := os.WriteFile(p, filingtest.PDF(k), 0o600); err != nil {
			t.Fatal(err)
		}
		pdfs = append(pdfs, p)
	}
	r := filingtest.Rand()
	lead, rep := filingtest.Person(r, "陈主评"), filingtest.Person(r, "许法人")

	if err := loginAs(ctx, base, user.Username, registrytest.Password); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.todo-list a[href="/filing"]`)),
		chromedp.WaitVisible(chromedp.CSS("#edit-filing")),
		chromedp.Click(chromedp.CSS("#edit-filing")),
		chromedp.WaitVisible(chromedp.CSS("#filing-form")),
		chromedp.SetValue(chromedp.CSS(`input[name="institution.established_on"]`), "2011-09-01"),
		typeIn("institution.address", "长沙市芙蓉区八一路9号"),
		typeIn("legal_representative.name", rep.Name),
		typeIn("legal_representative.id_number", rep.IDNumber),
		typeIn("legal_representative.phone", "0731-84445555"),
		typeIn("lead_evaluators[0].name", lead.Name),
		typeIn("lead_evaluators[0].id_number", lead.IDNumber),
		typeIn("lead_evaluators[0].education", "硕士"),
		typeIn("lead_evaluators[0].title", "高级会计师"),
		chromedp.SetValue(chromedp.CSS(`select[name="lead_evaluators[0].qualifications[0].kind"]`), "cpa"),
		typeIn("lead_evaluators[0].qualifications[0].number", "430000123456"),
		typeIn("practitioners[0].name", lead.Name),
		typeIn("practitioners[0].id_number", lead.IDNumber),
		typeIn("practitioners[0].education", "硕士"),
		typeIn("practitioners[0].title", "高级会计师"),
		typeIn("business_records[0].client", "长沙市财政局"),
		typeIn("business_records[0].year", "2025"),
		typeIn("business_records[0].project", "专项资金绩效评价"),
		typeIn("business_records[0].amount", "120000.50"),
		chromedp.SetValue(chromedp.CSS(`select[name="business_records[0].role"]`), "lead"),
		chromedp.Click(chromedp.CSS(`#filing-form > button.primary`)),
		chromedp.WaitVisible(chromedp.CSS("#submit-filing")),
	)
	if err != nil {
		t.Fatalf("fill the filing: %v", err)
	}
	for i, k := range []string{"business_license", "credit_pledge"} {
		if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#file-"+k), []string{pdfs[i]})); err != nil {
			t.Fatalf("choose %s: %v", k, err)
		}
		// The upload answers with a redirect back to the filing page: wait
		// for that page to load before looking at it.
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS("#upload-"+k+" button")))); err != nil {
			t.Fatalf("upload %s: %v", k, err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('a[href^="/attachments/"]').length >= `+string(rune('1'+i)))); err != nil {
			t.Fatalf("upload %s not listed: %v", k, err)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#submit-filing")),
		chromedp.WaitVisible(chromedp.CSS("#filing-state.state-level1")),
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#f-username")),
	); err != nil {
		html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("main")))
		t.Fatalf("submit: %v\n%s", err, html)
	}
	for _, reviewer := range []string{"furong", "hunan"} {
		if err := loginAs(ctx, base, reviewer, "demo12345"); err != nil {
			t.Fatal(err)
		}
		err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`.todo-list a[href^="/reviews"]`)),
			chromedp.WaitVisible(chromedp.CSS("#review-queue tbody a")),
			chromedp.Click(chromedp.CSS("#review-queue tbody a")),
			chromedp.WaitVisible(chromedp.CSS("#decision-form")),
			chromedp.Click(chromedp.CSS("#decision-approve")),
			chromedp.Click(chromedp.CSS("#decide-submit")),
			chromedp.WaitVisible(chromedp.CSS(".notice")),
			chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
			chromedp.WaitVisible(chromedp.CSS("#f-username")),
		)
		if err != nil {
			t.Fatalf("%s approves: %v", reviewer, err)
		}
	}
	if err := loginAs(ctx, base, user.Username, registrytest.Password); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/filing")); err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#filing-state")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(state, "审核通过") {
		t.Errorf("filing state shows %q, want 审核通过", state)
	}
}

// Enter in a filing field saves the form, as its primary button does, and
// adds no empty row; the "saved" notice reaches the page it lands on.
func TestEnterSavesTheFiling(t *testing.T) {
	ctx := browser(t)
	e := apptest.One(t)
	base := e.Server.URL
	_, user := registrytest.NewApprovedInstitution(t, e.DB, e.Clock, "430102")
	if err := loginAs(ctx, base, user.Username, registrytest.Password); err != nil {
		t.Fatal(err)
	}
	rows := chromedp.Evaluate[int](`document.querySelectorAll('input[name^="lead_evaluators["][name$=".id_number"]').length`)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/filing/edit"), chromedp.WaitVisible(chromedp.CSS("#filing-form"))); err != nil {
		t.Fatal(err)
	}
	before, err := chromedp.Run(ctx, rows)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, typeIn("institution.address", "长沙市芙蓉区八一路9号\r"), chromedp.WaitVisible(chromedp.CSS(".notice"))); err != nil {
		t.Fatal(err)
	}
	path, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	notice, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".notice")))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/filing/edit"), chromedp.WaitVisible(chromedp.CSS("#filing-form"))); err != nil {
		t.Fatal(err)
	}
	after, err := chromedp.Run(ctx, rows)
	if err != nil {
		t.Fatal(err)
	}
	if path != "/filing" || notice == "" || after != before {
		t.Errorf("Enter: landed on %s with notice %q; lead evaluator rows %d then %d", path, notice, before, after)
	}
}
