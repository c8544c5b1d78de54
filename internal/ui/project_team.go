package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"evalcred/internal/project"
	"evalcred/internal/team"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /projects/{id}/team", u.projectTeam)
		h("POST /projects/{id}/team", u.projectTeamSave)
	})
}

// teamRows is how many member rows the builder shows: ?rows= asks for more
// (a plain link, so the form works without JavaScript).
func teamRows(r *http.Request) []int {
	n, _ := strconv.Atoi(r.FormValue("rows"))
	n = min(max(n, 6), 60)
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

type teamPageData struct {
	projectDetailData
	Rows  []int
	Roles []string
}

func (u *UI) projectTeam(w http.ResponseWriter, r *http.Request) {
	u.renderTeam(w, r, http.StatusOK, nil)
}

func (u *UI) renderTeam(w http.ResponseWriter, r *http.Request, status int, actionErr error) {
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
	data := teamPageData{projectDetailData: projectDetailData{Detail: d, Stages: project.Stages}, Rows: teamRows(r),
		Roles: []string{team.RoleLeader, team.RoleMember, team.RoleExpert}}
	p := u.page(r, "project.team.title", data)
	if actionErr != nil {
		p.Form = r.PostForm
		status = p.withError(r, actionErr)
	}
	u.Engine.Render(w, r, status, "project_team", p)
}

func (u *UI) projectTeamSave(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	id, err := projectPathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	lead, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("lead_institution_id")), 10, 64)
	in := team.Input{LeadInstitutionID: lead}
	for i := range 60 {
		idn := strings.TrimSpace(r.PostFormValue(fmt.Sprintf("members[%d].id_number", i)))
		if idn == "" {
			continue
		}
		inst, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(fmt.Sprintf("members[%d].institution_id", i))), 10, 64)
		in.Members = append(in.Members, team.MemberInput{IDNumber: idn, InstitutionID: inst, Role: r.PostFormValue(fmt.Sprintf("members[%d].role", i))})
	}
	if _, err := u.S.Team.SetTeam(r.Context(), web.Actor(r), id, in); err != nil {
		u.renderTeam(w, r, http.StatusOK, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/projects/%d", id), "project_team_saved")
}
