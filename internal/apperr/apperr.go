// Package apperr is the one error type of EvalCred. Services return *Error values
// carrying a code (what kind of failure, mapped to an HTTP status in one place),
// a message key (translated for people at the edge, Chinese first) and, for
// invalid input, a key per offending field. The underlying cause, if any, is
// kept for the log and never shown to a user.
package apperr

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"unicode/utf8"
)

// Code says what kind of failure an error is.
type Code string

// The codes. Their HTTP statuses are decided by the web layer.
const (
	Malformed    Code = "malformed"    // 400: the request cannot be parsed
	Unauthorized Code = "unauthorized" // 401: not logged in
	Forbidden    Code = "forbidden"    // 403: logged in, not allowed
	NotFound     Code = "not_found"    // 404: missing or outside the caller's region
	// MethodNotAllowed: 405, the address exists but not for this method.
	MethodNotAllowed Code = "method_not_allowed"
	Conflict         Code = "conflict"     // 409: duplicate, stale version, wrong state
	TooLarge         Code = "too_large"    // 413
	Unsupported      Code = "unsupported"  // 415: unsupported file type
	Invalid          Code = "invalid"      // 422: invalid fields
	RateLimited      Code = "rate_limited" // 429
	// PendingReview: the right password of an applicant whose registration
	// awaits review (403), told apart so that a client can say so.
	PendingReview Code = "registration_pending"
	// ChangePassword: the account's password was reset and must be changed
	// before anything else (403).
	ChangePassword Code = "password_change_required"
	Internal       Code = "internal"    // 500
	Unavailable    Code = "unavailable" // 503
)

// Error is a failure a user can be told about.
type Error struct {
	Code Code
	// Key is the message key of the user-facing text (see internal/locale).
	Key string
	// Args fill the message's placeholders, in order.
	Args []any
	// Fields maps a field name (JSON path such as "legal_representative.id_number")
	// to the message key saying why it is wrong.
	Fields map[string]string
	// Err is the cause, for the log only.
	Err error
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Key
	if len(e.Fields) > 0 {
		s += fmt.Sprintf(" %v", e.Fields)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and a message key.
func New(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// Wrap returns an error with a code and message key whose cause is err.
func Wrap(err error, code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args, Err: err}
}

// Fields collects invalid fields; its zero value is ready to use.
type Fields map[string]string

// Add records why field is wrong; the first reason for a field wins.
func (f *Fields) Add(field, key string) {
	if *f == nil {
		*f = Fields{}
	}
	if _, ok := (*f)[field]; !ok {
		(*f)[field] = key
	}
}

// Text trims v, the value of the text field named name, and adds
// field.required when it is required and empty, tooLong when it has more
// than maxRunes characters. It returns v trimmed.
func (f *Fields) Text(name, v string, required bool, maxRunes int, tooLong string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "" && required:
		f.Add(name, "field.required")
	case utf8.RuneCountInString(v) > maxRunes:
		f.Add(name, tooLong)
	}
	return v
}

// KeyArgs is a field's reason (the value Fields.Add takes) made of a message
// key with one placeholder and its arguments: message keys, translated at the
// edge and listed as one ("身份证号码、手机号码").
func KeyArgs(key string, args ...string) string {
	return strings.Join(append([]string{key}, args...), argSep)
}

// argSep separates a field's message key from its arguments; it cannot
// occur in a key.
const argSep = "\x1f"

// SplitKey splits a field's reason into its message key and arguments (see
// KeyArgs).
func SplitKey(reason string) (key string, args []string) {
	parts := strings.Split(reason, argSep)
	return parts[0], parts[1:]
}

// Err returns nil when no field was added, otherwise an Invalid error.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: "error.invalid", Fields: maps.Clone(map[string]string(f))}
}

// InvalidField is a shortcut for one invalid field.
func InvalidField(field, key string) *Error {
	return &Error{Code: Invalid, Key: "error.invalid", Fields: map[string]string{field: key}}
}

// NotFoundf is the answer for a missing record, or one outside the caller's scope:
// the two must be indistinguishable.
func NotFoundf(what string) *Error {
	return &Error{Code: NotFound, Key: "error.not_found", Args: []any{what}}
}

// ErrStale is returned when a conditional update found the record changed or in
// another state: somebody else acted first.
var ErrStale = &Error{Code: Conflict, Key: "error.stale"}

// CodeOf returns the code of err, Internal for errors that are not *Error and
// "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns the *Error in err's chain, or an Internal error wrapping err.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Key: "error.internal", Err: err}
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return CodeOf(err) == code }
