package httpapi

import (
	"net/http"

	"evalcred/internal/registry"
	"evalcred/internal/review"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

// The two-level review: a reviewer's queue, one task with all a reviewer
// needs to decide it, and the decision.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/reviews", api.listReviews)
		h("GET /api/v1/reviews/{id}", api.getReview)
		h("POST /api/v1/reviews/{id}/decision", api.decideReview)
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
	api.exportRows(w, r, "registryweb.reviews", review.TaskHeaders, func(emit xlsx.Emit) error {
		for off := 0; off < maxExport; off += 1000 {
			l, err := api.S.Review.Queue(r.Context(), a, f, registry.Page{Limit: 1000, Offset: off})
			if err != nil {
				return err
			}
			for _, t := range l.Items {
				if err := emit(review.TaskRow(lang, t)...); err != nil {
					return err
				}
			}
			if len(l.Items) < 1000 {
				return nil
			}
		}
		return nil
	})
}

func (api *API) getReview(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	res, err := api.S.Review.ViewTask(r.Context(), a, id)
	reply(w, r, res, err)
}

// decideReview approves or returns a task: {"decision", "comments":
// {"section": "text"}}. Of two reviewers deciding at once one gets 409.
func (api *API) decideReview(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in review.Decision
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Review.Decide(r.Context(), a, id, in)
	reply(w, r, res, err)
}
