package ui_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/ui"
	"evalcred/internal/web"
)

// Pages answer every failure with the error page in words and a way back;
// the API keeps answering JSON.
func TestErrorPagesInTheProductsStyle(t *testing.T) {
	e := apptest.One(t)
	anon, hunan := e.Browser(""), e.Browser("hunan")
	page := func(who string, b *apptest.Browser, method, path string, status int, heading string) {
		t.Helper()
		var p *apptest.Page
		if method == "GET" {
			p = b.Get(path)
		} else {
			p = b.Post(path, nil)
		}
		if p.Status != status || !strings.Contains(p.HTML, "<h1>"+heading+"</h1>") || !strings.Contains(p.HTML, `href="/"`) || !strings.Contains(p.HTML, `rel="stylesheet"`) {
			t.Errorf("%s %s %s: %d, want %d with %q, the layout and the way home:\n%.600s", who, method, path, p.Status, status, heading, p.HTML)
		}
	}
	page("anonymous", anon, "GET", "/no/such/page", 404, "页面不存在")
	page("hunan", hunan, "GET", "/institutions/x/y/z", 404, "页面不存在")
	page("anonymous", anon, "GET", "/logout", 405, "无法以这种方式打开该页面")
	page("hunan", hunan, "GET", "/reviews/1/decision", 405, "无法以这种方式打开该页面")
	if p := anon.Get("/no/such/page"); !strings.Contains(p.HTML, `href="/login?next=`) {
		t.Error("the anonymous 404 offers no login")
	}

	api := func(method, path string, status int, code string) {
		t.Helper()
		r := e.Call(method, path, "", nil)
		var body web.ErrorBody
		if r.Status != status || json.Unmarshal(r.Body, &body) != nil || body.Error.Code != code || body.Error.Message == "" {
			t.Errorf("API %s %s: %d %s, want %d JSON %s", method, path, r.Status, r.Body, status, code)
		}
	}
	api("GET", "/api/v1/no-such-thing", 404, "not_found")

	// A burst on the public pages: the second request in it is refused
	// with the page, not the API's JSON.
	e.App.API.Public.PerSecond = 0.001
	e.Browser("").Get("/public")
	if p := e.Browser("").Get("/public"); p.Status != 429 || !strings.Contains(p.HTML, "<h1>访问过于频繁</h1>") {
		t.Errorf("public burst: %d %.300s", p.Status, p.HTML)
	}
	if r := e.Call("GET", "/api/v1/public/institutions?q=x", "", nil); r.Status != 429 || !strings.Contains(string(r.Body), `"rate_limited"`) {
		t.Errorf("public API burst: %d %s", r.Status, r.Body)
	}
	e.App.API.Public.PerSecond = 0
}

// A page that fails inside (a panic) answers the 500 page; an API call JSON.
func TestPanicAnswersTheErrorPage(t *testing.T) {
	e := apptest.One(t)
	u, err := ui.New(e.App.Services, &web.Middleware{Auth: e.App.Services.Auth}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mw := &web.Middleware{Auth: e.App.Services.Auth, HTMLError: u.Fail}
	h := mw.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	for _, c := range []struct{ path, want, ctype string }{
		{"/some/page", "<h1>系统出现故障</h1>", "text/html"},
		{"/api/v1/thing", `"internal"`, "application/json"},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", c.path, nil))
		if w.Code != 500 || !strings.Contains(w.Body.String(), c.want) || !strings.HasPrefix(w.Header().Get("Content-Type"), c.ctype) || strings.Contains(w.Body.String(), "boom") {
			t.Errorf("%s: %d %s %.300s", c.path, w.Code, w.Header().Get("Content-Type"), w.Body.String())
		}
	}
}

// The favicon answers at the address browsers ask for, as an icon.
func TestFavicon(t *testing.T) {
	e := apptest.One(t)
	r := e.Call("GET", "/favicon.ico", "", nil)
	if r.Status != 200 || len(r.Body) < 100 || string(r.Body[:4]) != "\x00\x00\x01\x00" {
		t.Fatalf("favicon: %d, %d bytes", r.Status, len(r.Body))
	}
	if p := e.Browser("").Get("/login"); !strings.Contains(p.HTML, `rel="icon"`) {
		t.Error("pages name no icon")
	}
}
