package httpapi_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/auth"
	"evalcred/internal/ident"
	"evalcred/internal/project/projecttest"
)

// Training over both faces: a reviewer creates the mandatory session, the
// institution enrols its person through the form, the reviewer records the
// attendance; the standing follows.
func TestTrainingOverHTTP(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		inst := projecttest.Institution(t, e.DB, e.Clock, "430102")
		idn := projecttest.Person(t, e.DB, e.Clock, inst, "practitioner")
		user := projecttest.User(t, e.DB, e.Clock, auth.RoleInstitution, "430102", inst)
		hunan := e.Login("hunan")
		var s struct{ ID int64 }
		if st := e.JSON("POST", "/api/v1/training/sessions", hunan, map[string]any{"year": 2026, "topic": "年度培训", "held_on": "2026-03-02", "mandatory": true}, &s); st != 201 {
			t.Fatalf("create: %d", st)
		}
		standing := func() bool {
			var st struct{ Eligible bool }
			e.JSON("GET", fmt.Sprintf("/api/v1/institutions/%d/standing", inst), hunan, nil, &st)
			return st.Eligible
		}
		if standing() {
			t.Fatal("eligible without an attendee")
		}
		b := e.Browser(user.Username)
		b.Get("/training") // "/" redirects institution users; this page carries the CSRF token
		if p := b.Post(fmt.Sprintf("/training/%d/enrol", s.ID), url.Values{"id_number": {idn}, "name": {"李四"}}); p.Status != 303 {
			t.Fatalf("enrol form: %d %s", p.Status, p.HTML)
		}
		if st := e.Call("POST", fmt.Sprintf("/api/v1/training/sessions/%d/attendance", s.ID), hunan, map[string]any{"id_number": idn, "attended": true}).Status; st != 200 {
			t.Fatalf("attendance: %d", st)
		}
		if !standing() {
			t.Fatal("not eligible after attending")
		}
		if p := b.Get(fmt.Sprintf("/training/%d", s.ID)); p.Status != 200 || strings.Contains(p.HTML, idn) || !strings.Contains(p.HTML, ident.MaskResidentID(idn)) {
			t.Fatalf("session page: %d (the full ID number must never show)", p.Status)
		}
	})
}
