package httpapi

import (
	"net/http"
	"strconv"

	"evalcred/internal/helpdesk"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/questions", api.askQuestion)
		h("GET /api/v1/questions", api.listQuestions)
		h("GET /api/v1/questions/suggest", api.suggestQuestions)
		h("GET /api/v1/questions/{id}", byID(api.S.Helpdesk.Get))
		h("POST /api/v1/questions/{id}/answer", api.answerQuestion)
		h("POST /api/v1/questions/{id}/escalate", api.escalateQuestion)
	})
}

func (api *API) askQuestion(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	var in helpdesk.AskInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Helpdesk.Ask(r.Context(), a, in)
	replyStatus(w, r, http.StatusCreated, res, err)
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

func (api *API) suggestQuestions(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	list, err := api.S.Helpdesk.Suggest(r.Context(), a, r.URL.Query().Get("q"))
	reply(w, r, items(list), err)
}

func (api *API) answerQuestion(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in struct {
		Text string `json:"text"`
	}
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	q, err := api.S.Helpdesk.Answer(r.Context(), a, id, in.Text)
	reply(w, r, q, err)
}

func (api *API) escalateQuestion(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in struct {
		Note string `json:"note"`
	}
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	q, err := api.S.Helpdesk.Escalate(r.Context(), a, id, in.Note)
	reply(w, r, q, err)
}

// faqLimit reads ?limit= for the public FAQ.
func faqLimit(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	return n
}
