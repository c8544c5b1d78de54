package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"evalcred/internal/apptest"
	"evalcred/internal/db"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/ident"
	"evalcred/internal/project/projecttest"
)

// The institution picker searches as the official types: the select
// narrows to the institutions of the region whose name matches, and one
// of another province with the same words in its name is never offered.
func TestInstitutionPickerSearchesAsYouType(t *testing.T) {
	ctx := browser(t)
	e := apptest.One(t)
	r := filingtest.Rand()
	for name, code := range map[string]string{"长沙明镜评价事务所": "430102", "长沙远山咨询公司": "430103", "深圳明镜评价事务所": "440300"} {
		err := e.DB.Tx(context.Background(), func(tx *db.Tx) error {
			_, err := projecttest.InsertInstitution(context.Background(), tx, e.Clock.Now(), ident.GenerateUSCC(r, code), name, code)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := login(ctx, e.Server.URL, "hunan"); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.Server.URL+"/credit-records/new"),
		chromedp.WaitVisible(chromedp.CSS("#q-institution")),
		chromedp.SendKeys(chromedp.CSS("#q-institution"), "明镜"),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Wait for the answer to the whole query, not a keystroke before it.
	const narrowed = `(() => { const o = [...document.querySelectorAll('#f-institution option')].map(x => x.textContent);
		return o.length === 1 && o[0].startsWith('长沙明镜评价事务所'); })()`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](narrowed)); err != nil {
		html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("#f-institution")))
		t.Fatalf("the picker did not narrow to the one institution of the province: %v %s", err, html)
	}
}

// The policy form with the what-if beside it fits a 1366-pixel screen.
func TestPolicyFormFits1366(t *testing.T) {
	ctx := browser(t)
	e := apptest.One(t)
	if err := login(ctx, e.Server.URL, "admin"); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"assessment.grade_bands", "assessment.consequences", "fee.fund_size_table", "filing.eligible_types"} {
		err := chromedp.Do(ctx,
			chromedp.EmulateViewport(1366, 900),
			chromedp.Navigate(e.Server.URL+"/admin/policies?key="+key),
			chromedp.WaitVisible(chromedp.CSS("#policy-form")),
		)
		if err != nil {
			t.Fatal(err)
		}
		fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
		if err != nil || !fits {
			w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			t.Errorf("%s: the page is %d px wide at 1366 (%v)", key, w, err)
		}
	}
}
