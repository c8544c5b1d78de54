package httpapi

import (
	"net/http"

	"evalcred/internal/credit"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/institutions/{id}/standing", api.standing)
		h("GET /api/v1/institutions/{id}/warnings", api.warnings)
	})
}

// standing is GET /api/v1/institutions/{id}/standing: eligibility, the last
// ineligible day, the reasons, and the credit score with its explanation.
func (api *API) standing(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	st, err := api.S.Credit.StandingOf(r.Context(), a, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, credit.ViewStanding(web.Lang(r.Context()), st))
}

// warnings is GET /api/v1/institutions/{id}/warnings.
func (api *API) warnings(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	list, err := api.S.Review.InstitutionWarnings(r.Context(), a, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	reply(w, r, items(credit.ViewWarnings(web.Lang(r.Context()), list)), nil)
}
