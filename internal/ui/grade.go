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
	u.mine(w, r, "/grades", apperr.New(apperr.Forbidden, "error.forbidden"))
}

func (u *UI) gradeList(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "institution")
	if !ok {
		return
	}
	list, err := u.S.YearClose.GradesOf(r.Context(), a, id)
	u.show(w, r, "grade_list", "grade.title", &gradeListData{InstitutionID: id, Grades: list}, err)
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
	id, err := pathID(r, "id", "institution")
	year, yerr := strconv.Atoi(r.PathValue("year"))
	if err != nil || yerr != nil {
		u.fail(w, r, apperr.NotFoundf("institution"))
		return
	}
	x, err := u.S.YearClose.Explain(r.Context(), a, u.S.Assessment, id, year)
	u.show(w, r, "grade_explain", "grade.explain_title", &gradeExplainData{X: x, Dimensions: assessment.Dimensions}, err)
}
