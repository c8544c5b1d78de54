package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/helpdesk"
)

// questionViewData is a question with what the viewer may do with it.
type questionViewData struct {
	Q        *helpdesk.Question
	ThisYear int
}

// questionPage is the question's page.
func (u *UI) questionPage(r *http.Request, a *auth.Actor, id int64) (*Page, error) {
	q, err := u.S.Helpdesk.Get(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	return u.page(r, "question.view.title", questionViewData{Q: q, ThisYear: calendar.DateOf(u.now()).Y}), nil
}

func (u *UI) questionAnswer(w http.ResponseWriter, r *http.Request) {
	u.questionAct(w, r, "question_answered_ok", func(a *auth.Actor, id int64) error {
		_, err := u.S.Helpdesk.Answer(r.Context(), a, id, r.PostFormValue("text"))
		return err
	})
}

func (u *UI) questionEscalate(w http.ResponseWriter, r *http.Request) {
	u.questionAct(w, r, "question_escalated_ok", func(a *auth.Actor, id int64) error {
		_, err := u.S.Helpdesk.Escalate(r.Context(), a, id, r.PostFormValue("note"))
		return err
	})
}

func (u *UI) questionToFAQ(w http.ResponseWriter, r *http.Request) {
	u.questionAct(w, r, "faq_created", func(a *auth.Actor, id int64) error {
		year, _ := strconv.Atoi(r.PostFormValue("policy_year"))
		_, err := u.S.Helpdesk.CreateFAQ(r.Context(), a, helpdesk.FAQInput{QuestionIDs: []int64{id},
			Question: r.PostFormValue("question"), Answer: r.PostFormValue("answer"), PolicyYear: year})
		return err
	})
}

// questionAct runs a form action on a question: Post/Redirect/Get on
// success, the error page for a question the viewer cannot see, the page
// again with the error otherwise.
func (u *UI) questionAct(w http.ResponseWriter, r *http.Request, notice string, act func(a *auth.Actor, id int64) error) {
	a, id, ok := u.withID(w, r, "question")
	if !ok {
		return
	}
	err := act(a, id)
	if apperr.Is(err, apperr.NotFound) {
		u.fail(w, r, err)
		return
	}
	u.posted(w, r, err, "/questions/"+strconv.FormatInt(id, 10), notice, "question_view", func() (*Page, error) { return u.questionPage(r, a, id) })
}
