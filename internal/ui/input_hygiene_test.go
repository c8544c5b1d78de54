package ui_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/ident"
)

// savedRows is what the refused posts below must leave as it was.
func savedRows(t *testing.T, e *apptest.Env) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"registrations", "institutions", "users", "credit_records", "filing_drafts", "audit_log"} {
		var n int
		if err := e.DB.QueryRow(t.Context(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%d ", table, n)
	}
	var docs string
	if err := e.DB.QueryRow(t.Context(), "SELECT COALESCE(MAX(doc_json), '') FROM filing_drafts").Scan(&docs); err != nil {
		t.Fatal(err)
	}
	return b.String() + docs
}

// wordedRefusal asserts a 422 page that says in words what is wrong with
// which field, without a message key or a field's code.
func wordedRefusal(t *testing.T, what string, p *apptest.Page, words ...string) {
	t.Helper()
	if p.Status != 422 {
		t.Errorf("%s: %d, want 422", what, p.Status)
		return
	}
	for _, w := range words {
		if !strings.Contains(p.HTML, w) {
			t.Errorf("%s: the page does not say %q", what, w)
		}
	}
	if strings.Contains(p.HTML, "input.") || strings.Contains(p.HTML, "<li><code>") {
		t.Errorf("%s: the page shows a key or a field's code", what)
	}
}

// Text nobody types is refused on the pages with the field's name and the
// reason in words, on both engines, and nothing is saved: a login, the
// public registration form, a credit record's facts, the searches.
func TestBadTextIsRefusedOnThePages(t *testing.T) {
	bad := []struct{ name, text, why string }{
		{"NUL", "湖南天平\x00会计师事务所", "不可显示的控制字符"},
		{"BEL", "湖南天平会计师事务所\a", "不可显示的控制字符"},
		{"ESC", "\x1b[2J湖南天平会计师事务所", "不可显示的控制字符"},
		{"RLO", "\u202e所务事师计会平天南湖", "改变文字显示方向"},
		{"zero-width only", "\u200b\u200c\u200d", "只有空白或不可见的字符"},
	}
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		_, uscc, _, _ := approvedInstitution(t, e)
		hunan := e.Browser("hunan")
		anon := e.Browser("")
		anon.Get("/register")
		before := savedRows(t, e)
		for i, b := range bad {
			wordedRefusal(t, b.name+" in a login", anon.Post("/login", url.Values{"username": {b.text}, "password": {"demo12345"}}), "用户名", b.why)
			form := url.Values{"uscc": {ident.GenerateUSCC(filingtest.Rand(), "430102")}, "name": {b.text}, "type": {"consulting"},
				"region_code": {"430102"}, "contact_name": {"吴联系"}, "contact_phone": {"13912345678"},
				"contact_email": {fmt.Sprintf("bad%d@firm.example.cn", i)}, "username": {fmt.Sprintf("badtext%d", i)}, "password": {"ui-pass-123"}}
			wordedRefusal(t, b.name+" in a registration", anon.Post("/register", form), "名称", b.why)
			rec := url.Values{"institution": {uscc}, "kind": {"bad"}, "severity": {"general"}, "category": {"false_report"},
				"facts": {b.text}, "basis": {"财监〔2021〕4号"}}
			wordedRefusal(t, b.name+" in a record's facts", hunan.Post("/credit-records", rec), "事实经过", b.why)
			wordedRefusal(t, b.name+" in the public search", anon.Get("/public?q="+url.QueryEscape(b.text)), "搜索词", b.why)
		}
		if p := anon.Get("/public/institutions/%00"); p.Status != 404 {
			t.Errorf("NUL as a code: %d", p.Status)
		}
		long := url.QueryEscape(strings.Repeat("%_天", 50000/5))
		for _, path := range []string{"/institutions?q=", "/questions?q=", "/public?q="} {
			wordedRefusal(t, "a long term on "+path, hunan.Get(path+long), "搜索词过长，最多200个字")
		}
		if after := savedRows(t, e); after != before {
			t.Errorf("refused posts changed what is saved:\n%s\n%s", before, after)
		}
		en := e.Browser("hunan")
		en.Get("/?lang=en")
		wordedRefusal(t, "in English", en.Get("/institutions?q="+long), "Shorten the search term to at most 200 characters")
	})
}

// The filing form refuses a post that is not the page's: without the
// draft's revision, or with fields the form does not have; the page says
// why and the draft stays as it was.
func TestFilingFormRefusesForeignPosts(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		_, _, _, inst := approvedInstitution(t, e)
		edit := inst.Get("/filing/edit")
		m := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(edit.HTML)
		if edit.Status != 200 || m == nil {
			t.Fatalf("edit form: %d", edit.Status)
		}
		before := savedRows(t, e)
		wordedRefusal(t, "no revision", inst.Post("/filing/edit", url.Values{"institution.name": {"湖南天平会计师事务所"}}), "缺少草稿的修订号")
		wordedRefusal(t, "unknown fields only", inst.Post("/filing/edit", url.Values{"revision": {m[1]}, "instituion.name": {"天平"}}), "平台不认识这一项")
		wordedRefusal(t, "NUL in a name", inst.Post("/filing/edit", url.Values{"revision": {m[1]}, "institution.name": {"天\x00平"}}), "名称", "不可显示的控制字符")
		if after := savedRows(t, e); after != before {
			t.Errorf("refused posts changed the draft:\n%s\n%s", before, after)
		}
	})
}
