// Package logging builds the structured logger: JSON or text lines with the
// request id of the context on every line, and resident ID numbers masked
// wherever they would appear, because personal information never goes to logs.
package logging

import (
	"context"
	"io"
	"log/slog"
	"regexp"
)

type ctxKey struct{}

// WithAttrs returns a context whose log lines carry attrs (e.g. the request id).
func WithAttrs(ctx context.Context, attrs ...slog.Attr) context.Context {
	prev, _ := ctx.Value(ctxKey{}).([]slog.Attr)
	all := make([]slog.Attr, 0, len(prev)+len(attrs))
	all = append(append(all, prev...), attrs...)
	return context.WithValue(ctx, ctxKey{}, all)
}

// New returns a logger writing to w; format is "json" or "text".
func New(w io.Writer, format string, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: redactAttr}
	var h slog.Handler
	if format == "json" {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(&contextHandler{Handler: h})
}

type contextHandler struct{ slog.Handler }

func (h *contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if attrs, ok := ctx.Value(ctxKey{}).([]slog.Attr); ok {
		r.AddAttrs(attrs...)
	}
	r.Message = Redact(r.Message)
	return h.Handler.Handle(ctx, r)
}

func (h *contextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &contextHandler{h.Handler.WithAttrs(attrs)}
}

func (h *contextHandler) WithGroup(name string) slog.Handler {
	return &contextHandler{h.Handler.WithGroup(name)}
}

// residentID matches an 18-character resident ID number (GB 11643) standing alone.
var residentID = regexp.MustCompile(`(^|[^0-9A-Za-z])([1-9]\d{5})(\d{8})(\d{3}[\dXx])($|[^0-9A-Za-z])`)

// Redact masks every resident ID number in s as 430102********1234.
func Redact(s string) string {
	if len(s) < 18 {
		return s
	}
	return residentID.ReplaceAllString(s, "$1$2********$4$5")
}

func redactAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		if s := a.Value.String(); len(s) >= 18 {
			a.Value = slog.StringValue(Redact(s))
		}
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok {
			a.Value = slog.StringValue(Redact(err.Error()))
		}
	}
	return a
}
