package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/db/dbtest"
	_ "evalcred/internal/demo/yeardemo" // every demo seed
	"evalcred/internal/indicator"
)

// The roles of the scope matrix: the demo logins, one per kind of viewer,
// and anonymous ("").
var matrixRoles = []string{"admin", "hunan", "changsha", "furong", "zhuzhou", "agency", "mof", "expert1", "funddept1", ""}

// side says which of a route's two objects a role's scope holds: "a" is
// the object of agency's institution in 芙蓉区 (inside 长沙市), "b" the
// one of an institution in 株洲市. Roles without a side see both or
// neither by their permissions, and the table says which.
var side = map[string]string{"changsha": "a", "furong": "a", "agency": "a", "zhuzhou": "b"}

// objects are the two objects of each kind that a route's {id} names.
type objects map[string][2]string

// matrixFixture finds, in the demo, an object of each kind on each side,
// and adds what the demo has none of (questions, relations, imports).
func matrixFixture(t *testing.T, e *apptest.Env) objects {
	t.Helper()
	ctx := context.Background()
	one := func(q string, args ...any) string {
		t.Helper()
		var v string
		if err := e.DB.QueryRow(ctx, q, args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v
	}
	instA := one("SELECT CAST(institution_id AS TEXT) FROM users WHERE username = 'agency'")
	instB := one("SELECT CAST(MIN(id) AS TEXT) FROM institutions WHERE region_code LIKE '4302%' AND status = 'active'")
	both := func(q string) [2]string { return [2]string{one(q, instA), one(q, instB)} }
	works := "SELECT CAST(MIN(p.id) AS TEXT) FROM projects p WHERE (p.lead_institution_id = ? OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.project_id = p.id AND tm.institution_id = ?))"
	projA := one(works+" AND EXISTS (SELECT 1 FROM project_files f WHERE f.project_id = p.id)", instA, instA)
	projB := one(works+` AND NOT (p.lead_institution_id = ? OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.project_id = p.id AND tm.institution_id = ?))
		AND EXISTS (SELECT 1 FROM project_files f WHERE f.project_id = p.id)`, instB, instB, instA, instA)
	o := objects{
		"institution":  {instA, instB},
		"uscc":         both("SELECT uscc FROM institutions WHERE id = ?"),
		"registration": both("SELECT CAST(MIN(id) AS TEXT) FROM registrations WHERE institution_id = ?"),
		"review":       both("SELECT CAST(MIN(id) AS TEXT) FROM review_tasks WHERE institution_id = ?"),
		"record":       both("SELECT CAST(MIN(id) AS TEXT) FROM credit_records WHERE institution_id = ?"),
		"attachment":   both("SELECT CAST(MIN(id) AS TEXT) FROM attachments WHERE institution_id = ?"),
		"project":      {projA, projB},
		"file": {one("SELECT CAST(MIN(id) AS TEXT) FROM project_files WHERE project_id = ?", projA),
			one("SELECT CAST(MIN(id) AS TEXT) FROM project_files WHERE project_id = ?", projB)},
		"assessment": {one("SELECT CAST(MIN(id) AS TEXT) FROM assessments WHERE project_id = ? AND institution_id = ?", projA, instA),
			one("SELECT CAST(MIN(id) AS TEXT) FROM assessments WHERE project_id = ? AND institution_id = ?", projB, instB)},
		"user":     {one("SELECT CAST(id AS TEXT) FROM users WHERE username = 'furong'"), one("SELECT CAST(id AS TEXT) FROM users WHERE username = 'zhuzhou'")},
		"training": {one("SELECT CAST(MIN(id) AS TEXT) FROM training_sessions"), one("SELECT CAST(MIN(id) AS TEXT) FROM training_sessions")},
		"close":    {one("SELECT CAST(MIN(id) AS TEXT) FROM year_close_runs"), one("SELECT CAST(MIN(id) AS TEXT) FROM year_close_runs")},
		"draw":     {one("SELECT CAST(MIN(id) AS TEXT) FROM draws"), one("SELECT CAST(MIN(id) AS TEXT) FROM draws")},
		"version":  {"1", "1"},
		"year":     {"2025", "2025"},
		"kind":     {"institutions", "institutions"},
		"key":      {"assessment.weights", "assessment.weights"},
	}
	var tpl struct {
		ID int64 `json:"id"`
	}
	if st := e.JSON("POST", "/api/v1/indicator-templates", e.Login("hunan"), map[string]any{"name": "湖南模板", "indicators": indicator.Default().Indicators}, &tpl); st != 201 {
		t.Fatalf("template: %d", st)
	}
	o["template"] = [2]string{strconv.FormatInt(tpl.ID, 10), strconv.FormatInt(tpl.ID, 10)}
	if _, err := e.DB.Exec(ctx, `INSERT INTO faq_entries (question, answer, category, policy_year, source_ids, region_code, created_by, created_at, updated_at)
		VALUES ('备案变更后多久生效？', '审核通过后即生效。', 'filing', 2026, '[]', '430000', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`); err != nil {
		t.Fatal(err)
	}
	// Accounts whose passwords the matrix resets: a second user of each
	// side's institution, so that no login of the matrix loses its session.
	for i, inst := range []string{instA, instB} {
		name := []string{"matrix_a", "matrix_b"}[i]
		if _, err := e.DB.Exec(ctx, `INSERT INTO users (username, password_hash, name, role, region_code, institution_id, created_at, updated_at)
			SELECT ?, password_hash, name, role, region_code, institution_id, created_at, updated_at FROM users WHERE institution_id = ? AND role = 'institution' ORDER BY id LIMIT 1`, name, inst); err != nil {
			t.Fatal(err)
		}
		acc := o["account"]
		acc[i] = one("SELECT CAST(id AS TEXT) FROM users WHERE username = ?", name)
		o["account"] = acc
	}
	faq := one("SELECT CAST(MAX(id) AS TEXT) FROM faq_entries")
	o["faq"] = [2]string{faq, faq}
	// Questions, one asked by each side's institution.
	for i, who := range []string{"agency", one("SELECT username FROM users WHERE institution_id = ?", instB)} {
		r := e.Call("POST", "/api/v1/questions", e.Login(who), map[string]any{"category": "filing", "text": "备案材料中的审计报告需要提供原件扫描件吗？"})
		if r.Status != 201 {
			t.Fatalf("question of %s: %d %s", who, r.Status, r.Body)
		}
		q := o["question"]
		q[i] = strconv.Itoa(int(r.Map()["id"].(float64)))
		o["question"] = q
	}
	// A relation and an import on each side, written as their services would.
	for i, inst := range []string{instA, instB} {
		if _, err := e.DB.Exec(ctx, `INSERT INTO institution_relations (institution_id, organisation, organisation_norm, relation, declared_role, created_at)
			VALUES (?, '某市财政局', '某市财政局', '', 'institution', CURRENT_TIMESTAMP)`, inst); err != nil {
			t.Fatal(err)
		}
		rel := o["relation"]
		rel[i] = one("SELECT CAST(MAX(id) AS TEXT) FROM institution_relations WHERE institution_id = ?", inst)
		o["relation"] = rel
		reviewer := []string{"furong", "zhuzhou"}[i]
		if _, err := e.DB.Exec(ctx, `INSERT INTO imports (kind, state, filename, total, created_by, region_code, created_at, updated_at)
			SELECT 'institutions', 'done', 'x.xlsx', 0, id, region_code, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM users WHERE username = ?`, reviewer); err != nil {
			t.Fatal(err)
		}
		imp := o["import"]
		imp[i] = one("SELECT CAST(MAX(id) AS TEXT) FROM imports")
		o["import"] = imp
	}
	return o
}

// kindOf is the kind of object a route's {id} names, from its path ("" for
// a route without one).
func kindOf(pattern string) string {
	if !wildcard.MatchString(pattern) {
		return ""
	}
	path := pattern[strings.Index(pattern, " ")+1:]
	path = strings.TrimPrefix(path, "/api/v1")
	if strings.HasSuffix(path, "/password-reset") || strings.HasSuffix(path, "/password") && strings.HasPrefix(path, "/admin/users/") {
		return "account"
	}
	for _, k := range []struct{ prefix, kind string }{
		{"/public/institutions/", "uscc"}, {"/public/draws/", "draw"}, {"/public/faq/", "faq"}, {"/faq/", "faq"},
		{"/institutions/", "institution"}, {"/registrations/", "registration"}, {"/reviews/", "review"},
		{"/credit-records/", "record"}, {"/projects/", "project"}, {"/assessments/", "assessment"},
		{"/attachments/", "attachment"}, {"/questions/", "question"}, {"/training/", "training"},
		{"/year-closes/", "close"}, {"/imports/", "import"}, {"/users/", "user"}, {"/admin/users/", "user"},
		{"/indicator-templates/", "template"}, {"/spot-check-findings/", "finding"},
	} {
		if strings.HasPrefix(path, k.prefix) {
			return k.kind
		}
	}
	return ""
}

var wildcard = regexp.MustCompile(`\{([a-z_]+)(\.\.\.)?\}`)

// fill puts object i (0 or 1) of each kind into the pattern's wildcards.
func fill(pattern string, o objects, i int) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	path = strings.TrimSuffix(path, "{$}")
	kind := kindOf(pattern)
	path = wildcard.ReplaceAllStringFunc(path, func(w string) string {
		name := wildcard.FindStringSubmatch(w)[1]
		switch name {
		case "id", "uscc", "draw_id":
			if v, ok := o[kind]; ok {
				return v[i]
			}
			return "999999"
		case "rid":
			return o["relation"][i]
		case "file_id":
			return o["file"][i]
		}
		if v, ok := o[name]; ok {
			return v[i]
		}
		return "x"
	})
	return method, path
}

