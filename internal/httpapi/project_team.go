package httpapi

import (
	"net/http"

	"evalcred/internal/locale"
	"evalcred/internal/project"
	"evalcred/internal/team"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("PUT /api/v1/projects/{id}/team", api.setTeam)
		h("GET /api/v1/projects/{id}/team", api.getTeam)
		h("POST /api/v1/projects/{id}/reviewers", api.assignReviewer)
	})
}

// stageName is a stage in the request's language, for exports.
func stageName(lang, stage string) string { return locale.T(lang, "project.stage."+stage) }

func (api *API) setTeam(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in team.Input
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Team.SetTeam(r.Context(), a, id, in)
	reply(w, r, res, err)
}

// teamHeaders are the columns of the team export; ID numbers stay masked.
var teamHeaders = []string{"project.col.member", "project.col.id_number", "project.col.institution", "project.col.role"}

func (api *API) getTeam(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	t, err := api.S.Team.GetTeam(r.Context(), a, id)
	if err != nil || !wantsXLSX(r) {
		reply(w, r, t, err)
		return
	}
	lang := web.Lang(r.Context())
	api.exportRows(w, r, "project_team", teamHeaders, func(emit xlsx.Emit) error {
		for _, m := range t.Members {
			if err := emit(m.Name, m.IDNumber, m.InstitutionName, locale.T(lang, "project.role."+m.Role)); err != nil {
				return err
			}
		}
		return nil
	})
}

func (api *API) assignReviewer(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in project.AssignInput
	if err := web.Decode(w, r, &in); err != nil {
		web.Error(w, r, err)
		return
	}
	res, err := api.S.Project.AssignReviewer(r.Context(), a, id, in)
	replyStatus(w, r, http.StatusCreated, res, err)
}
