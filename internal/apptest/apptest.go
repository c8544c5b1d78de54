// Package apptest runs the whole application in tests: a real database of
// each engine, a fake clock, the real handler behind an httptest server, and
// the demo officials. Tests talk to it over HTTP as a client would.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"evalcred/internal/app"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/demo"
	"evalcred/internal/logging"
	"evalcred/internal/services"
)

// Tests log warnings and errors only; set EVALCRED_TEST_LOG=debug for more.
func init() {
	lvl := slog.LevelWarn
	if os.Getenv("EVALCRED_TEST_LOG") == "debug" {
		lvl = slog.LevelDebug
	}
	slog.SetDefault(logging.New(os.Stderr, "text", lvl))
}

// Start is the fake clock's starting time: a Monday morning in China.
var Start = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// Env is a running application.
type Env struct {
	T      testing.TB
	App    *app.App
	DB     *db.DB
	Clock  *clock.Fake
	Server *httptest.Server
	tokens map[string]string
}

// ForEach runs fn on a fresh application on every engine under test.
func ForEach(t *testing.T, fn func(t *testing.T, e *Env)) {
	t.Helper()
	for _, eng := range dbtest.Engines() {
		t.Run(string(eng), func(t *testing.T) { fn(t, New(t, eng)) })
	}
}

// One starts an application on one engine only (SQLite, always there), for
// tests of what does not depend on the engine: pages, languages, limits.
func One(t testing.TB) *Env {
	t.Helper()
	return New(t, dbtest.Engines()[0])
}

// New starts an application on a fresh database of engine eng, with the demo
// officials (admin, hunan, changsha, furong, zhuzhou, mof; password
// demo.Password) but no other demo data.
func New(t testing.TB, eng db.Dialect) *Env {
	t.Helper()
	return NewWith(t, eng, nil)
}

// ForEachWith is ForEach with the configuration changed by configure.
func ForEachWith(t *testing.T, configure func(*app.Config), fn func(t *testing.T, e *Env)) {
	t.Helper()
	for _, eng := range dbtest.Engines() {
		t.Run(string(eng), func(t *testing.T) { fn(t, NewWith(t, eng, configure)) })
	}
}

// NewWith is New with the configuration changed by configure (nil: none)
// before the application starts.
func NewWith(t testing.TB, eng db.Dialect, configure func(*app.Config)) *Env {
	t.Helper()
	return start(t, eng, Start, configure, demo.CreateOfficials)
}

// start opens a fresh database of engine eng, starts the application on it
// with its fake clock at at and the configuration changed by configure, and
// fills it before serving.
func start(t testing.TB, eng db.Dialect, at time.Time, configure func(*app.Config), fill func(context.Context, *services.Set) error) *Env {
	t.Helper()
	d := dbtest.Open(t, eng)
	clk := clock.NewFake(at)
	cfg := app.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.PublicRate = 0
	if configure != nil {
		configure(&cfg)
	}
	a, err := app.New(d, cfg, clk)
	if err != nil {
		t.Fatalf("apptest: %v", err)
	}
	if err := fill(context.Background(), a.Services); err != nil {
		t.Fatalf("apptest: demo data: %v", err)
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	return &Env{T: t, App: a, DB: d, Clock: clk, Server: srv, tokens: map[string]string{}}
}

// Login logs username in (password demo.Password unless given) and returns the
// bearer token; tokens are cached per user.
func (e *Env) Login(username string, password ...string) string {
	e.T.Helper()
	if tok, ok := e.tokens[username]; ok && len(password) == 0 {
		return tok
	}
	pw := demo.Password
	if len(password) > 0 {
		pw = password[0]
	}
	var out struct{ Token string }
	if st := e.JSON("POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": pw}, &out); st != 200 {
		e.T.Fatalf("login %s: status %d", username, st)
	}
	e.tokens[username] = out.Token
	return out.Token
}

// Response is a decoded answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Map decodes the body as a JSON object.
func (r *Response) Map() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.Body, &m)
	return m
}

// ErrorFields returns the "fields" of an error body.
func (r *Response) ErrorFields() map[string]any {
	m := r.Map()
	if e, ok := m["error"].(map[string]any); ok {
		if f, ok := e["fields"].(map[string]any); ok {
			return f
		}
	}
	return nil
}

// Do sends a request with a raw body; token may be empty.
func (e *Env) Do(method, path, token, contentType string, body io.Reader) *Response {
	e.T.Helper()
	req, err := http.NewRequest(method, e.Server.URL+path, body)
	if err != nil {
		e.T.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := e.Server.Client().Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// Call sends v as JSON (nil: no body) and returns the response.
func (e *Env) Call(method, path, token string, v any) *Response {
	e.T.Helper()
	var body io.Reader
	if v != nil {
		if s, ok := v.(string); ok {
			body = strings.NewReader(s)
		} else {
			b, err := json.Marshal(v)
			if err != nil {
				e.T.Fatal(err)
			}
			body = bytes.NewReader(b)
		}
	}
	return e.Do(method, path, token, "application/json", body)
}

// JSON sends v and decodes the answer into out (may be nil); it returns the status.
func (e *Env) JSON(method, path, token string, v, out any) int {
	e.T.Helper()
	r := e.Call(method, path, token, v)
	if out != nil && len(r.Body) > 0 {
		if err := json.Unmarshal(r.Body, out); err != nil {
			e.T.Fatalf("%s %s: decode %q: %v", method, path, r.Body, err)
		}
	}
	return r.Status
}

// Upload posts a multipart form with one file and text fields.
func (e *Env) Upload(path, token, filename string, content []byte, fields map[string]string) *Response {
	e.T.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		e.T.Fatal(err)
	}
	_, _ = fw.Write(content)
	_ = mw.Close()
	return e.Do("POST", path, token, mw.FormDataContentType(), &buf)
}
