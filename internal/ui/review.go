package ui

import (
	"net/http"
	"strings"

	"evalcred/internal/auth"
	"evalcred/internal/filing"
	"evalcred/internal/registry"
	"evalcred/internal/review"
	"evalcred/internal/web"
	"evalcred/internal/words"
)

// The reviewer's queue and the page of one task, where the reviewer reads
// the changes, the warnings and the document, and decides with a comment
// per section.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /reviews", u.reviewList)
		h("GET /reviews/{id}", u.pageByID("review task", "review_view", u.reviewPage))
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

// reviewViewData is the task page: everything ViewTask gathers, the
// changes in words, and the sections a comment may be given for.
type reviewViewData struct {
	*review.TaskView
	Changes  *diffView
	Sections []string
	lang     string
}

// WarningField labels the field a re-registration warning points at, a
// person by the name filed.
func (d *reviewViewData) WarningField(path string) string {
	return words.Field(d.lang, path, documentNamer(&d.Version.Document))
}

// reviewPage is the task with the changes since ?base= (by default since
// the version the reviewers returned, when this one answers a return).
func (u *UI) reviewPage(r *http.Request, a *auth.Actor, id int64) (*Page, error) {
	v, err := u.S.Review.ViewTaskAgainst(r.Context(), a, id, diffBase(r))
	if err != nil {
		return nil, err
	}
	files := map[int64]string{}
	for _, f := range v.Attachments {
		files[f.ID] = f.Filename
	}
	d := &reviewViewData{TaskView: v, Sections: append([]string{review.CommentGeneral}, filing.Sections...)}
	p := u.page(r, "reviews.view_title", d)
	d.lang, d.Changes = p.Lang, newDiffView(p.Lang, v.Diff, files)
	return p, nil
}

// diffBase is the ?base= a page compares a version with: a reader of a
// resubmission first wants what changed since the return.
func diffBase(r *http.Request) string {
	if b := r.URL.Query().Get("base"); b != "" {
		return b
	}
	return filing.BaseReturned
}

// reviewDecide takes the decision with the comments (fields comment.<section>).
func (u *UI) reviewDecide(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "review task")
	if !ok {
		return
	}
	dec := review.Decision{Decision: r.PostFormValue("decision"), Comments: map[string]string{}}
	for k, v := range r.PostForm {
		if s, ok := strings.CutPrefix(k, "comment."); ok && len(v) > 0 && strings.TrimSpace(v[0]) != "" {
			dec.Comments[s] = v[0]
		}
	}
	_, err := u.S.Review.Decide(r.Context(), a, id, dec)
	u.posted(w, r, err, "/reviews", "review_decided", "review_view", func() (*Page, error) { return u.reviewPage(r, a, id) })
}
