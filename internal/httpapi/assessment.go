package httpapi

import (
	"net/http"

	"evalcred/internal/assessment"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/projects/{id}/assessments", api.assessmentScore)
		h("GET /api/v1/projects/{id}/assessments", api.assessmentList)
		h("GET /api/v1/projects/{id}/assessment-form", byID(api.S.Assessment.FormFor))
		h("GET /api/v1/assessments/{id}", byID(api.S.Assessment.Get))
		h("POST /api/v1/assessments/{id}/comment", api.assessmentComment)
		h("POST /api/v1/assessments/{id}/settlement", api.assessmentSettle)
	})
}

func (api *API) assessmentScore(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in assessment.Input
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	x, err := api.S.Assessment.Score(r.Context(), a, id, in)
	replyStatus(w, r, http.StatusCreated, x, err)
}

func (api *API) assessmentList(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	list, err := api.S.Assessment.List(r.Context(), a, assessment.Filter{ProjectID: id})
	reply(w, r, items(list), err)
}

func (api *API) assessmentComment(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in assessment.CommentInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	x, err := api.S.Assessment.Comment(r.Context(), a, id, in)
	reply(w, r, x, err)
}

func (api *API) assessmentSettle(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in assessment.SettleInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	x, err := api.S.Assessment.Settle(r.Context(), a, id, in)
	reply(w, r, x, err)
}
