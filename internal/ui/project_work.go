package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/auth"
	"evalcred/internal/project"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /projects/{id}/plan", u.pageByID("project", "project_plan", u.projectPage))
		h("POST /projects/{id}/plan", u.projectPlanUpload)
		h("POST /projects/{id}/plan/decision", u.projectPlanDecide)
		h("GET /projects/{id}/report", u.pageByID("project", "project_report", u.projectPage))
		h("POST /projects/{id}/report", u.projectReportUpload)
		h("POST /projects/{id}/report/review", u.projectReportReview)
		h("POST /projects/{id}/working-papers", u.projectWorkingPaper)
	})
}

// upload passes the posted file of a multipart form to the service.
func (u *UI) upload(w http.ResponseWriter, r *http.Request, a *auth.Actor, id int64, kind string) error {
	// The service applies the policy's cap; the body's is the ceiling of forms.
	f, name, form, err := web.OpenUpload(w, r, web.MaxFormBody)
	if err != nil {
		return err
	}
	defer form.RemoveAll()
	defer f.Close()
	_, err = u.S.Project.Upload(r.Context(), a, id, kind, name, f)
	return err
}

func (u *UI) projectPlanUpload(w http.ResponseWriter, r *http.Request) {
	u.projectAction(w, r, "project_plan", "/plan", "project_file_uploaded", func(a *auth.Actor, id int64) error { return u.upload(w, r, a, id, project.FilePlan) })
}

func (u *UI) projectReportUpload(w http.ResponseWriter, r *http.Request) {
	u.projectAction(w, r, "project_report", "/report", "project_file_uploaded", func(a *auth.Actor, id int64) error { return u.upload(w, r, a, id, project.FileDraftReport) })
}

func (u *UI) projectWorkingPaper(w http.ResponseWriter, r *http.Request) {
	u.projectAction(w, r, "project_detail", "", "project_file_uploaded", func(a *auth.Actor, id int64) error { return u.upload(w, r, a, id, project.FileWorkingPaper) })
}

func (u *UI) projectPlanDecide(w http.ResponseWriter, r *http.Request) {
	in := project.PlanDecisionInput{Decision: r.PostFormValue("decision"), Comments: map[string]string{}}
	for _, item := range project.Checklist {
		in.Comments[item] = r.PostFormValue("comments." + item)
	}
	u.projectAction(w, r, "project_plan", "/plan", "project_plan_decided", func(a *auth.Actor, id int64) error {
		_, err := u.S.Project.DecidePlan(r.Context(), a, id, in)
		return err
	})
}

func (u *UI) projectReportReview(w http.ResponseWriter, r *http.Request) {
	score, err := strconv.Atoi(r.PostFormValue("score"))
	if err != nil {
		score = -1
	}
	in := project.ReviewInput{Score: score, Decision: r.PostFormValue("decision"), Comment: r.PostFormValue("comment")}
	u.projectAction(w, r, "project_report", "/report", "project_report_reviewed", func(a *auth.Actor, id int64) error {
		_, err := u.S.Project.ReviewReport(r.Context(), a, id, in)
		return err
	})
}
