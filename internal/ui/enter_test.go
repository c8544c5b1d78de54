package ui_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/registry/registrytest"
)

var submitButton = regexp.MustCompile(`<button type="submit"[^>]*>`)

// Enter in a field presses the form's first submit button: on the filing
// form that must save, not add an empty row. And the "saved" notice of the
// add-rows button, which comes back to a #fragment, must reach the page.
func TestFilingFormEnterSavesAndNoticeSurvivesFragment(t *testing.T) {
	e := apptest.One(t)
	_, user := registrytest.NewApprovedInstitution(t, e.DB, e.Clock, "430102")
	b := e.BrowserWith(user.Username, registrytest.Password)
	p := b.Get("/filing/edit")
	form := p.HTML[strings.Index(p.HTML, `id="filing-form"`):]
	first := submitButton.FindString(form)
	if p.Status != 200 || first == "" || strings.Contains(first, `name="add"`) {
		t.Fatalf("the filing form's first submit button is %q", first)
	}
	res := b.Post("/filing/edit", url.Values{"revision": {"0"}, "institution.address": {"长沙市芙蓉区八一路9号"}, "add": {"lead_evaluators"}})
	if res.Status != 303 {
		t.Fatalf("add rows: %d %.400s", res.Status, res.HTML)
	}
	to, err := url.Parse(res.Location)
	if err != nil || to.Query().Get("notice") != "filing_saved" || to.Fragment != "s-lead_evaluators" {
		t.Fatalf("add rows goes to %q: the notice must come before the fragment", res.Location)
	}
	if p := b.Get(to.RequestURI()); !strings.Contains(p.HTML, `class="notice"`) {
		t.Error("the notice is not shown after the redirect")
	}
}
