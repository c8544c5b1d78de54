package ui

import (
	"context"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"evalcred/internal/auth"
	"evalcred/internal/services"
	"evalcred/internal/web"
)

// UI serves the pages.
type UI struct {
	S      *services.Set
	MW     *web.Middleware
	Engine *Engine
	// Public limits the public pages per client address.
	Public *web.RateLimit
	// Unread counts a viewer's unread notices for the header.
	Unread func(ctx context.Context, a *auth.Actor) int
	routes []string
}

// New builds the UI.
func New(s *services.Set, mw *web.Middleware, public *web.RateLimit) (*UI, error) {
	e, err := NewEngine()
	if err != nil {
		return nil, err
	}
	u := &UI{S: s, MW: mw, Engine: e, Public: public}
	u.Unread = u.unread
	return u, nil
}

// Routes registers the pages on mux. The pages sit behind cross-origin
// protection (Sec-Fetch-Site / Origin), and logged-in forms also carry the
// session's CSRF token, checked by the middleware.
func (u *UI) Routes(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFS, "static")
	fileServer := http.FileServerFS(static)
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheForever(fileServer)))
	// Browsers ask for /favicon.ico whatever the page names.
	mux.Handle("GET /favicon.ico", cacheForever(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, static, "favicon.ico")
	})))

	cop := http.NewCrossOriginProtection()
	h := func(pattern string, f http.HandlerFunc) {
		u.routes = append(u.routes, pattern)
		mux.Handle(pattern, cop.Handler(f))
	}
	h("GET /{$}", u.home)
	h("GET /login", u.loginForm)
	h("POST /login", u.login)
	h("POST /logout", u.logout)
	h("GET /account/password", u.passwordForm)
	h("POST /account/password", u.passwordChange)
	h("GET /notifications", u.notifications)
	for _, add := range areaRoutes {
		add(u, h)
	}
}

// Registered returns the patterns of the pages registered so far (static
// files aside), for the tests that walk every route.
func (u *UI) Registered() []string { return u.routes }

// areaRoutes lets each area's file register its pages (see registerArea).
var areaRoutes []func(u *UI, h func(string, http.HandlerFunc))

// registerArea is called from an init function in each area's file, so that
// adding an area does not mean editing a shared list.
func registerArea(f func(u *UI, h func(string, http.HandlerFunc))) {
	areaRoutes = append(areaRoutes, f)
}

func cacheForever(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Vendored files carry their version in the name; our own CSS changes
		// with releases, so it is cached for a day only.
		if strings.HasPrefix(r.URL.Path, "vendor/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=86400")
		}
		h.ServeHTTP(w, r)
	})
}

// requireLogin returns the actor or sends the visitor to the login page.
func (u *UI) requireLogin(w http.ResponseWriter, r *http.Request) *auth.Actor {
	a := web.Actor(r)
	if a == nil {
		http.Redirect(w, r, "/login?next="+r.URL.RequestURI(), http.StatusSeeOther)
	}
	return a
}

func (u *UI) now() time.Time { return u.S.Clock.Now() }

// redirect answers a successful form post: See Other to a page, with an
// optional notice key shown there once.
func redirect(w http.ResponseWriter, r *http.Request, to, notice string) {
	http.Redirect(w, r, withNotice(to, notice), http.StatusSeeOther)
}

// withNotice adds the notice to the query of to, before any #fragment: a
// notice after the fragment never reaches the server.
func withNotice(to, notice string) string {
	if notice == "" {
		return to
	}
	path, frag, hasFrag := strings.Cut(to, "#")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	path += sep + "notice=" + notice
	if hasFrag {
		path += "#" + frag
	}
	return path
}
