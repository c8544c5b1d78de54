package web

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/calendar"
	"evalcred/internal/textcheck"
)

// FuzzQuery reads any query string as the lists do: never a panic, the page
// within its bounds, a date accepted only when it is one (and reads back
// the same), a refused one named; the text checks accept only what their
// rules allow, and what they accept is checked the same again.
func FuzzQuery(f *testing.F) {
	for _, seed := range []string{"limit=20&offset=40", "limit=-1&offset=-5", "limit=99999999999999999999", "from=2026-01-01&to=2026-12-31",
		"from=2026-02-30", "to=20261231", "q=%E5%A4%A9%E5%B9%B3", "q=%00", "q=%E2%80%AE", "q=" + strings.Repeat("a", 300),
		"state=%ff&level=x&institution_id=-1&update_overdue=true", "before_id=9&object_id=1e9&limit=3"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/x", nil)
		r.URL.RawQuery = raw
		limit, offset := Paging(r)
		if limit < 1 || limit > 500 || offset < 0 {
			t.Fatalf("%q: limit %d offset %d", raw, limit, offset)
		}
		from, to, err := DateRange(r)
		q := r.URL.Query()
		for name, d := range map[string]calendar.Date{"from": from, "to": to} {
			s := q.Get(name)
			if d.IsZero() {
				if s != "" && (err == nil || apperr.As(err).Fields[name] == "") {
					t.Fatalf("%q: %s=%q neither read nor refused", raw, name, s)
				}
				continue
			}
			if back, perr := calendar.ParseDate(d.String()); perr != nil || back != d {
				t.Fatalf("%q: %s read as %v", raw, name, d)
			}
		}
		_ = InstitutionFilter(r)
		_ = RecordFilter(r)
		_ = ReviewFilter(r)
		_ = QuestionFilter(r)
		_, _ = AuditFilter(r)
		var fs apperr.Fields
		CheckValues(q, &fs)
		for name, list := range q {
			for _, v := range list {
				if fs[fieldName(name)] != "" {
					continue
				}
				again, why := textcheck.For(name).Check(v)
				if why != "" || again != v || !utf8.ValidString(v) {
					t.Fatalf("%q: %s=%q accepted but not clean", raw, name, v)
				}
			}
		}
	})
}

// FuzzUpload: any multipart body with a file is read, or refused with a
// field named, or malformed; an accepted file name and field values pass
// the text rules.
func FuzzUpload(f *testing.F) {
	f.Add("licence.pdf", "business_license", []byte("%PDF-1.4 x"))
	f.Add("营业执照.pdf", "institution", []byte{})
	f.Add("a\x00b.pdf", "kind", []byte("x"))
	f.Add("\u202efdp.exe", "\x07", []byte("MZ"))
	f.Add(strings.Repeat("长", 300)+".pdf", strings.Repeat("x", 2000), []byte("x"))
	f.Fuzz(func(t *testing.T, filename, value string, content []byte) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("kind", value)
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			return
		}
		_, _ = fw.Write(content)
		_ = mw.Close()
		r := httptest.NewRequest("POST", "/api/v1/x", &buf)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		file, name, form, err := OpenUpload(httptest.NewRecorder(), r, 1<<20)
		if err != nil {
			e := apperr.As(err)
			if e.Code == apperr.Invalid && len(e.Fields) == 0 || e.Code != apperr.Invalid && e.Code != apperr.Malformed {
				t.Fatalf("%q %q: %v", filename, value, err)
			}
			return
		}
		defer form.RemoveAll()
		defer file.Close()
		if _, why := textcheck.Name.Check(name); why != "" {
			t.Fatalf("accepted file name %q", name)
		}
		if v := form.Value["kind"]; len(v) == 1 {
			if again, why := textcheck.Line.Check(v[0]); why != "" || again != v[0] {
				t.Fatalf("accepted value %q", v[0])
			}
		}
	})
}

// FuzzFormValues: what CheckValues accepts of a posted form is clean, and
// each refused name is named with a reason in words.
func FuzzFormValues(f *testing.F) {
	for _, seed := range []string{"username=hunan&password=demo12345", "username=%00", "facts=a%0Ab&name=a%0Ab", "q=%E2%80%8B", "%00=1", "comment.cpa=%1B"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		vs, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		var fs apperr.Fields
		CheckValues(vs, &fs)
		for name, reason := range fs {
			if msg := FieldMessage("zh", reason); msg == "" || strings.Contains(msg, "input.") {
				t.Fatalf("%q: %s refused as %q", body, name, msg)
			}
		}
	})
}
