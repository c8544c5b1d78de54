package web

import (
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"evalcred/internal/apperr"
)

// RateLimit limits requests per client address with a token bucket each
// (burst: twice the rate). Buckets idle for ten minutes are forgotten. A zero
// rate turns the limit off (for load tests on loopback).
type RateLimit struct {
	PerSecond float64
	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// Allow reports whether a request from ip may proceed now.
func (l *RateLimit) Allow(ip string) bool {
	if l == nil || l.PerSecond <= 0 {
		return true
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*bucket{}
	}
	if now.Sub(l.lastSweep) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > 10*time.Minute {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b, ok := l.buckets[ip]
	if !ok {
		burst := max(1, int(2*l.PerSecond))
		b = &bucket{lim: rate.NewLimiter(rate.Limit(l.PerSecond), burst)}
		l.buckets[ip] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// Wrap limits h.
func (l *RateLimit) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !l.Allow(ClientIP(r.Context())) {
			Error(w, r, apperr.New(apperr.RateLimited, "error.rate_limited"))
			return
		}
		h.ServeHTTP(w, r)
	})
}
