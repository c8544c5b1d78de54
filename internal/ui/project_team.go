package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"evalcred/internal/auth"
	"evalcred/internal/project"
	"evalcred/internal/team"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /projects/{id}/team", u.pageByID("project", "project_team", u.teamPage))
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

func (u *UI) teamPage(r *http.Request, a *auth.Actor, id int64) (*Page, error) {
	d, err := u.S.Project.Get(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	data := teamPageData{projectDetailData: projectDetailData{Detail: d, Stages: project.Stages}, Rows: teamRows(r),
		Roles: []string{team.RoleLeader, team.RoleMember, team.RoleExpert}}
	return u.page(r, "project.team.title", data), nil
}

func (u *UI) projectTeamSave(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "project")
	if !ok {
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
	_, err := u.S.Team.SetTeam(r.Context(), a, id, in)
	u.posted(w, r, err, fmt.Sprintf("/projects/%d", id), "project_team_saved", "project_team", func() (*Page, error) { return u.teamPage(r, a, id) })
}
