package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"evalcred/internal/apptest"
	"evalcred/internal/calendar"
	"evalcred/internal/credit"
	"evalcred/internal/demo"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/publicquery"
	"evalcred/internal/registry/registrytest"
)

// creditInst is an approved institution as the credit tests use it.
type creditInst struct {
	ID    int64
	USCC  string
	Name  string
	Token string // its user's bearer token
	User  string // its user's username
}

// creditWorld is an application with two approved institutions in Furong
// district (A with a name the search tests look for) and the demo officials.
type creditWorld struct {
	e                  *apptest.Env
	A, B               creditInst
	hunan, admin, furo string
}

// nameA has ASCII letters, so that full-width and spaced queries can be tried.
const nameA = "湖南信达XY绩效评价咨询有限公司"

func newCreditWorld(t *testing.T, e *apptest.Env) *creditWorld {
	t.Helper()
	fs := filingtest.New(t, e.DB, e.Clock)
	w := &creditWorld{e: e, hunan: e.Login("hunan"), admin: e.Login("admin"), furo: e.Login("furong")}
	for i, in := range []*creditInst{&w.A, &w.B} {
		id, user := fs.NewApprovedFiling(t, "430102")
		in.ID, in.User = id, user.Username
		if i == 0 {
			if _, err := e.DB.Exec(context.Background(), "UPDATE institutions SET name = ? WHERE id = ?", nameA, id); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.DB.QueryRow(context.Background(), "SELECT uscc, name FROM institutions WHERE id = ?", id).Scan(&in.USCC, &in.Name); err != nil {
			t.Fatal(err)
		}
		in.Token = e.Login(user.Username, registrytest.Password)
	}
	// The helpers approve without the name hook the app wires; index once.
	if err := publicquery.Reindex(context.Background(), e.DB); err != nil {
		t.Fatal(err)
	}
	return w
}

// relogin logs hunan in again: after the clock has moved by months, the
// session of the test's start has expired.
func (w *creditWorld) relogin() string {
	w.hunan = w.e.Login("hunan", demo.Password)
	return w.hunan
}

// today is the fake clock's China date.
func (w *creditWorld) today() calendar.Date { return calendar.DateOf(w.e.Clock.Now()) }

// on moves the clock to 10:00 China time on d.
func (w *creditWorld) on(d calendar.Date) { w.e.Clock.Set(d.Time().Add(10 * time.Hour)) }

// propose has hunan propose a bad record against inst and returns its id.
func (w *creditWorld) propose(t *testing.T, inst creditInst, severity string, sanction map[string]any) int64 {
	t.Helper()
	body := map[string]any{"institution_id": inst.ID, "kind": "bad", "severity": severity, "category": "false_report",
		"facts": "报告抄袭 " + severity, "basis": "财监〔2021〕4号", "sanction": sanction}
	var out struct {
		ID    int64
		State string
	}
	if st := w.e.JSON("POST", "/api/v1/credit-records", w.hunan, body, &out); st != 201 || out.State != "proposed" {
		t.Fatalf("propose: %d %+v", st, out)
	}
	return out.ID
}

// proposeBan has hunan propose a serious record against A with a
// provincial ban of three years from today, and returns its id.
func (w *creditWorld) proposeBan(t *testing.T) int64 {
	t.Helper()
	start := w.today()
	return w.propose(t, w.A, "serious", map[string]any{"type": "ban", "starts_on": start, "ends_on": threeYears(start), "scope": "province"})
}

// record reads a record as hunan sees it.
func (w *creditWorld) record(t *testing.T, id int64) credit.Record {
	t.Helper()
	var r credit.Record
	if st := w.e.JSON("GET", fmt.Sprintf("/api/v1/credit-records/%d", id), w.relogin(), nil, &r); st != 200 {
		t.Fatalf("get record %d: %d", id, st)
	}
	return r
}

// post sends a record action and checks its status.
func (w *creditWorld) post(t *testing.T, token, path string, body any, want int) {
	t.Helper()
	if r := w.e.Call("POST", path, token, body); r.Status != want {
		t.Fatalf("POST %s: %d, want %d: %s", path, r.Status, want, r.Body)
	}
}

// public returns the public page of inst (its status, restrictions and records).
func (w *creditWorld) public(t *testing.T, inst creditInst) (page struct {
	Status       string
	Restrictions []map[string]any
	Records      []credit.PublicRecord
}) {
	t.Helper()
	if st := w.e.JSON("GET", "/api/v1/public/institutions/"+inst.USCC, "", nil, &page); st != 200 {
		t.Fatalf("public page: %d", st)
	}
	return page
}

// banned reports whether inst is on the public ban list.
func (w *creditWorld) banned(t *testing.T, inst creditInst) bool {
	t.Helper()
	r := w.e.Call("GET", "/api/v1/public/bans", "", nil)
	if r.Status != 200 {
		t.Fatalf("bans: %d", r.Status)
	}
	return strings.Contains(string(r.Body), inst.USCC)
}

// standing reads inst's standing as hunan sees it.
func (w *creditWorld) standing(t *testing.T, inst creditInst) (s struct {
	Eligible bool
	Until    calendar.Date
	Reasons  []struct{ Code, Text string }
	Score    int
	Grade    string
}) {
	t.Helper()
	if st := w.e.JSON("GET", fmt.Sprintf("/api/v1/institutions/%d/standing", inst.ID), w.relogin(), nil, &s); st != 200 {
		t.Fatalf("standing: %d", st)
	}
	return s
}

// threeYears is the last day of a ban of three years starting on d.
func threeYears(d calendar.Date) calendar.Date {
	return calendar.Date{Y: d.Y + 3, M: d.M, D: d.D}.AddDays(-1)
}
