package web

import (
	"context"
	"net/http"

	"evalcred/internal/auth"
	"evalcred/internal/locale"
)

type ctxKey int

const (
	langKey ctxKey = iota
	sessionKey
	requestIDKey
	ipKey
	secureKey
)

// Lang is the language of the request ("zh" or "en").
func Lang(ctx context.Context) string {
	if l, ok := ctx.Value(langKey).(string); ok {
		return l
	}
	return locale.Default
}

// Session is the session behind a request, if logged in.
func Session(ctx context.Context) *auth.Session {
	s, _ := ctx.Value(sessionKey).(*auth.Session)
	return s
}

// Actor is the logged-in user of the request, or nil.
func Actor(r *http.Request) *auth.Actor { return auth.ActorFrom(r.Context()) }

// RequestID is the id of the request, also on its log lines and audit entries.
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}

// ClientIP is the address of the client.
func ClientIP(ctx context.Context) string {
	s, _ := ctx.Value(ipKey).(string)
	return s
}
