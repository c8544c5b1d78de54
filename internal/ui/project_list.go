package ui

import (
	"net/http"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/project"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /projects", u.projectList)
		h("POST /projects", u.projectCreate)
		h("GET /projects/{id}", u.projectDetail)
		h("POST /projects/{id}/selection", u.projectSelect)
		h("POST /projects/{id}/reviewers", u.projectAssignReviewer)
		h("POST /projects/{id}/visits", u.projectVisit)
	})
}

// projectPathID reads {id}; a bad one is a 404 like a missing project.
func projectPathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundf("project")
	}
	return id, nil
}

type projectListData struct {
	Projects []*project.Project
	Stages   []string
	Year     int
}

func (u *UI) projectList(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	u.renderProjectList(w, r, http.StatusOK, nil)
}

func (u *UI) renderProjectList(w http.ResponseWriter, r *http.Request, status int, err error) {
	a := u.requireLogin(w, r)
	list, lerr := u.S.Project.List(r.Context(), a, project.Filter{Stage: r.URL.Query().Get("stage")})
	if lerr != nil {
		u.fail(w, r, lerr)
		return
	}
	p := u.page(r, "project.list.title", projectListData{Projects: list, Stages: project.Stages, Year: calendar.DateOf(u.now()).Y})
	if err != nil {
		p.Form = r.PostForm
		status = p.withError(r, err)
	}
	u.Engine.Render(w, r, status, "project_list", p)
}

func (u *UI) projectCreate(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	year, _ := strconv.Atoi(r.PostFormValue("year"))
	in := project.CreateInput{Year: year, Name: r.PostFormValue("name"), Fund: r.PostFormValue("fund"), Client: r.PostFormValue("client"),
		EvaluatedUnit: r.PostFormValue("evaluated_unit"), RegionCode: strings.TrimSpace(r.PostFormValue("region_code"))}
	var f apperr.Fields
	in.AmountFen = yuanField(&f, "amount_fen", r.PostFormValue("amount_yuan"))
	in.FeeBudgetFen = yuanField(&f, "fee_budget_fen", r.PostFormValue("fee_budget_yuan"))
	if s := r.PostFormValue("deadline"); s != "" {
		d, err := calendar.ParseDate(s)
		if err != nil {
			f.Add("deadline", "project.field.date")
		}
		in.Deadline = d
	}
	err := f.Err()
	var res project.CreateResult
	if err == nil {
		res, err = u.S.Project.Create(r.Context(), a, in)
	}
	if err != nil {
		u.renderProjectList(w, r, http.StatusOK, err)
		return
	}
	redirect(w, r, "/projects/"+strconv.FormatInt(res.ID, 10), "project_created")
}

// yuanField parses an amount typed in yuan ("1234.5") into fen.
func yuanField(f *apperr.Fields, name, s string) int64 {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return 0
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		f.Add(name, "project.field.money")
		return 0
	}
	for len(frac) < 2 {
		frac += "0"
	}
	y, err1 := strconv.ParseInt(whole, 10, 64)
	c, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || y < 0 {
		f.Add(name, "project.field.money")
		return 0
	}
	return y*100 + c
}

type projectDetailData struct {
	*project.Detail
	Stages    []string
	Checklist []string
	SpotItems []string
	Lead      bool // the viewer is the lead institution's user
	Reviewer  bool // the viewer is an assigned three-party reviewer
}

func (u *UI) projectDetail(w http.ResponseWriter, r *http.Request) {
	u.renderProject(w, r, "project_detail", http.StatusOK, nil)
}

// renderProject renders one of the project pages (detail, plan, report,
// team) with the project's detail, and the error of a failed action if any.
func (u *UI) renderProject(w http.ResponseWriter, r *http.Request, tmpl string, status int, actionErr error) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	id, err := projectPathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d, err := u.S.Project.Get(r.Context(), a, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	data := projectDetailData{Detail: d, Stages: project.Stages, Checklist: project.Checklist, SpotItems: project.SpotItems,
		Lead: a.InstitutionID != 0 && a.InstitutionID == d.Project.LeadInstitutionID}
	for _, rv := range d.Reviewers {
		data.Reviewer = data.Reviewer || rv.UserID == a.UserID
	}
	p := u.page(r, "project.detail.title", data)
	if actionErr != nil {
		p.Form = r.PostForm
		status = p.withError(r, actionErr)
	}
	u.Engine.Render(w, r, status, tmpl, p)
}

// projectAction runs a form post's service call and redirects back to the
// project page (Post/Redirect/Get), or re-renders tmpl with the error.
func (u *UI) projectAction(w http.ResponseWriter, r *http.Request, tmpl, back, notice string, call func(id int64) error) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	id, err := projectPathID(r, "id")
	if err == nil {
		err = call(id)
	}
	if err != nil {
		if apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Forbidden) {
			u.fail(w, r, err)
			return
		}
		u.renderProject(w, r, tmpl, http.StatusOK, err)
		return
	}
	redirect(w, r, "/projects/"+strconv.FormatInt(id, 10)+back, notice)
}

func (u *UI) projectSelect(w http.ResponseWriter, r *http.Request) {
	count, _ := strconv.Atoi(r.PostFormValue("count"))
	in := project.SelectInput{Method: r.PostFormValue("method"), Count: count, Seed: strings.TrimSpace(r.PostFormValue("seed"))}
	u.projectAction(w, r, "project_detail", "", "project_selected", func(id int64) error {
		_, err := u.S.Project.Select(r.Context(), web.Actor(r), id, in)
		return err
	})
}

func (u *UI) projectAssignReviewer(w http.ResponseWriter, r *http.Request) {
	u.projectAction(w, r, "project_detail", "", "project_reviewer_assigned", func(id int64) error {
		_, err := u.S.Project.AssignReviewer(r.Context(), web.Actor(r), id, project.AssignInput{Username: r.PostFormValue("username")})
		return err
	})
}

func (u *UI) projectVisit(w http.ResponseWriter, r *http.Request) {
	in := project.VisitInput{Note: r.PostFormValue("note")}
	if s := r.PostFormValue("visited_on"); s != "" {
		in.VisitedOn, _ = calendar.ParseDate(s)
	}
	u.projectAction(w, r, "project_detail", "", "project_visit_logged", func(id int64) error {
		_, err := u.S.Project.LogVisit(r.Context(), web.Actor(r), id, in)
		return err
	})
}

func errForbidden() error { return apperr.New(apperr.Forbidden, "error.forbidden") }

// Experts and fund departments, who review reports but hold no office,
// work only on projects assigned to them.
func init() {
	homeRedirects = append(homeRedirects, func(a *auth.Actor) string {
		if a.Can("project.review_report") && !a.Official() {
			return "/projects"
		}
		return ""
	})
}
