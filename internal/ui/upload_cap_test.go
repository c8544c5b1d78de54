package ui_test

import (
	"io"
	"mime/multipart"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/web"
)

// An endless form upload is cut off at web.MaxFormBody with 413, before any
// handler runs, even though its CSRF token has to be read from the form.
func TestEndlessFormUploadIsCutOff(t *testing.T) {
	e := apptest.One(t)
	b := e.Browser("furong")
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		_ = mw.WriteField("csrf_token", b.CSRF())
		fw, _ := mw.CreateFormFile("file", "big.pdf")
		chunk := []byte(strings.Repeat("x", 1<<20))
		for written := 0; written <= web.MaxFormBody+(4<<20); written += len(chunk) {
			if _, err := fw.Write(chunk); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		mw.Close()
		pw.Close()
	}()
	p := b.PostForm("/filing/attachments", mw.FormDataContentType(), pr)
	if p.Status != 413 {
		t.Fatalf("status %d, want 413", p.Status)
	}
}
