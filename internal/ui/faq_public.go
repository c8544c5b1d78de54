package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"evalcred/internal/helpdesk"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		// Public pages, no login: rate-limited per address like the API's.
		h("GET /faq", u.public(u.faqPage))
		h("POST /faq/{id}/helpful", u.public(u.faqHelpful))
	})
}

// faqData is the public FAQ page.
type faqData struct {
	Items      []*helpdesk.FAQ
	Categories []string
	Q          string
	Category   string
}

func (u *UI) faqPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	list, err := u.S.Helpdesk.SearchFAQ(r.Context(), q.Get("q"), q.Get("category"), 50)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := faqData{Items: list, Categories: helpdesk.Categories, Q: q.Get("q"), Category: q.Get("category")}
	u.Engine.Render(w, r, http.StatusOK, "faq", u.page(r, "faq.title", d))
}

// faqHelpful counts a vote and goes back to the entry on the FAQ page.
func (u *UI) faqHelpful(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "faq")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if _, err := u.S.Helpdesk.MarkHelpful(r.Context(), id); err != nil {
		u.fail(w, r, err)
		return
	}
	redirect(w, r, "/faq?q="+url.QueryEscape(r.PostFormValue("q"))+"#faq-"+strconv.FormatInt(id, 10), "faq_helpful")
}
