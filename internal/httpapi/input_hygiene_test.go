package httpapi_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/filing"
)

// badText is text nobody types: control characters PostgreSQL cannot store
// or a terminal acts on, a right-to-left override that makes a name read as
// another, and a name made only of zero-width characters.
var badText = []struct{ name, text string }{
	{"NUL", "湖南天平\x00会计师事务所"},
	{"BEL", "湖南天平会计师事务所\a"},
	{"ESC", "\x1b[2J湖南天平会计师事务所"},
	{"RLO", "\u202e所务事师计会平天南湖"},
	{"zero-width only", "\u200b\u200c\u200d\ufeff"},
}

// saved is what the bad requests below must leave as it was.
func saved(t *testing.T, e *apptest.Env) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"registrations", "institutions", "users", "credit_records", "audit_log"} {
		fmt.Fprintf(&b, "%s=%d ", table, count(t, e, table))
	}
	rows, err := e.DB.Query(t.Context(), "SELECT institution_id, revision, doc_json FROM filing_drafts ORDER BY institution_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var rev int
		var doc string
		if err := rows.Scan(&id, &rev, &doc); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "draft %d@%d %s ", id, rev, doc)
	}
	return b.String()
}

// refused asserts a 422 whose fields name field, with a message in words.
func refused(t *testing.T, what string, r *apptest.Response, field string) {
	t.Helper()
	why, _ := r.ErrorFields()[field].(string)
	if r.Status != 422 || why == "" || strings.Contains(why, "input.") {
		t.Errorf("%s: %d %s, want 422 naming %s", what, r.Status, r.Body, field)
	}
}

// Each bad text is refused, naming its field, wherever it comes in: a login,
// a registration, a credit record's facts, the public search; on both
// engines alike, and nothing is saved.
func TestBadTextIsRefusedByTheAPI(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		w := newCreditWorld(t, e)
		before := saved(t, e)
		for _, bad := range badText {
			refused(t, bad.name+" in a login", e.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": bad.text, "password": "demo12345"}), "username")
			reg := registration("430102")
			reg["name"] = bad.text
			refused(t, bad.name+" in a registration", e.Call("POST", "/api/v1/registrations", "", reg), "name")
			rec := map[string]any{"institution_id": w.A.ID, "kind": "bad", "severity": "general", "category": "false_report",
				"facts": "报告抄袭" + bad.text, "basis": "财监〔2021〕4号"}
			if bad.name == "zero-width only" {
				rec["facts"] = bad.text
			}
			refused(t, bad.name+" in a record's facts", e.Call("POST", "/api/v1/credit-records", w.hunan, rec), "facts")
			refused(t, bad.name+" in the public search", e.Call("GET", "/api/v1/public/institutions?q="+url.QueryEscape(bad.text), "", nil), "q")
			refused(t, bad.name+" in the institution search", e.Call("GET", "/api/v1/institutions?q="+url.QueryEscape(bad.text), w.hunan, nil), "q")
		}
		if r := e.Call("GET", "/api/v1/public/institutions/%00", "", nil); r.Status != 404 {
			t.Errorf("NUL as a code: %d %s", r.Status, r.Body)
		}
		// A line break has no place in a name, but a record's facts may run
		// over lines and tabs.
		reg := registration("430102")
		reg["name"] = "湖南天平\n会计师事务所"
		refused(t, "a line break in a name", e.Call("POST", "/api/v1/registrations", "", reg), "name")
		if after := saved(t, e); after != before {
			t.Errorf("refused requests changed what is saved:\n%s\n%s", before, after)
		}
		rec := map[string]any{"institution_id": w.A.ID, "kind": "bad", "severity": "general", "category": "false_report",
			"facts": "一、报告抄袭\n二、\t伪造记录", "basis": "财监〔2021〕4号"}
		if r := e.Call("POST", "/api/v1/credit-records", w.hunan, rec); r.Status != 201 {
			t.Errorf("facts over two lines: %d %s", r.Status, r.Body)
		}
		// Text is stored composed (NFC), so that what looks alike matches alike.
		reg = registration("430102")
		reg["contact_name"] = "Jose\u0301"
		var created struct{ ID int64 }
		if st := e.JSON("POST", "/api/v1/registrations", "", reg, &created); st != 201 {
			t.Fatalf("register: %d", st)
		}
		var contact string
		if err := e.DB.QueryRow(t.Context(), "SELECT i.contact_name FROM registrations r JOIN institutions i ON i.id = r.institution_id WHERE r.id = ?", created.ID).Scan(&contact); err != nil || contact != "José" {
			t.Errorf("stored %q %v, want the composed form", contact, err)
		}
	})
}

