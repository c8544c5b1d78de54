// Package web holds what the JSON API and the HTML pages share, so that
// neither face imports the other: middleware (request ids, logging,
// recovery, sessions, CSRF, language, rate limits), decoding of requests and
// their query-string filters (request.go), uploads and downloads
// (upload.go), spreadsheets (export.go), and the one mapping from error
// codes to HTTP statuses.
package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"evalcred/internal/apperr"
	"evalcred/internal/locale"
)

// statuses maps each error code to its HTTP status.
var statuses = map[apperr.Code]int{
	apperr.MethodNotAllowed: http.StatusMethodNotAllowed,
	apperr.Malformed:        http.StatusBadRequest,
	apperr.Unauthorized:     http.StatusUnauthorized,
	apperr.Forbidden:        http.StatusForbidden,
	apperr.NotFound:         http.StatusNotFound,
	apperr.Conflict:         http.StatusConflict,
	apperr.TooLarge:         http.StatusRequestEntityTooLarge,
	apperr.Unsupported:      http.StatusUnsupportedMediaType,
	apperr.Invalid:          http.StatusUnprocessableEntity,
	apperr.RateLimited:      http.StatusTooManyRequests,
	apperr.PendingReview:    http.StatusForbidden,
	apperr.ChangePassword:   http.StatusForbidden,
	apperr.Unavailable:      http.StatusServiceUnavailable,
}

// Status returns the HTTP status for an error code; 500 for any other.
func Status(c apperr.Code) int {
	if s, ok := statuses[c]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON shape of every error.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong, in the request's language.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	// RequestID is the server's id of the request, for support.
	RequestID string `json:"request_id,omitempty"`
}

// Describe turns err into its status and body, translated into lang. Internal
// errors are logged with their cause; the body never carries it.
func Describe(r *http.Request, err error) (int, ErrorBody) {
	e := apperr.As(err)
	status := Status(e.Code)
	if status >= 500 {
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	lang := Lang(r.Context())
	key := e.Key
	if key == "" {
		key = "error." + string(e.Code)
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		if s, ok := a.(string); ok && locale.Has(lang, "object."+s) {
			a = locale.T(lang, "object."+s)
		}
		args[i] = a
	}
	body := ErrorBody{Error: ErrorDetail{Code: string(e.Code), Message: locale.T(lang, key, args...), RequestID: RequestID(r.Context())}}
	if len(e.Fields) > 0 {
		body.Error.Fields = make(map[string]string, len(e.Fields))
		for f, reason := range e.Fields {
			body.Error.Fields[f] = FieldMessage(lang, reason)
		}
	}
	return status, body
}

// FieldMessage translates a field's reason (see apperr.KeyArgs): its
// arguments are message keys, translated and listed as one.
func FieldMessage(lang, reason string) string {
	key, args := apperr.SplitKey(reason)
	if len(args) == 0 {
		return locale.T(lang, key)
	}
	names := make([]string, len(args))
	for i, a := range args {
		names[i] = locale.T(lang, a)
	}
	return locale.T(lang, key, strings.Join(names, locale.T(lang, "list.separator")))
}

// JSON writes v with status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// RawJSON writes body, already JSON, with its length.
func RawJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// Error writes err as the JSON error body with its status.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	status, body := Describe(r, err)
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "60")
	}
	JSON(w, status, body)
}

// MaxJSONBody caps a JSON request body.
const MaxJSONBody = 4 << 20

func decodeError(err error) error {
	var te *json.UnmarshalTypeError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &te):
		return &apperr.Error{Code: apperr.Invalid, Key: "error.invalid", Fields: map[string]string{typeField(te): "field.type"}, Err: err}
	case errors.As(err, &mbe):
		return apperr.Wrap(err, apperr.TooLarge, "error.too_large")
	case errors.Is(err, io.EOF):
		return apperr.Wrap(err, apperr.Malformed, "error.empty_body")
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae // from a type's UnmarshalJSON
	}
	return apperr.Wrap(fmt.Errorf("decode: %w", err), apperr.Malformed, "error.malformed")
}

// typeField is the API's name of the field a value of the wrong type was
// sent for.
func typeField(te *json.UnmarshalTypeError) string {
	if field := jsonPath(te.Field); field != "" {
		return field
	}
	return "body"
}

// jsonPath turns the decoder's path of a bad value into the API's field name:
// the decoder names embedded structs by their Go type ("Document.year"),
// which a client never sees. API field names are lower-case, so the
// upper-case components are those Go names.
func jsonPath(p string) string {
	parts := strings.Split(p, ".")
	out := parts[:0]
	for _, part := range parts {
		if part != "" && part[0] >= 'A' && part[0] <= 'Z' {
			continue
		}
		out = append(out, part)
	}
	return strings.Join(out, ".")
}
