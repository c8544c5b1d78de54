package httpapi_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/httpapi"
)

func TestLoginMeLogout(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		tok := e.Login("changsha")
		var me map[string]any
		if st := e.JSON("GET", "/api/v1/me", tok, nil, &me); st != 200 {
			t.Fatalf("me: %d", st)
		}
		if me["role"] != "local_reviewer" || me["region_code"] != "430100" {
			t.Errorf("me = %v", me)
		}
		if st := e.JSON("POST", "/api/v1/auth/logout", tok, nil, nil); st != http.StatusNoContent {
			t.Fatalf("logout: %d", st)
		}
		if r := e.Call("GET", "/api/v1/me", tok, nil); r.Status != 401 {
			t.Errorf("me after logout: %d, want 401", r.Status)
		}
	})
}

// Guessing passwords is braked per account: after five failures even the right
// password is refused for a while, with 429.
func TestPasswordGuessingBrake(t *testing.T) {
	e := apptest.One(t)
	for i := 0; i < 5; i++ {
		if r := e.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": "hunan", "password": "wrong"}); r.Status != 401 {
			t.Fatalf("attempt %d: %d", i, r.Status)
		}
	}
	r := e.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": "hunan", "password": "demo12345"})
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("after 5 failures: %d, want 429", r.Status)
	}
	// Another account from the same address still works.
	if r := e.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": "furong", "password": "demo12345"}); r.Status != 200 {
		t.Errorf("other account: %d", r.Status)
	}
	e.Clock.Advance(16 * 60 * 1e9)
	if r := e.Call("POST", "/api/v1/auth/login", "", map[string]string{"username": "hunan", "password": "demo12345"}); r.Status != 200 {
		t.Errorf("after the window: %d", r.Status)
	}
}

func TestErrorsAreDocumentedShapes(t *testing.T) {
	e := apptest.One(t)
	cases := []struct {
		name, body string
		status     int
		field      string
	}{
		{"malformed JSON", `{"username":`, 400, ""},
		{"wrong type", `{"username": 12, "password": "x"}`, 422, "username"},
		{"empty body", ``, 400, ""},
	}
	for _, c := range cases {
		r := e.Call("POST", "/api/v1/auth/login", "", c.body)
		if r.Status != c.status {
			t.Errorf("%s: status %d, want %d (%s)", c.name, r.Status, c.status, r.Body)
			continue
		}
		var body struct {
			Error struct {
				Code, Message string
				Fields        map[string]string
			}
		}
		if err := json.Unmarshal(r.Body, &body); err != nil || body.Error.Code == "" || body.Error.Message == "" {
			t.Errorf("%s: body %s", c.name, r.Body)
		}
		if c.field != "" && body.Error.Fields[c.field] == "" {
			t.Errorf("%s: fields %v lack %s", c.name, body.Error.Fields, c.field)
		}
	}
	if r := e.Call("GET", "/api/v1/me", "", nil); r.Status != 401 {
		t.Errorf("me without login: %d", r.Status)
	}
	if r := e.Call("GET", "/api/v1/me", "not-a-token", nil); r.Status != 401 {
		t.Errorf("me with a bad token: %d", r.Status)
	}
	if r := e.Call("GET", "/api/v1/no-such-thing", "", nil); r.Status != 404 {
		t.Errorf("unknown endpoint: %d", r.Status)
	}
}

// Every API route is described in the OpenAPI document, and the document
// describes no route that does not exist.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	e := apptest.One(t)
	r := e.Call("GET", "/api/v1/openapi.json", "", nil)
	if r.Status != 200 {
		t.Fatalf("openapi: %d", r.Status)
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(r.Body, &doc); err != nil {
		t.Fatal(err)
	}
	var documented []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	var registered []string
	for _, route := range e.App.API.Registered() {
		if strings.HasPrefix(route, "GET /healthz") || strings.Contains(route, "/api/") || strings.HasPrefix(route, "GET /readyz") {
			registered = append(registered, route)
		}
	}
	for _, route := range registered {
		if !slices.Contains(documented, route) {
			t.Errorf("route %q is not in the OpenAPI document", route)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			t.Errorf("documented %q is not a route", d)
		}
	}
	_ = httpapi.OpenAPI
}