// outcome names an answer the way the table writes it: the status, "login"
// for a page's redirect to the login form, "ok" for a write that was let
// through (a 2xx, or a page's redirect after its form), "bad" for the empty
// input refused before anything is looked up (400, 422: the same answer
// whether the object exists or not).
func outcome(method string, r *apptest.Response) string {
	loc := r.Header.Get("Location")
	switch {
	case r.Status == http.StatusSeeOther && strings.HasPrefix(loc, "/login"):
		return "login"
	case method == "GET":
		return strconv.Itoa(r.Status)
	case r.Status < 400:
		return "ok"
	case r.Status == 400 || r.Status == 422:
		return "bad"
	}
	return strconv.Itoa(r.Status)
}

// noRedirects is a client that shows a redirect instead of following it.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// call sends a route's request as role: an empty JSON object to the API, an
// empty form to the pages.
func call(t *testing.T, e *apptest.Env, token, method, path string) *apptest.Response {
	t.Helper()
	var body io.Reader
	ct := ""
	switch {
	case method == "GET":
	case method == "PUT" && strings.HasSuffix(path, "/filing"):
		// A draft save needs the revision it read; a stale one is refused
		// after the scope check, so the answer still says who may write.
		ct, body = "application/json", strings.NewReader(`{"revision": 0}`)
	case strings.HasPrefix(path, "/api/"):
		ct, body = "application/json", strings.NewReader("{}")
	default:
		ct, body = "application/x-www-form-urlencoded", strings.NewReader("")
	}
	req, err := http.NewRequest(method, e.Server.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &apptest.Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// Every route, as every demo role, on an object in the role's scope and on
// one outside it: the answer must be the table's. Reads are sent; writes are
// sent where the table says they are refused (so nothing changes) and
// skipped where it says they are let through ("ok"). A route the table does
// not know fails, so that a new route comes with its scope written down.
func TestScopeMatrix(t *testing.T) {
	for _, eng := range dbtest.Engines() {
		t.Run(string(eng), func(t *testing.T) {
			e := apptest.Demo(t, eng)
			o := matrixFixture(t, e)
			tokens := map[string]string{}
			for _, role := range matrixRoles {
				if role != "" {
					tokens[role] = e.Login(role)
				}
			}
			routes := e.App.Routes()
			sort.SliceStable(routes, func(i, j int) bool { return sessionRank(routes[i]) < sessionRank(routes[j]) })
			printing := os.Getenv("EVALCRED_SCOPE_PRINT") != ""
			cases := 0
			var printed []string
			for _, route := range routes {
				want, known := scopeTable[route]
				if !known && !printing {
					t.Errorf("%s: no line in the scope table: add what each role may do", route)
					continue
				}
				wants := strings.Fields(want)
				if known && len(wants) != len(matrixRoles) {
					t.Errorf("%s: the table has %d answers for %d roles", route, len(wants), len(matrixRoles))
					continue
				}
				got := make([]string, len(matrixRoles))
				for ri, role := range matrixRoles {
					var pair [2]string
					for i := range 2 {
						method, path := fill(route, o, i)
						var expect string
						if known {
							expect = strings.Split(wants[ri], "/")[i]
						}
						if method != "GET" && expect == "ok" {
							pair[i] = "ok"
							if printing && !known {
								pair[i] = "?"
							}
							continue
						}
						pair[i] = outcome(method, call(t, e, tokens[role], method, path))
						cases++
						if known && pair[i] != expect {
							t.Errorf("%s %s as %s: %s, want %s", method, path, or(role, "anonymous"), pair[i], expect)
						}
					}
					got[ri] = pair[0] + "/" + pair[1]
					// Whatever the table says, an object outside a role's
					// scope is never shown nor changed.
					if s := side[role]; s != "" && kindOf(route) != "" && o[kindOf(route)][0] != o[kindOf(route)][1] && !slices.Contains(publicRoutes(routes), route) {
						out := pair[1]
						if s == "b" {
							out = pair[0]
						}
						if out == "ok" || out == "409" || strings.HasPrefix(out, "2") {
							t.Errorf("%s as %s: the object outside its scope answers %s", route, role, out)
						}
					}
				}
				printed = append(printed, fmt.Sprintf("\t%q: %q,", route, strings.Join(got, " ")))
			}
			t.Logf("%d routes × %d roles × 2 objects: %d requests sent", len(routes), len(matrixRoles), cases)
			if printing {
				fmt.Println(strings.Join(printed, "\n"))
			}
			for route := range scopeTable {
				if !slices.Contains(routes, route) {
					t.Errorf("%s: in the scope table but not a route", route)
				}
			}
		})
	}
}

// sessionRank orders the routes that change or end the caller's login
// after all others, those that end it last.
func sessionRank(route string) int {
	for i, part := range []string{"login", "password", "deactivate", "activate", "/active", "logout"} {
		if strings.Contains(route, part) {
			return i + 1
		}
	}
	return 0
}

// publicRoutes are the routes the table lets anonymous read.
func publicRoutes(routes []string) []string {
	var out []string
	for _, r := range routes {
		w := strings.Fields(scopeTable[r])
		if len(w) == len(matrixRoles) && strings.HasPrefix(w[len(w)-1], "2") {
			out = append(out, r)
		}
	}
	return out
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
