package httpapi

import (
	"context"
	"net/http"

	"evalcred/internal/auth"
	"evalcred/internal/yearclose"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/institutions/{id}/grades", byID(api.S.YearClose.GradesOf))
		h("GET /api/v1/institutions/{id}/grades/{year}", serve(http.StatusOK, idYearKey, bodiless(api.gradeExplain)))
		h("GET /api/v1/years/{year}/grade-distribution", serve(http.StatusOK, yearKey, bodiless(api.S.YearClose.Distribution)))
	})
}

// idYear is an institution's id and a year, both from the path.
type idYear struct {
	id   int64
	year int
}

func idYearKey(w http.ResponseWriter, r *http.Request, a *auth.Actor) (idYear, bool) {
	id, ok := idKey(w, r, a)
	if !ok {
		return idYear{}, false
	}
	year, ok := yearParam(w, r)
	return idYear{id, year}, ok
}

func (api *API) gradeExplain(ctx context.Context, a *auth.Actor, k idYear) (*yearclose.Explanation, error) {
	return api.S.YearClose.Explain(ctx, a, api.S.Assessment, k.id, k.year)
}
