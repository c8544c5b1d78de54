package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"evalcred/internal/auth"
	"evalcred/internal/helpdesk"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/questions", create(api.S.Helpdesk.Ask))
		h("GET /api/v1/questions", api.listQuestions)
		h("GET /api/v1/questions/suggest", serve(http.StatusOK, readKey(func(r *http.Request) string { return r.URL.Query().Get("q") }), listed(bodiless(api.S.Helpdesk.Suggest))))
		h("GET /api/v1/questions/{id}", byID(api.S.Helpdesk.Get))
		h("POST /api/v1/questions/{id}/answer", withBody(api.answerQuestion))
		h("POST /api/v1/questions/{id}/escalate", withBody(api.escalateQuestion))
	})
}

// listQuestions lists the questions the caller may see; ?format=xlsx gives
// the same rows (without paging, up to helpdesk.MaxExport) as a spreadsheet.
func (api *API) listQuestions(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	f := web.QuestionFilter(r)
	if wantsXLSX(r) {
		f.Limit, f.Offset = helpdesk.MaxExport, 0
	}
	list, err := api.S.Helpdesk.List(r.Context(), a, f)
	if err != nil || !wantsXLSX(r) {
		reply(w, r, items(list), err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "questions", helpdesk.QuestionHeaders, web.RowsOf(list, func(q *helpdesk.Question) []any { return helpdesk.QuestionRow(lang, q) }))
}

func (api *API) answerQuestion(ctx context.Context, a *auth.Actor, id int64, in struct {
	Text string `json:"text"`
}) (*helpdesk.Question, error) {
	return api.S.Helpdesk.Answer(ctx, a, id, in.Text)
}

func (api *API) escalateQuestion(ctx context.Context, a *auth.Actor, id int64, in struct {
	Note string `json:"note"`
}) (*helpdesk.Question, error) {
	return api.S.Helpdesk.Escalate(ctx, a, id, in.Note)
}

// faqLimit reads ?limit= for the public FAQ.
func faqLimit(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	return n
}
