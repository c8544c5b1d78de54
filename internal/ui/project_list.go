package ui

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/draw"
	"evalcred/internal/project"
	"evalcred/internal/spotcheck"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /projects", u.projectList)
		h("POST /projects", u.projectCreate)
		h("GET /projects/{id}", u.pageByID("project", "project_detail", u.projectPage))
		h("POST /projects/{id}/selection", u.projectSelect)
		h("POST /projects/{id}/reviewers", u.projectAssignReviewer)
		h("POST /projects/{id}/visits", u.projectVisit)
	})
}

type projectListData struct {
	Projects []*project.Project
	Stages   []string
	Year     int
	Pager    pager
}

func (u *UI) projectList(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	p, err := u.projectListPage(r, a)
	u.render(w, r, "project_list", p, err)
}

func (u *UI) projectListPage(r *http.Request, a *auth.Actor) (*Page, error) {
	off := web.Offset(r)
	list, err := u.S.Project.List(r.Context(), a, project.Filter{Stage: r.URL.Query().Get("stage"), Sort: project.ListSorts.Pick(web.SortOf(r)),
		Limit: pageSize, Offset: off})
	if err != nil {
		return nil, err
	}
	return u.page(r, "project.list.title", projectListData{Projects: list, Stages: project.Stages, Year: calendar.DateOf(u.now()).Y,
		Pager: newPager(r, off, len(list), -1)}), nil
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
	to := ""
	if err == nil {
		var res project.CreateResult
		if res, err = u.S.Project.Create(r.Context(), a, in); err == nil {
			to = "/projects/" + strconv.FormatInt(res.ID, 10)
		}
	}
	u.posted(w, r, err, to, "project_created", "project_list", func() (*Page, error) { return u.projectListPage(r, a) })
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
	// ReviewerChoices and SpotDraws are what the reviewer and spot-check
	// forms offer, when the viewer may use them.
	ReviewerChoices []project.ReviewerChoice
	SpotDraws       []*draw.Named
}

// StageState places stage on the project's timeline: "done" before the
// stage the project is in, "current" for that one, "todo" after it.
func (d projectDetailData) StageState(stage string) string {
	cur, at := slices.Index(d.Stages, d.Project.Stage), slices.Index(d.Stages, stage)
	switch {
	case at < cur || d.Project.Stage == project.StageCompleted && at == cur:
		return "done"
	case at == cur:
		return "current"
	}
	return "todo"
}

// projectPage is a project page with the project's detail.
func (u *UI) projectPage(r *http.Request, a *auth.Actor, id int64) (*Page, error) {
	d, err := u.S.Project.Get(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	data := projectDetailData{Detail: d, Stages: project.Stages, Checklist: project.Checklist, SpotItems: spotcheck.Items}
	if d.Project.Allows(project.ActionAssignReviewer) {
		if data.ReviewerChoices, err = u.S.Project.ReviewerChoices(r.Context(), a, id); err != nil {
			return nil, err
		}
	}
	if d.Project.Allows(project.ActionRecordSpotCheck) {
		if data.SpotDraws, err = u.S.SpotCheck.DrawsOf(r.Context(), a, id); err != nil {
			return nil, err
		}
	}
	return u.page(r, "project.detail.title", data), nil
}

// projectAction runs a form post's service call and redirects back to the
// project page (Post/Redirect/Get); a project the viewer may not reach is
// the error page, other refusals come back on tmpl with the reason.
func (u *UI) projectAction(w http.ResponseWriter, r *http.Request, tmpl, back, notice string, call func(a *auth.Actor, id int64) error) {
	a, id, ok := u.withID(w, r, "project")
	if !ok {
		return
	}
	err := call(a, id)
	if unreachable(err) {
		u.fail(w, r, err)
		return
	}
	u.posted(w, r, err, "/projects/"+strconv.FormatInt(id, 10)+back, notice, tmpl, func() (*Page, error) { return u.projectPage(r, a, id) })
}

func (u *UI) projectSelect(w http.ResponseWriter, r *http.Request) {
	count, _ := strconv.Atoi(r.PostFormValue("count"))
	in := project.SelectInput{Method: r.PostFormValue("method"), Count: count, Seed: strings.TrimSpace(r.PostFormValue("seed"))}
	u.projectAction(w, r, "project_detail", "", "project_selected", func(a *auth.Actor, id int64) error {
		_, err := u.S.Project.Select(r.Context(), a, id, in)
		return err
	})
}

func (u *UI) projectAssignReviewer(w http.ResponseWriter, r *http.Request) {
	u.projectAction(w, r, "project_detail", "", "project_reviewer_assigned", func(a *auth.Actor, id int64) error {
		_, err := u.S.Project.AssignReviewer(r.Context(), a, id, project.AssignInput{Username: r.PostFormValue("username")})
		return err
	})
}

func (u *UI) projectVisit(w http.ResponseWriter, r *http.Request) {
	in := project.VisitInput{Note: r.PostFormValue("note")}
	if s := r.PostFormValue("visited_on"); s != "" {
		in.VisitedOn, _ = calendar.ParseDate(s)
	}
	u.projectAction(w, r, "project_detail", "", "project_visit_logged", func(a *auth.Actor, id int64) error {
		_, err := u.S.Project.LogVisit(r.Context(), a, id, in)
		return err
	})
}
