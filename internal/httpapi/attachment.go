package httpapi

import (
	"net/http"
	"strconv"

	"evalcred/internal/web"
)

// Supporting documents of a filing: uploaded by the institution's users,
// downloaded by them and by the officials of its region.
func init() {
	registerArea(func(api *API, h func(string, http.HandlerFunc)) {
		h("POST /api/v1/institutions/{id}/attachments", api.uploadAttachment)
		h("GET /api/v1/institutions/{id}/attachments", listByID(api.S.Filing.ListAttachments))
		h("GET /api/v1/attachments/{id}", api.downloadAttachment)
	})
}

// uploadAttachment stores one document: multipart file, kind and section →
// 201 {id, sha256, content_type, size, ...}; 413 too large, 415 not a PDF,
// JPEG or PNG by its content.
func (api *API) uploadAttachment(w http.ResponseWriter, r *http.Request) {
	a, id, ok := actorAnd(w, r, api.visibleID)
	if !ok {
		return
	}
	fileCap, err := api.S.Filing.MaxUploadBytes(r.Context(), a)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, name, form, err := web.OpenUpload(w, r, int64(fileCap))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer form.RemoveAll()
	defer f.Close()
	att, err := api.S.Filing.Upload(r.Context(), a, id, r.FormValue("kind"), r.FormValue("section"), name, f)
	replyStatus(w, r, http.StatusCreated, att, err)
}

// downloadAttachment sends a document to those who may see its institution.
func (api *API) downloadAttachment(w http.ResponseWriter, r *http.Request) {
	a, id, ok := actorAnd(w, r, idKey)
	if !ok {
		return
	}
	att, rc, err := api.S.Filing.OpenAttachment(r.Context(), a, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer rc.Close()
	web.Download(w, att.ContentType, att.Size, att.Filename, "attachment-"+strconv.FormatInt(att.ID, 10), rc)
}
