package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"evalcred/internal/apperr"
	"evalcred/internal/audit"
	"evalcred/internal/auth"
	"evalcred/internal/locale"
	"evalcred/internal/logging"
	"evalcred/internal/web/recorder"
)

// SessionCookie is the name of the browser session cookie.
const SessionCookie = "evalcred_session"

// LangCookie remembers the language a person chose.
const LangCookie = "evalcred_lang"

// DeviceCookie remembers the accounts a browser has logged in to (the
// known-device tokens of auth.LoginFrom).
const DeviceCookie = "evalcred_device"

// Middleware wraps the whole application.
type Middleware struct {
	Auth *auth.Service
	// Proxies are the reverse proxies whose forwarded client address and
	// scheme are believed.
	Proxies Proxies
	// SecureCookies marks every cookie Secure; without it a cookie is
	// Secure when its request came over TLS (directly or through a trusted
	// proxy).
	SecureCookies bool
	// HTMLError renders an error for a page (not /api/) request; nil: JSON.
	HTMLError func(w http.ResponseWriter, r *http.Request, err error)
}

func (m *Middleware) fail(w http.ResponseWriter, r *http.Request, err error) {
	if m.HTMLError != nil && !strings.HasPrefix(r.URL.Path, "/api/") {
		m.HTMLError(w, r, err)
		return
	}
	Error(w, r, err)
}

// Wrap returns h behind the middleware, outermost first: request id and
// logging, panic recovery, security headers, language, session, the
// checks of the text a request carries.
func (m *Middleware) Wrap(h http.Handler) http.Handler {
	return m.base(m.recover(m.lang(m.session(m.input(h)))))
}

func (m *Middleware) base(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		client := CleanRequestID(r.Header.Get("X-Request-Id"))
		ip := m.Proxies.ClientAddr(r)
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = context.WithValue(ctx, ipKey, ip)
		ctx = context.WithValue(ctx, secureKey, m.SecureCookies || m.Proxies.OverTLS(r))
		ctx = audit.WithRequest(ctx, audit.Request{ID: id, ClientID: client, IP: ip})
		ctx = logging.WithAttrs(ctx, slog.String("request_id", id))
		if client != "" {
			ctx = logging.WithAttrs(ctx, slog.String("client_request_id", client))
		}
		w.Header().Set("X-Request-Id", id)
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'")
		sw := &recorder.Writer{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(ctx))
		// The query string is left out: it may carry search terms with personal data.
		slog.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.Status), slog.Int("bytes", sw.Bytes), slog.Duration("took", time.Since(start)), slog.String("ip", ip))
	})
}

func (m *Middleware) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				slog.ErrorContext(r.Context(), "panic", "panic", p, "stack", string(debug.Stack()))
				m.fail(w, r, apperr.New(apperr.Internal, "error.internal"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// lang picks the language: ?lang=, then the cookie, then Accept-Language.
func (m *Middleware) lang(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := ""
		if l := r.URL.Query().Get("lang"); l != "" {
			lang = locale.Match(l)
			http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secure(r)})
		} else if c, err := r.Cookie(LangCookie); err == nil {
			lang = locale.Match(c.Value)
		} else {
			lang = locale.Match(r.Header.Get("Accept-Language"))
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), langKey, lang)))
	})
}

