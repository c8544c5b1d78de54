package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"evalcred/internal/web/recorder"
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
		sw := &recorder.Writer{ResponseWriter: w}
		h.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), routeKey{}, rt)))
		p := rt.pattern
		if p == "" {
			p = "unmatched"
		}
		if sw.Status == 0 {
			sw.Status = http.StatusOK
		}
		x.requests.WithLabelValues(p, strconv.Itoa(sw.Status)).Inc()
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
