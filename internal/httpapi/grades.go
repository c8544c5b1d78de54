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
		h("GET /api/v1/institutions/{id}/grades/{year}", serve(http.StatusOK, idWith(yearParam), bodiless(api.gradeExplain)))
		h("GET /api/v1/years/{year}/grade-distribution", serve(http.StatusOK, yearKey, bodiless(api.S.YearClose.Distribution)))
	})
}

func (api *API) gradeExplain(ctx context.Context, a *auth.Actor, k idAnd[int]) (*yearclose.Explanation, error) {
	return api.S.YearClose.Explain(ctx, a, api.S.Assessment, k.id, k.second)
}
