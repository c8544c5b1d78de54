// Package metrics serves /metrics in the Prometheus text format, behind
// its token (EVALCRED_METRICS_TOKEN; off without it): requests by route
// pattern and status with their latency, the database's waits and
// transaction times and SQLite's writer queue, background job runs, and,
// computed at each scrape through the monitor service, the outbox and the
// work waiting for people. deploy/grafana/evalcred.json is a dashboard of
// them.
package metrics

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"evalcred/internal/db"
	"evalcred/internal/monitor"
)

// Metrics holds the series of one server.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	dbWait   prometheus.Histogram
	dbTx     *prometheus.HistogramVec
	jobRuns  *prometheus.CounterVec
	jobTime  *prometheus.HistogramVec
}

// Request latencies: public pages answer in about a millisecond, exports and
// uploads take seconds.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// New registers the series of a server on d, with m for the figures
// computed at each scrape.
func New(d *db.DB, m *monitor.Service) *Metrics {
	x := &Metrics{reg: prometheus.NewRegistry()}
	x.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "evalcred_http_requests_total",
		Help: "HTTP requests answered, by route pattern (unmatched: no route) and status code."}, []string{"route", "code"})
	x.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "evalcred_http_request_duration_seconds",
		Help: "Time to answer an HTTP request, by route pattern.", Buckets: latencyBuckets}, []string{"route"})
	x.dbWait = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "evalcred_db_wait_seconds",
		Help:    "Time a write transaction waited before it could begin (SQLite: for the one writer; PostgreSQL: for a connection and BEGIN).",
		Buckets: []float64{.0001, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5}})
	x.dbTx = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "evalcred_db_transaction_seconds",
		Help: "Time of a write transaction from its start to its commit or rollback, waiting included.", Buckets: latencyBuckets}, []string{"outcome"})
	x.jobRuns = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "evalcred_job_runs_total",
		Help: "Background job runs made by this server, by job and outcome (ok, failed)."}, []string{"job", "outcome"})
	x.jobTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "evalcred_job_duration_seconds",
		Help: "Time of a background job run, by job.", Buckets: []float64{.01, .05, .1, .5, 1, 5, 10, 30, 60, 300}}, []string{"job"})
	x.reg.MustRegister(x.requests, x.latency, x.dbWait, x.dbTx, x.jobRuns, x.jobTime,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "evalcred_db_writer_queue",
			Help: "Transactions waiting for SQLite's one writer now (always 0 on PostgreSQL)."}, func() float64 { return float64(d.WriterQueue()) }),
		&poolCollector{d: d}, &backlogCollector{m: m})
	return x
}

// WaitedForWriter and TxDone make Metrics a db.Observer.
func (x *Metrics) WaitedForWriter(d time.Duration) { x.dbWait.Observe(d.Seconds()) }

// TxDone records a transaction's time.
func (x *Metrics) TxDone(d time.Duration, err error) {
	outcome := "commit"
	if err != nil {
		outcome = "error"
	}
	x.dbTx.WithLabelValues(outcome).Observe(d.Seconds())
}

// JobRun records a background job run (jobs.Runner.Observe).
func (x *Metrics) JobRun(job string, took time.Duration, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "failed"
	}
	x.jobRuns.WithLabelValues(job, outcome).Inc()
	x.jobTime.WithLabelValues(job).Observe(took.Seconds())
}

// Handler serves the series to requests bearing token.
func (x *Metrics) Handler(token string) http.Handler {
	h := promhttp.HandlerFor(x.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError,
		ErrorLog: slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn)})
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need the bearer token of EVALCRED_METRICS_TOKEN", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// poolCollector reports the database pool's statistics at each scrape.
type poolCollector struct{ d *db.DB }

var (
	poolInUse     = prometheus.NewDesc("evalcred_db_connections_in_use", "Connections of the writer pool (on PostgreSQL the one pool) in use.", nil, nil)
	poolWaits     = prometheus.NewDesc("evalcred_db_connection_waits_total", "Times a caller waited for a connection of the pool.", nil, nil)
	poolWaitTotal = prometheus.NewDesc("evalcred_db_connection_wait_seconds_total", "Time callers waited for a connection of the pool.", nil, nil)
)

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- poolInUse
	ch <- poolWaits
	ch <- poolWaitTotal
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.d.PoolStats()
	ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(s.InUse))
	ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.WaitCount))
	ch <- prometheus.MustNewConstMetric(poolWaitTotal, prometheus.CounterValue, s.WaitDuration.Seconds())
}

// backlogCollector asks the monitor service at each scrape.
type backlogCollector struct{ m *monitor.Service }

var (
	reviewsOpen      = prometheus.NewDesc("evalcred_reviews_open", "Open review tasks, by level.", []string{"level"}, nil)
	reviewsOverdue   = prometheus.NewDesc("evalcred_reviews_overdue", "Open review tasks past their due time, by level.", []string{"level"}, nil)
	questionsWaiting = prometheus.NewDesc("evalcred_questions_waiting", "Questions waiting for an answer.", nil, nil)
	questionsOverdue = prometheus.NewDesc("evalcred_questions_overdue", "Questions waiting past their due time.", nil, nil)
	outboxPending    = prometheus.NewDesc("evalcred_outbox_pending", "E-mails not sent yet and still to be tried.", nil, nil)
	outboxRetrying   = prometheus.NewDesc("evalcred_outbox_retrying", "E-mails still to be tried that failed at least once.", nil, nil)
	outboxFailed     = prometheus.NewDesc("evalcred_outbox_failed", "E-mails given up after every try, waiting for a person.", nil, nil)
)

func (c *backlogCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{reviewsOpen, reviewsOverdue, questionsWaiting, questionsOverdue, outboxPending, outboxRetrying, outboxFailed} {
		ch <- d
	}
}

func (c *backlogCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	gauge := func(d *prometheus.Desc, v int, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(v), labels...)
	}
	if b, err := c.m.Backlog(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(reviewsOpen, err)
	} else {
		for level, n := range b.OpenReviews {
			gauge(reviewsOpen, n, strconv.Itoa(level))
			gauge(reviewsOverdue, b.OverdueReviews[level], strconv.Itoa(level))
		}
		gauge(questionsWaiting, b.QuestionsWaiting)
		gauge(questionsOverdue, b.QuestionsOverdue)
	}
	if o, err := c.m.Outbox(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(outboxPending, err)
	} else {
		gauge(outboxPending, o.Pending)
		gauge(outboxRetrying, o.Retrying)
		gauge(outboxFailed, o.Failed)
	}
}

// Names returns the names of the families the server exports.
func (x *Metrics) Names() (map[string]bool, error) {
	fams, err := x.reg.Gather()
	names := map[string]bool{}
	for _, f := range fams {
		names[f.GetName()] = true
	}
	return names, err
}
