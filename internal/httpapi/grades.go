package httpapi

import (
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/institutions/{id}/grades", byID(api.S.YearClose.GradesOf))
		h("GET /api/v1/institutions/{id}/grades/{year}", api.gradeExplain)
		h("GET /api/v1/years/{year}/grade-distribution", api.gradeDistribution)
	})
}

// pathYear parses a year in the path; a bad one is a 404 like a missing record.
func yearParam(w http.ResponseWriter, r *http.Request) (int, bool) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 1900 || y > 2200 {
		web.Error(w, r, apperr.NotFoundf("year"))
		return 0, false
	}
	return y, true
}

func (api *API) gradeExplain(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	year, ok := yearParam(w, r)
	if !ok {
		return
	}
	x, err := api.S.YearClose.Explain(r.Context(), a, api.S.Assessment, id, year)
	reply(w, r, x, err)
}

func (api *API) gradeDistribution(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	year, ok := yearParam(w, r)
	if !ok {
		return
	}
	d, err := api.S.YearClose.Distribution(r.Context(), a, year)
	reply(w, r, d, err)
}
