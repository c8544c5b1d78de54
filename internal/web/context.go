package web

import (
	"context"
	"net"
	"net/http"
	"strings"

	"evalcred/internal/auth"
	"evalcred/internal/locale"
)

type ctxKey int

const (
	langKey ctxKey = iota
	sessionKey
	requestIDKey
	ipKey
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

func clientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			return strings.TrimSpace(first)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
