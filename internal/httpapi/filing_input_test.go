package httpapi_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"strings"
	"testing"

	"evalcred/internal/apptest"
	"evalcred/internal/filing"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/ident/identtest"
)

// The ID numbers of resident-id.txt are accepted or refused in the filing
// as that file says; a refused one names its field and is not saved.
func TestResidentIDsInTheFiling(t *testing.T) {
	lines := identtest.Lines(t, "resident-id.txt")
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		instID, tok := registerApproved(t, e, "430102", "furong")
		path := fmt.Sprintf("/api/v1/institutions/%d/filing", instID)
		for _, l := range lines {
			f := strings.Split(l, "\t")
			id, want := f[0], f[1]
			var d filing.Draft
			e.JSON("GET", path, tok, nil, &d)
			d.LegalRepresentative.IDNumber = id
			d.Practitioners = []filing.Person{{Name: "钱从业", IDNumber: id}}
			r := e.Call("PUT", path, tok, d)
			switch want {
			case "valid":
				if r.Status != 200 {
					t.Errorf("%s (%s): %d %s", id, f[2], r.Status, r.Body)
				}
			default:
				fs := r.ErrorFields()
				if r.Status != 422 || fs["legal_representative.id_number"] == nil || fs["practitioners[0].id_number"] == nil {
					t.Errorf("%s (%s): %d %s", id, f[2], r.Status, r.Body)
				}
			}
		}
		var d filing.Draft
		e.JSON("GET", path, tok, nil, &d)
		if d.LegalRepresentative.IDNumber != "44011320141005001X" {
			t.Errorf("stored %q: a refused save changed the draft", d.LegalRepresentative.IDNumber)
		}
		// Wrong types name the field; malformed JSON is a 400.
		if r := e.Call("PUT", path, tok, `{"business_records": [{"year": "2024"}]}`); r.Status != 422 || r.ErrorFields()["business_records.year"] == nil {
			t.Errorf("wrong type: %d %s", r.Status, r.Body)
		}
		if r := e.Call("PUT", path, tok, `{"institution": `); r.Status != 400 {
			t.Errorf("malformed: %d", r.Status)
		}
		if r := e.Call("PUT", path, tok, `{"institution": {"region_code": "999999"}}`); r.Status != 422 {
			t.Errorf("unknown region code: %d %s", r.Status, r.Body)
		}
	})
}

// Uploads: the type is sniffed from the content, the size capped (413), the
// kind and section checked (422); refused files are not stored.
func TestAttachmentUploadsAreChecked(t *testing.T) {
	apptest.ForEach(t, func(t *testing.T, e *apptest.Env) {
		instID, tok := registerApproved(t, e, "430102", "furong")
		path := fmt.Sprintf("/api/v1/institutions/%d/attachments", instID)
		lic := map[string]string{"kind": "business_license", "section": "institution"}
		// An executable named .pdf is not a PDF.
		if r := e.Upload(path, tok, "licence.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00 this is a program"), lic); r.Status != 415 {
			t.Errorf("disguised: %d %s", r.Status, r.Body)
		}
		if r := e.Upload(path, tok, "licence.pdf", []byte("<html><script>alert(1)</script></html>"), lic); r.Status != 415 {
			t.Errorf("html as pdf: %d", r.Status)
		}
		big := append(filingtest.PDF("big"), bytes.Repeat([]byte("x"), 21<<20)...)
		if r := e.Upload(path, tok, "big.pdf", big, lic); r.Status != 413 {
			t.Errorf("21 MB: %d", r.Status)
		}
		huge := append(filingtest.PDF("huge"), bytes.Repeat([]byte("x"), 40<<20)...)
		if r := e.Upload(path, tok, "huge.pdf", huge, lic); r.Status != 413 {
			t.Errorf("40 MB (cut off by the body cap): %d", r.Status)
		}
		if r := e.Upload(path, tok, "a.pdf", filingtest.PDF("a"), map[string]string{"kind": "diploma", "section": "institution"}); r.Status != 422 || r.ErrorFields()["kind"] == nil {
			t.Errorf("unknown kind: %d %s", r.Status, r.Body)
		}
		if r := e.Upload(path, tok, "a.pdf", filingtest.PDF("a"), map[string]string{"kind": "business_license", "section": "experts"}); r.Status != 422 {
			t.Errorf("licence for experts: %d", r.Status)
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("kind", "business_license")
		_ = mw.Close()
		if r := e.Do("POST", path, tok, mw.FormDataContentType(), &buf); r.Status != 422 || r.ErrorFields()["file"] == nil {
			t.Errorf("no file: %d %s", r.Status, r.Body)
		}
		if r := e.Call("POST", path, tok, `{"file": "x"}`); r.Status != 400 {
			t.Errorf("JSON instead of multipart: %d", r.Status)
		}
		if n := count(t, e, "attachments"); n != 0 {
			t.Fatalf("%d attachments stored from refused uploads", n)
		}
		id := upload(t, e, tok, instID, "business_license", "institution")
		r := e.Call("GET", fmt.Sprintf("/api/v1/attachments/%d", id), tok, nil)
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(r.Body, []byte("%PDF")) || r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("download: %d %v", r.Status, r.Header)
		}
		if r := e.Call("GET", fmt.Sprintf("/api/v1/attachments/%d", id), e.Login("furong"), nil); r.Status != 200 {
			t.Errorf("furong download: %d", r.Status)
		}
		if r := e.Call("GET", fmt.Sprintf("/api/v1/attachments/%d", id), e.Login("zhuzhou"), nil); r.Status != 404 {
			t.Errorf("zhuzhou download: %d, want 404", r.Status)
		}
		// Another institution's user cannot upload here.
		_, other := registerApproved(t, e, "430102", "furong")
		if r := e.Upload(path, other, "a.pdf", filingtest.PDF("a"), lic); r.Status != 404 {
			t.Errorf("other institution uploading: %d, want 404", r.Status)
		}
	})
}
