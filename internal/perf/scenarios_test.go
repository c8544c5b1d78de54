package perf_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"evalcred/internal/db"
	"evalcred/internal/perf"
)

// scenario is one measured kind of request.
type scenario struct {
	name  string
	next  perf.Request
	check perf.Check
}

// login returns a bearer token for a demo official.
func login(t *testing.T, base, user string) string {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"username": user, "password": "demo12345"})
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		t.Fatalf("login %s: status %d %v", user, resp.StatusCode, err)
	}
	return out.Token
}

// cookie logs a demo official into the HTML pages and returns the session cookie.
func cookie(t *testing.T, base, user string) *http.Cookie {
	t.Helper()
	c := perf.NewClient(1)
	resp, err := c.PostForm(base+"/login", url.Values{"username": {user}, "password": {"demo12345"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == "evalcred_session" && ck.Value != "" {
			return ck
		}
	}
	t.Fatalf("login page %s: status %d, no session cookie", user, resp.StatusCode)
	return nil
}

// strs runs a one-column query.
func strs(tb testing.TB, d *db.DB, q string, args ...any) []string {
	tb.Helper()
	out, err := db.Strings(context.Background(), d, "perf", q, args...)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// readScenarios are the measured reads: public lookup by USCC (a stride
// through every active institution, so the cache is not one row), public
// search by four characters from the middle of real names (trade name and
// legal form, as people type them), and the hot county reviewer's queue,
// 50 open tasks per page over its first ten pages, as JSON and as the page.
//
// plain is a second server on the same data with the public page cache off:
// the lookup is measured on both. prime asks once for every institution's
// page on the first server.
func readScenarios(t *testing.T, base, plain string, d *db.DB) (reads []scenario, prime primer) {
	usccs := strs(t, d, "SELECT uscc FROM institutions WHERE status = 'active' ORDER BY id")
	isPage := func(status int, b []byte) error {
		if status != http.StatusOK || !bytes.Contains(b, []byte(`"records"`)) {
			return fmt.Errorf("status %d: %.200s", status, b)
		}
		return nil
	}
	prime = primer{int64(len(usccs)), func(i int64) (*http.Request, error) {
		return http.NewRequest(http.MethodGet, base+"/api/v1/public/institutions/"+usccs[i%int64(len(usccs))], nil)
	}, isPage}
	var parts []string
	for i, n := range strs(t, d, "SELECT name FROM institutions WHERE status = 'active' ORDER BY id") {
		if r := []rune(n); i%50 == 0 && len(r) > 8 {
			parts = append(parts, url.QueryEscape(string(r[2:6])))
		}
	}
	token := login(t, base, "furong")
	ck := cookie(t, base, "furong")
	get := func(path string, auth func(*http.Request)) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err == nil && auth != nil {
			auth(req)
		}
		return req, err
	}
	bearer := func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
	withCookie := func(r *http.Request) { r.AddCookie(ck) }
	hasItems := func(status int, b []byte) error {
		if status != http.StatusOK || !bytes.Contains(b, []byte(`"items"`)) {
			return fmt.Errorf("status %d: %.200s", status, b)
		}
		return nil
	}
	lookup := func(base string) perf.Request {
		return func(i int64) (*http.Request, error) {
			return http.NewRequest(http.MethodGet, base+"/api/v1/public/institutions/"+usccs[(i*7919)%int64(len(usccs))], nil)
		}
	}
	return []scenario{
		{"public lookup by USCC", lookup(base), isPage},
		{"public lookup by USCC, cache off", lookup(plain), isPage},
		{"public search by part of a name", func(i int64) (*http.Request, error) {
			return get("/api/v1/public/institutions?q="+parts[i%int64(len(parts))], nil)
		}, hasItems},
		{"reviewer queue, JSON (50 of the county's open tasks)", func(i int64) (*http.Request, error) {
			return get(fmt.Sprintf("/api/v1/reviews?state=open&limit=50&offset=%d", 50*(i%10)), bearer)
		}, hasItems},
		{"reviewer queue, HTML page (50 rows)", func(i int64) (*http.Request, error) {
			return get(fmt.Sprintf("/reviews?state=open&offset=%d", 50*(i%10)), withCookie)
		}, func(status int, b []byte) error {
			if status != http.StatusOK || !bytes.Contains(b, []byte("</table>")) {
				return fmt.Errorf("status %d: %.200s", status, b)
			}
			return nil
		}},
	}, prime
}

// primer asks for n pages, each once.
type primer struct {
	n     int64
	next  perf.Request
	check perf.Check
}

// decisionScenario approves the province's open level-2 tasks, each once:
// the request takes the next task of pool from next.
func decisionScenario(base, token string, pool []int64, next func() int64) scenario {
	body := []byte(`{"decision":"approve","comments":{"general":"材料齐全，同意通过"}}`)
	return scenario{"review decision (level-2 approve, a write)", func(int64) (*http.Request, error) {
		k := next()
		if k >= int64(len(pool)) {
			return nil, fmt.Errorf("decision pool of %d tasks used up", len(pool))
		}
		req, err := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/reviews/%d/decision", base, pool[k]), bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
		}
		return req, err
	}, nil}
}

// verifyDecisions checks that every decision answered 200 is in the
// database: the task approved by the reviewer and its filing version
// approved. It returns how many of the attempted tasks are approved.
func verifyDecisions(t *testing.T, d *db.DB, attempted []int64) (approved int) {
	t.Helper()
	ctx := context.Background()
	for start := 0; start < len(attempted); start += 500 {
		ids := attempted[start:min(len(attempted), start+500)]
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		var n int
		err := d.QueryRow(ctx, `SELECT COUNT(*) FROM review_tasks t JOIN filing_versions v ON v.institution_id = t.institution_id
			AND v.version = t.filing_version WHERE t.id IN (`+db.In(len(ids))+`) AND t.state = 'approved' AND v.state = 'approved'`, args...).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		approved += n
	}
	return approved
}

func md(s string) string { return strings.ReplaceAll(s, "|", "/") }
