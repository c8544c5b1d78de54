package httpapi

import (
	"net/http"
	"strconv"

	"evalcred/internal/training"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/training/sessions", api.trainingCreate)
		h("GET /api/v1/training/sessions", api.trainingList)
		h("GET /api/v1/training/sessions/{id}/attendees", listByID(api.S.Training.Attendees))
		h("POST /api/v1/training/sessions/{id}/enrolments", api.trainingEnrol)
		h("POST /api/v1/training/sessions/{id}/attendance", api.trainingRecord)
	})
}

func (api *API) trainingCreate(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	var in training.SessionInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	s, err := api.S.Training.CreateSession(r.Context(), a, in)
	replyStatus(w, r, http.StatusCreated, s, err)
}

func (api *API) trainingList(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	list, err := api.S.Training.Sessions(r.Context(), a, year)
	reply(w, r, items(list), err)
}

func (api *API) trainingEnrol(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in training.EnrolInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	x, err := api.S.Training.Enrol(r.Context(), a, id, in)
	replyStatus(w, r, http.StatusCreated, x, err)
}

func (api *API) trainingRecord(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in training.EnrolInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	x, err := api.S.Training.Record(r.Context(), a, id, in)
	reply(w, r, x, err)
}
