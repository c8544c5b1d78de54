package ui

import (
	"fmt"
	"strconv"
	"strings"

	"encoding/json"
	"evalcred/internal/notify"
	"html/template"
	"net/http"
	"net/url"

	"evalcred/internal/apperr"
	"evalcred/internal/auth"
	"evalcred/internal/calendar"
	"evalcred/internal/locale"
	"evalcred/internal/web"
	"evalcred/internal/words"
)

// Page is what every template receives.
type Page struct {
	Lang   string
	Actor  *auth.Actor
	CSRF   string
	Title  string
	Path   string
	Query  url.Values
	Notice string // a message key shown once at the top
	// Error is the translated message of a failed action; Fields the
	// translated reason per form field.
	Error  string
	Fields map[string]string
	Form   url.Values
	Unread int
	Data   any
	// RequestID is the server's id of the request, which the error page
	// shows for support.
	RequestID string
}

// T translates a key in the page's language.
func (p *Page) T(key string, args ...any) string { return locale.T(p.Lang, key, args...) }

// Can reports whether the viewer holds perm.
func (p *Page) Can(perm string) bool { return p.Actor.Can(perm) }

// OtherLang is the language the switch offers.
func (p *Page) OtherLang() string {
	if p.Lang == "en" {
		return "zh"
	}
	return "en"
}

// Value returns the submitted value of a form field, for re-filling a form.
func (p *Page) Value(field string) string { return p.Form.Get(field) }

// FieldLabel labels a field path for the error summary: a list's row by the
// name typed in it, as the form was sent.
func (p *Page) FieldLabel(path string) string {
	return words.Field(p.Lang, path, func(_, item string) string {
		for _, f := range []string{".name", ".project", ".client"} {
			if v := strings.TrimSpace(p.Form.Get(item + f)); v != "" {
				return v
			}
		}
		return ""
	})
}

// FieldError returns the reason a field was refused, if any.
func (p *Page) FieldError(field string) string { return p.Fields[field] }

func (u *UI) page(r *http.Request, title string, data any) *Page {
	p := &Page{Lang: web.Lang(r.Context()), Actor: web.Actor(r), Path: r.URL.Path, Query: r.URL.Query(), Title: title, Data: data,
		RequestID: web.RequestID(r.Context())}
	if s := web.Session(r.Context()); s != nil {
		p.CSRF = s.CSRFToken
	}
	if n := r.URL.Query().Get("notice"); n != "" && locale.Has(p.Lang, "notice."+n) {
		p.Notice = "notice." + n
	}
	if p.Actor != nil && u.Unread != nil {
		p.Unread = u.Unread(r.Context(), p.Actor)
	}
	return p
}

// withError fills the page with a failed action's error, translated.
func (p *Page) withError(r *http.Request, err error) int {
	status, body := web.Describe(r, err)
	p.Error = body.Error.Message
	p.Fields = body.Error.Fields
	return status
}

// Fail renders the error page for err (also used by the middleware).
func (u *UI) Fail(w http.ResponseWriter, r *http.Request, err error) { u.fail(w, r, err) }

// fail renders the error page for err.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, err error) {
	if apperr.Is(err, apperr.Unauthorized) {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := u.page(r, "error.title", nil)
	status := p.withError(r, err)
	d := errorPage{Status: status, Heading: "error.title", Next: r.URL.RequestURI()}
	if k := fmt.Sprintf("home.error.heading.%d", status); locale.Has(p.Lang, k) {
		d.Heading, d.Hint = k, fmt.Sprintf("home.error.hint.%d", status)
	}
	p.Title, p.Data = d.Heading, d
	u.Engine.Render(w, r, status, "error", p)
}

// errorPage is what the error page says beyond the message: a heading and
// a hint by status, and the way back.
type errorPage struct {
	Status        int
	Heading, Hint string
	// Next is where the login link returns to.
	Next string
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

var _ = template.JS("")

// UnreadLabel is the header's count of unread notices ("99+" past the cap).
func (p *Page) UnreadLabel() string {
	if p.Unread >= notify.UnreadCap {
		return strconv.Itoa(notify.UnreadCap-1) + "+"
	}
	return strconv.Itoa(p.Unread)
}

// TS translates a key whose arguments are strings (stored notices).
func (p *Page) TS(key string, args []string) string {
	a := make([]any, len(args))
	for i, s := range args {
		a[i] = s
		if d, err := calendar.ParseDate(s); err == nil && len(s) == len("2006-01-02") {
			a[i] = words.Date(p.Lang, d)
		}
	}
	return locale.T(p.Lang, key, a...)
}
