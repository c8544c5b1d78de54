// Package httpapi is the JSON face of EvalCred under /api/v1: each handler
// decodes the request, calls one service method and encodes the answer;
// most endpoints need no handler of their own (handle.go). The paths are
// described by the OpenAPI document served at /api/v1/openapi.json,
// assembled from the fragments in openapi/; a test checks that every route is
// in it.
package httpapi

import (
	"net/http"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/services"
	"evalcred/internal/web"
)

// API serves the JSON endpoints.
type API struct {
	S      *services.Set
	Public *web.RateLimit // the per-address limit of public endpoints
	routes []string
}

// Route is a registered method and path pattern.
type Route = string

// Routes registers every endpoint on mux.
func (api *API) Routes(mux *http.ServeMux) {
	h := func(pattern string, f http.HandlerFunc) {
		api.routes = append(api.routes, pattern)
		mux.HandleFunc(pattern, f)
	}
	h("GET /healthz", api.healthz)
	h("GET /readyz", api.readyz)
	h("GET /api/v1/openapi.json", api.openapi)
	h("POST /api/v1/auth/login", api.login)
	h("POST /api/v1/auth/logout", api.logout)
	h("GET /api/v1/me", api.me)
	h("POST /api/v1/me/password", api.changePassword)
	h("GET /api/v1/notifications", listMine(api.notifications))
	for _, add := range areaRoutes {
		add(api, h)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		web.Error(w, r, apperr.NotFoundf("endpoint"))
	})
}

// Registered returns the patterns registered so far (for the OpenAPI test).
func (api *API) Registered() []string { return api.routes }

var areaRoutes []func(api *API, h func(string, http.HandlerFunc))

// registerArea is called from an init function in each area's file, so that
// adding an area does not mean editing a shared list.
func registerArea(f func(api *API, h func(string, http.HandlerFunc))) {
	areaRoutes = append(areaRoutes, f)
}

// actor returns the logged-in actor or writes 401.
func actor(w http.ResponseWriter, r *http.Request) *auth.Actor {
	a := web.Actor(r)
	if a == nil {
		web.Error(w, r, apperr.New(apperr.Unauthorized, "error.unauthorized"))
	}
	return a
}

// items wraps a list as {"items": [...]}, never null.
func items[T any](list []T) map[string]any {
	if list == nil {
		list = []T{}
	}
	return map[string]any{"items": list}
}

// reply writes v as 200 JSON or the error.
func reply(w http.ResponseWriter, r *http.Request, v any, err error) {
	replyStatus(w, r, http.StatusOK, v, err)
}

func replyStatus(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.JSON(w, status, v)
}
