package ui

import (
	"context"
	"net/http"
	"strconv"

	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/training"
)

// The training pages: the province's sessions with the form to add one, and
// a session's enrolments with the forms to enrol a person and to record
// attendance.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /training", u.trainingList)
		h("POST /training", u.trainingCreate)
		h("GET /training/{id}", u.pageByID("training session", "training_view", u.trainingPage))
		h("POST /training/{id}/enrol", u.trainingEnrol)
		h("POST /training/{id}/attendance", u.trainingRecord)
	})
}

func (u *UI) trainingList(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	p, err := u.trainingListPage(r, a)
	u.render(w, r, "training_list", p, err)
}

func (u *UI) trainingListPage(r *http.Request, a *auth.Actor) (*Page, error) {
	list, err := u.S.Training.Sessions(r.Context(), a, 0)
	if err != nil {
		return nil, err
	}
	return u.page(r, "training.title", list), nil
}

func (u *UI) trainingCreate(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	in := training.SessionInput{Topic: r.PostFormValue("topic"), Mandatory: r.PostFormValue("mandatory") != ""}
	in.Year, _ = strconv.Atoi(r.PostFormValue("year"))
	in.HeldOn, _ = calendar.ParseDate(r.PostFormValue("held_on"))
	s, err := u.S.Training.CreateSession(r.Context(), a, in)
	to := ""
	if err == nil {
		to = "/training/" + strconv.FormatInt(s.ID, 10)
	}
	u.posted(w, r, err, to, "training_created", "training_list", func() (*Page, error) { return u.trainingListPage(r, a) })
}

// trainingViewData is a session's page: the session and its attendees, and
// for those who manage training the institutions the enrolment picker lists.
type trainingViewData struct {
	*training.SessionView
	Institutions []instOption
}

func (u *UI) trainingPage(r *http.Request, a *auth.Actor, id int64) (*Page, error) {
	d, err := u.S.Training.ViewSession(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	data := trainingViewData{SessionView: d}
	if a.Can("training.manage") {
		if data.Institutions, err = u.institutionOptions(r.Context(), a, r.FormValue("institution_id_q"), r.FormValue("institution_id")); err != nil {
			return nil, err
		}
	}
	p := u.page(r, "training.attendees", data)
	p.Form = r.PostForm
	return p, nil
}

func (u *UI) trainingEnrol(w http.ResponseWriter, r *http.Request) {
	u.trainingAct(w, r, "training_enrolled", u.S.Training.Enrol)
}

func (u *UI) trainingRecord(w http.ResponseWriter, r *http.Request) {
	u.trainingAct(w, r, "training_recorded", u.S.Training.Record)
}

// trainingAct enrols a person in a session or records their attendance.
func (u *UI) trainingAct(w http.ResponseWriter, r *http.Request, notice string, act func(context.Context, *auth.Actor, int64, training.EnrolInput) (*training.Attendee, error)) {
	a, id, ok := u.withID(w, r, "training session")
	if !ok {
		return
	}
	if r.PostFormValue("find") != "" {
		p, err := u.trainingPage(r, a, id)
		u.render(w, r, "training_view", p, err)
		return
	}
	in := training.EnrolInput{IDNumber: r.PostFormValue("id_number"), Name: r.PostFormValue("name"), Attended: r.PostFormValue("attended") != ""}
	in.InstitutionID, _ = strconv.ParseInt(r.PostFormValue("institution_id"), 10, 64)
	_, err := act(r.Context(), a, id, in)
	u.posted(w, r, err, "/training/"+strconv.FormatInt(id, 10), notice, "training_view", func() (*Page, error) { return u.trainingPage(r, a, id) })
}
