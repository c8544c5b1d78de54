package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/helpdesk"
)

// questionViewData is a question with what the viewer may do with it.
type questionViewData struct {
	Q        *helpdesk.Question
	ThisYear int
}

func (u *UI) questionID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		u.fail(w, r, apperr.NotFoundf("question"))
		return 0, false
	}
	return id, true
}

func (u *UI) questionView(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	id, ok := u.questionID(w, r)
	if !ok {
		return
	}
	u.renderQuestion(w, r, id, http.StatusOK, nil)
}

// renderQuestion shows the question page, with a failed action's error.
func (u *UI) renderQuestion(w http.ResponseWriter, r *http.Request, id int64, status int, actionErr error) {
	q, err := u.S.Helpdesk.Get(r.Context(), u.requireLogin(w, r), id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	p := u.page(r, "question.view.title", questionViewData{Q: q, ThisYear: calendar.DateOf(u.now()).Y})
	if actionErr != nil {
		p.Form = r.PostForm
		status = p.withError(r, actionErr)
	}
	u.Engine.Render(w, r, status, "question_view", p)
}

func (u *UI) questionAnswer(w http.ResponseWriter, r *http.Request) {
	u.questionAct(w, r, "question_answered_ok", func(id int64) error {
		_, err := u.S.Helpdesk.Answer(r.Context(), u.requireLogin(w, r), id, r.PostFormValue("text"))
		return err
	})
}

func (u *UI) questionEscalate(w http.ResponseWriter, r *http.Request) {
	u.questionAct(w, r, "question_escalated_ok", func(id int64) error {
		_, err := u.S.Helpdesk.Escalate(r.Context(), u.requireLogin(w, r), id, r.PostFormValue("note"))
		return err
	})
}

func (u *UI) questionToFAQ(w http.ResponseWriter, r *http.Request) {
	u.questionAct(w, r, "faq_created", func(id int64) error {
		year, _ := strconv.Atoi(r.PostFormValue("policy_year"))
		_, err := u.S.Helpdesk.CreateFAQ(r.Context(), u.requireLogin(w, r), helpdesk.FAQInput{QuestionIDs: []int64{id},
			Question: r.PostFormValue("question"), Answer: r.PostFormValue("answer"), PolicyYear: year})
		return err
	})
}

// questionAct runs a form action on a question: Post/Redirect/Get on
// success, the page again with the error otherwise.
func (u *UI) questionAct(w http.ResponseWriter, r *http.Request, notice string, act func(id int64) error) {
	if u.requireLogin(w, r) == nil {
		return
	}
	id, ok := u.questionID(w, r)
	if !ok {
		return
	}
	if err := act(id); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			u.fail(w, r, err)
			return
		}
		u.renderQuestion(w, r, id, http.StatusOK, err)
		return
	}
	redirect(w, r, "/questions/"+strconv.FormatInt(id, 10), notice)
}
