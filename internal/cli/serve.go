package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"time"

	"evalcred/internal/app"
	"evalcred/internal/clock"
	"evalcred/internal/version"
)

func init() {
	register("serve", "serve the web app and API (never loads demo data)", serve)
	register("migrate", "apply the database migrations and exit", migrate)
	register("version", "print the version", func(_ context.Context, env *Env, _ []string) error {
		fmt.Fprintln(env.Stdout, "evalcred", version.Version)
		return nil
	})
}

func serve(ctx context.Context, env *Env, args []string) error {
	cfg, _, err := config(env, "serve", args, true, nil, nil)
	if err != nil {
		return err
	}
	if err := cfg.RequireLedgerKey(); err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	a, err := app.Open(ctx, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Preflight(ctx); err != nil {
		return err
	}
	if cfg.PprofAddr != "" {
		go servePprof(cfg.PprofAddr)
	}
	return a.Serve(ctx, nil)
}

// servePprof serves Go's profiler on addr (a loopback address, checked by
// the configuration) for measuring a running server.
func servePprof(addr string) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	slog.Info("profiler listening", "addr", addr)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		slog.Error("profiler", "err", err)
	}
}

func migrate(ctx context.Context, env *Env, args []string) error {
	cfg, _, err := config(env, "migrate", args, false, nil, nil)
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, clock.System{})
	if err != nil {
		return err
	}
	defer a.Close()
	v, err := a.DB.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "database at schema version %d\n", v)
	return nil
}
