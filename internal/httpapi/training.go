package httpapi

import (
	"net/http"
	"strconv"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/training/sessions", create(api.S.Training.CreateSession))
		h("GET /api/v1/training/sessions", serve(http.StatusOK, readKey(yearOfQuery), listed(bodiless(api.S.Training.Sessions))))
		h("GET /api/v1/training/sessions/{id}/attendees", listByID(api.S.Training.Attendees))
		h("POST /api/v1/training/sessions/{id}/enrolments", createWith(api.S.Training.Enrol))
		h("POST /api/v1/training/sessions/{id}/attendance", withBody(api.S.Training.Record))
	})
}

// yearOfQuery reads ?year=; none is 0, every year.
func yearOfQuery(r *http.Request) int {
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	return year
}
