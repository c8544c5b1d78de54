package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/assessment"
	"evalcred/internal/yearclose"
)

// The grade pages: an institution's annual grades, and how one year's grade
// was reached down to each score and its justification. Institution users
// reach their own at /my/grades.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /my/grades", u.myGrades)
		h("GET /institutions/{id}/grades", u.gradeList)
		h("GET /institutions/{id}/grades/{year}", u.gradeExplain)
	})
}

// gradeListData is what grade_list.html shows.
type gradeListData struct {
	InstitutionID int64
	Grades        []yearclose.YearGrade
}

func (u *UI) myGrades(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	if a.InstitutionID == 0 {
		u.fail(w, r, apperr.New(apperr.Forbidden, "error.forbidden"))
		return
	}
	http.Redirect(w, r, "/institutions/"+strconv.FormatInt(a.InstitutionID, 10)+"/grades", http.StatusSeeOther)
}

func (u *UI) gradeList(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	id, err := idParam(r)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	list, err := u.S.YearClose.GradesOf(r.Context(), a, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "grade_list", u.page(r, "grade.title", &gradeListData{InstitutionID: id, Grades: list}))
}

// gradeExplainData is what grade_explain.html shows.
type gradeExplainData struct {
	X          *yearclose.Explanation
	Dimensions []string
}

func (u *UI) gradeExplain(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	id, err := idParam(r)
	year, yerr := strconv.Atoi(r.PathValue("year"))
	if err != nil || yerr != nil {
		u.fail(w, r, apperr.NotFoundf("institution"))
		return
	}
	x, err := u.S.YearClose.Explain(r.Context(), a, u.S.Assessment, id, year)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "grade_explain", u.page(r, "grade.explain_title", &gradeExplainData{X: x, Dimensions: assessment.Dimensions}))
}