// A search term of 50,000 bytes is refused with 422 on q, on both engines
// (SQLite's LIKE gave up on it with a 500).
func TestLongSearchTermIsRefused(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		hunan := e.Login("hunan")
		long := url.QueryEscape(strings.Repeat("%_天", 50000/5))
		for _, path := range []string{"/api/v1/institutions?q=", "/api/v1/questions?q=", "/api/v1/public/institutions?q="} {
			refused(t, path, e.Call("GET", path+long, hunan, nil), "q")
		}
		if r := e.Call("GET", "/api/v1/institutions?q="+url.QueryEscape(strings.Repeat("天", 200)), hunan, nil); r.Status != 200 {
			t.Errorf("a term at the cap: %d", r.Status)
		}
	})
}

// The draft refuses what would empty it by mistake: a null body, a body of
// another shape, fields it does not have (a typo), a PUT without the
// revision, or with revision 0 once saved. PUT what GET answered works, its
// read-only fields ignored; nothing refused changes the draft.
func TestDraftRefusesWhatWouldEmptyIt(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		instID, tok := registerApproved(t, e, "430102", "furong")
		path := fmt.Sprintf("/api/v1/institutions/%d/filing", instID)
		var got map[string]any
		if st := e.JSON("GET", path, tok, nil, &got); st != 200 {
			t.Fatalf("get: %d", st)
		}
		for _, ro := range []string{"filing_state", "editable", "actions", "revision"} {
			if _, ok := got[ro]; !ok {
				t.Fatalf("GET has no %s: %v", ro, got)
			}
		}
		got["institution"].(map[string]any)["address"] = "长沙市芙蓉区五一大道1号"
		got["updated_at"] = "2026-12-01T08:00:00Z"
		if r := e.Call("PUT", path, tok, got); r.Status != 200 {
			t.Fatalf("PUT what GET answered: %d %s", r.Status, r.Body)
		}
		before := saved(t, e)
		for _, c := range []struct{ what, body, field string }{
			{"null", `null`, "body"},
			{"a list", `[]`, "body"},
			{"a number", `1`, "body"},
			{"only unknown fields", `{"instituion": {"name": "天平"}, "revision": 1}`, "instituion"},
			{"an unknown nested field", `{"institution": {"nmae": "天平"}, "revision": 1}`, "institution.nmae"},
			{"no revision", `{"institution": {"name": "湖南天平会计师事务所"}}`, "revision"},
			{"NUL in a name", `{"institution": {"name": "天\u0000平"}, "revision": 1}`, "institution.name"},
			{"RLO in a practitioner's name", `{"practitioners": [{"name": "\u202e五王"}], "revision": 1}`, "practitioners[0].name"},
		} {
			refused(t, c.what, e.Call("PUT", path, tok, c.body), c.field)
		}
		if r := e.Call("PUT", path, tok, `{"revision": 0}`); r.Status != 409 {
			t.Errorf("revision 0 over a saved draft: %d %s", r.Status, r.Body)
		}
		if after := saved(t, e); after != before {
			t.Errorf("refused saves changed the draft:\n%s\n%s", before, after)
		}
		var d filing.Draft
		e.JSON("GET", path, tok, nil, &d)
		if d.Institution.Address != "长沙市芙蓉区五一大道1号" || d.Revision != 1 {
			t.Errorf("draft after the refusals: %+v", d)
		}
	})
}
