package httpapi

import (
	"context"
	"net/http"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/stats"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/statistics", serve(http.StatusOK, dateRangeKey, bodiless(api.statistics)))
	})
}

// dateRangeKey reads ?from= and ?to=; a value that is not a date is a 422.
func dateRangeKey(w http.ResponseWriter, r *http.Request, _ *auth.Actor) ([2]calendar.Date, bool) {
	from, to, err := web.DateRange(r)
	if err != nil {
		web.Error(w, r, err)
		return [2]calendar.Date{}, false
	}
	return [2]calendar.Date{from, to}, true
}

func (api *API) statistics(ctx context.Context, a *auth.Actor, k [2]calendar.Date) (*stats.Report, error) {
	return api.S.Stats.Compute(ctx, a, k[0], k[1])
}
