package httpapi

import (
	"net/http"

	"evalcred/internal/locale"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("PUT /api/v1/projects/{id}/team", withBody(api.S.Team.SetTeam))
		h("GET /api/v1/projects/{id}/team", api.getTeam)
		h("POST /api/v1/projects/{id}/reviewers", createWith(api.S.Project.AssignReviewer))
	})
}

// stageName is a stage in the request's language, for exports.
func stageName(lang, stage string) string { return locale.T(lang, "project.stage."+stage) }

// teamHeaders are the columns of the team export; ID numbers stay masked.
var teamHeaders = []string{"project.col.member", "project.col.id_number", "project.col.institution", "project.col.role"}

func (api *API) getTeam(w http.ResponseWriter, r *http.Request) {
	a, id, ok := actorAnd(w, r, idKey)
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
