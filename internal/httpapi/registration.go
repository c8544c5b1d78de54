package httpapi

import (
	"net/http"
	"strings"

	"evalcred/internal/registry"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

// Registration (DOMAIN.md 3.1): an institution applies with its USCC, without
// an account; a reviewer of its region approves or rejects the application.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/registrations", api.public(api.register))
		h("GET /api/v1/registrations", api.listRegistrations)
		h("GET /api/v1/registrations/{id}", byID(api.S.Registry.GetRegistration))
		h("POST /api/v1/registrations/{id}/approve", byID(api.S.Registry.ApproveRegistration))
		h("POST /api/v1/registrations/{id}/reject", api.rejectRegistration)
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

// maxExport bounds a spreadsheet of a reviewer's list; the lists are paged
// through the service 1000 rows at a time while the file streams out.
const maxExport = 50000

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
	list, err := api.S.Registry.ListRegistrations(r.Context(), a, state, registry.Page{Limit: limit, Offset: offset})
	if err != nil || !wantsXLSX(r) {
		reply(w, r, items(list), err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "registryweb.registrations", registry.RegistrationHeaders, func(emit xlsx.Emit) error {
		for off := 0; off < maxExport; off += 1000 {
			list, err := api.S.Registry.ListRegistrations(r.Context(), a, state, registry.Page{Limit: 1000, Offset: off})
			if err != nil {
				return err
			}
			for _, g := range list {
				if err := emit(registry.RegistrationRow(lang, g)...); err != nil {
					return err
				}
			}
			if len(list) < 1000 {
				return nil
			}
		}
		return nil
	})
}

type rejectRequest struct {
	Reason string `json:"reason"`
}

func (api *API) rejectRegistration(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in rejectRequest
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Registry.RejectRegistration(r.Context(), a, id, in.Reason)
	reply(w, r, res, err)
}
