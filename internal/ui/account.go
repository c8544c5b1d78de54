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
	res, err := u.S.Auth.LoginFrom(r.Context(), auth.LoginAttempt{Username: strings.TrimSpace(r.PostFormValue("username")),
		Password: r.PostFormValue("password"), IP: web.ClientIP(r.Context()), Devices: web.Devices(r), Kind: auth.KindCookie})
	if err != nil {
		p := u.page(r, "login.title", nil)
		p.Form = r.PostForm
		p.Form.Del("password")
		status := p.withError(r, err)
		u.Engine.Render(w, r, status, "login", p)
		return
	}
	u.MW.SetSession(w, r, res.Token, res.Session.ExpiresAt.Sub(u.now()))
	web.SetDevices(w, r, res.Devices)
	if res.User.MustChangePassword {
		http.Redirect(w, r, web.ChangePasswordPage, http.StatusSeeOther)
		return
	}
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
	u.MW.ClearSession(w, r)
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
	in := auth.PasswordChange{OldPassword: r.PostFormValue("old_password"), NewPassword: r.PostFormValue("new_password"),
		NewPasswordConfirm: formField(r, "new_password_confirm")}
	if err := u.S.Auth.ChangePassword(r.Context(), a, in, keep); err != nil {
		p := u.page(r, "password.title", nil)
		status := p.withError(r, err)
		u.Engine.Render(w, r, status, "password", p)
		return
	}
	redirect(w, r, "/", "password_changed")
}

// formField is the posted value of a field the form has, nil when the form
// has no such field at all (a client posting by hand).
func formField(r *http.Request, name string) *string {
	if v, ok := r.PostForm[name]; ok && len(v) > 0 {
		return &v[0]
	}
	return nil
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
