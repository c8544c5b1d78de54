package httpapi

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"evalcred/internal/auth"
	"evalcred/internal/spotcheck"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/projects/{id}/files", api.uploadProjectFile)
		h("GET /api/v1/projects/{id}/files/{file_id}", api.downloadProjectFile)
		h("POST /api/v1/projects/{id}/plan/decision", withBody(api.S.Project.DecidePlan))
		h("POST /api/v1/projects/{id}/visits", createWith(api.S.Project.LogVisit))
		h("POST /api/v1/projects/{id}/spot-checks", createWith(api.S.SpotCheck.RecordSpotCheck))
		h("POST /api/v1/spot-checks/draw", create(api.drawSpotChecks))
		h("POST /api/v1/spot-check-findings/{id}/credit-record", createWith(api.S.SpotCheck.ProposeFromFinding))
		h("POST /api/v1/projects/{id}/report/reviews", createWith(api.S.Project.ReviewReport))
	})
}

func (api *API) uploadProjectFile(w http.ResponseWriter, r *http.Request) {
	a, id, ok := actorAnd(w, r, idKey)
	if !ok {
		return
	}
	// The service applies the policy's cap; the body's is the ceiling of forms.
	f, name, form, err := web.OpenUpload(w, r, web.MaxFormBody)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer form.RemoveAll()
	defer f.Close()
	res, err := api.S.Project.Upload(r.Context(), a, id, r.FormValue("kind"), name, f)
	replyStatus(w, r, http.StatusCreated, res, err)
}

func (api *API) downloadProjectFile(w http.ResponseWriter, r *http.Request) {
	a, k, ok := actorAnd(w, r, idWith(pathIDOf("file_id")))
	if !ok {
		return
	}
	f, rc, err := api.S.Project.OpenFile(r.Context(), a, k.id, k.second)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	w.Header().Set("Content-Disposition", "attachment; filename=\"document.pdf\"; filename*=UTF-8''"+pathEscape(f.Filename))
	_, _ = io.Copy(w, rc)
}

// drawSpotChecks draws the projects to check and answers the draw as the
// public draw page shows it.
func (api *API) drawSpotChecks(ctx context.Context, a *auth.Actor, in spotcheck.DrawInput) (map[string]any, error) {
	d, err := api.S.SpotCheck.DrawSpotChecks(ctx, a, in)
	if err != nil {
		return nil, err
	}
	return map[string]any{"draw_id": d.ID, "projects": d.Result, "seed": d.Seed, "seed_generated": d.SeedGenerated,
		"pool_size": d.PoolSize, "pool_sha256": d.PoolSHA256, "algorithm": d.Algorithm}, nil
}
