package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/calendar"
	"evalcred/internal/training"
	"evalcred/internal/web"
)

// The training pages: the province's sessions with the form to add one, and
// a session's enrolments with the forms to enrol a person and to record
// attendance.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /training", u.trainingList)
		h("POST /training", u.trainingCreate)
		h("GET /training/{id}", u.trainingView)
		h("POST /training/{id}/enrol", u.trainingEnrol)
		h("POST /training/{id}/attendance", u.trainingRecord)
	})
}

func (u *UI) trainingList(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	list, err := u.S.Training.Sessions(r.Context(), a, 0)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "training_list", u.page(r, "training.title", list))
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
	if err != nil {
		list, lerr := u.S.Training.Sessions(r.Context(), a, 0)
		if lerr != nil {
			u.fail(w, r, err)
			return
		}
		p := u.page(r, "training.title", list)
		p.Form = r.PostForm
		status := p.withError(r, err)
		u.Engine.Render(w, r, status, "training_list", p)
		return
	}
	redirect(w, r, "/training/"+strconv.FormatInt(s.ID, 10), "training_created")
}

func (u *UI) trainingPage(r *http.Request) (*Page, error) {
	id, err := idParam(r)
	if err != nil {
		return nil, err
	}
	d, err := u.S.Training.ViewSession(r.Context(), web.Actor(r), id)
	if err != nil {
		return nil, err
	}
	return u.page(r, "training.attendees", d), nil
}

func (u *UI) trainingView(w http.ResponseWriter, r *http.Request) {
	if u.requireLogin(w, r) == nil {
		return
	}
	p, err := u.trainingPage(r)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "training_view", p)
}

func (u *UI) trainingEnrol(w http.ResponseWriter, r *http.Request) {
	u.trainingAct(w, r, "training_enrolled", false)
}

func (u *UI) trainingRecord(w http.ResponseWriter, r *http.Request) {
	u.trainingAct(w, r, "training_recorded", true)
}

func (u *UI) trainingAct(w http.ResponseWriter, r *http.Request, notice string, record bool) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	id, err := idParam(r)
	if err == nil {
		in := training.EnrolInput{IDNumber: r.PostFormValue("id_number"), Name: r.PostFormValue("name"), Attended: r.PostFormValue("attended") != ""}
		in.InstitutionID, _ = strconv.ParseInt(r.PostFormValue("institution_id"), 10, 64)
		if record {
			_, err = u.S.Training.Record(r.Context(), a, id, in)
		} else {
			_, err = u.S.Training.Enrol(r.Context(), a, id, in)
		}
	}
	if err == nil {
		redirect(w, r, "/training/"+strconv.FormatInt(id, 10), notice)
		return
	}
	p, perr := u.trainingPage(r)
	if perr != nil {
		u.fail(w, r, err)
		return
	}
	p.Form = r.PostForm
	status := p.withError(r, err)
	u.Engine.Render(w, r, status, "training_view", p)
}
