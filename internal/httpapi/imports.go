package httpapi

import (
	"context"
	"net/http"

	"evalcred/internal/auth"
	"evalcred/internal/imports"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/imports/templates/{kind}", api.importTemplate)
		h("POST /api/v1/imports/{kind}", api.startImport)
		h("GET /api/v1/imports/{id}", byID(api.getImport))
	})
}

// importTemplate hands out the Excel template of a kind (institutions or
// persons) to anyone who may import.
func (api *API) importTemplate(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	if err := a.Require("import"); err != nil {
		web.Error(w, r, err)
		return
	}
	t, err := imports.TemplateOf(r.PathValue("kind"))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.SendSpreadsheet(w, t.ASCIIName, t.Name, t.Data)
}

// startImport takes the file and answers 202 with the import's id; the
// import goes on in the background (GET /api/v1/imports/{id}).
func (api *API) startImport(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	name, data, err := web.ReadUpload(w, r, imports.MaxFileBytes)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	id, err := api.S.Imports.Start(r.Context(), a, r.PathValue("kind"), name, data)
	replyStatus(w, r, http.StatusAccepted, map[string]any{"id": id}, err)
}

// getImport answers an import's progress, its errors in the caller's language.
func (api *API) getImport(ctx context.Context, a *auth.Actor, id int64) (*imports.Import, error) {
	im, err := api.S.Imports.Get(ctx, a, id)
	if err == nil {
		im.Translate(web.Lang(ctx), web.FieldMessage)
	}
	return im, err
}
