package httpapi

import (
	"net/http"

	"evalcred/internal/registry"
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
	a := actor(w, r)
	if a == nil {
		return
	}
	f := web.ReviewFilter(r)
	limit, offset := web.Paging(r)
	list, err := api.S.Review.Queue(r.Context(), a, f, registry.Page{Limit: limit, Offset: offset})
	if err != nil || !wantsXLSX(r) {
		reply(w, r, list, err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "registryweb.reviews", review.TaskHeaders, pagedRows(func(p registry.Page) ([]*review.Task, error) {
		l, err := api.S.Review.Queue(r.Context(), a, f, p)
		if err != nil {
			return nil, err
		}
		return l.Items, nil
	}, func(t *review.Task) []any { return review.TaskRow(lang, t) }))
}