// session resolves the bearer token or session cookie to an actor. A bad
// bearer token is refused at once; a stale cookie is dropped and the request
// goes on anonymously. Cookie-authenticated requests that change something
// must carry the session's CSRF token.
func (m *Middleware) session(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		token, fromCookie := "", false
		if h := r.Header.Get("Authorization"); h != "" {
			t, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				m.fail(w, r, apperr.New(apperr.Unauthorized, "error.unauthorized"))
				return
			}
			token = strings.TrimSpace(t)
		} else if c, err := r.Cookie(SessionCookie); err == nil {
			token, fromCookie = c.Value, true
		}
		if token != "" {
			a, sess, err := m.Auth.Authenticate(ctx, token)
			switch {
			case err == nil:
				if fromCookie && sess.Kind != auth.KindCookie || !fromCookie && sess.Kind != auth.KindBearer {
					m.fail(w, r, apperr.New(apperr.Unauthorized, "error.unauthorized"))
					return
				}
				a.IP, a.RequestID = ClientIP(ctx), RequestID(ctx)
				if rq, ok := audit.RequestFrom(ctx); ok {
					a.ClientRequestID = rq.ClientID
				}
				ctx = auth.WithActor(ctx, a)
				ctx = context.WithValue(ctx, sessionKey, sess)
				ctx = logging.WithAttrs(ctx, slog.Int64("user_id", a.UserID))
			case !fromCookie:
				m.fail(w, r, err)
				return
			case apperr.Is(err, apperr.Unauthorized):
				m.ClearSession(w, r)
			default:
				m.fail(w, r, err)
				return
			}
			if fromCookie && err == nil && !safeMethod(r.Method) {
				if cerr := checkCSRF(w, r, sess); cerr != nil {
					m.fail(w, r, cerr)
					return
				}
			}
			if err == nil && a.MustChangePassword && !whileChanging(r) {
				m.changeFirst(w, r.WithContext(ctx))
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// CSRFField is the form field (and X-CSRF-Token the header) carrying the token.
const CSRFField = "csrf_token"

// MaxFormBody caps a browser form's body, uploads included: the CSRF check
// has to read the form before any handler can apply its own, smaller cap
// (attachments: policy attachment.max_bytes), so this is the ceiling that
// keeps an endless upload from being read to its end.
const MaxFormBody = 64 << 20

// checkCSRF compares the token of the header or form with the session's.
func checkCSRF(w http.ResponseWriter, r *http.Request, sess *auth.Session) error {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		r.Body = http.MaxBytesReader(w, r.Body, MaxFormBody)
		var perr error
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			perr = r.ParseMultipartForm(32 << 20)
		} else {
			perr = r.ParseForm()
		}
		var mbe *http.MaxBytesError
		if errors.As(perr, &mbe) {
			return apperr.Wrap(perr, apperr.TooLarge, "error.too_large")
		}
		got = r.PostFormValue(CSRFField)
	}
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRFToken)) != 1 {
		return apperr.New(apperr.Forbidden, "error.csrf")
	}
	return nil
}

// SetSession sets the session cookie.
// The cookie lives as long as the session (ttl), counted by the browser.
func (m *Middleware) SetSession(w http.ResponseWriter, r *http.Request, token string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", MaxAge: int(ttl.Seconds()), HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: secure(r)})
}

// ClearSession removes the session cookie.
func (m *Middleware) ClearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: secure(r)})
}

// Devices is the known-device cookie the browser sent, or "".
func Devices(r *http.Request) string {
	if c, err := r.Cookie(DeviceCookie); err == nil {
		return c.Value
	}
	return ""
}

// SetDevices sets the known-device cookie after a login; it outlives
// sessions, as long as the server remembers the device.
func SetDevices(w http.ResponseWriter, r *http.Request, value string) {
	if value == "" {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: DeviceCookie, Value: value, Path: "/", MaxAge: int(auth.DeviceKept.Seconds()), HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: secure(r)})
}

// secure reports whether cookies set in answer to r are marked Secure.
func secure(r *http.Request) bool {
	s, _ := r.Context().Value(secureKey).(bool)
	return s
}

// whileChanging reports whether r is allowed to an account whose password
// was reset: changing it, logging out, and the style sheets of the page
// that changes it.
func whileChanging(r *http.Request) bool {
	switch r.Method + " " + r.URL.Path {
	case "POST /api/v1/me/password", "POST /api/v1/auth/logout", "GET /account/password", "POST /account/password", "POST /logout":
		return true
	}
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.HasPrefix(r.URL.Path, "/static/")
}

// ChangePasswordPage is where a person whose password was reset is sent.
const ChangePasswordPage = "/account/password"

// changeFirst refuses a request of an account that must change its reset
// password first: a page goes to the change-password page, the API answers
// 403 saying so.
func (m *Middleware) changeFirst(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		Error(w, r, apperr.New(apperr.ChangePassword, "login.error.change_password_first"))
		return
	}
	http.Redirect(w, r, ChangePasswordPage, http.StatusSeeOther)
}

// newRequestID is a fresh id for a request, made here and never taken from
// the client: 16 hex digits.
func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// MaxClientRequestID caps the id a client sends in X-Request-Id.
const MaxClientRequestID = 64

// CleanRequestID keeps of a client's X-Request-Id what is safe to log and
// store: letters, digits and - _ . : /, at most MaxClientRequestID of them.
func CleanRequestID(s string) string {
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < MaxClientRequestID; i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.:/", c) >= 0 {
			b.WriteByte(c)
		}
	}
	return b.String()
}
