package ui

import (
	"context"
	"net/http"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/credit"
	"evalcred/internal/registry"
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
	st, err := u.S.Credit.StandingOf(ctx, a, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := standingData{InstitutionID: id, Mine: mine, Standing: credit.ViewStanding(web.Lang(ctx), st), CanPropose: a.Can("credit.propose")}
	if inst, err := registry.Load(ctx, u.S.DB, id, u.now()); err == nil {
		d.InstitutionName, d.USCC = inst.Name, inst.USCC
	}
	if err := u.S.Credit.EachRecord(ctx, a, credit.RecordFilter{InstitutionID: id}, func(c *credit.Record) error {
		d.Records = append(d.Records, *c)
		return nil
	}); err != nil {
		u.fail(w, r, err)
		return
	}
	if d.ReasonLinks, err = reasonLinks(ctx, u, id, st); err != nil {
		u.fail(w, r, err)
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "standing", u.page(r, "creditweb.standing.title", d))
}

// reasonLinks finds the record behind each reason: a serious record names
// itself; a ban or suspension names its sanction, whose source may be a record.
func reasonLinks(ctx context.Context, u *UI, institutionID int64, st credit.Standing) (map[int]int64, error) {
	links := map[int]int64{}
	var sanctions []credit.Sanction
	for i, r := range st.Reasons {
		switch {
		case r.RecordID != 0:
			links[i] = r.RecordID
		case r.SanctionID != 0:
			if sanctions == nil {
				var err error
				if sanctions, err = credit.Restrictions(ctx, u.S.DB, institutionID, calendar.DateOf(u.now())); err != nil {
					return nil, err
				}
			}
			for _, s := range sanctions {
				if s.ID == r.SanctionID && s.SourceKind == credit.SourceCreditRecord {
					links[i] = s.SourceID
				}
			}
		}
	}
	return links, nil
}
