package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/filing"
	"evalcred/internal/services"
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

// multipartSlack is what a multipart body may carry beyond the file itself:
// boundaries, part headers and the kind and section fields.
const multipartSlack = 1 << 20

// UploadBodyCap is the most an upload request may send: the policy's file cap
// plus the multipart slack. The body is cut off there, so that a client
// sending gigabytes is stopped after a few megabytes past the cap instead of
// being read to the end. The exact cap is still checked by filing.Upload.
func UploadBodyCap(ctx context.Context, s *services.Set, a *auth.Actor) (int64, error) {
	n, err := s.Filing.MaxUploadBytes(ctx, a)
	if err != nil {
		return 0, err
	}
	return int64(n) + multipartSlack, nil
}

// ReadAttachmentUpload parses a capped multipart upload and returns the file part and
// its name. Errors are the documented ones: 413 past the cap, 400 for a body
// that is not multipart, 422 naming file when there is none. The caller
// removes the form's temporary files with form.RemoveAll.
func ReadAttachmentUpload(w http.ResponseWriter, r *http.Request, capBytes int64) (multipart.File, string, *multipart.Form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, capBytes)
	// Small parts stay in memory; a file spills to a temporary file.
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, "", nil, apperr.Wrap(err, apperr.TooLarge, "error.too_large")
		}
		return nil, "", nil, apperr.Wrap(fmt.Errorf("upload: %w", err), apperr.Malformed, "error.malformed")
	}
	form := r.MultipartForm
	fhs := form.File["file"]
	if len(fhs) == 0 {
		_ = form.RemoveAll()
		return nil, "", nil, apperr.InvalidField("file", "field.required")
	}
	f, err := fhs[0].Open()
	if err != nil {
		_ = form.RemoveAll()
		return nil, "", nil, fmt.Errorf("upload: %w", err)
	}
	return f, fhs[0].Filename, form, nil
}

// uploadAttachment stores one document: multipart file, kind and section →
// 201 {id, sha256, content_type, size, ...}; 413 too large, 415 not a PDF,
// JPEG or PNG by its content.
func (api *API) uploadAttachment(w http.ResponseWriter, r *http.Request) {
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	if !api.visible(w, r, a, id) {
		return
	}
	capBytes, err := UploadBodyCap(r.Context(), api.S, a)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, name, form, err := ReadAttachmentUpload(w, r, capBytes)
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
	a := actor(w, r)
	if a == nil {
		return
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	ServeAttachment(w, r, api.S.Filing, a, id)
}

// ServeAttachment writes an attachment's content with its sniffed type, as
// a download: a PDF from an institution is never rendered as our own page,
// and nosniff stops a browser from guessing something else.
func ServeAttachment(w http.ResponseWriter, r *http.Request, f *filing.Service, a *auth.Actor, id int64) {
	att, rc, err := f.OpenAttachment(r.Context(), a, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer rc.Close()
	name := att.Filename
	if name == "" {
		name = "attachment-" + strconv.FormatInt(att.ID, 10)
	}
	w.Header().Set("Content-Type", att.ContentType)
	w.Header().Set("Content-Length", strconv.FormatInt(att.Size, 10))
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, rc)
}
