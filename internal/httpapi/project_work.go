package httpapi

import (
	"io"
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/project"
	"evalcred/internal/spotcheck"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/projects/{id}/files", api.uploadProjectFile)
		h("GET /api/v1/projects/{id}/files/{file_id}", api.downloadProjectFile)
		h("POST /api/v1/projects/{id}/plan/decision", api.decidePlan)
		h("POST /api/v1/projects/{id}/visits", api.logVisit)
		h("POST /api/v1/projects/{id}/spot-checks", api.recordSpotCheck)
		h("POST /api/v1/spot-checks/draw", api.drawSpotChecks)
		h("POST /api/v1/spot-check-findings/{id}/credit-record", api.proposeFromFinding)
		h("POST /api/v1/projects/{id}/report/reviews", api.reviewReport)
	})
}

// maxMultipartMemory keeps small form parts in memory; the file goes to a
// temporary file, and the service enforces the size cap while copying.
const maxMultipartMemory = 1 << 20

func (api *API) uploadProjectFile(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		web.Error(w, r, apperr.InvalidField("file", "field.required"))
		return
	}
	defer f.Close()
	res, err := api.S.Project.Upload(r.Context(), a, id, r.FormValue("kind"), hdr.Filename, f)
	replyStatus(w, r, http.StatusCreated, res, err)
}

func (api *API) downloadProjectFile(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	fileID, ok := pathID(w, r, "file_id")
	if !ok {
		return
	}
	f, rc, err := api.S.Project.OpenFile(r.Context(), a, id, fileID)
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

func (api *API) decidePlan(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in project.PlanDecisionInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Project.DecidePlan(r.Context(), a, id, in)
	reply(w, r, res, err)
}

func (api *API) logVisit(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in project.VisitInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Project.LogVisit(r.Context(), a, id, in)
	replyStatus(w, r, http.StatusCreated, res, err)
}

func (api *API) recordSpotCheck(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in spotcheck.Input
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.SpotCheck.RecordSpotCheck(r.Context(), a, id, in)
	replyStatus(w, r, http.StatusCreated, res, err)
}

func (api *API) drawSpotChecks(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	var in spotcheck.DrawInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	d, err := api.S.SpotCheck.DrawSpotChecks(r.Context(), a, in)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusCreated, map[string]any{"draw_id": d.ID, "projects": d.Result, "seed": d.Seed, "seed_generated": d.SeedGenerated,
		"pool_size": d.PoolSize, "pool_sha256": d.PoolSHA256, "algorithm": d.Algorithm})
}

func (api *API) proposeFromFinding(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in spotcheck.FindingCreditInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.SpotCheck.ProposeFromFinding(r.Context(), a, id, in)
	replyStatus(w, r, http.StatusCreated, res, err)
}

func (api *API) reviewReport(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in project.ReviewInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Project.ReviewReport(r.Context(), a, id, in)
	replyStatus(w, r, http.StatusCreated, res, err)
}
