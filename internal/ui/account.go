package ui

import (
	"net/http"
	"strings"

	"evalcred/internal/auth"
	"evalcred/internal/web"
)

func (u *UI) loginForm(w http.ResponseWriter, r *http.Request) {
	p := u.page(r, "login.title", nil)
	p.Form = r.URL.Query()
	u.Engine.Render(w, r, http.StatusOK, "login", p)
}

func (u *UI) login(w http.ResponseWriter, r *http.Request) {
	username, password := strings.TrimSpace(r.PostFormValue("username")), r.PostFormValue("password")
	token, sess, _, err := u.S.Auth.Login(r.Context(), username, password, web.ClientIP(r.Context()), auth.KindCookie)
	if err != nil {
		p := u.page(r, "login.title", nil)
		p.Form = r.PostForm
		p.Form.Del("password")
		status := p.withError(r, err)
		u.Engine.Render(w, r, status, "login", p)
		return
	}
	u.MW.SetSession(w, token, sess.ExpiresAt.Sub(u.now()))
	next := r.PostFormValue("next")
	// Only local paths: an open redirect would help phishing.
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (u *UI) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(web.SessionCookie); err == nil {
		_ = u.S.Auth.Logout(r.Context(), c.Value)
	}
	u.MW.ClearSession(w)
	redirect(w, r, "/login", "logged_out")
}

func (u *UI) passwordForm(w http.ResponseWriter, r *http.Request) {
	if u.requireLogin(w, r) == nil {
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "password", u.page(r, "password.title", nil))
}

func (u *UI) passwordChange(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	keep := ""
	if c, err := r.Cookie(web.SessionCookie); err == nil {
		keep = c.Value
	}
	if err := u.S.Auth.ChangePassword(r.Context(), a, r.PostFormValue("old_password"), r.PostFormValue("new_password"), keep); err != nil {
		p := u.page(r, "password.title", nil)
		status := p.withError(r, err)
		u.Engine.Render(w, r, status, "password", p)
		return
	}
	redirect(w, r, "/", "password_changed")
}

func (u *UI) notifications(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	list, err := u.S.Inbox.List(r.Context(), a, 100)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if err := u.S.Inbox.MarkRead(r.Context(), a); err != nil {
		u.fail(w, r, err)
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "notifications", u.page(r, "notifications.title", list))
}
