package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"evalcred/internal/auth"
	"evalcred/internal/spotcheck"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /spot-checks", u.spotChecks)
		h("POST /spot-checks/draw", u.spotDraw)
		h("POST /projects/{id}/spot-checks", u.spotRecord)
		h("GET /public/draws/{id}", u.public(u.publicDraw))
	})
}

// spotChecks shows the draw form, the last draw (?draw=) and the projects in
// implementation that may be checked.
func (u *UI) spotChecks(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	drawID, _ := strconv.ParseInt(r.URL.Query().Get("draw"), 10, 64)
	d, err := u.S.SpotCheck.ViewDesk(r.Context(), a, drawID)
	u.show(w, r, "project_spot", "project.spot.title", d, err)
}

func (u *UI) spotDraw(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	count, _ := strconv.Atoi(r.PostFormValue("count"))
	d, err := u.S.SpotCheck.DrawSpotChecks(r.Context(), a, spotcheck.DrawInput{Count: count, Seed: strings.TrimSpace(r.PostFormValue("seed"))})
	if err != nil {
		u.refused(w, r, "project_spot", u.page(r, "project.spot.title", &spotcheck.Desk{}), err)
		return
	}
	redirect(w, r, fmt.Sprintf("/spot-checks?draw=%d", d.ID), "project_spot_drawn")
}

func (u *UI) spotRecord(w http.ResponseWriter, r *http.Request) {
	drawID, _ := strconv.ParseInt(r.PostFormValue("draw_id"), 10, 64)
	in := spotcheck.Input{DrawID: drawID, Summary: r.PostFormValue("summary"), Items: map[string]spotcheck.ItemInput{}}
	for _, it := range spotcheck.Items {
		in.Items[it] = spotcheck.ItemInput{Result: r.PostFormValue("items." + it + ".result"), Note: strings.TrimSpace(r.PostFormValue("items." + it + ".note"))}
	}
	u.projectAction(w, r, "project_detail", "", "project_spot_recorded", func(a *auth.Actor, id int64) error {
		_, err := u.S.SpotCheck.RecordSpotCheck(r.Context(), a, id, in)
		return err
	})
}

// publicDraw is the public page of a draw: no login, rate limited.
func (u *UI) publicDraw(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "project")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d, err := u.S.Draw.Public(r.Context(), id)
	u.show(w, r, "project_draw", "project.draw.title", d, err)
}
