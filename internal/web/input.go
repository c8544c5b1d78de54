package web

import (
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"evalcred/internal/apperr"
	"evalcred/internal/textcheck"
)

// input checks the text of every request before a handler reads it: the
// path, the query string and a posted form (JSON bodies are checked by
// Decode, uploads by the upload readers). A path with a character no page
// has in its address is not found; a refused value is a 422 naming its
// field, on a page in words. Accepted values are normalised (NFC) in place.
func (m *Middleware) input(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !CleanPath(r.URL.Path) {
			m.fail(w, r, apperr.NotFoundf("page"))
			return
		}
		var f apperr.Fields
		q := r.URL.Query()
		if CheckValues(q, &f) {
			r.URL.RawQuery = q.Encode()
		}
		if r.PostForm == nil && !safeMethod(r.Method) && !strings.HasPrefix(r.URL.Path, "/api/") &&
			strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			r.Body = http.MaxBytesReader(w, r.Body, MaxFormBody)
			var mbe *http.MaxBytesError
			if err := r.ParseForm(); errors.As(err, &mbe) {
				m.fail(w, r, apperr.Wrap(err, apperr.TooLarge, "error.too_large"))
				return
			}
		}
		checkForm(r, &f)
		if len(f) > 0 {
			err := Refusal(Lang(r.Context()), f)
			if !strings.HasPrefix(r.URL.Path, "/api/") {
				// The page says it all in its message; the field names are for programs.
				err.(*apperr.Error).Fields = nil
			}
			m.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// CleanPath reports whether a request's (decoded) path is free of what no
// address of ours holds: bytes that are not UTF-8, control and
// bidirectional characters.
func CleanPath(p string) bool {
	if !utf8.ValidString(p) {
		return false
	}
	for _, c := range p {
		if c < 0x20 || c >= 0x7F && c <= 0x9F || textcheck.Bidi(c) {
			return false
		}
	}
	return true
}

// CheckValues checks every value of a query string or form by its name's
// rule, adding each refused one to f, and normalises the rest in place; it
// reports whether any value changed.
func CheckValues(vs url.Values, f *apperr.Fields) bool {
	changed := false
	for name, list := range vs {
		rule := textcheck.For(name)
		for i, v := range list {
			s, why := rule.Check(v)
			switch {
			case why != "":
				if _, seen := (*f)[name]; !seen && len(*f) < maxFieldErrors {
					f.Add(fieldName(name), apperr.KeyArgs(why, textcheck.Label(name)))
				}
			case s != v:
				list[i], changed = s, true
			}
		}
	}
	return changed
}

// fieldName is the name a refusal gives a field: its own, unless the name
// itself is not text we would show.
func fieldName(name string) string {
	if _, why := textcheck.Name.Check(name); why != "" {
		return "form"
	}
	return name
}

// checkForm checks what has been parsed of a posted form: its values
// (Form holds the query's too), and the names of uploaded files.
func checkForm(r *http.Request, f *apperr.Fields) {
	CheckValues(r.PostForm, f)
	CheckValues(r.Form, f)
	if r.MultipartForm != nil {
		CheckValues(r.MultipartForm.Value, f)
		checkFiles(r.MultipartForm, f)
	}
}

// checkFiles checks the names of uploaded files, as one-line names.
func checkFiles(form *multipart.Form, f *apperr.Fields) {
	for name, fhs := range form.File {
		for _, fh := range fhs {
			s, why := textcheck.Name.Check(fh.Filename)
			if why != "" {
				f.Add(fieldName(name), apperr.KeyArgs(why, "input.label.filename"))
				continue
			}
			fh.Filename = s
		}
	}
}

// checkUpload checks a parsed multipart upload's values and file names:
// the upload readers call it, since an upload is parsed by its handler
// (with the file's own cap) after the middleware has run.
func checkUpload(r *http.Request) error {
	var f apperr.Fields
	checkForm(r, &f)
	if len(f) > 0 {
		return Refusal(Lang(r.Context()), f)
	}
	return nil
}
