package app_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"evalcred/internal/app"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/demo"
	"evalcred/internal/jobs"
)

// Two servers on one database work side by side: a session opened on one is
// good on the other, logging out on one ends it on both, and a daily job runs
// once across both. On SQLite the two share the file, as two processes would.
func TestTwoServersShareSessionsAndJobs(t *testing.T) {
	dbtest.ForEachDSN(t, func(t *testing.T, first *db.DB, dsn string) {
		ctx := context.Background()
		second := dbtest.Another(t, dsn)
		if err := second.Migrate(ctx); err != nil { // a second server starting: nothing to apply
			t.Fatal(err)
		}
		clk := clock.NewFake(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
		cfg := app.Defaults()
		cfg.DataDir = t.TempDir()
		a, err := app.New(first, cfg, clk)
		if err != nil {
			t.Fatal(err)
		}
		b, err := app.New(second, cfg, clk)
		if err != nil {
			t.Fatal(err)
		}
		if err := demo.CreateOfficials(ctx, a.Services); err != nil {
			t.Fatal(err)
		}
		sa, sb := httptest.NewServer(a.Handler), httptest.NewServer(b.Handler)
		defer sa.Close()
		defer sb.Close()

		token := login(t, sa.URL, "hunan")
		if st := get(t, sb.URL+"/api/v1/me", token); st != 200 {
			t.Fatalf("token from server A on server B: %d", st)
		}
		if st := post(t, sb.URL+"/api/v1/auth/logout", token); st != 204 {
			t.Fatalf("logout on B: %d", st)
		}
		if st := get(t, sa.URL+"/api/v1/me", token); st != 401 {
			t.Fatalf("after logout on B, A answers %d", st)
		}

		var runs atomic.Int32
		job := jobs.Job{Name: "test.daily", Every: time.Hour, Slot: jobs.Daily, Run: func(context.Context) error { runs.Add(1); return nil }}
		ra := &jobs.Runner{DB: a.DB, Clock: clk}
		rb := &jobs.Runner{DB: b.DB, Clock: clk}
		var wg sync.WaitGroup
		for range 5 {
			wg.Go(func() { ra.RunOnce(ctx, job) })
			wg.Go(func() { rb.RunOnce(ctx, job) })
		}
		wg.Wait()
		if n := runs.Load(); n != 1 {
			t.Errorf("daily job ran %d times on two servers, want 1", n)
		}
	})
}

func login(t *testing.T, base, user string) string {
	t.Helper()
	res, err := httpPost(base+"/api/v1/auth/login", "", `{"username":"`+user+`","password":"`+demo.Password+`"}`)
	if err != nil {
		t.Fatal(err)
	}
	if res.status != 200 {
		t.Fatalf("login: %d", res.status)
	}
	_, after, _ := strings.Cut(res.body, `"token":"`)
	tok, _, _ := strings.Cut(after, `"`)
	return tok
}

func get(t *testing.T, url, token string) int {
	t.Helper()
	res, err := httpDo("GET", url, token, "")
	if err != nil {
		t.Fatal(err)
	}
	return res.status
}

func post(t *testing.T, url, token string) int {
	t.Helper()
	res, err := httpPost(url, token, "")
	if err != nil {
		t.Fatal(err)
	}
	return res.status
}
