package perf_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"evalcred/internal/perf"
)

// The generator itself, without EVALCRED_PERF: every request is answered
// and judged, a connection the server closes is dialled again, and a
// failing answer is counted with its text.
func TestDriveCountsAndReconnects(t *testing.T) {
	var served, conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := served.Add(1)
		if n%10 == 0 {
			w.Header().Set("Connection", "close") // every tenth answer ends its connection
		}
		if r.URL.Query().Get("i") == "13" {
			http.Error(w, "no such task", http.StatusNotFound)
			return
		}
		fmt.Fprintf(w, `{"n":%d,"path":%q}`, n, r.URL.Path)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	var judged atomic.Int64
	r := perf.Drive(context.Background(), perf.Load{Concurrency: 4, Duration: 10 * time.Second, Max: 200},
		func(i int64) (*http.Request, error) {
			return http.NewRequest(http.MethodGet, fmt.Sprintf("%s/x?i=%d", srv.URL, i), nil)
		},
		func(status int, body []byte) error {
			judged.Add(1)
			if status != http.StatusOK {
				return fmt.Errorf("status %d: %s", status, strings.TrimSpace(string(body)))
			}
			if !strings.Contains(string(body), `"path":"/x"`) {
				return fmt.Errorf("body %q", body)
			}
			return nil
		})
	if r.Requests != 200 || served.Load() != 200 || judged.Load() != 200 {
		t.Fatalf("requests %d, served %d, judged %d; want 200 each", r.Requests, served.Load(), judged.Load())
	}
	if r.Errors != 1 || r.FirstErr != "status 404: no such task" {
		t.Fatalf("errors %d (%q), want the one 404", r.Errors, r.FirstErr)
	}
	// 20 answers closed their connection: the workers dialled again after
	// each (but a worker's last), and kept their connection otherwise.
	if c := conns.Load(); c < 4+20-4 || c > 4+20 {
		t.Fatalf("%d connections for 200 requests, 4 workers and 20 closes", c)
	}
	if r.P50 <= 0 || r.P99 < r.P50 || r.Max < r.P99 {
		t.Fatalf("percentiles %v / %v / %v", r.P50, r.P99, r.Max)
	}
}
