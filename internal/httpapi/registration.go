package httpapi

import (
	"context"
	"net/http"
	"strings"

	"evalcred/internal/auth"
	"evalcred/internal/registry"
	"evalcred/internal/web"
)

// Registration: an institution applies with its USCC, without
// an account; a reviewer of its region approves or rejects the application.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/registrations", api.public(api.register))
		h("GET /api/v1/registrations", api.listRegistrations)
		h("GET /api/v1/registrations/{id}", byID(api.S.Registry.GetRegistration))
		h("POST /api/v1/registrations/{id}/approve", byID(api.S.Registry.ApproveRegistration))
		h("POST /api/v1/registrations/{id}/reject", withBody(api.rejectRegistration))
	})
}

// register takes an application; it is public, so it sits behind the
// per-address rate limit like every page anyone may call.
func (api *API) register(w http.ResponseWriter, r *http.Request) {
	var in registry.RegistrationInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Registry.Register(r.Context(), in)
	replyStatus(w, r, http.StatusCreated, res, err)
}

// listRegistrations lists the registrations in the caller's region
// (?state=pending|approved|rejected, paged), or with ?format=xlsx all of
// them as a spreadsheet.
func (api *API) listRegistrations(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	state := strings.TrimSpace(r.URL.Query().Get("state"))
	limit, offset := web.Paging(r)
	sort := registry.RegistrationSorts.Pick(web.SortOf(r))
	list, err := api.S.Registry.ListRegistrations(r.Context(), a, state, registry.Page{Limit: limit, Offset: offset, Sort: sort})
	if err != nil || !wantsXLSX(r) {
		reply(w, r, items(list), err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "registryweb.registrations", registry.RegistrationHeaders, pagedRows(func(p registry.Page) ([]*registry.Registration, error) {
		p.Sort = sort
		return api.S.Registry.ListRegistrations(r.Context(), a, state, p)
	}, func(g *registry.Registration) []any { return registry.RegistrationRow(lang, g) }))
}

func (api *API) rejectRegistration(ctx context.Context, a *auth.Actor, id int64, in struct {
	Reason string `json:"reason"`
}) (*registry.Registration, error) {
	return api.S.Registry.RejectRegistration(ctx, a, id, in.Reason)
}
