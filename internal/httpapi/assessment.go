package httpapi

import (
	"context"
	"net/http"

	"evalcred/internal/assessment"
	"evalcred/internal/auth"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/projects/{id}/assessments", createWith(api.S.Assessment.Score))
		h("GET /api/v1/projects/{id}/assessments", listByID(api.assessmentsOf))
		h("GET /api/v1/projects/{id}/assessment-form", byID(api.S.Assessment.FormFor))
		h("GET /api/v1/assessments/{id}", byID(api.S.Assessment.Get))
		h("POST /api/v1/assessments/{id}/comment", withBody(api.S.Assessment.Comment))
		h("POST /api/v1/assessments/{id}/settlement", withBody(api.S.Assessment.Settle))
	})
}

// assessmentsOf lists the assessments of one project.
func (api *API) assessmentsOf(ctx context.Context, a *auth.Actor, projectID int64) ([]*assessment.Assessment, error) {
	return api.S.Assessment.List(ctx, a, assessment.Filter{ProjectID: projectID})
}
