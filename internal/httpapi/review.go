package httpapi

import (
	"net/http"

	"evalcred/internal/review"
	"evalcred/internal/web"
)

// The two-level review: a reviewer's queue, one task with all a reviewer
// needs to decide it, and the decision.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/reviews", api.listReviews)
		h("GET /api/v1/reviews/{id}", byID(api.S.Review.ViewTask))
		// {"decision", "comments": {"section": "text"}}; of two reviewers
		// deciding at once one gets 409.
		h("POST /api/v1/reviews/{id}/decision", withBody(api.S.Review.Decide))
	})
}

// listReviews answers {"items", "total"}: the tasks the caller may decide,
// soonest due first; ?format=xlsx gives all matching tasks as a spreadsheet.
func (api *API) listReviews(w http.ResponseWriter, r *http.Request) {
	pagedList(api, w, r, web.ReviewFilter, api.S.Review.Queue,
		func(l *review.TaskList) []*review.Task { return l.Items },
		"registryweb.reviews", review.TaskHeaders, review.TaskRow)
}
