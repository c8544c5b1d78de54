package httpapi

import (
	"net/http"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/projects/{id}/assessments", createWith(api.S.Assessment.Score))
		h("GET /api/v1/projects/{id}/assessments", listByID(api.S.Assessment.OfProject))
		h("GET /api/v1/projects/{id}/assessment-form", byID(api.S.Assessment.FormFor))
		h("GET /api/v1/assessments/{id}", byID(api.S.Assessment.Get))
		h("POST /api/v1/assessments/{id}/comment", withBody(api.S.Assessment.Comment))
		h("POST /api/v1/assessments/{id}/settlement", withBody(api.S.Assessment.Settle))
	})
}
