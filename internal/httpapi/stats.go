package httpapi

import (
	"net/http"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/statistics", api.statistics)
	})
}

// DateRange reads ?from= and ?to= (YYYY-MM-DD, China dates); absent values
// are zero and the service picks the default range.
func DateRange(r *http.Request) (from, to calendar.Date, err error) {
	var f apperr.Fields
	q := r.URL.Query()
	if s := q.Get("from"); s != "" {
		if from, err = calendar.ParseDate(s); err != nil {
			f.Add("from", "field.stats_date")
		}
	}
	if s := q.Get("to"); s != "" {
		if to, err = calendar.ParseDate(s); err != nil {
			f.Add("to", "field.stats_date")
		}
	}
	return from, to, f.Err()
}

func (api *API) statistics(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	from, to, err := DateRange(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	rep, err := api.S.Stats.Compute(r.Context(), a, from, to)
	reply(w, r, rep, err)
}
