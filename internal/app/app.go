package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"time"

	"evalcred/internal/clock"
	"evalcred/internal/db"
	"evalcred/internal/filestore"
	"evalcred/internal/httpapi"
	"evalcred/internal/jobs"
	"evalcred/internal/metrics"
	"evalcred/internal/monitor"
	"evalcred/internal/notify"
	"evalcred/internal/services"
	"evalcred/internal/ui"
	"evalcred/internal/web"
)

// App is a running EvalCred: database, services and handler.
type App struct {
	Config   Config
	DB       *db.DB
	Services *services.Set
	Handler  http.Handler
	API      *httpapi.API
	Pages    *ui.UI
	// Metrics are the series of /metrics; nil when EVALCRED_METRICS_TOKEN is unset.
	Metrics *metrics.Metrics
}

// Open opens and migrates the database and wires everything.
func Open(ctx context.Context, cfg Config, clk clock.Clock) (*App, error) {
	d, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	a, err := New(d, cfg, clk)
	if err != nil {
		d.Close()
		return nil, err
	}
	return a, nil
}

// New wires the services and handler on an open database (tests use it with
// a dbtest database and a fake clock).
func New(d *db.DB, cfg Config, clk clock.Clock) (*App, error) {
	// Before anything creates its directories in it.
	if err := checkDirWritable(cfg.DataDir); err != nil {
		return nil, fmt.Errorf("start-up check: %w", err)
	}
	var mail notify.Sender
	if cfg.SMTPAddr != "" {
		mail = &notify.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Username: cfg.SMTPUser, Password: cfg.SMTPPassword}
	}
	var files filestore.Store
	if cfg.Files != "" {
		var err error
		if files, err = filestore.Open(cfg.Files, cfg.S3); err != nil {
			return nil, err
		}
	}
	s, err := services.New(d, clk, services.Config{DataDir: cfg.DataDir, Mail: mail, LedgerKey: cfg.LedgerKey,
		LedgerKeyFile: cfg.LedgerKeyFile, Files: files, PublicCacheBytes: int64(cfg.PublicCacheMB) << 20})
	if err != nil {
		return nil, err
	}
	mw := &web.Middleware{Auth: s.Auth, Proxies: cfg.Proxies, SecureCookies: cfg.SecureCookies}
	mux := http.NewServeMux()
	api := &httpapi.API{S: s, Public: &web.RateLimit{PerSecond: cfg.PublicRate}}
	api.Routes(mux)
	pages, err := ui.New(s, mw, api.Public)
	if err != nil {
		return nil, err
	}
	pages.Routes(mux)
	mw.HTMLError = pages.Fail
	a := &App{Config: cfg, DB: d, Services: s, API: api, Pages: pages}
	// /metrics answers beside the application, outside its sessions (its
	// bearer token is not a session's); without a token it is off: 404.
	outer := http.NewServeMux()
	if cfg.MetricsToken != "" {
		a.Metrics = metrics.New(d, &monitor.Service{DB: d, Clock: clk})
		d.SetObserver(a.Metrics)
		outer.Handle("GET /metrics", a.Metrics.Handler(cfg.MetricsToken))
		outer.Handle("/", a.Metrics.Instrument(mw.Wrap(mw.Unmatched(mux, metrics.Route(mux)))))
	} else {
		outer.Handle("/metrics", http.NotFoundHandler())
		outer.Handle("/", mw.Wrap(mw.Unmatched(mux, mux)))
	}
	a.Handler = outer
	return a, nil
}

// Routes returns every method and path pattern the application answers
// (the JSON API's and the pages'), so that tests walk each one and a new
// route cannot be missed.
func (a *App) Routes() []string {
	return append(slices.Clone(a.API.Registered()), a.Pages.Registered()...)
}

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

// Serve listens on the configured address and serves until ctx ends, then
// shuts down gracefully: it stops accepting, lets requests in flight finish
// (up to 20 seconds), and stops the background jobs.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	}
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads and imports
		WriteTimeout:      10 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
	}
	jobCtx, stopJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer stopJobs()
	runner := &jobs.Runner{DB: a.DB, Clock: a.Services.Clock, Jobs: a.Services.Jobs()}
	if a.Metrics != nil {
		runner.Observe = a.Metrics.JobRun
	}
	runner.Start(jobCtx)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	slog.Info("serving", "addr", ln.Addr().String(), "db", string(a.DB.Dialect))
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down")
	stopJobs()
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
