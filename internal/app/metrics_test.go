package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"evalcred/internal/app"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/demo"
	"evalcred/internal/filing/filingtest"
	"evalcred/internal/helpdesk"
	"evalcred/internal/jobs"
)

// /metrics answers in the Prometheus text format with its token only (off
// without EVALCRED_METRICS_TOKEN): requests by route pattern and status,
// the database and job series, and the backlog computed at the scrape.
func TestMetrics(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := clock.NewFake(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
		cfg := app.Defaults()
		cfg.DataDir, cfg.MetricsToken = t.TempDir(), "scrape-me"
		a, err := app.New(d, cfg, clk)
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.CreateOfficials(ctx, a.Services); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(a.Handler)
		defer srv.Close()

		// Work waiting: a submitted filing opens a level-1 review, an
		// institution asks a question; a week later both are overdue.
		fs := filingtest.Wire(d, clk, a.Services.Files, t.TempDir())
		instID, user := fs.NewApprovedFiling(t, "430102")
		fs.Submit(t, user, instID, fs.CompleteDocument(t, user, instID))
		if _, err := a.Services.Helpdesk.Ask(ctx, user, helpdesk.AskInput{Category: "filing", Text: "备案材料如何补正？"}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(30 * 24 * time.Hour)
		r := &jobs.Runner{DB: d, Clock: clk, Observe: a.Metrics.JobRun}
		r.RunOnce(ctx, jobs.Job{Name: "test.job", Run: func(context.Context) error { return nil }})

		token := login(t, srv.URL, "hunan")
		for range 3 {
			if st := get(t, srv.URL+"/api/v1/me", token); st != 200 {
				t.Fatalf("me: %d", st)
			}
		}
		get(t, srv.URL+"/no/such/page", "")

		for _, auth := range []string{"", "Bearer wrong", "Bearer " + token} {
			if st := scrapeStatus(t, srv.URL, auth); st != 401 {
				t.Errorf("/metrics with %q: %d, want 401", auth, st)
			}
		}
		fams := scrape(t, srv.URL, "Bearer scrape-me")
		if v := value(fams, "evalcred_http_requests_total", map[string]string{"route": "GET /api/v1/me", "code": "200"}); v != 3 {
			t.Errorf("requests of GET /api/v1/me: %v, want 3", v)
		}
		if v := value(fams, "evalcred_http_requests_total", map[string]string{"route": "unmatched", "code": "404"}); v != 1 {
			t.Errorf("unmatched 404s: %v, want 1", v)
		}
		if h := fams["evalcred_http_request_duration_seconds"]; h == nil || h.GetType() != dto.MetricType_HISTOGRAM {
			t.Error("no request latency histogram")
		}
		for name, want := range map[string]float64{"evalcred_questions_waiting": 1, "evalcred_questions_overdue": 1, "evalcred_outbox_failed": 0} {
			if v := value(fams, name, nil); v != want {
				t.Errorf("%s = %v, want %v", name, v, want)
			}
		}
		for name, want := range map[string]float64{"evalcred_reviews_open": 1, "evalcred_reviews_overdue": 1} {
			if v := value(fams, name, map[string]string{"level": "1"}); v != want {
				t.Errorf("%s{level=1} = %v, want %v", name, v, want)
			}
		}
		if v := value(fams, "evalcred_job_runs_total", map[string]string{"job": "test.job", "outcome": "ok"}); v != 1 {
			t.Errorf("job runs: %v", v)
		}
		for _, name := range []string{"evalcred_db_wait_seconds", "evalcred_db_transaction_seconds", "evalcred_db_writer_queue", "evalcred_outbox_pending", "go_goroutines"} {
			if fams[name] == nil {
				t.Errorf("no %s", name)
			}
		}
		if c := fams["evalcred_db_transaction_seconds"]; c != nil && c.Metric[0].GetHistogram().GetSampleCount() == 0 {
			t.Error("no transaction was timed")
		}

		// Without the token in the configuration, there is no /metrics.
		cfg.MetricsToken = ""
		off, err := app.New(d, cfg, clk)
		if err != nil {
			t.Fatal(err)
		}
		offSrv := httptest.NewServer(off.Handler)
		defer offSrv.Close()
		if st := scrapeStatus(t, offSrv.URL, "Bearer scrape-me"); st != 404 {
			t.Errorf("/metrics when off: %d, want 404", st)
		}
	})
}

func scrapeStatus(t *testing.T, base, auth string) int {
	t.Helper()
	res := doScrape(t, base, auth)
	res.Body.Close()
	return res.StatusCode
}

func doScrape(t *testing.T, base, auth string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/metrics", nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func scrape(t *testing.T, base, auth string) map[string]*dto.MetricFamily {
	t.Helper()
	res := doScrape(t, base, auth)
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value is the value of the series of family name whose labels include
// labels (a counter's or a gauge's), or -1 when there is none.
func value(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
next:
	for _, m := range f.Metric {
		have := map[string]string{}
		for _, l := range m.Label {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range labels {
			if have[k] != v {
				continue next
			}
		}
		if m.Counter != nil {
			return m.Counter.GetValue()
		}
		return m.Gauge.GetValue()
	}
	return -1
}
