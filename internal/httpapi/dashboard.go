package httpapi

import "net/http"

// The urging dashboard: per city or county, registrations
// pending, reviews pending and overdue, returned filings not resubmitted and
// the median time to decide.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/dashboard", mine(api.S.Review.Dashboard))
	})
}
