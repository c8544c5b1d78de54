package httpapi

import "net/http"

// The urging dashboard (DOMAIN.md 3.3): per city or county, registrations
// pending, reviews pending and overdue, returned filings not resubmitted and
// the median time to decide.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/dashboard", api.dashboard)
	})
}

func (api *API) dashboard(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	res, err := api.S.Review.Dashboard(r.Context(), a)
	reply(w, r, res, err)
}
