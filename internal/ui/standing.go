package ui

import (
	"net/http"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/credit"
	"evalcred/internal/web"
)

// An institution's credit at a glance: its standing (eligible or not, until
// when, why, each reason linked to its record) and the score with its
// explanation, over every record of it. Institution users see their own at
// /my/credit, officials any institution in their region.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /my/credit", u.myCredit)
		h("GET /institutions/{id}/credit", u.institutionCredit)
	})
}

// standingData is what standing.html shows.
type standingData struct {
	InstitutionID   int64
	InstitutionName string
	USCC            string
	Mine            bool
	Standing        credit.StandingView
	// ReasonLinks maps a reason's index to the record it comes from, also for
	// a ban or suspension imposed with a record.
	ReasonLinks map[int]int64
	Records     []credit.Record
	CanPropose  bool
}

func (u *UI) myCredit(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	if !a.ForInstitution() {
		u.fail(w, r, apperr.New(apperr.Forbidden, "error.forbidden"))
		return
	}
	u.renderStanding(w, r, a, a.InstitutionID, true)
}

func (u *UI) institutionCredit(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	id, err := pathID(r, "id", "institution")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if a.ActsFor(id) {
		http.Redirect(w, r, "/my/credit", http.StatusSeeOther)
		return
	}
	u.renderStanding(w, r, a, id, false)
}

func (u *UI) renderStanding(w http.ResponseWriter, r *http.Request, a *auth.Actor, id int64, mine bool) {
	ctx := r.Context()
	ov, err := u.S.Credit.Overview(ctx, a, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := standingData{InstitutionID: id, InstitutionName: ov.Name, USCC: ov.USCC, Mine: mine, Standing: credit.ViewStanding(web.Lang(ctx), ov.Standing),
		ReasonLinks: ov.ReasonRecords, CanPropose: a.Can("credit.propose")}
	if err := u.S.Credit.EachRecord(ctx, a, credit.RecordFilter{InstitutionID: id}, func(c *credit.Record) error {
		d.Records = append(d.Records, *c)
		return nil
	}); err != nil {
		u.fail(w, r, err)
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "standing", u.page(r, "creditweb.standing.title", d))
}
