package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"evalcred/internal/apptest"
)

// The personal data of the tests below: an ID number with a valid check
// character and one without, a mobile, a landline and an e-mail address, as
// an official might type them into the facts of a record.
var personalData = []struct{ text, kind, masked string }{
	{"430102198001011234", "身份证号码", "430102********1234"},
	{"11010519491231002X", "身份证号码", "110105********002X"},
	{"13912345678", "手机号码", "139****5678"},
	{"0731-88886666", "固定电话号码", "0731-****6666"},
	{"zhang.san@example.com", "电子邮箱地址", "z***@example.com"},
}

// A credit record whose facts or basis carry personal data is refused with
// 422 naming the field and what was found, and nothing is saved.
func TestCreditRecordWithPersonalDataIsRefused(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		w := newCreditWorld(t, e)
		for _, pd := range personalData {
			for _, field := range []string{"facts", "basis"} {
				body := map[string]any{"institution_id": w.A.ID, "kind": "bad", "severity": "general", "category": "false_report",
					"facts": "报告抄袭", "basis": "财监〔2021〕4号"}
				body[field] = "负责人" + pd.text + "，报告抄袭他人成果"
				r := e.Call("POST", "/api/v1/credit-records", w.hunan, body)
				why, _ := r.ErrorFields()[field].(string)
				if r.Status != 422 || !strings.Contains(why, pd.kind) {
					t.Errorf("%s in %s: %d %s", pd.text, field, r.Status, r.Body)
				}
			}
		}
		if n := count(t, e, "credit_records"); n != 0 {
			t.Fatalf("%d records saved", n)
		}
		// Several kinds at once are all named, in the reader's language.
		r := e.Do("POST", "/api/v1/credit-records", w.hunan, "application/json", strings.NewReader(fmt.Sprintf(
			`{"institution_id": %d, "kind": "bad", "severity": "general", "category": "other", "facts": "手机13912345678，邮箱a@b.cn", "basis": "财监〔2021〕4号"}`, w.A.ID)))
		if why, _ := r.ErrorFields()["facts"].(string); !strings.Contains(why, "手机号码、电子邮箱地址") {
			t.Errorf("two kinds: %s", r.Body)
		}
	})
}

// Personal data stored before the guard (typed into a record's facts and
// basis, an institution's name or an FAQ entry) is masked on every public
// face: the JSON, the pages and the spreadsheet, with no migration.
func TestStoredPersonalDataIsMaskedInPublic(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		w := newCreditWorld(t, e)
		ctx := context.Background()
		id := w.proposeBan(t)
		w.post(t, w.A.Token, fmt.Sprintf("/api/v1/credit-records/%d/accept", id), nil, 200)
		var all []string
		for _, pd := range personalData {
			all = append(all, pd.text)
		}
		facts := "经查，项目负责人（身份证" + personalData[0].text + "、" + personalData[1].text + "）在报告中抄袭，联系电话" + personalData[2].text
		basis := "举报人电话" + personalData[3].text + "，邮箱" + personalData[4].text
		name := w.A.Name + "（联系人13912345678）"
		for _, q := range []string{
			"UPDATE credit_records SET facts = '" + facts + "', basis = '" + basis + "'",
			"UPDATE institutions SET name = '" + name + "' WHERE id = " + itoa(w.A.ID),
			"INSERT INTO faq_entries (question, answer, category, policy_year, source_ids, region_code, created_by, created_at, updated_at) VALUES " +
				"('信用修复找谁？电话0731-88886666', '请联系张三，手机13912345678，邮箱zhang.san@example.com。', 'credit', 2026, '[]', '430000', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
		} {
			if _, err := e.DB.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		byName := url.QueryEscape("信达")
		for _, c := range []struct {
			path string
			want []string // what must be there, masked
		}{
			{"/api/v1/public/institutions/" + w.A.USCC, []string{"430102********1234", "110105********002X", "139****5678", "0731-****6666", "z***@example.com"}},
			{"/public/institutions/" + w.A.USCC, []string{"430102********1234", "0731-****6666", "z***@example.com"}},
			{"/api/v1/public/institutions?q=" + byName, []string{"139****5678"}},
			{"/public?q=" + byName, []string{"139****5678"}},
			{"/api/v1/public/bans", []string{"139****5678"}},
			{"/public/bans", []string{"139****5678"}},
			{"/api/v1/public/bans?format=xlsx", []string{"139****5678"}},
			{"/public/bans?format=xlsx", []string{"139****5678"}},
			{"/api/v1/public/faq", []string{"0731-****6666", "139****5678", "z***@example.com"}},
			{"/faq", []string{"0731-****6666", "139****5678", "z***@example.com"}},
		} {
			r := e.Call("GET", c.path, "", nil)
			if r.Status != 200 {
				t.Fatalf("%s: %d", c.path, r.Status)
			}
			body := string(r.Body)
			if strings.Contains(c.path, "xlsx") {
				body = sheetText(t, r.Body)
			}
			for _, s := range all {
				if strings.Contains(body, s) {
					t.Errorf("%s shows %s", c.path, s)
				}
			}
			for _, s := range c.want {
				if !strings.Contains(body, s) {
					t.Errorf("%s does not show %s", c.path, s)
				}
			}
		}
		// Officials still read what was written.
		if got := w.record(t, id); got.Facts != facts {
			t.Errorf("the official's view changed: %q", got.Facts)
		}
	})
}

// sheetText is every cell of a spreadsheet, one line a row.
func sheetText(t *testing.T, b []byte) string {
	t.Helper()
	var out strings.Builder
	for _, cells := range apptest.ReadXLSX(t, b) {
		out.WriteString(strings.Join(cells, "\t") + "\n")
	}
	return out.String()
}

// A project's name is published with its draws: personal data in it is
// refused, and a name stored before the guard is masked on the public draw.
func TestProjectNameOnPublicDraws(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		pe := newProjectEnv(t, e)
		hunan := e.Login("hunan")
		body := map[string]any{"year": 2026, "name": "绩效评价（联系人13912345678）", "client": "湖南省财政厅", "evaluated_unit": "湘潭县农业农村局", "region_code": "430000"}
		r := e.Call("POST", "/api/v1/projects", hunan, body)
		if why, _ := r.ErrorFields()["name"].(string); r.Status != 422 || !strings.Contains(why, "手机号码") {
			t.Fatalf("name with a mobile: %d %s", r.Status, r.Body)
		}
		st, res := pe.create(t, hunan)
		if st != 201 {
			t.Fatalf("create: %d", st)
		}
		p := fmt.Sprintf("/api/v1/projects/%d", int(res["id"].(float64)))
		sel := e.Call("POST", p+"/selection", hunan, map[string]any{"method": "draw", "count": 3, "seed": "湘财绩〔2026〕1号"})
		if sel.Status != 201 {
			t.Fatalf("selection: %d %s", sel.Status, sel.Body)
		}
		if _, err := e.DB.Exec(context.Background(), "UPDATE projects SET name = name || '（联系人13912345678）'"); err != nil {
			t.Fatal(err)
		}
		pub := e.Call("GET", fmt.Sprintf("/api/v1/public/draws/%d", int(sel.Map()["draw_id"].(float64))), "", nil)
		if pub.Status != 200 || bytes.Contains(pub.Body, []byte("13912345678")) || !bytes.Contains(pub.Body, []byte("139****5678")) {
			t.Errorf("public draw: %d %s", pub.Status, pub.Body)
		}
	})
}
