// Package perf measures EvalCred at national scale from outside: it builds
// the binary, starts `evalcred serve` on a generated data set and drives it
// over loopback from this (second) process with a keep-alive, fixed
// concurrency, fixed duration load generator (each worker writes its
// requests on a connection of its own and reads the answers, as wrk does:
// on two cores the generator's own work is taken from the server's), in the
// same run as a minimal net/http server (./ceiling) whose throughput is the
// ceiling of the HTTP stack on this machine. Results are medians of repeated runs and ratios to
// that ceiling, since absolute numbers on a shared two-core machine are noise.
//
// The tests and benchmarks here are skipped unless EVALCRED_PERF=1, so the
// ordinary `go test ./...` stays fast; docs/performance.md gives the commands.
package perf

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Request builds the i-th request of a worker's loop; check, if set, judges
// the response (status and body) and returns an error for a failure.
type Request func(i int64) (*http.Request, error)

// Check judges one response. body is the generator's buffer, valid during the
// call only.
type Check func(status int, body []byte) error

// Load says how to drive a server.
type Load struct {
	Concurrency int
	Duration    time.Duration
	Warmup      time.Duration // excluded from the measurement
	// Max stops the run early after this many requests (0: no limit), for
	// loads that consume a finite pool (review decisions).
	Max int64
}

// Result is one measured run.
type Result struct {
	Requests, Errors int64
	Elapsed          time.Duration
	P50, P99, Max    time.Duration
	FirstErr         string
}

// RPS is successful requests per second.
func (r Result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests-r.Errors) / r.Elapsed.Seconds()
}

func (r Result) String() string {
	return fmt.Sprintf("%.0f req/s, p50 %v, p99 %v, %d requests, %d errors", r.RPS(), r.P50.Round(time.Microsecond),
		r.P99.Round(time.Microsecond), r.Requests, r.Errors)
}

// NewClient is a keep-alive client with one idle connection per worker, for
// the requests around a measurement (logins, checks).
func NewClient(concurrency int) *http.Client {
	return &http.Client{
		Transport: &http.Transport{MaxIdleConns: concurrency, MaxIdleConnsPerHost: concurrency, MaxConnsPerHost: concurrency,
			IdleConnTimeout: time.Minute, DisableCompression: true},
		Timeout: 30 * time.Second,
		// Redirects are answers to judge, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Drive runs l against next and returns the measured part. Each worker
// keeps one connection (HTTP/1.1 keep-alive), dialled at its first request
// and again only when the server closed it. Every request's latency is kept
// (a few hundred thousand durations at most) and sorted for exact
// percentiles. The loop is bounded by Duration and Max; ctx stops it
// between requests (a request under way ends by its own 30 s timeout).
//
// The workers write and read their connections themselves rather than
// through http.Client, whose Transport hands each request to two goroutines
// of the connection and back: on this two-core machine that work, shared
// with the server, took 5-30% off the decisions a second in pairs against
// wrk (docs/performance.md).
func Drive(ctx context.Context, l Load, next Request, check Check) Result {
	var seq atomic.Int64
	var measuring atomic.Bool
	var errs atomic.Int64
	var firstErr atomic.Value
	lat := make([][]time.Duration, l.Concurrency)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range l.Concurrency {
		wg.Go(func() {
			var c conn
			defer c.close()
			for {
				select {
				case <-stop:
					return
				case <-ctx.Done():
					return
				default:
				}
				i := seq.Add(1) - 1
				if l.Max > 0 && i >= l.Max {
					return
				}
				req, err := next(i)
				if err != nil {
					firstErr.CompareAndSwap(nil, err.Error())
					errs.Add(1)
					return
				}
				t0 := time.Now()
				err = c.do(req, check)
				d := time.Since(t0)
				if !measuring.Load() {
					continue
				}
				lat[w] = append(lat[w], d)
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
		})
	}
	time.Sleep(l.Warmup)
	measuring.Store(true)
	start := time.Now()
	deadline := time.NewTimer(l.Duration)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-deadline.C:
	case <-done:
	}
	elapsed := time.Since(start)
	close(stop)
	<-done
	var all []time.Duration
	for _, s := range lat {
		all = append(all, s...)
	}
	slices.Sort(all)
	r := Result{Requests: int64(len(all)), Errors: errs.Load(), Elapsed: elapsed}
	if n := len(all); n > 0 {
		r.P50, r.P99, r.Max = all[n*50/100], all[min(n-1, n*99/100)], all[n-1]
	}
	if s, ok := firstErr.Load().(string); ok {
		r.FirstErr = s
	}
	return r
}

// conn is a worker's keep-alive connection.
type conn struct {
	nc   net.Conn
	br   *bufio.Reader
	bw   *bufio.Writer
	body bytes.Buffer // the last answer's body, its storage kept for the next
}

// requestTimeout bounds one request, as the client's Timeout did.
const requestTimeout = 30 * time.Second

// do sends req on the connection (dialled first if there is none) and
// reads the whole answer. A connection the server closes, or on which
// anything fails, is dropped; the next request dials again. Redirects are
// answers to judge, not to follow.
func (c *conn) do(req *http.Request, check Check) error {
	if c.nc == nil {
		nc, err := net.DialTimeout("tcp", req.URL.Host, requestTimeout)
		if err != nil {
			return err
		}
		c.nc, c.br, c.bw = nc, bufio.NewReader(nc), bufio.NewWriter(nc)
	}
	status, err := c.roundTrip(req)
	if err != nil {
		c.close()
		return fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	if check != nil {
		return check(status, c.body.Bytes())
	}
	if status != http.StatusOK {
		return fmt.Errorf("%s %s: status %d: %.200s", req.Method, req.URL.Path, status, c.body.Bytes())
	}
	return nil
}

func (c *conn) roundTrip(req *http.Request) (int, error) {
	if err := c.nc.SetDeadline(time.Now().Add(requestTimeout)); err != nil {
		return 0, err
	}
	if err := req.Write(c.bw); err != nil {
		return 0, err
	}
	if err := c.bw.Flush(); err != nil {
		return 0, err
	}
	resp, err := http.ReadResponse(c.br, req)
	if err != nil {
		return 0, err
	}
	c.body.Reset()
	_, err = c.body.ReadFrom(resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, err
	}
	if resp.Close {
		c.close()
	}
	return resp.StatusCode, nil
}

func (c *conn) close() {
	if c.nc != nil {
		c.nc.Close()
		c.nc = nil
	}
}

// Median returns the median of xs (the mean of the middle two for an even count).
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}
