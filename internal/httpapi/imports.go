package httpapi

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"

	"evalcred/internal/apperr"
	"evalcred/internal/imports"
	"evalcred/internal/locale"
	"evalcred/internal/web"
	"evalcred/internal/xlsx"
)

func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("GET /api/v1/imports/templates/{kind}", api.importTemplate)
		h("POST /api/v1/imports/{kind}", api.startImport)
		h("GET /api/v1/imports/{id}", api.getImport)
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
	kind := r.PathValue("kind")
	var buf bytes.Buffer
	if err := imports.Template(&buf, kind); err != nil {
		web.Error(w, r, err)
		return
	}
	ServeTemplate(w, kind, buf.Bytes())
}

// ServeTemplate writes a template file as a download (the pages use it too).
func ServeTemplate(w http.ResponseWriter, kind string, b []byte) {
	name := locale.T("zh", "import.sheet."+kind) + ".xlsx"
	w.Header().Set("Content-Type", xlsx.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+kind+`-template.xlsx"; filename*=UTF-8''`+url.PathEscape(name))
	_, _ = w.Write(b)
}

// ReadUpload reads the multipart field "file" up to imports.MaxFileBytes.
func ReadUpload(w http.ResponseWriter, r *http.Request) (name string, data []byte, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, imports.MaxFileBytes+1<<20)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, apperr.Wrap(err, apperr.TooLarge, "error.too_large")
		}
		return "", nil, &apperr.Error{Code: apperr.Invalid, Key: "error.invalid", Fields: map[string]string{"file": "field.required"}, Err: err}
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, imports.MaxFileBytes+1))
	if err != nil {
		return "", nil, apperr.Wrap(err, apperr.Malformed, "error.malformed")
	}
	return hdr.Filename, data, nil
}

// startImport takes the file and answers 202 with the import's id; the
// import goes on in the background (GET /api/v1/imports/{id}).
func (api *API) startImport(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	name, data, err := ReadUpload(w, r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	id, err := api.S.Imports.Start(r.Context(), a, r.PathValue("kind"), name, data)
	replyStatus(w, r, http.StatusAccepted, map[string]any{"id": id}, err)
}

func (api *API) getImport(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	im, err := api.S.Imports.Get(r.Context(), a, id)
	if err == nil {
		im.Translate(web.Lang(r.Context()), web.FieldMessage)
	}
	reply(w, r, im, err)
}
