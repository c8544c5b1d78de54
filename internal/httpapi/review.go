package httpapi

import (
	"fmt"
	"net/http"
	"strconv"

	"evalcred/internal/locale"
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

// ReviewFilter reads the queue's filters (state, level, overdue) from the
// query string; the queue page uses it too.
func ReviewFilter(r *http.Request) review.Filter {
	q := r.URL.Query()
	f := review.Filter{State: q.Get("state"), Overdue: q.Get("overdue") == "1" || q.Get("overdue") == "true"}
	f.Level, _ = strconv.Atoi(q.Get("level"))
	return f
}

// ReviewHeaders are the columns of the queue export (message keys).
var ReviewHeaders = []string{"registryweb.col.id", "registryweb.col.name", "registryweb.col.uscc", "registryweb.col.region",
	"registryweb.col.version", "registryweb.col.level", "registryweb.col.state", "registryweb.col.due_at", "registryweb.col.overdue",
	"registryweb.col.created_at", "registryweb.col.decided_at"}

// ReviewRow is one task as a spreadsheet row.
func ReviewRow(lang string, t *review.Task) []any {
	overdue := locale.T(lang, "common.no")
	if t.Overdue {
		overdue = locale.T(lang, "common.yes")
	}
	return []any{t.ID, t.InstitutionName, t.USCC, t.RegionName, t.Version, locale.T(lang, fmt.Sprintf("review.level.%d", t.Level)),
		locale.T(lang, "review.state."+t.State), t.DueAt, overdue, t.CreatedAt, t.DecidedAt}
}

// listReviews answers {"items", "total"}: the tasks the caller may decide,
// soonest due first; ?format=xlsx gives all matching tasks as a spreadsheet.
func (api *API) listReviews(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	f := ReviewFilter(r)
	limit, offset := page(r)
	list, err := api.S.Review.Queue(r.Context(), a, f, registry.Page{Limit: limit, Offset: offset})
	if err != nil || !wantsXLSX(r) {
		reply(w, r, list, err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "registryweb.reviews", ReviewHeaders, func(emit xlsx.Emit) error {
		for off := 0; off < maxExport; off += 1000 {
			l, err := api.S.Review.Queue(r.Context(), a, f, registry.Page{Limit: 1000, Offset: off})
			if err != nil {
				return err
			}
			for _, t := range l.Items {
				if err := emit(ReviewRow(lang, t)...); err != nil {
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
	res, err := api.S.LoadReview(r.Context(), a, id)
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
