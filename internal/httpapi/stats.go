package httpapi

import (
	"net/http"

	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/statistics", api.statistics)
	})
}

func (api *API) statistics(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	from, to, err := web.DateRange(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	rep, err := api.S.Stats.Compute(r.Context(), a, from, to)
	reply(w, r, rep, err)
}
