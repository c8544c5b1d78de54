package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"evalcred/internal/auth"
	"evalcred/internal/project"
	"evalcred/internal/relation"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/projects", create(api.S.Project.Create))
		h("GET /api/v1/projects", api.listProjects)
		h("GET /api/v1/projects/{id}", byID(api.S.Project.Get))
		h("POST /api/v1/projects/{id}/selection", createWith(api.S.Project.Select))
		h("GET /api/v1/projects/{id}/indicators", byID(api.S.Project.GetIndicators))
		h("PUT /api/v1/projects/{id}/indicators", withBody(api.S.Project.PutIndicators))
		h("GET /api/v1/indicator-templates", listMine(api.S.Indicator.Templates))
		h("POST /api/v1/indicator-templates", create(api.S.Indicator.AddTemplate))
		h("POST /api/v1/indicator-templates/{id}/retire", byID(api.S.Indicator.RetireTemplate))
		// The body is the template's revision: 201 with the new template, the old one retired.
		h("POST /api/v1/indicator-templates/{id}/revise", createWith(api.S.Indicator.ReviseTemplate))
		h("GET /api/v1/institutions/{id}/relations", listByID(api.S.Relation.Relations))
		h("POST /api/v1/institutions/{id}/relations", createWith(api.S.Relation.DeclareRelation))
		h("POST /api/v1/institutions/{id}/relations/{rid}/end", serve(http.StatusOK, idWith(pathIDOf("rid")), bodiless(api.endRelation)))
	})
}

// projectHeaders are the columns of the project export.
var projectHeaders = []string{"project.col.id", "project.col.year", "project.col.name", "project.col.fund", "project.col.amount",
	"project.col.client", "project.col.evaluated_unit", "project.col.region", "project.col.stage", "project.col.lead", "project.col.deadline"}

func (api *API) listProjects(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	list, err := api.S.Project.List(r.Context(), a, project.Filter{Stage: r.URL.Query().Get("stage"), Year: year, Limit: 1000})
	if err != nil || !wantsXLSX(r) {
		reply(w, r, items(list), err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "project", projectHeaders, func(emit xlsx.Emit) error {
		for _, p := range list {
			if err := emit(p.ID, p.Year, p.Name, p.Fund, float64(p.AmountFen)/100, p.Client, p.EvaluatedUnit, p.RegionCode,
				stageName(lang, p.Stage), p.LeadName, p.Deadline.String()); err != nil {
				return err
			}
		}
		return nil
	})
}

func (api *API) endRelation(ctx context.Context, a *auth.Actor, k idAnd[int64]) (*relation.Relation, error) {
	return api.S.Relation.EndRelation(ctx, a, k.id, k.second)
}
