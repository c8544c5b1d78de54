package ui_test

import (
	"context"
	"evalcred/internal/words"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"evalcred/internal/apptest"
	"evalcred/internal/calendar"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/publicquery"
	"evalcred/internal/registry/registrytest"
)

// approvedInstitution files and approves an institution in Furong district
// and returns its id, USCC, name and a logged-in browser of its user.
func approvedInstitution(t *testing.T, e *apptest.Env) (int64, string, string, *apptest.Browser) {
	t.Helper()
	id, user := filingtest.New(t, e.DB, e.Clock).NewApprovedFiling(t, "430102")
	if err := publicquery.Reindex(context.Background(), e.DB); err != nil {
		t.Fatal(err)
	}
	var uscc, name string
	if err := e.DB.QueryRow(context.Background(), "SELECT uscc, name FROM institutions WHERE id = ?", id).Scan(&uscc, &name); err != nil {
		t.Fatal(err)
	}
	return id, uscc, name, e.BrowserWith(user.Username, registrytest.Password)
}

var recordLocation = regexp.MustCompile(`^/credit-records/(\d+)\?notice=creditweb_proposed$`)

// The whole credit life through the pages, without JavaScript: a provincial
// reviewer proposes a serious record with a ban, the institution sees it
// unpublished on its own page and accepts it, its standing shows why and
// until when, and the public pages show the record, the ban and the ledger head.
func TestCreditPages(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		id, uscc, name, inst := approvedInstitution(t, e)
		hunan := e.Browser("hunan")
		if p := hunan.Get("/credit-records/new"); p.Status != 200 || !strings.Contains(p.HTML, `name="sanction.type"`) {
			t.Fatalf("propose form: %d", p.Status)
		}
		today := calendar.DateOf(e.Clock.Now())
		end := calendar.Date{Y: today.Y + 3, M: today.M, D: today.D}.AddDays(-1)
		form := url.Values{"institution": {strings.ToLower(uscc)}, "kind": {"bad"}, "severity": {"serious"}, "category": {"fraud"},
			"facts": {"伪造现场核查记录"}, "basis": {"财监〔2021〕4号"}, "sanction.type": {"ban"}, "sanction.scope": {"province"},
			"sanction.starts_on": {today.String()}, "sanction.ends_on": {"not-a-date"}}
		if p := hunan.Post("/credit-records", form); p.Status != 422 || !strings.Contains(p.HTML, "伪造现场核查记录") {
			t.Fatalf("bad date: %d, want 422 with the form kept", p.Status)
		}
		form.Set("sanction.ends_on", end.String())
		p := hunan.Post("/credit-records", form)
		m := recordLocation.FindStringSubmatch(p.Location)
		if p.Status != 303 || m == nil {
			t.Fatalf("propose: %d %q", p.Status, p.Location)
		}
		rec := "/credit-records/" + m[1]
		if p := hunan.Get(rec + "?notice=creditweb_proposed"); p.Status != 200 || !strings.Contains(p.HTML, "信用记录已提出") || !strings.Contains(p.HTML, "提出</td>") {
			t.Fatalf("record page with its timeline: %d", p.Status)
		}
		if p := e.Browser("furong").Post("/credit-records", form); p.Status != 403 {
			t.Fatalf("county reviewer proposes: %d", p.Status)
		}
		if p := e.Browser("furong").Get("/credit-records/new"); p.Status != 403 {
			t.Fatalf("county reviewer opens the form: %d", p.Status)
		}

		// The institution sees its unpublished record and may object or accept.
		if p := inst.Get("/my/credit"); p.Status != 200 || !strings.Contains(p.HTML, rec) {
			t.Fatalf("my credit: %d", p.Status)
		}
		if p := inst.Get(rec); !strings.Contains(p.HTML, "/objection") || !strings.Contains(p.HTML, "/accept") {
			t.Fatal("record page lacks the object and accept forms")
		}
		if p := inst.Post(rec+"/objection", url.Values{"reason": {""}}); p.Status != 422 {
			t.Fatalf("empty objection: %d", p.Status)
		}
		if p := inst.Post(rec+"/accept", nil); p.Status != 303 {
			t.Fatalf("accept: %d", p.Status)
		}
		p = inst.Get("/my/credit")
		if !strings.Contains(p.HTML, "暂不符合") || !strings.Contains(p.HTML, words.Date("zh", end)) || !strings.Contains(p.HTML, `href="`+rec+`"`) {
			t.Fatalf("standing on my credit page lacks ineligible, the end date or the link to the record")
		}
		if p := hunan.Get(fmt.Sprintf("/institutions/%d/credit?lang=en", id)); p.Status != 200 || !strings.Contains(p.HTML, "Not eligible") {
			t.Fatalf("reviewer's credit page of the institution: %d", p.Status)
		}
		if p := hunan.Get("/credit-records?severity=serious&lang=zh"); p.Status != 200 || !strings.Contains(p.HTML, name) || !strings.Contains(p.HTML, "format=xlsx") {
			t.Fatalf("records list: %d", p.Status)
		}

		// The public pages, anonymous.
		pub := e.Browser("")
		if p := pub.Get("/public?q=" + url.QueryEscape(name[len(name)/2:])); p.Status != 200 || !strings.Contains(p.HTML, "/public/institutions/"+uscc) {
			t.Fatalf("public search: %d", p.Status)
		}
		if p := pub.Get("/public/institutions/" + uscc); p.Status != 200 || !strings.Contains(p.HTML, "伪造现场核查记录") || !strings.Contains(p.HTML, "禁入") {
			t.Fatalf("public institution page: %d", p.Status)
		}
		if p := pub.Get("/public/bans?lang=en"); p.Status != 200 || !strings.Contains(p.HTML, uscc) || !strings.Contains(p.HTML, words.Date("en", end)) {
			t.Fatalf("ban list: %d", p.Status)
		}
		if p := pub.Get("/public/bans?format=xlsx"); p.Status != 200 || !strings.HasPrefix(p.HTML, "PK") {
			t.Fatalf("ban list export: %d", p.Status)
		}
		var hash string
		_ = e.DB.QueryRow(context.Background(), "SELECT hash FROM ledger_head WHERE id = 1").Scan(&hash)
		if p := pub.Get("/public/ledger"); p.Status != 200 || hash == "" || !strings.Contains(p.HTML, hash) {
			t.Fatalf("ledger page: %d", p.Status)
		}

		// The day after the ban's end, the list no longer names it.
		e.Clock.Set(end.AddDays(1).Time().Add(10 * time.Hour))
		if p := pub.Get("/public/bans"); strings.Contains(p.HTML, uscc) {
			t.Fatal("ban list after the end")
		}
	})
}
