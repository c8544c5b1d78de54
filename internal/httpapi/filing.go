package httpapi

import (
	"context"
	"net/http"

	"evalcred/internal/auth"
	"evalcred/internal/filing"
	"evalcred/internal/web"
)

// The filing (信息填报): an institution's users read and save the draft, then
// submit it as the next immutable version for the two-level review.
//
// GET answers the draft document with its revision, prefilled from the
// registration before the first save. PUT stores the document sent, the
// same shape GET answered: a revision older than the stored one is a 409
// (someone saved meanwhile), invalid values are a 422 naming each field by
// its JSON path. The revision is required (0 before the first save), so a
// client cannot empty or overwrite a draft it has not read; a field the
// draft does not have is refused, those GET answers with are accepted and
// ignored. submit turns the draft into the next version, at level 1;
// an incomplete filing is a 422 listing every missing field.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/institutions/{id}/filing", serve(http.StatusOK, api.visibleID, bodiless(api.S.Filing.GetDraft)))
		h("PUT /api/v1/institutions/{id}/filing", serve(http.StatusOK, api.visibleID, api.saveDraft))
		h("POST /api/v1/institutions/{id}/filing/submit", serve(http.StatusOK, api.visibleID, bodiless(api.S.Filing.Submit)))
	})
}

// draftBody is the body of PUT .../filing: the draft as GET answers it,
// with its revision.
type draftBody struct{ filing.Draft }

func (draftBody) Required() []string { return []string{"revision"} }

func (api *API) saveDraft(ctx context.Context, a *auth.Actor, id int64, in draftBody) (*filing.Draft, error) {
	in.Exact = true
	return api.S.Filing.SaveDraft(ctx, a, id, in.Draft)
}

// visibleID is the path's {id}, answered with 404 when an official may not
// see the institution at all: the filing service refuses officials with
// 403 (drafts belong to the institution), which must not tell one outside
// the region that it exists. Institution users are left to the service,
// which answers 404 for any institution but their own.
func (api *API) visibleID(w http.ResponseWriter, r *http.Request, a *auth.Actor) (int64, bool) {
	id, ok := pathID(w, r, "id")
	if !ok || a.ForInstitution() {
		return id, ok
	}
	if _, err := api.S.Registry.GetInstitution(r.Context(), a, id); err != nil {
		web.Error(w, r, err)
		return 0, false
	}
	return id, true
}
