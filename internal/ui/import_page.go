package ui

import (
	"net/http"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/imports"
	"evalcred/internal/web"
)

func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("GET /imports", u.importForm)
		h("POST /imports", u.importUpload)
		h("GET /imports/templates/{kind}", u.importTemplate)
		h("GET /imports/{id}", u.importView)
	})
}

// importKinds are offered on the upload form, in this order.
var importKinds = []string{imports.KindInstitutions, imports.KindPersons}

func (u *UI) importForm(w http.ResponseWriter, r *http.Request) {
	if u.requirePermission(w, r, "import") == nil {
		return
	}
	u.Engine.Render(w, r, http.StatusOK, "import", u.page(r, "imports.title", importKinds))
}

func (u *UI) importTemplate(w http.ResponseWriter, r *http.Request) {
	if u.requirePermission(w, r, "import") == nil {
		return
	}
	t, err := imports.TemplateOf(r.PathValue("kind"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	web.SendSpreadsheet(w, t.ASCIIName, t.Name, t.Data)
}

// importUpload starts the import and shows its progress page.
func (u *UI) importUpload(w http.ResponseWriter, r *http.Request) {
	a := u.requireLogin(w, r)
	if a == nil {
		return
	}
	name, data, err := web.ReadUpload(w, r, imports.MaxFileBytes)
	var id int64
	if err == nil {
		id, err = u.S.Imports.Start(r.Context(), a, r.FormValue("kind"), name, data)
	}
	if err != nil {
		if apperr.Is(err, apperr.Forbidden) {
			u.fail(w, r, err)
			return
		}
		p := u.page(r, "imports.title", importKinds)
		p.Form = r.Form
		u.Engine.Render(w, r, p.withError(r, err), "import", p)
		return
	}
	redirect(w, r, "/imports/"+strconv.FormatInt(id, 10), "")
}

// importView shows an import's progress. While it runs, htmx swaps the
// progress block every second, and a meta refresh reloads the page when
// JavaScript is off.
func (u *UI) importView(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "import")
	if !ok {
		return
	}
	im, err := u.S.Imports.Get(r.Context(), a, id)
	if err == nil {
		im.Translate(web.Lang(r.Context()), web.FieldMessage)
	}
	u.show(w, r, "import_view", "import.view.title", im, err)
}
