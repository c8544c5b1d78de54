package app_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/db/dbtest"
	_ "evalcred/internal/demo/yeardemo" // every demo seed
	"evalcred/internal/privacy"
)

// The personal data an official might type into a public text: an ID
// number, a mobile, a landline and an e-mail address, and their masks.
const (
	pdID       = "430102198001011234"
	pdMobile   = "13912345678"
	pdLandline = "0731-88886666"
	pdEmail    = "zhang.san@example.com"
	pdAll      = "身份证" + pdID + "，手机" + pdMobile + "，电话" + pdLandline + "，邮箱" + pdEmail
)

// Every text that a public face shows and that someone writes is refused
// with personal data in it: 422 naming the field and what was found.
func TestPublicTextRefusesPersonalData(t *testing.T) {
	for _, eng := range dbtest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			e := apptest.Demo(t, eng)
			o := matrixFixture(t, e)
			hunan, agency := e.Login("hunan"), e.Login("agency")
			project := o["project"][0]
			asked, _ := strconv.Atoi(o["question"][0])
			if r := e.Call("POST", "/api/v1/questions/"+o["question"][0]+"/answer", e.Login("furong"), map[string]any{"text": "需要提供加盖公章的扫描件。"}); r.Status != 200 {
				t.Fatalf("answer: %d %s", r.Status, r.Body)
			}
			for _, c := range []struct {
				who, method, path, field string
				body                     map[string]any
			}{
				{"", "POST", "/api/v1/registrations", "name", map[string]any{"name": "湖南某会计师事务所（" + pdMobile + "）"}},
				{agency, "PUT", "/api/v1/institutions/" + o["institution"][0] + "/filing", "institution.name",
					map[string]any{"institution": map[string]any{"name": "湖南天平会计师事务所" + pdMobile}, "revision": draftRevision(t, e, agency, o["institution"][0])}},
				{hunan, "POST", "/api/v1/credit-records", "facts", map[string]any{"facts": "负责人" + pdID}},
				{hunan, "POST", "/api/v1/credit-records", "basis", map[string]any{"basis": "举报电话" + pdLandline}},
				{hunan, "POST", "/api/v1/faq", "question", map[string]any{"question_ids": []int{asked}, "question": "联系" + pdEmail + "可以吗？"}},
				{hunan, "POST", "/api/v1/faq", "answer", map[string]any{"question_ids": []int{asked}, "answer": "请致电" + pdMobile + "咨询。"}},
				{hunan, "POST", "/api/v1/projects", "name", map[string]any{"name": "绩效评价（联系人" + pdMobile + "）"}},
				{hunan, "POST", "/api/v1/projects/" + project + "/selection", "seed", map[string]any{"method": "draw", "count": 3, "seed": "种子" + pdMobile}},
				{hunan, "POST", "/api/v1/spot-checks/draw", "seed", map[string]any{"count": 1, "seed": "种子" + pdMobile}},
				{agency, "POST", "/api/v1/institutions/" + o["institution"][0] + "/relations", "organisation",
					map[string]any{"organisation": "某市财政局（" + pdMobile + "）", "relation": "客户"}},
			} {
				r := e.Call(c.method, c.path, c.who, c.body)
				why, _ := r.ErrorFields()[c.field].(string)
				if r.Status != 422 || !strings.Contains(why, "个人信息") {
					t.Errorf("%s %s, %s with personal data: %d %s", c.method, c.path, c.field, r.Status, r.Body)
				}
			}
			var n int
			if err := e.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM institution_relations WHERE organisation LIKE '%`+pdMobile+`%'`).Scan(&n); err != nil || n != 0 {
				t.Errorf("%d relations saved: %v", n, err)
			}
		})
	}
}

// Personal data stored in every text a public face shows (as if written
// before the guard), beside the personal data the demo keeps for officials
// (ID numbers, phones, e-mail addresses of people and contacts): no public
// answer shows any of it. Every route the application answers without a
// login is called, with every institution and draw, a search and a
// spreadsheet where it takes them, so that a new public route is scanned
// as soon as it exists.
func TestNoPersonalDataOnAnyPublicFace(t *testing.T) {
	for _, eng := range dbtest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			e := apptest.Demo(t, eng)
			o := matrixFixture(t, e)
			ctx := context.Background()
			excluded := fmt.Sprintf(`[{"institution_id": %s, "reason": "tied_client", "organisation": "某市财政局%s"}]`, o["institution"][1], pdMobile)
			for _, q := range []string{
				"UPDATE institutions SET name = name || '（" + pdMobile + "）'",
				"UPDATE credit_records SET facts = '" + pdAll + "', basis = '" + pdAll + "', state = 'effective', publish_until = '2030-01-01'",
				"UPDATE faq_entries SET question = '" + pdAll + "？', answer = '" + pdAll + "。'",
				"UPDATE projects SET name = name || '" + pdAll + "'",
				"UPDATE draws SET seed = '" + pdAll + "', excluded_json = '" + excluded + "'",
				"UPDATE institution_relations SET organisation = organisation || '" + pdAll + "'",
				"UPDATE sanctions SET reason = '" + pdAll + "'",
				"UPDATE foreign_bans SET reference = '" + pdAll + "'",
			} {
				if _, err := e.DB.Exec(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			values := map[string][]string{
				"uscc": column(t, e, "SELECT uscc FROM institutions ORDER BY id"),
				"id":   append(column(t, e, "SELECT CAST(id AS TEXT) FROM draws ORDER BY id"), column(t, e, "SELECT CAST(id AS TEXT) FROM faq_entries ORDER BY id")...),
			}
			values["draw_id"] = values["id"]
			term := url.QueryEscape("会计师事务所")
			public, masked := 0, false
			for _, route := range e.App.Routes() {
				method, _, _ := strings.Cut(route, " ")
				for _, path := range expand(route, values) {
					variants := []string{path}
					if method == "GET" {
						variants = append(variants, path+"?q="+term, path+"?format=xlsx")
					}
					for _, p := range variants {
						r := call(t, e, "", method, p)
						if r.Status != 200 {
							continue
						}
						public++
						text := string(r.Body)
						if strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
							text = sheetText(t, r.Body)
						}
						text = blobs.ReplaceAllString(text, "")
						for _, f := range privacy.Find(text) {
							t.Errorf("%s %s shows %s: %q", method, p, f.Kind, text[f.Start:f.End])
						}
						masked = masked || strings.Contains(text, "139****5678")
					}
				}
			}
			if public == 0 || !masked {
				t.Errorf("%d public answers, the masked mobile seen: %v", public, masked)
			}
			t.Logf("%d public answers scanned", public)
		})
	}
}

// blobs are hashes, signatures and keys (the ledger's head, a draw's pool
// hash): long runs of letters and digits that no personal data is, where a
// run of digits could look like a phone number by chance.
var blobs = regexp.MustCompile(`[A-Za-z0-9+/=_-]{32,}`)

// expand fills a route's wildcards with every value given for their name
// ("1" for the others).
func expand(route string, values map[string][]string) []string {
	_, path, _ := strings.Cut(route, " ")
	paths := []string{strings.TrimSuffix(path, "{$}")}
	for _, m := range wildcard.FindAllStringSubmatch(path, -1) {
		vs := values[m[1]]
		if len(vs) == 0 {
			vs = []string{"1"}
		}
		var next []string
		for _, p := range paths {
			for _, v := range vs {
				next = append(next, strings.Replace(p, m[0], v, 1))
			}
		}
		paths = next
	}
	return paths
}

func column(t *testing.T, e *apptest.Env, q string) []string {
	t.Helper()
	rows, err := e.DB.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
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

// draftRevision is the revision of an institution's filing draft as its
// user reads it, which a save must carry.
func draftRevision(t *testing.T, e *apptest.Env, token, inst string) int {
	t.Helper()
	var d struct {
		Revision int `json:"revision"`
	}
	if st := e.JSON("GET", "/api/v1/institutions/"+inst+"/filing", token, nil, &d); st != 200 {
		t.Fatalf("draft of %s: %d", inst, st)
	}
	return d.Revision
}
