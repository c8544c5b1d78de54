package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/relation"
)

// The organisations an institution is tied to (its clients, units it has
// audited, owners...): a project's selection leaves out the institutions
// tied to its client or evaluated unit. The institution's own users and the
// officials who run projects in its region read and declare them.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /institutions/{id}/relations", u.relations)
		h("POST /institutions/{id}/relations", u.declareRelation)
		h("POST /institutions/{id}/relations/{rid}/end", u.endRelation)
		h("GET /my/relations", u.myRelations)
	})
}

type relationsData struct {
	InstitutionID int64
	Relations     []relation.Relation
}

func (u *UI) relationsPage(w http.ResponseWriter, r *http.Request, status int, p *Page, id int64) {
	list, err := u.S.Relation.Relations(r.Context(), p.Actor, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	p.Data = relationsData{InstitutionID: id, Relations: list}
	u.Engine.Render(w, r, status, "relations", p)
}

func (u *UI) relations(w http.ResponseWriter, r *http.Request) {
	if u.requireLogin(w, r) == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	u.relationsPage(w, r, http.StatusOK, u.page(r, "relations.title", nil), id)
}

// myRelations sends an institution's user to their own institution's page.
func (u *UI) myRelations(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	if a.InstitutionID == 0 {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, "/institutions/"+strconv.FormatInt(a.InstitutionID, 10)+"/relations", http.StatusSeeOther)
}

func (u *UI) declareRelation(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	in := relation.Input{Organisation: r.PostFormValue("organisation"), Relation: r.PostFormValue("relation")}
	if _, err := u.S.Relation.DeclareRelation(r.Context(), a, id, in); err != nil {
		p := u.page(r, "relations.title", nil)
		p.Form = r.PostForm
		u.relationsPage(w, r, p.withError(r, err), p, id)
		return
	}
	redirect(w, r, "/institutions/"+strconv.FormatInt(id, 10)+"/relations", "relation_declared")
}

// endRelation ends one relation (the record stays, shown as ended); a refusal
// (already ended, no permission) comes back on the page with the reason.
func (u *UI) endRelation(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	rid, err := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if _, err := u.S.Relation.EndRelation(r.Context(), a, id, rid); err != nil {
		if apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Forbidden) {
			u.fail(w, r, err)
			return
		}
		p := u.page(r, "relations.title", nil)
		u.relationsPage(w, r, p.withError(r, err), p, id)
		return
	}
	redirect(w, r, "/institutions/"+strconv.FormatInt(id, 10)+"/relations", "relation_ended")
}
