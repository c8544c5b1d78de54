package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/project"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /projects/{id}/plan", u.projectPlan)
		h("POST /projects/{id}/plan", u.projectPlanUpload)
		h("POST /projects/{id}/plan/decision", u.projectPlanDecide)
		h("GET /projects/{id}/report", u.projectReport)
		h("POST /projects/{id}/report", u.projectReportUpload)
		h("POST /projects/{id}/report/review", u.projectReportReview)
		h("POST /projects/{id}/working-papers", u.projectWorkingPaper)
	})
}

func (u *UI) projectPlan(w http.ResponseWriter, r *http.Request) {
	u.renderProject(w, r, "project_plan", http.StatusOK, nil)
}

func (u *UI) projectReport(w http.ResponseWriter, r *http.Request) {
	u.renderProject(w, r, "project_report", http.StatusOK, nil)
}

// upload passes the posted file of a multipart form to the service.
func (u *UI) upload(r *http.Request, id int64, kind string) error {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return apperr.InvalidField("file", "field.required")
	}
	defer f.Close()
	_, err = u.S.Project.Upload(r.Context(), web.Actor(r), id, kind, hdr.Filename, f)
	return err
}

func (u *UI) projectPlanUpload(w http.ResponseWriter, r *http.Request) {
	u.projectAction(w, r, "project_plan", "/plan", "project_file_uploaded", func(id int64) error { return u.upload(r, id, project.FilePlan) })
}

func (u *UI) projectReportUpload(w http.ResponseWriter, r *http.Request) {
	u.projectAction(w, r, "project_report", "/report", "project_file_uploaded", func(id int64) error { return u.upload(r, id, project.FileDraftReport) })
}

func (u *UI) projectWorkingPaper(w http.ResponseWriter, r *http.Request) {
	u.projectAction(w, r, "project_detail", "", "project_file_uploaded", func(id int64) error { return u.upload(r, id, project.FileWorkingPaper) })
}

func (u *UI) projectPlanDecide(w http.ResponseWriter, r *http.Request) {
	in := project.PlanDecisionInput{Decision: r.PostFormValue("decision"), Comments: map[string]string{}}
	for _, item := range project.Checklist {
		in.Comments[item] = r.PostFormValue("comments." + item)
	}
	u.projectAction(w, r, "project_plan", "/plan", "project_plan_decided", func(id int64) error {
		_, err := u.S.Project.DecidePlan(r.Context(), web.Actor(r), id, in)
		return err
	})
}

func (u *UI) projectReportReview(w http.ResponseWriter, r *http.Request) {
	score, err := strconv.Atoi(r.PostFormValue("score"))
	if err != nil {
		score = -1
	}
	in := project.ReviewInput{Score: score, Decision: r.PostFormValue("decision"), Comment: r.PostFormValue("comment")}
	u.projectAction(w, r, "project_report", "/report", "project_report_reviewed", func(id int64) error {
		_, err := u.S.Project.ReviewReport(r.Context(), web.Actor(r), id, in)
		return err
	})
}
