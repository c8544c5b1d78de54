package httpapi

import (
	"net/http"

	"evalcred/internal/auth"

	"evalcred/internal/filing"
	"evalcred/internal/web"
)

// The filing (信息填报): an institution's users read and save the draft, then
// submit it as the next immutable version for the two-level review.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/institutions/{id}/filing", api.getDraft)
		h("PUT /api/v1/institutions/{id}/filing", api.saveDraft)
		h("POST /api/v1/institutions/{id}/filing/submit", api.submitFiling)
	})
}

// getDraft returns the draft document with its revision, prefilled from the
// registration before the first save.
func (api *API) getDraft(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	if !api.visible(w, r, a, id) {
		return
	}
	res, err := api.S.Filing.GetDraft(r.Context(), a, id)
	reply(w, r, res, err)
}

// saveDraft stores the document sent: the same shape GET answered. A
// revision older than the stored one is a 409 (someone saved meanwhile);
// invalid values are a 422 naming each field by its JSON path.
func (api *API) saveDraft(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	if !api.visible(w, r, a, id) {
		return
	}
	var in filing.Draft
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Filing.SaveDraft(r.Context(), a, id, in)
	reply(w, r, res, err)
}

// submitFiling turns the draft into the next version, at level 1; an
// incomplete filing is a 422 listing every missing field.
func (api *API) submitFiling(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	if !api.visible(w, r, a, id) {
		return
	}
	res, err := api.S.Filing.Submit(r.Context(), a, id)
	reply(w, r, res, err)
}

// visible answers 404 when an official may not see the institution at all:
// the filing service refuses officials with 403 (drafts belong to the
// institution), which must not tell one outside the region that it exists.
// Institution users are left to the service, which answers 404 for any
// institution but their own.
func (api *API) visible(w http.ResponseWriter, r *http.Request, a *auth.Actor, id int64) bool {
	if a.ForInstitution() {
		return true
	}
	if _, err := api.S.Registry.GetInstitution(r.Context(), a, id); err != nil {
		web.Error(w, r, err)
		return false
	}
	return true
}
