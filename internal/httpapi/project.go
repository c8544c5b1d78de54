package httpapi

import (
	"net/http"
	"strconv"

	"evalcred/internal/indicator"
	"evalcred/internal/project"
	"evalcred/internal/relation"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/projects", api.createProject)
		h("GET /api/v1/projects", api.listProjects)
		h("GET /api/v1/projects/{id}", byID(api.S.Project.Get))
		h("POST /api/v1/projects/{id}/selection", api.selectInstitutions)
		h("GET /api/v1/projects/{id}/indicators", byID(api.S.Project.GetIndicators))
		h("PUT /api/v1/projects/{id}/indicators", api.putIndicators)
		h("GET /api/v1/indicator-templates", api.indicatorTemplates)
		h("POST /api/v1/indicator-templates", api.addIndicatorTemplate)
		h("POST /api/v1/indicator-templates/{id}/retire", byID(api.S.Indicator.RetireTemplate))
		h("POST /api/v1/indicator-templates/{id}/revise", api.reviseIndicatorTemplate)
		h("GET /api/v1/institutions/{id}/relations", listByID(api.S.Relation.Relations))
		h("POST /api/v1/institutions/{id}/relations", api.declareRelation)
		h("POST /api/v1/institutions/{id}/relations/{rid}/end", api.endRelation)
	})
}

func (api *API) createProject(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	var in project.CreateInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Project.Create(r.Context(), a, in)
	replyStatus(w, r, http.StatusCreated, res, err)
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

func (api *API) selectInstitutions(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in project.SelectInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Project.Select(r.Context(), a, id, in)
	replyStatus(w, r, http.StatusCreated, res, err)
}

func (api *API) putIndicators(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in project.IndicatorsInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Project.PutIndicators(r.Context(), a, id, in)
	reply(w, r, res, err)
}

func (api *API) indicatorTemplates(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	list, err := api.S.Indicator.Templates(r.Context(), a)
	reply(w, r, items(list), err)
}

func (api *API) addIndicatorTemplate(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	var in indicator.TemplateInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Indicator.AddTemplate(r.Context(), a, in)
	replyStatus(w, r, http.StatusCreated, res, err)
}

// reviseIndicatorTemplate stores the body as the template's revision: 201
// with the new template, the old one retired.
func (api *API) reviseIndicatorTemplate(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in indicator.TemplateInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Indicator.ReviseTemplate(r.Context(), a, id, in)
	replyStatus(w, r, http.StatusCreated, res, err)
}

func (api *API) declareRelation(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in relation.Input
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Relation.DeclareRelation(r.Context(), a, id, in)
	replyStatus(w, r, http.StatusCreated, res, err)
}

func (api *API) endRelation(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	rid, ok := pathID(w, r, "rid")
	if !ok {
		return
	}
	res, err := api.S.Relation.EndRelation(r.Context(), a, id, rid)
	reply(w, r, res, err)
}
