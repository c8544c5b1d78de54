package apptest

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"evalcred/internal/app"
	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/db/dbtest"
	"evalcred/internal/demo"
	// The year's demo registers itself (after the project demo it imports).
	_ "evalcred/internal/demo/yeardemo"
)

// DemoStart is the fake clock of a Demo: the demo's year is under way, its
// training held and its past year closed.
var DemoStart = time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)

// Demo starts an application on a fresh database of engine eng with the
// whole demo data loaded, as `evalcred demo` shows it: every demo login
// (the officials, agency and the other firms, expert1, funddept1) and
// institutions, records, projects and assessments in every state.
func Demo(t testing.TB, eng db.Dialect) *Env {
	t.Helper()
	d := dbtest.Open(t, eng)
	clk := clock.NewFake(DemoStart)
	cfg := app.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.PublicRate = 0
	a, err := app.New(d, cfg, clk)
	if err != nil {
		t.Fatalf("apptest: %v", err)
	}
	if loaded, err := demo.Load(context.Background(), a.Services); err != nil || !loaded {
		t.Fatalf("apptest: demo: %v", err)
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	return &Env{T: t, App: a, DB: d, Clock: clk, Server: srv, tokens: map[string]string{}}
}
