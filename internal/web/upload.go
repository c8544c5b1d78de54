package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"

	"evalcred/internal/apperr"
)

// Uploads arrive as multipart forms with the file in the field "file".
// Both readers cut the body off a little past the file's cap, so that a
// client sending gigabytes is stopped after a few megabytes instead of
// being read to the end; the service still checks the exact cap.

// multipartSlack is what a multipart body may carry beyond the file itself:
// boundaries, part headers and the small fields beside the file.
const multipartSlack = 1 << 20

// ReadUpload reads the file of a multipart upload into memory, up to
// maxBytes (one byte more tells the service it was too large). Errors: 413
// past the body's cap, 422 naming file when there is none.
func ReadUpload(w http.ResponseWriter, r *http.Request, maxBytes int64) (name string, data []byte, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBytes+multipartSlack)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, apperr.Wrap(err, apperr.TooLarge, "error.too_large")
		}
		return "", nil, &apperr.Error{Code: apperr.Invalid, Key: "error.invalid", Fields: map[string]string{"file": "field.required"}, Err: err}
	}
	defer f.Close()
	if err := checkUpload(r); err != nil {
		return "", nil, err
	}
	data, err = io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return "", nil, apperr.Wrap(err, apperr.Malformed, "error.malformed")
	}
	return hdr.Filename, data, nil
}

// OpenUpload parses a multipart upload whose file may be up to fileCap
// bytes and returns the file part and its name; small parts stay in
// memory, the file spills to a temporary file. Errors: 413 past the body's
// cap, 400 for a body that is not multipart, 422 naming file when there is
// none. The caller closes the file and removes the form's temporary files
// (form.RemoveAll).
func OpenUpload(w http.ResponseWriter, r *http.Request, fileCap int64) (multipart.File, string, *multipart.Form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, fileCap+multipartSlack)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, "", nil, apperr.Wrap(err, apperr.TooLarge, "error.too_large")
		}
		return nil, "", nil, apperr.Wrap(fmt.Errorf("upload: %w", err), apperr.Malformed, "error.malformed")
	}
	form := r.MultipartForm
	if err := checkUpload(r); err != nil {
		_ = form.RemoveAll()
		return nil, "", nil, err
	}
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

// Download sends content as a file to save, never to render: named name
// (or fallback when the upload had none), with the type sniffed when it
// was stored, nosniff so that a browser guesses nothing else, and no
// caching outside the browser.
func Download(w http.ResponseWriter, contentType string, size int64, name, fallback string, content io.Reader) {
	if name == "" {
		name = fallback
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, content)
}
