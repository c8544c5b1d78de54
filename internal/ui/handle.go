package ui

import (
	"context"
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
)

// Most pages are the same few steps around one service call: the viewer
// (or the login page), the record the path names (or the error page), the
// call, then the page, the error page, or after a form post a redirect. The
// helpers below are those steps once.

// pathID reads the numeric path value name; a bad one is NotFound of what,
// like a missing record.
func pathID(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundf(what)
	}
	return id, nil
}

// withID starts a page on the record the path's {id} names: the viewer
// and the id, false when the login page or the error page (a malformed id
// is NotFound of what) has answered.
func (u *UI) withID(w http.ResponseWriter, r *http.Request, what string) (*auth.Actor, int64, bool) {
	a := u.requireLogin(w, r)
	if a == nil {
		return nil, 0, false
	}
	id, err := pathID(r, "id", what)
	if err != nil {
		u.fail(w, r, err)
		return nil, 0, false
	}
	return a, id, true
}

// show renders page tmpl titled title with data, or the error page for err.
func (u *UI) show(w http.ResponseWriter, r *http.Request, tmpl, title string, data any, err error) {
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.Engine.Render(w, r, http.StatusOK, tmpl, u.page(r, title, data))
}

// showByID shows page tmpl, titled title, with what view returns for the
// record the path's {id} names (what, for the error of a malformed id).
func showByID[T any](u *UI, w http.ResponseWriter, r *http.Request, what, tmpl, title string, view func(context.Context, *auth.Actor, int64) (T, error)) {
	a, id, ok := u.withID(w, r, what)
	if !ok {
		return
	}
	v, err := view(r.Context(), a, id)
	u.show(w, r, tmpl, title, v, err)
}

// render renders the page p built as tmpl, or the error page for err.
func (u *UI) render(w http.ResponseWriter, r *http.Request, tmpl string, p *Page, err error) {
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.Engine.Render(w, r, http.StatusOK, tmpl, p)
}

// refused renders page tmpl again after a failed form post: the form as
// sent and the reason err gives, with its status.
func (u *UI) refused(w http.ResponseWriter, r *http.Request, tmpl string, p *Page, err error) {
	p.Form = r.PostForm
	status := p.withError(r, err)
	u.Engine.Render(w, r, status, tmpl, p)
}

// posted answers a form post whose service call returned err: on success
// See Other to `to` with the notice (Post/Redirect/Get); on failure the page
// that again builds, refused with err, or the error page for err when the
// page cannot be built either.
func (u *UI) posted(w http.ResponseWriter, r *http.Request, err error, to, notice, tmpl string, again func() (*Page, error)) {
	if err == nil {
		redirect(w, r, to, notice)
		return
	}
	p, perr := again()
	if perr != nil {
		u.fail(w, r, err)
		return
	}
	u.refused(w, r, tmpl, p, err)
}

// unreachable reports whether err says the record is not there or not the
// viewer's to act on: such a failure is the error page, not the record's
// page with the reason.
func unreachable(err error) bool {
	return apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Forbidden)
}

// mine sends an institution's user to the page under their own
// institution's path (/institutions/{id} + rest); anyone else gets the
// error page for refusal.
func (u *UI) mine(w http.ResponseWriter, r *http.Request, rest string, refusal error) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	if a.InstitutionID == 0 {
		u.fail(w, r, refusal)
		return
	}
	http.Redirect(w, r, "/institutions/"+strconv.FormatInt(a.InstitutionID, 10)+rest, http.StatusSeeOther)
}

// pageByID serves page tmpl on the record the path's {id} names (what, for
// the error of a malformed id), as build makes it.
func (u *UI) pageByID(what, tmpl string, build func(r *http.Request, a *auth.Actor, id int64) (*Page, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, id, ok := u.withID(w, r, what)
		if !ok {
			return
		}
		p, err := build(r, a, id)
		u.render(w, r, tmpl, p, err)
	}
}

// requirePermission returns the viewer if they hold perm; otherwise the
// login page or the error page has answered and it returns nil.
func (u *UI) requirePermission(w http.ResponseWriter, r *http.Request, perm string) *auth.Actor {
	a := u.requireLogin(w, r)
	if a == nil {
		return nil
	}
	if err := a.Require(perm); err != nil {
		u.fail(w, r, err)
		return nil
	}
	return a
}
