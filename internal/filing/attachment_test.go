package filing_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/filestore"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/policy"
	"evalcred/internal/registry/registrytest"
)

// pngHeader is enough of a PNG for content sniffing.
var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

func TestUpload(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		root := t.TempDir()
		files, _ := filestore.NewDir(root)
		s := filingtest.Wire(d, clk, files, t.TempDir())
		instID, user := registrytest.NewApprovedInstitution(t, d, clk, "430102")
		// The province caps uploads at 1 KiB from today.
		admin := registrytest.Official(t, d, clk, auth.RoleProvincialAdmin, "430000")
		if _, err := (&policy.Service{DB: d, Clock: clk}).Set(ctx, admin, policy.Input{Key: "attachment.max_bytes", Value: json.RawMessage("1024"), EffectiveFrom: calendar.DateOf(clk.Now()), Note: "test"}); err != nil {
			t.Fatal(err)
		}
		pdf := filingtest.PDF("licence")
		att, err := s.Filing.Upload(ctx, user, instID, "business_license", "institution", `C:\scans\营业执照.pdf`, bytes.NewReader(pdf))
		if err != nil {
			t.Fatal(err)
		}
		if att.ContentType != "application/pdf" || att.Size != int64(len(pdf)) || att.SHA256 != filestore.SumHex(pdf) || att.Filename != "营业执照.pdf" {
			t.Errorf("attachment %+v", att)
		}
		png, err := s.Filing.Upload(ctx, user, instID, "qualification_certificate", "lead_evaluators", "cert.png", bytes.NewReader(pngHeader))
		if err != nil || png.ContentType != "image/png" {
			t.Errorf("png: %v %+v", err, png)
		}
		count := func() (n int) {
			_ = d.QueryRow(ctx, "SELECT COUNT(*) FROM attachments").Scan(&n)
			return
		}
		stored := func() (n int) {
			_ = filepath.WalkDir(root, func(_ string, e os.DirEntry, _ error) error {
				if e != nil && !e.IsDir() {
					n++
				}
				return nil
			})
			return
		}
		before, files0 := count(), stored()
		cases := []struct {
			name       string
			kind, sect string
			body       []byte
			code       apperr.Code
			field      string
		}{
			{"text disguised as pdf", "business_license", "institution", []byte("this is not a PDF, just text\n"), apperr.Unsupported, ""},
			{"html", "other", "institution", []byte("<html><body>x</body></html>"), apperr.Unsupported, ""},
			{"empty", "other", "institution", nil, apperr.Unsupported, ""},
			{"oversize pdf", "other", "institution", append(filingtest.PDF("big"), bytes.Repeat([]byte("x"), 1024)...), apperr.TooLarge, ""},
			{"bad kind", "passport", "institution", pdf, apperr.Invalid, "kind"},
			{"bad section", "other", "hobbies", pdf, apperr.Invalid, "section"},
			{"licence for a person", "business_license", "lead_evaluators", pdf, apperr.Invalid, "section"},
		}
		for _, c := range cases {
			_, err := s.Filing.Upload(ctx, user, instID, c.kind, c.sect, "file.pdf", bytes.NewReader(c.body))
			if e := apperr.As(err); e.Code != c.code || (c.field != "" && e.Fields[c.field] == "") {
				t.Errorf("%s: got %v, want %s %s", c.name, err, c.code, c.field)
			}
		}
		// Exactly the limit is allowed.
		exact := append(filingtest.PDF("exact"), bytes.Repeat([]byte(" "), 1024-len(filingtest.PDF("exact")))...)
		if _, err := s.Filing.Upload(ctx, user, instID, "other", "institution", "exact.pdf", bytes.NewReader(exact)); err != nil {
			t.Errorf("exactly max: %v", err)
		}
		if count() != before+1 || stored() != files0+1 {
			t.Errorf("refused uploads were stored: %d rows (was %d), %d files (was %d)", count(), before, stored(), files0)
		}
		// Download: own users and officials in scope; others not.
		_, rc, err := s.Filing.OpenAttachment(ctx, user, att.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(got, pdf) {
			t.Error("downloaded content differs")
		}
		changsha := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430100")
		if _, rc, err := s.Filing.OpenAttachment(ctx, changsha, att.ID); err != nil {
			t.Errorf("reviewer download: %v", err)
		} else {
			rc.Close()
		}
		zhuzhou := registrytest.Official(t, d, clk, auth.RoleLocalReviewer, "430200")
		if _, _, err := s.Filing.OpenAttachment(ctx, zhuzhou, att.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("out of scope download: %v", err)
		}
		list, err := s.Filing.ListAttachments(ctx, user, instID)
		if err != nil || len(list) != 3 {
			t.Errorf("list: %v %d", err, len(list))
		}
	})
}

// A reader that never ends must still be cut off at the limit.
func TestUploadEndlessStream(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		clk := clock.NewFake(t0)
		s := filingtest.New(t, d, clk)
		instID, user := registrytest.NewApprovedInstitution(t, d, clk, "430102")
		r := io.MultiReader(strings.NewReader(string(filingtest.PDF("x"))), endless{})
		_, err := s.Filing.Upload(context.Background(), user, instID, "other", "institution", "x.pdf", r)
		if !apperr.Is(err, apperr.TooLarge) {
			t.Errorf("got %v", err)
		}
	})
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}
