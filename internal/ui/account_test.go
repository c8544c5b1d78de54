package ui_test

import (
	"net/url"
	"strings"
	"testing"

	"evalcred/internal/apptest"
)

func TestLoginPageInBothLanguages(t *testing.T) {
	e := apptest.One(t)
	b := e.Browser("")
	if p := b.Get("/login"); p.Status != 200 || !strings.Contains(p.HTML, "用户名") {
		t.Fatalf("zh login page: %d", p.Status)
	}
	if p := b.Get("/login?lang=en"); !strings.Contains(p.HTML, "Username") {
		t.Fatalf("en login page lacks English")
	}
	// The choice sticks (cookie).
	if p := b.Get("/login"); !strings.Contains(p.HTML, "Username") {
		t.Errorf("language choice not remembered")
	}
}

func TestWrongPasswordKeepsUsernameAndSaysWhy(t *testing.T) {
	e := apptest.One(t)
	p := e.Browser("").Post("/login", url.Values{"username": {"hunan"}, "password": {"nope"}})
	if p.Status != 401 || !strings.Contains(p.HTML, "用户名或密码错误") || !strings.Contains(p.HTML, `value="hunan"`) {
		t.Fatalf("status %d, page lacks the error or the username", p.Status)
	}
}

// A logged-in form without the session's CSRF token is refused.
func TestFormsNeedCSRFToken(t *testing.T) {
	e := apptest.One(t)
	b := e.Browser("hunan")
	if p := b.Post("/account/password", url.Values{"csrf_token": {"forged"}, "old_password": {"demo12345"}, "new_password": {"another-pass"}}); p.Status != 403 {
		t.Fatalf("forged token: %d, want 403", p.Status)
	}
	if p := b.Post("/account/password", url.Values{"old_password": {"demo12345"}, "new_password": {"another-pass"}}); p.Status != 303 {
		t.Fatalf("real token: %d, want 303", p.Status)
	}
}

func TestLogoutEndsSession(t *testing.T) {
	e := apptest.One(t)
	b := e.Browser("furong")
	if p := b.Get("/notifications"); p.Status != 200 {
		t.Fatalf("notifications: %d", p.Status)
	}
	if p := b.Post("/logout", nil); p.Status != 303 {
		t.Fatalf("logout: %d", p.Status)
	}
	if p := b.Get("/notifications"); p.Status != 303 || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("after logout: %d %s", p.Status, p.Location)
	}
}
