package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// route carries the pattern of the route that served a request from Route,
// inside the middleware, out to Instrument around it.
type route struct{ pattern string }

type routeKey struct{}

// Instrument counts and times every request that h answers, by the route
// pattern Route records (h must reach the mux through Route) and status.
func (x *Metrics) Instrument(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rt := &route{}
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), routeKey{}, rt)))
		p := rt.pattern
		if p == "" {
			p = "unmatched"
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		x.requests.WithLabelValues(p, strconv.Itoa(sw.status)).Inc()
		x.latency.WithLabelValues(p).Observe(time.Since(start).Seconds())
	})
}

// Route wraps the application's mux: the mux sets the request's Pattern
// as it routes it, and Route hands it out to Instrument.
func Route(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt, ok := r.Context().Value(routeKey{}).(*route); ok {
			defer func() { rt.pattern = r.Pattern }()
		}
		mux.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(s int) {
	if w.status == 0 {
		w.status = s
	}
	w.ResponseWriter.WriteHeader(s)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
