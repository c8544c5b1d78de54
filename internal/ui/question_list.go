package ui

import (
	"net/http"

	"evalcred/internal/helpdesk"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /questions", u.questionList)
		h("GET /questions/new", u.questionNew)
		h("GET /questions/suggest", u.questionNew)
		h("POST /questions", u.questionAsk)
		h("GET /questions/{id}", u.pageByID("question", "question_view", u.questionPage))
		h("POST /questions/{id}/answer", u.questionAnswer)
		h("POST /questions/{id}/escalate", u.questionEscalate)
		h("POST /questions/{id}/faq", u.questionToFAQ)
	})
}

// questionListData is what the question list shows.
type questionListData struct {
	Items      []*helpdesk.Question
	Categories []string
	States     []string
	Filter     helpdesk.Filter
}

// questionList lists the questions the viewer may see, with the API's
// filters; ?format=xlsx exports the same rows.
func (u *UI) questionList(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	f := web.QuestionFilter(r)
	if xlsx.Wanted(r) {
		f.Limit, f.Offset = helpdesk.MaxExport, 0
	}
	list, err := u.S.Helpdesk.List(r.Context(), a, f)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if xlsx.Wanted(r) {
		lang := web.Lang(r.Context())
		u.exportRows(w, r, "questions", helpdesk.QuestionHeaders, web.RowsOf(list, func(q *helpdesk.Question) []any { return helpdesk.QuestionRow(lang, q) }))
		return
	}
	p := u.page(r, "questions.title", questionListData{Items: list, Categories: helpdesk.Categories,
		States: []string{helpdesk.StateOpen, helpdesk.StateAnswered}, Filter: f})
	u.Engine.Render(w, r, http.StatusOK, "question_list", p)
}
