package ui

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	"evalcred/internal/assessment"
	"evalcred/internal/auth"
)

// The assessment pages: a project's assessments with the scoring form
// (prefilled timeliness), one assessment with the institution's comment form
// and the reviewing official's settlement form.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /projects/{id}/assessments", u.pageByID("assessment", "assessment_list", u.assessmentListPage))
		h("POST /projects/{id}/assessments", u.assessmentScore)
		h("GET /assessments/{id}", u.pageByID("assessment", "assessment_view", u.assessmentViewPage))
		h("POST /assessments/{id}/comment", u.assessmentComment)
		h("POST /assessments/{id}/settlement", u.assessmentSettle)
	})
}

// assessmentListData is what assessment_list.html shows.
type assessmentListData struct {
	ProjectID int64
	*assessment.ProjectView
	Dimensions []string
	// Timeliness is the prefilled timeliness score as the field shows it.
	Timeliness string
}

func (u *UI) assessmentListPage(r *http.Request, a *auth.Actor, projectID int64) (*Page, error) {
	v, err := u.S.Assessment.ViewProject(r.Context(), a, projectID)
	if err != nil {
		return nil, err
	}
	d := &assessmentListData{ProjectID: projectID, ProjectView: v, Dimensions: assessment.Dimensions}
	if d.Form != nil && d.Form.TimelinessSuggest != nil {
		d.Timeliness = assessment.Points(*d.Form.TimelinessSuggest)
	}
	return u.page(r, "assessment.title", d), nil
}

// scoreForm reads the dimension fields of a scoring or settlement form,
// named like the JSON fields ("scores.onsite", "justifications.onsite").
func scoreForm(r *http.Request) (map[string]json.Number, map[string]string) {
	scores, just := map[string]json.Number{}, map[string]string{}
	for _, d := range assessment.Dimensions {
		if v := r.PostFormValue("scores." + d); v != "" {
			scores[d] = json.Number(v)
		}
		just[d] = r.PostFormValue("justifications." + d)
	}
	return scores, just
}

func (u *UI) assessmentScore(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "assessment")
	if !ok {
		return
	}
	in := assessment.Input{}
	in.InstitutionID, _ = strconv.ParseInt(r.PostFormValue("institution_id"), 10, 64)
	in.PersonDays, _ = strconv.ParseInt(r.PostFormValue("person_days"), 10, 64)
	in.Scores, in.Justifications = scoreForm(r)
	x, err := u.S.Assessment.Score(r.Context(), a, id, in)
	to := ""
	if err == nil {
		to = "/assessments/" + strconv.FormatInt(x.ID, 10)
	}
	u.posted(w, r, err, to, "assessment_saved", "assessment_list", func() (*Page, error) { return u.assessmentListPage(r, a, id) })
}

// assessmentViewData is what assessment_view.html shows.
type assessmentViewData struct {
	X          *assessment.Assessment
	Dimensions []string
	CanComment bool
	CanSettle  bool
}

func (u *UI) assessmentViewPage(r *http.Request, a *auth.Actor, id int64) (*Page, error) {
	x, err := u.S.Assessment.Get(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	d := &assessmentViewData{X: x, Dimensions: assessment.Dimensions,
		CanComment: slices.Contains(x.Actions, assessment.ActionComment),
		CanSettle:  slices.Contains(x.Actions, assessment.ActionSettle)}
	return u.page(r, "assessment.view_title", d), nil
}

func (u *UI) assessmentComment(w http.ResponseWriter, r *http.Request) {
	u.assessmentAct(w, r, "assessment_commented", func(a *auth.Actor, id int64) error {
		_, err := u.S.Assessment.Comment(r.Context(), a, id, assessment.CommentInput{Comment: r.PostFormValue("comment"), Dispute: r.PostFormValue("dispute") != ""})
		return err
	})
}

func (u *UI) assessmentSettle(w http.ResponseWriter, r *http.Request) {
	u.assessmentAct(w, r, "assessment_settled_ok", func(a *auth.Actor, id int64) error {
		in := assessment.SettleInput{Decision: r.PostFormValue("decision"), Note: r.PostFormValue("note")}
		if in.Decision == "revised" {
			in.Scores, in.Justifications = scoreForm(r)
		}
		_, err := u.S.Assessment.Settle(r.Context(), a, id, in)
		return err
	})
}

// assessmentAct runs a form action on an assessment: Post/Redirect/Get on
// success, the page again with the error otherwise.
func (u *UI) assessmentAct(w http.ResponseWriter, r *http.Request, notice string, act func(a *auth.Actor, id int64) error) {
	a, id, ok := u.withID(w, r, "assessment")
	if !ok {
		return
	}
	u.posted(w, r, act(a, id), "/assessments/"+strconv.FormatInt(id, 10), notice, "assessment_view", func() (*Page, error) {
		return u.assessmentViewPage(r, a, id)
	})
}
