package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/helpdesk"
)

// questionNewData is the ask form with the suggestions for its text.
type questionNewData struct {
	Categories  []string
	Suggestions []helpdesk.Suggestion
	Searched    bool
}

// questionNew shows the ask form with the suggestions for ?text=. Without
// JavaScript, the "find similar" button submits the form here with GET and
// the suggestions appear under it; with htmx they load while typing from
// /questions/suggest, which this handler answers too: an htmx request gets
// the page's "fragment", the block of suggestions alone.
func (u *UI) questionNew(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	d := questionNewData{Categories: helpdesk.Categories}
	if text := r.URL.Query().Get("text"); text != "" {
		var err error
		if d.Suggestions, err = u.S.Helpdesk.Suggest(r.Context(), a, text); err != nil {
			u.fail(w, r, err)
			return
		}
		d.Searched = true
	}
	p := u.page(r, "question.new.title", d)
	p.Form = r.URL.Query()
	u.Engine.Render(w, r, http.StatusOK, "question_new", p)
}

func (u *UI) questionAsk(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	in := helpdesk.AskInput{Category: r.PostFormValue("category"), Text: r.PostFormValue("text")}
	res, err := u.S.Helpdesk.Ask(r.Context(), a, in)
	if err != nil {
		u.refused(w, r, "question_new", u.page(r, "question.new.title", questionNewData{Categories: helpdesk.Categories}), err)
		return
	}
	redirect(w, r, "/questions/"+strconv.FormatInt(res.ID, 10), "question_asked")
}
