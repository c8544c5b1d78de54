package ui

import (
	"net/http"
	"slices"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/credit"
	"evalcred/internal/ledger"
)

// A credit record's page (the link of every credit notice) with its timeline
// and, as plain forms, the actions the viewer may take on it now.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /credit-records/{id}", u.creditRecord)
		h("POST /credit-records/{id}/objection", u.creditAction("objection"))
		h("POST /credit-records/{id}/accept", u.creditAction("accept"))
		h("POST /credit-records/{id}/objection/decision", u.creditAction("objection_decision"))
		h("POST /credit-records/{id}/repair", u.creditAction("repair"))
		h("POST /credit-records/{id}/repair/decision", u.creditAction("repair_decision"))
	})
}

// recordActions says which forms the record page offers: the actions the
// credit part lists for the viewer on the record.
type recordActions struct {
	Object, Accept, DecideObjection, ApplyRepair, DecideRepair bool
	// RepairFrom is the first day repair may be applied for, when that is
	// still ahead (the page says so instead of offering the form).
	RepairFrom calendar.Date
}

func actionsOf(rec *credit.Record) recordActions {
	has := func(action string) bool { return slices.Contains(rec.Actions, action) }
	return recordActions{Object: has(credit.ActionObject), Accept: has(credit.ActionAccept), DecideObjection: has(credit.ActionDecideObjection),
		ApplyRepair: has(credit.ActionApplyRepair), DecideRepair: has(credit.ActionDecideRepair), RepairFrom: rec.RepairFrom}
}

// recordData is what credit_record.html shows.
type recordData struct {
	Record   credit.Record
	Timeline []ledger.Entry
	Actions  recordActions
	// Back is the list the viewer came from: their own credit page for an
	// institution user, the records list for officials.
	Back string
}

func (u *UI) creditRecord(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	p, err := u.recordPage(r, a)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "credit_record", p)
}

// recordPage loads the record and its timeline into a page; another
// institution's record, or one outside the region, is NotFound.
func (u *UI) recordPage(r *http.Request, a *auth.Actor) (*Page, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, apperr.NotFoundf("credit record")
	}
	rec, err := u.S.Credit.Get(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	tl, err := u.S.Credit.Timeline(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	d := recordData{Record: rec, Timeline: tl, Actions: actionsOf(&rec), Back: "/credit-records"}
	if a.ForInstitution() {
		d.Back = "/my/credit"
	}
	return u.page(r, "creditweb.record.title", d), nil
}

// creditAction handles one of the record forms: it calls the service with
// the form's values and goes back to the record page (Post/Redirect/Get), or
// shows the page again with the reason it failed.
func (u *UI) creditAction(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a := u.requireLogin(w, r)
		if a == nil {
			return
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			u.fail(w, r, apperr.NotFoundf("credit record"))
			return
		}
		ctx, c := r.Context(), u.S.Credit
		switch action {
		case "objection":
			_, err = c.Object(ctx, a, id, credit.ObjectInput{Reason: r.PostFormValue("reason")})
		case "accept":
			_, err = c.Accept(ctx, a, id)
		case "objection_decision":
			_, err = c.DecideObjection(ctx, a, id, credit.DecisionInput{Decision: r.PostFormValue("decision")})
		case "repair":
			_, err = c.ApplyRepair(ctx, a, id, credit.RepairInput{Explanation: r.PostFormValue("explanation"), Pledge: r.PostFormValue("pledge") != ""})
		case "repair_decision":
			_, err = c.DecideRepair(ctx, a, id, credit.DecisionInput{Decision: r.PostFormValue("decision"), Comment: r.PostFormValue("comment")})
		}
		if err == nil {
			redirect(w, r, "/credit-records/"+strconv.FormatInt(id, 10), "creditweb_"+action)
			return
		}
		p, perr := u.recordPage(r, a)
		if perr != nil {
			u.fail(w, r, err)
			return
		}
		p.Form = r.PostForm
		status := p.withError(r, err)
		u.Engine.Render(w, r, status, "credit_record", p)
	}
}
