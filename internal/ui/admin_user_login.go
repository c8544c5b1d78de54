package ui

import (
	"net/http"
)

// adminUnlock forgives an account's failed logins.
func (u *UI) adminUnlock(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "user")
	if !ok {
		return
	}
	if _, err := u.S.Auth.Unlock(r.Context(), a, id); err != nil {
		u.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/users", "user_updated")
}

// adminResetPassword gives an account a temporary password and shows it on
// this one answer (pages are never cached): it is kept nowhere it could be
// shown from again, so the answer is the page, not a redirect.
func (u *UI) adminResetPassword(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "user")
	if !ok {
		return
	}
	res, err := u.S.Auth.ResetPassword(r.Context(), a, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "admin_user_reset", u.page(r, "login.reset.title", res))
}

// adminFailures shows an account's failed logins.
func (u *UI) adminFailures(w http.ResponseWriter, r *http.Request) {
	showByID(u, w, r, "user", "admin_user_failures", "login.failures.title", u.S.Auth.FailureLog)
}
