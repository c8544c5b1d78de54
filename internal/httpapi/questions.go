package httpapi

import (
	"net/http"
	"strconv"

	"evalcred/internal/helpdesk"
	"evalcred/internal/locale"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
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

// QuestionFilter reads the question list's filters from the query string;
// the page of questions uses it too, so both faces filter alike.
func QuestionFilter(r *http.Request) helpdesk.Filter {
	q := r.URL.Query()
	f := helpdesk.Filter{State: q.Get("state"), Category: q.Get("category"), Q: q.Get("q"),
		Held: q.Get("held") == "1" || q.Get("held") == "true", Overdue: q.Get("overdue") == "1" || q.Get("overdue") == "true"}
	f.Limit, f.Offset = page(r)
	return f
}

// QuestionHeaders are the columns of a question export (message keys).
var QuestionHeaders = []string{"question.col.id", "question.col.category", "question.col.text", "question.col.state",
	"question.col.asker", "question.col.asker_region", "question.col.holder", "question.col.due_at", "question.col.answer",
	"question.col.answered_at", "question.col.created_at"}

// QuestionRow is one question as a spreadsheet row, in QuestionHeaders' order.
func QuestionRow(lang string, q *helpdesk.Question) []any {
	return []any{q.ID, locale.T(lang, "question.category."+q.Category), q.Text, locale.T(lang, "question.state."+q.State),
		q.AskerName, q.AskerRegion, q.HolderName, q.DueAt, q.Answer, q.AnsweredAt, q.CreatedAt}
}

// listQuestions lists the questions the caller may see; ?format=xlsx gives
// the same rows (without paging, up to helpdesk.MaxExport) as a spreadsheet.
func (api *API) listQuestions(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	f := QuestionFilter(r)
	if wantsXLSX(r) {
		f.Limit, f.Offset = helpdesk.MaxExport, 0
	}
	list, err := api.S.Helpdesk.List(r.Context(), a, f)
	if err != nil || !wantsXLSX(r) {
		reply(w, r, items(list), err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "questions", QuestionHeaders, func(emit xlsx.Emit) error {
		for _, q := range list {
			if err := emit(QuestionRow(lang, q)...); err != nil {
				return err
			}
		}
		return nil
	})
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
