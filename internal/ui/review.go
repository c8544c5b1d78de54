package ui

import (
	"net/http"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/filing"
	"evalcred/internal/registry"
	"evalcred/internal/review"
	"evalcred/internal/web"
)

// The reviewer's queue and the page of one task, where the reviewer reads
// the changes, the warnings and the document, and decides with a comment
// per section.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /reviews", u.reviewList)
		h("GET /reviews/{id}", u.reviewView)
		h("POST /reviews/{id}/decision", u.reviewDecide)
	})
}

type reviewListData struct {
	Filter review.Filter
	States []string
	Items  []*review.Task
	Total  int
	Pager  pager
	Export string
}

// reviewList shows the caller's tasks, open ones by default.
func (u *UI) reviewList(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	q := r.URL.Query()
	if _, ok := q["state"]; !ok {
		q.Set("state", review.TaskOpen)
		r.URL.RawQuery = q.Encode()
	}
	f := web.ReviewFilter(r)
	off := web.Offset(r)
	list, err := u.S.Review.Queue(r.Context(), a, f, registry.Page{Limit: pageSize, Offset: off})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := reviewListData{Filter: f, States: []string{review.TaskOpen, review.TaskApproved, review.TaskReturned}, Items: list.Items, Total: list.Total,
		Pager: newPager(r, off, len(list.Items), list.Total), Export: apiExport("/api/v1/reviews", q)}
	u.Engine.Render(w, r, http.StatusOK, "review_list", u.page(r, "reviews.title", d))
}

// reviewViewData is the task page: everything ViewTask gathers, and the
// sections a comment may be given for.
type reviewViewData struct {
	*review.TaskView
	Sections []string
}

func (u *UI) reviewLoad(w http.ResponseWriter, r *http.Request) (*reviewViewData, bool) {
	a := u.requireLogin(w, r)
	if a == nil {
		return nil, false
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.fail(w, r, apperr.NotFoundf("review task"))
		return nil, false
	}
	v, err := u.S.Review.ViewTask(r.Context(), a, id)
	if err != nil {
		u.fail(w, r, err)
		return nil, false
	}
	return &reviewViewData{TaskView: v, Sections: append([]string{review.CommentGeneral}, filing.Sections...)}, true
}

func (u *UI) reviewView(w http.ResponseWriter, r *http.Request) {
	d, ok := u.reviewLoad(w, r)
	if !ok {
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "review_view", u.page(r, "reviews.view_title", d))
}

// reviewDecide takes the decision with the comments (fields comment.<section>).
func (u *UI) reviewDecide(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.fail(w, r, apperr.NotFoundf("review task"))
		return
	}
	dec := review.Decision{Decision: r.PostFormValue("decision"), Comments: map[string]string{}}
	for k, v := range r.PostForm {
		if s, ok := strings.CutPrefix(k, "comment."); ok && len(v) > 0 && strings.TrimSpace(v[0]) != "" {
			dec.Comments[s] = v[0]
		}
	}
	_, err = u.S.Review.Decide(r.Context(), web.Actor(r), id, dec)
	if err == nil {
		redirect(w, r, "/reviews", "review_decided")
		return
	}
	d, ok := u.reviewLoad(w, r)
	if !ok {
		return
	}
	p := u.page(r, "reviews.view_title", d)
	p.Form = r.PostForm
	status := p.withError(r, err)
	u.Engine.Render(w, r, status, "review_view", p)
}
