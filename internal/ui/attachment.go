package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"evalcred/internal/web"
)

// Uploading a supporting document from the filing page (one small
// multipart form per kind) and downloading one.
func init() {
	registerArea(func(u *UI, h func(string, http.HandlerFunc)) {
		h("POST /filing/attachments", u.attachmentUpload)
		h("GET /attachments/{id}", u.attachmentDownload)
	})
}

// attachmentUpload stores the file and, while the draft can be edited,
// lists it in the draft's attachments at once: the person uploading a
// business licence means it to be part of the filing.
func (u *UI) attachmentUpload(w http.ResponseWriter, r *http.Request) {
	instID := u.ownInstitution(w, r)
	if instID == 0 {
		return
	}
	ctx, a := r.Context(), web.Actor(r)
	fileCap, err := u.S.Filing.MaxUploadBytes(ctx, a)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	f, name, form, err := web.OpenUpload(w, r, int64(fileCap))
	if err == nil {
		defer form.RemoveAll()
		defer f.Close()
		_, err = u.S.Filing.UploadToDraft(ctx, a, instID, r.FormValue("kind"), r.FormValue("section"), name, f)
	}
	if err != nil {
		p, perr := u.filingPage(r, instID)
		if perr != nil {
			u.fail(w, r, perr)
			return
		}
		p.Form = url.Values{"kind": {r.FormValue("kind")}}
		status := p.withError(r, err)
		u.Engine.Render(w, r, status, "filing", p)
		return
	}
	redirect(w, r, "/filing#uploads", "attachment_uploaded")
}

// attachmentDownload sends a document to those who may see its institution
// (404 otherwise), always as a download.
func (u *UI) attachmentDownload(w http.ResponseWriter, r *http.Request) {
	a, id, ok := u.withID(w, r, "attachment")
	if !ok {
		return
	}
	att, rc, err := u.S.Filing.OpenAttachment(r.Context(), a, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	defer rc.Close()
	web.Download(w, att.ContentType, att.Size, att.Filename, "attachment-"+strconv.FormatInt(att.ID, 10), rc)
}
