package metrics_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/metrics"
	"evalcred/internal/monitor"
)

// Every series the Grafana dashboard asks for is one the server exports.
func TestDashboardUsesExportedSeries(t *testing.T) {
	b, err := os.ReadFile("../../deploy/grafana/evalcred.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatalf("dashboard: %v", err)
	}
	d := dbtest.Open(t, db.SQLite)
	m := metrics.New(d, &monitor.Service{DB: d, Clock: clock.NewFake(time.Now())})
	// The families with labels appear at their first observation.
	m.JobRun("test", time.Millisecond, nil)
	m.TxDone(time.Millisecond, nil)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /x", func(http.ResponseWriter, *http.Request) {})
	m.Instrument(metrics.Route(mux)).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	names, err := m.Names()
	if err != nil {
		t.Fatal(err)
	}
	series := regexp.MustCompile(`\b(evalcred|go|process)_[a-z_]+`)
	n := 0
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			for _, s := range series.FindAllString(tg.Expr, -1) {
				n++
				base := s
				for _, suf := range []string{"_bucket", "_count", "_sum"} {
					base = strings.TrimSuffix(base, suf)
				}
				if !names[s] && !names[base] {
					t.Errorf("panel %q asks for %s, which the server does not export", p.Title, s)
				}
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d series found in the dashboard", n)
	}
}
