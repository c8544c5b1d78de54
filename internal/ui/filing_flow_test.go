package ui_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/ident"
)

var flowSeq int

// registerThroughTheForm fills the public registration form and has
// reviewer approve it from the queue page; it returns the new username.
func registerThroughTheForm(t *testing.T, e *apptest.Env, reviewer string) string {
	t.Helper()
	flowSeq++
	user := fmt.Sprintf("uiflow%d", flowSeq)
	anon := e.Browser("")
	if p := anon.Get("/register"); p.Status != 200 || !strings.Contains(p.HTML, "芙蓉区") {
		t.Fatalf("register form: %d", p.Status)
	}
	form := url.Values{"uscc": {ident.GenerateUSCC(filingtest.Rand(), "430102")}, "name": {fmt.Sprintf("湖南明镜绩效评价有限公司%d", flowSeq)},
		"type": {"consulting"}, "region_code": {"430102"}, "contact_name": {"吴联系"}, "contact_phone": {"13912345678"},
		"contact_email": {user + "@firm.example.cn"}, "username": {user}, "password": {"ui-pass-123"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("uscc", "91430102MA4L000000")
	if p := anon.Post("/register", bad); p.Status != 422 || !strings.Contains(p.HTML, "统一社会信用代码") || strings.Contains(p.HTML, "ui-pass-123") {
		t.Fatalf("bad USCC: %d", p.Status)
	}
	if p := anon.Post("/register", form); p.Status != 201 || !strings.Contains(p.HTML, "注册申请已提交") {
		t.Fatalf("register: %d", p.Status)
	}
	rev := e.Browser(reviewer)
	p := rev.Get("/registrations")
	m := regexp.MustCompile(`action="/registrations/(\d+)/approve"`).FindStringSubmatch(p.HTML)
	if p.Status != 200 || m == nil {
		t.Fatalf("registration queue: %d, no approve form", p.Status)
	}
	if p := rev.Post("/registrations/"+m[1]+"/approve", nil); p.Status != 303 {
		t.Fatalf("approve: %d", p.Status)
	}
	return user
}

// login returns a browser session of an institution user (own password).
func login(t *testing.T, e *apptest.Env, user string) *apptest.Browser {
	t.Helper()
	b := e.BrowserWith(user, "ui-pass-123")
	if p := b.Get("/"); !strings.Contains(p.HTML, `href="/filing"`) {
		t.Fatalf("institution home offers no way to its filing: %d", p.Status)
	}
	b.Get("/filing")
	return b
}

// uploadForm posts one file as the filing page's upload form would.
func uploadForm(t *testing.T, b *apptest.Browser, kind, section string, content []byte) *apptest.Page {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf_token", b.CSRF())
	_ = mw.WriteField("kind", kind)
	_ = mw.WriteField("section", section)
	fw, _ := mw.CreateFormFile("file", kind+".pdf")
	_, _ = fw.Write(content)
	_ = mw.Close()
	return b.PostMultipart("/filing/attachments", mw.FormDataContentType(), &buf)
}

// The whole filing flow through the pages, without JavaScript: register,
// approve the registration, fill the filing form (rows added with the "add
// rows" button), upload, submit, approve at both levels, see it approved.
func TestFilingFlowThroughThePages(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		user := registerThroughTheForm(t, e, "furong")
		b := login(t, e, user)
		r := filingtest.Rand()
		lead, other, rep := filingtest.Person(r, "陈主评"), filingtest.Person(r, "林从业"), filingtest.Person(r, "许法人")
		edit := b.Get("/filing/edit")
		if edit.Status != 200 || !strings.Contains(edit.HTML, `name="lead_evaluators[1].name"`) || strings.Contains(edit.HTML, `name="lead_evaluators[2].name"`) {
			t.Fatalf("edit form: %d, want two blank lead rows", edit.Status)
		}
		rev := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(edit.HTML)[1]
		name := regexp.MustCompile(`name="institution.name" type="text" value="([^"]+)"`).FindStringSubmatch(edit.HTML)
		if name == nil {
			t.Fatalf("institution name not prefilled")
		}
		form := url.Values{"revision": {rev}, "institution.name": {name[1]}, "institution.type": {"consulting"}, "institution.region_code": {"430102"},
			"institution.established_on": {"2011-09-01"}, "institution.address": {"长沙市芙蓉区八一路9号"},
			"institution.contact_name": {"吴联系"}, "institution.contact_phone": {"13912345678"}, "institution.contact_email": {user + "@firm.example.cn"},
			"legal_representative.name": {rep.Name}, "legal_representative.id_number": {rep.IDNumber}, "legal_representative.phone": {"0731-84445555"},
			"lead_evaluators[0].name": {lead.Name}, "lead_evaluators[0].id_number": {lead.IDNumber}, "lead_evaluators[0].qualifications[0].kind": {pick(t, edit.HTML, "lead_evaluators[0].qualifications[0].kind", "注册会计师")},
			"lead_evaluators[0].qualifications[0].number": {"430000123456"},
			"lead_evaluators[0].education":                {"硕士"}, "lead_evaluators[0].title": {"高级会计师"},
			"practitioners[0].education": {"硕士"}, "practitioners[0].title": {"高级会计师"},
			"practitioners[0].name": {lead.Name}, "practitioners[0].id_number": {lead.IDNumber},
			"business_records[0].client": {"长沙市财政局"}, "business_records[0].year": {"2025"}, "business_records[0].project": {"专项资金绩效评价"},
			"business_records[0].amount": {"120000.50"}, "business_records[0].role": {"lead"}, "add": {"practitioners"}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("lead_evaluators[0].id_number", "36042619910102009X")
		if p := b.Post("/filing/edit", bad); p.Status != 422 || !strings.Contains(p.HTML, "校验位") || !strings.Contains(p.HTML, "36042619910102009X") {
			t.Fatalf("bad ID number: %d", p.Status)
		}
		p := b.Post("/filing/edit", form)
		if p.Status != 303 || !strings.HasPrefix(p.Location, "/filing/edit?more=practitioners") {
			t.Fatalf("save with add rows: %d %s", p.Status, p.Location)
		}
		edit = b.Get(p.Location)
		if !strings.Contains(edit.HTML, `name="practitioners[5].name"`) || !strings.Contains(edit.HTML, "120000.50") {
			t.Fatalf("more practitioner rows or the amount missing")
		}
		if !slices.ContainsFunc(selectOptions(edit.HTML, "lead_evaluators[0].qualifications[0].kind"), func(o option) bool { return o.Selected && o.Label == "注册会计师" }) ||
			selectOptions(edit.HTML, "lead_evaluators[0].qualifications[1].kind") == nil {
			t.Fatalf("the qualification chosen is not shown chosen, with a slot for another")
		}
		form.Set("revision", regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(edit.HTML)[1])
		form.Set("practitioners[3].name", other.Name)
		form.Set("practitioners[3].id_number", other.IDNumber)
		form.Set("practitioners[3].education", "本科")
		form.Set("practitioners[3].title", "会计师")
		form.Del("add")
		if p := b.Post("/filing/edit", form); p.Status != 303 || p.Location != "/filing?notice=filing_saved" {
			t.Fatalf("save: %d %s", p.Status, p.Location)
		}
		// Submitting without the business licence lists what is missing.
		if p := b.Post("/filing/submit", nil); p.Status != 422 || !strings.Contains(p.HTML, "attachments") {
			t.Fatalf("incomplete submit: %d", p.Status)
		}
		if p := uploadForm(t, b, "business_license", "institution", []byte("GIF89a not a pdf")); p.Status != 415 {
			t.Fatalf("disguised upload: %d", p.Status)
		}
		for _, k := range []string{"business_license", "credit_pledge"} {
			if p := uploadForm(t, b, k, "institution", filingtest.PDF(k)); p.Status != 303 {
				t.Fatalf("upload %s: %d %s", k, p.Status, p.HTML)
			}
		}
		if p := b.Post("/filing/submit", nil); p.Status != 303 {
			t.Fatalf("submit: %d %s", p.Status, p.HTML)
		}
		if p := b.Get("/filing"); !strings.Contains(p.HTML, "市县审核中") {
			t.Fatalf("filing page after submit lacks the level-1 state")
		}
		decideInBrowser(t, e, "changsha", "approve", nil)
		decideInBrowser(t, e, "hunan", "approve", nil)
		if p := b.Get("/filing"); !strings.Contains(p.HTML, `id="filing-state">审核通过`) {
			t.Fatalf("filing not shown approved")
		}
	})
}

// decideInBrowser opens the first open task of reviewer's queue and posts
// the decision form.
func decideInBrowser(t *testing.T, e *apptest.Env, reviewer, decision string, comments map[string]string) {
	t.Helper()
	b := e.Browser(reviewer)
	q := b.Get("/reviews")
	m := regexp.MustCompile(`href="/reviews/(\d+)"`).FindStringSubmatch(q.HTML)
	if q.Status != 200 || m == nil {
		t.Fatalf("%s queue: %d, no task", reviewer, q.Status)
	}
	page := b.Get("/reviews/" + m[1])
	if page.Status != 200 || !strings.Contains(page.HTML, `id="diff"`) || !strings.Contains(page.HTML, "重新注册预警") {
		t.Fatalf("task page: %d", page.Status)
	}
	form := url.Values{"decision": {decision}}
	for k, v := range comments {
		form.Set("comment."+k, v)
	}
	if p := b.Post("/reviews/"+m[1]+"/decision", form); p.Status != 303 {
		t.Fatalf("%s decides: %d %s", reviewer, p.Status, p.HTML)
	}
}
