package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/relation"
)

// The organisations an institution is tied to (its clients, units it has
// audited, owners...): a project's selection leaves out the institutions
// tied to its client or evaluated unit. The institution's own users and the
// officials who run projects in its region read and declare them.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /institutions/{id}/relations", u.pageByID("institution", "relations", u.relationsPage))
		h("POST /institutions/{id}/relations", u.declareRelation)
		h("POST /institutions/{id}/relations/{rid}/end", u.endRelation)
		h("GET /my/relations", u.myRelations)
	})
}

type relationsData struct {
	InstitutionID int64
	Relations     []relation.Relation
}

func (u *UI) relationsPage(r *http.Request, a *auth.Actor, id int64) (*Page, error) {
	list, err := u.S.Relation.Relations(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	return u.page(r, "relations.title", relationsData{InstitutionID: id, Relations: list}), nil
}

// myRelations sends an institution's user to their own institution's page;
// for anyone else there is none.
func (u *UI) myRelations(w http.ResponseWriter, r *http.Request) {
	u.mine(w, r, "/relations", apperr.NotFoundf("institution"))
}

func (u *UI) declareRelation(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "institution")
	if !ok {
		return
	}
	in := relation.Input{Organisation: r.PostFormValue("organisation"), Relation: r.PostFormValue("relation")}
	_, err := u.S.Relation.DeclareRelation(r.Context(), a, id, in)
	u.posted(w, r, err, relationsPath(id), "relation_declared", "relations", func() (*Page, error) { return u.relationsPage(r, a, id) })
}

// endRelation ends one relation (the record stays, shown as ended); a refusal
// (already ended) comes back on the page with the reason.
func (u *UI) endRelation(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "institution")
	if !ok {
		return
	}
	rid, err := pathID(r, "rid", "relation")
	if err == nil {
		_, err = u.S.Relation.EndRelation(r.Context(), a, id, rid)
	}
	if unreachable(err) {
		u.fail(w, r, err)
		return
	}
	u.posted(w, r, err, relationsPath(id), "relation_ended", "relations", func() (*Page, error) { return u.relationsPage(r, a, id) })
}

func relationsPath(id int64) string {
	return "/institutions/" + strconv.FormatInt(id, 10) + "/relations"
}
