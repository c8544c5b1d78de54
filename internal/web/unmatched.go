package web

import (
	"net/http"

	"evalcred/internal/apperr"
)

// Unmatched answers what the mux would answer in plain text, an address it
// does not know (404) or one it knows for other methods only (405), like
// every other error: the error page on a page's address, JSON under /api/.
// Anything the mux serves itself (a page, its redirects) goes to next.
func (m *Middleware) Unmatched(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			next.ServeHTTP(w, r)
			return
		}
		probe := &probeWriter{header: http.Header{}}
		h.ServeHTTP(probe, r)
		switch probe.status {
		case http.StatusMethodNotAllowed:
			if allow := probe.header.Get("Allow"); allow != "" {
				w.Header().Set("Allow", allow)
			}
			m.fail(w, r, apperr.New(apperr.MethodNotAllowed, "home.error.method"))
		case http.StatusNotFound:
			m.fail(w, r, apperr.New(apperr.NotFound, "home.error.no_page"))
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// probeWriter notes what the mux's own answer would have been.
type probeWriter struct {
	header http.Header
	status int
}

func (p *probeWriter) Header() http.Header { return p.header }

func (p *probeWriter) WriteHeader(status int) {
	if p.status == 0 {
		p.status = status
	}
}

func (p *probeWriter) Write(b []byte) (int, error) {
	p.WriteHeader(http.StatusOK)
	return len(b), nil
}
