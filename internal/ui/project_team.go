package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/project"
	"evalcred/internal/team"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /projects/{id}/team", u.projectTeam)
		h("POST /projects/{id}/team", u.projectTeamSave)
	})
}

// teamRows is how many member rows the builder shows: ?rows= asks for more
// (a plain link, so the form works without JavaScript), and never fewer
// than the members already chosen.
func teamRows(r *http.Request, chosen int) []int {
	n, _ := strconv.Atoi(r.FormValue("rows"))
	n = min(max(n, 6, chosen+2), 60)
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// staffGroup is an institution with the people a member row may choose.
type staffGroup struct {
	Institution team.StaffInstitution
	People      []team.Candidate
}

type teamPageData struct {
	projectDetailData
	Rows  []int
	Roles []string
	// Institutions are those the lead may be chosen from, Groups the people
	// of each; Extra the institutions added by the picker (kept as hidden
	// fields) and Found what the picker's search lists.
	Institutions []team.StaffInstitution
	Groups       []staffGroup
	Extra        []int64
	Found        []instOption
}

// personValue is how a member row names its choice: the institution and
// the person, so that one person filed at two institutions is two choices.
func personValue(c team.Candidate) string { return fmt.Sprintf("%d:%d", c.InstitutionID, c.PersonID) }

// teamPage builds the builder for form: the team as saved when form is nil.
func (u *UI) teamPage(r *http.Request, a *auth.Actor, id int64, form url.Values) (*Page, error) {
	ctx := r.Context()
	d, err := u.S.Project.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	data := teamPageData{projectDetailData: projectDetailData{Detail: d, Stages: project.Stages}, Roles: []string{team.RoleLeader, team.RoleMember, team.RoleExpert}}
	if form == nil {
		form = url.Values{}
		if t, ok := d.Team.(*team.Team); ok {
			if t.LeadInstitutionID != 0 {
				form.Set("lead_institution_id", strconv.FormatInt(t.LeadInstitutionID, 10))
			}
			for i, m := range t.Members {
				form.Set(fmt.Sprintf("members[%d].person", i), fmt.Sprintf("%d:%d", m.InstitutionID, m.PersonID))
				form.Set(fmt.Sprintf("members[%d].role", i), m.Role)
			}
		}
	}
	data.Extra = formIDs(form["institutions"])
	if add, _ := strconv.ParseInt(form.Get("add_institution"), 10, 64); add > 0 && form.Get("add") != "" && !slices.Contains(data.Extra, add) {
		data.Extra = append(data.Extra, add)
	}
	p := u.page(r, "project.team.title", nil)
	p.Form = form
	if d.Project.Allows(project.ActionSetTeam) {
		st, err := u.S.Team.Staffing(ctx, a, id, data.Extra)
		if err != nil {
			return nil, err
		}
		data.Institutions = st.Institutions
		for _, in := range st.Institutions {
			g := staffGroup{Institution: in}
			for _, c := range st.People {
				if c.InstitutionID == in.ID {
					g.People = append(g.People, c)
				}
			}
			data.Groups = append(data.Groups, g)
		}
		if data.Found, err = u.institutionOptions(ctx, a, form.Get("add_institution_q"), ""); err != nil {
			return nil, err
		}
	}
	data.Rows = teamRows(r, len(memberRows(form)))
	p.Data = data
	return p, nil
}

func (u *UI) projectTeam(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "project")
	if !ok {
		return
	}
	p, err := u.teamPage(r, a, id, nil)
	u.render(w, r, "project_team", p, err)
}

// formIDs reads the positive ids among vs.
func formIDs(vs []string) []int64 {
	var out []int64
	for _, v := range vs {
		if id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && id > 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

var memberRow = regexp.MustCompile(`^members\[(\d+)\]\.person$`)

// memberRows are the indexes of the rows with a person chosen, in order.
func memberRows(form url.Values) []int {
	var out []int
	for k, v := range form {
		if m := memberRow.FindStringSubmatch(k); m != nil && strings.TrimSpace(v[0]) != "" {
			if i, err := strconv.Atoi(m[1]); err == nil && i < 60 {
				out = append(out, i)
			}
		}
	}
	slices.Sort(out)
	return out
}

// projectTeamSave saves the team chosen in the builder; the picker's find
// and add buttons instead show the builder again with what they found or
// added.
func (u *UI) projectTeamSave(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "project")
	if !ok {
		return
	}
	if r.PostFormValue("find") != "" || r.PostFormValue("add") != "" {
		p, err := u.teamPage(r, a, id, r.PostForm)
		u.render(w, r, "project_team", p, err)
		return
	}
	err := u.saveTeam(r, a, id)
	u.posted(w, r, err, fmt.Sprintf("/projects/%d", id), "project_team_saved", "project_team", func() (*Page, error) { return u.teamPage(r, a, id, r.PostForm) })
}

// saveTeam reads the chosen people into the API's input (by their ID
// numbers, which the form never carries) and saves the team. A member's
// field error names the form's row, not the member's place in the input.
func (u *UI) saveTeam(r *http.Request, a *auth.Actor, id int64) error {
	// Whoever may not staff teams is told so before the form is read.
	if err := a.Require("project.manage"); err != nil {
		return err
	}
	lead, _ := strconv.ParseInt(r.PostFormValue("lead_institution_id"), 10, 64)
	rows := memberRows(r.PostForm)
	var f apperr.Fields
	if lead == 0 {
		f.Add("lead_institution_id", "field.required")
	}
	if len(rows) == 0 {
		f.Add("members[0].person", "field.required")
	}
	if err := f.Err(); err != nil {
		return err
	}
	st, err := u.S.Team.Staffing(r.Context(), a, id, formIDs(r.PostForm["institutions"]))
	if err != nil {
		return err
	}
	in := team.Input{LeadInstitutionID: lead}
	for _, i := range rows {
		name := fmt.Sprintf("members[%d].person", i)
		inst, person, _ := strings.Cut(r.PostFormValue(name), ":")
		iid, _ := strconv.ParseInt(inst, 10, 64)
		pid, _ := strconv.ParseInt(person, 10, 64)
		c, ok := st.Person(iid, pid)
		if !ok {
			f.Add(name, "pickers.team.person_unknown")
			continue
		}
		in.Members = append(in.Members, team.MemberInput{IDNumber: c.IDNumber, InstitutionID: c.InstitutionID, Role: r.PostFormValue(fmt.Sprintf("members[%d].role", i))})
	}
	if err := f.Err(); err != nil {
		return err
	}
	_, err = u.S.Team.SetTeam(r.Context(), a, id, in)
	if e := apperr.As(err); e != nil && len(e.Fields) > 0 {
		moved := map[string]string{}
		for k, v := range e.Fields {
			var n int
			var rest string
			if _, serr := fmt.Sscanf(k, "members[%d].%s", &n, &rest); serr == nil && n < len(rows) {
				k = fmt.Sprintf("members[%d].person", rows[n])
			}
			moved[k] = v
		}
		e.Fields = moved
	}
	return err
}
