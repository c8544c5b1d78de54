package perf_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/perf"
)

// settings of a load run, from the environment (defaults in brackets):
// EVALCRED_PERF_RUNS [3], EVALCRED_PERF_SECONDS [5] per measurement,
// EVALCRED_PERF_CONCURRENCY [8], EVALCRED_PERF_INSTITUTIONS [50000],
// EVALCRED_PERF_HOT [10000] (the hot county 430102), EVALCRED_PERF_BACKLOG
// [15000] (open level-2 tasks for the decisions), EVALCRED_PERF_VERSIONS
// [gen's default, 3] (mean filing versions per institution), EVALCRED_PERF_CACHE (a
// directory keeping the generated SQLite file between runs; each run works
// on a copy), EVALCRED_PERF_POSTGRES (a server URL: also run on PostgreSQL
// in a fresh database evalcred_perf, dropped afterwards), EVALCRED_PERF_OUT
// (a file to append the Markdown tables to).
type settings struct {
	runs, conc, institutions, hot, backlog int
	versions                               int // mean filing versions per institution; 0: gen's default
	dur                                    time.Duration
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func load() settings {
	return settings{runs: envInt("EVALCRED_PERF_RUNS", 3), conc: envInt("EVALCRED_PERF_CONCURRENCY", 8),
		institutions: envInt("EVALCRED_PERF_INSTITUTIONS", 50000), hot: envInt("EVALCRED_PERF_HOT", 10000),
		backlog: envInt("EVALCRED_PERF_BACKLOG", 15000), versions: envInt("EVALCRED_PERF_VERSIONS", 0), dur: time.Duration(envInt("EVALCRED_PERF_SECONDS", 5)) * time.Second}
}

// perfOnly skips tb unless EVALCRED_PERF=1: what it would do takes minutes.
func perfOnly(tb testing.TB, what string) {
	tb.Helper()
	if os.Getenv("EVALCRED_PERF") != "1" {
		tb.Skip("set EVALCRED_PERF=1 to " + what)
	}
}

// build builds the module's package pkg into dir and returns the binary.
func build(t *testing.T, pkg, dir string) string {
	t.Helper()
	root, err := perf.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := perf.Build(context.Background(), root, pkg, dir)
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// level2Pool lists the open level-2 review tasks in Hunan, which the
// measured decisions take.
func level2Pool(t *testing.T, d *db.DB) []int64 {
	t.Helper()
	ids, err := db.IDs(context.Background(), d, "perf: level-2 tasks", `SELECT id FROM review_tasks WHERE state = 'open' AND level = 2
		AND region_code >= '43' AND region_code < '44' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// ledgerKey is fixed so that gen and serve sign the ledger with one key.
const ledgerKey = "cGVyZi1sZWRnZXIta2V5LWZvci1ldmFsY3JlZC0wMDE="

// TestLoad is the load benchmark of issue 7 (EVALCRED_PERF=1 to run).
func TestLoad(t *testing.T) {
	perfOnly(t, "run the load benchmark (minutes; see docs/performance.md)")
	bin := t.TempDir()
	evalcred := build(t, "./cmd/evalcred", bin)
	ceilingBin := build(t, "./internal/perf/ceiling", bin)
	addr, _ := perf.FreeAddr()
	ceiling, err := perf.Start(ceilingBin, []string{"-addr", addr}, nil, addr, "/", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer ceiling.Stop()
	env := &engineRun{t: t, s: load(), bin: evalcred, ceiling: ceiling}
	t.Run("sqlite", func(t *testing.T) {
		env.t = t
		env.run(prepareSQLite(t, env))
	})
	if base := os.Getenv("EVALCRED_PERF_POSTGRES"); base != "" {
		t.Run("postgres", func(t *testing.T) {
			env.t = t
			dsn, drop := preparePostgres(t, env, base)
			defer drop()
			env.run(dsn)
		})
	}
}

// engineRun measures one engine.
type engineRun struct {
	t       *testing.T
	s       settings
	bin     string
	ceiling *perf.Server
	genTook string
	dataDir string
}

func (e *engineRun) serverEnv(addr string) []string {
	return []string{"EVALCRED_ADDR=" + addr, "EVALCRED_PUBLIC_RATE=0", "EVALCRED_LOG_LEVEL=warn",
		"EVALCRED_LEDGER_KEY=" + ledgerKey, "EVALCRED_DATA_DIR=" + e.dataDir}
}

func (e *engineRun) start(dsn string, env ...string) *perf.Server {
	addr, _ := perf.FreeAddr()
	s, err := perf.Start(e.bin, []string{"serve", "-db", dsn}, append(e.serverEnv(addr), env...), addr, "/readyz", time.Minute)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

func (e *engineRun) run(dsn string) {
	t := e.t
	ctx := context.Background()
	rep := &report{engine: t.Name(), s: e.s, gen: e.genTook}
	// A first start runs the daily jobs (reminders for the overdue tasks);
	// later starts find them done for the day, as a restarted server would.
	warm := e.start(dsn)
	warm.WaitIdle(3 * time.Minute)
	warm.Stop()
	for range 5 {
		s := e.start(dsn)
		time.Sleep(3 * time.Second)
		rss, _ := s.RSS()
		rep.ready = append(rep.ready, float64(s.Ready.Microseconds())/1000)
		rep.rss = append(rep.rss, float64(rss)/(1<<20))
		s.Stop()
	}
	srv := e.start(dsn)
	defer func() {
		srv.Stop()
		if out := srv.Stderr(); strings.Contains(out, "level=ERROR") {
			t.Logf("server errors:\n%.3000s", out)
		}
	}()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	// The same server with the public page cache off, on the same data, for
	// the lookup without the cache in the same rounds.
	plain := e.start(dsn, "EVALCRED_PUBLIC_CACHE_MB=0")
	defer plain.Stop()
	l := perf.Load{Concurrency: e.s.conc, Duration: e.s.dur, Warmup: time.Second}
	ceilingReq := func(int64) (*http.Request, error) { return http.NewRequest(http.MethodGet, e.ceiling.URL()+"/", nil) }
	reads, prime := readScenarios(t, srv.URL(), plain.URL(), d)
	// Every institution's page asked for once, as on a server that has
	// been up a while: the lookups below measure the cache's steady state
	// (the first visits, from the database, are the "cache off" line).
	start := time.Now()
	p := perf.Drive(ctx, perf.Load{Concurrency: e.s.conc, Duration: 10 * time.Minute, Max: prime.n}, prime.next, prime.check)
	rss, _ := srv.RSS()
	rep.primed = fmt.Sprintf("%d pages in %v (%v); RSS after: %.1f MiB", prime.n, time.Since(start).Round(100*time.Millisecond), p, float64(rss)/(1<<20))
	for round := range e.s.runs {
		c := perf.Drive(ctx, l, ceilingReq, nil)
		rep.add("ceiling (fixed JSON, net/http)", c, c)
		for _, sc := range reads {
			r := perf.Drive(ctx, l, sc.next, sc.check)
			rep.add(sc.name, r, c)
			t.Logf("round %d %s: %v (ceiling %.0f req/s)", round+1, sc.name, r, c.RPS())
		}
		// Latency without queueing: one client, so that p50 and p99 are the
		// request's own time rather than the wait behind seven others on two cores.
		one := perf.Load{Concurrency: 1, Duration: e.s.dur / 2, Warmup: 200 * time.Millisecond}
		c1 := perf.Drive(ctx, one, ceilingReq, nil)
		rep.add("ceiling, 1 client", c1, c1)
		for _, sc := range reads {
			rep.add(sc.name+", 1 client", perf.Drive(ctx, one, sc.next, sc.check), c1)
		}
	}
	if rss, err := srv.RSS(); err == nil {
		rep.loadedRSS = float64(rss) / (1 << 20)
	}
	e.decisions(ctx, srv, d, rep)
	rep.write(t)
}

// decisionWarmup is the part of each run of decisions not measured.
const decisionWarmup = 500 * time.Millisecond

// decisions drives the level-2 approvals in runs of at most a third of the
// pool, each against a ceiling run beside it, then checks every write.
func (e *engineRun) decisions(ctx context.Context, srv *perf.Server, d *db.DB, rep *report) {
	t := e.t
	pool := level2Pool(t, d)
	token := login(t, srv.URL(), "hunan")
	var used atomic.Int64
	sc := decisionScenario(srv.URL(), token, pool, func() int64 { return used.Add(1) - 1 })
	// Every decision answered 200 is counted, those of the warm-up too: all
	// of them must be in the database.
	var ok atomic.Int64
	check := func(status int, body []byte) error {
		if status != http.StatusOK {
			return fmt.Errorf("status %d: %.200s", status, body)
		}
		ok.Add(1)
		return nil
	}
	for range e.s.runs {
		c := perf.Drive(ctx, perf.Load{Concurrency: e.s.conc, Duration: e.s.dur, Warmup: time.Second}, func(int64) (*http.Request, error) {
			return http.NewRequest(http.MethodGet, e.ceiling.URL()+"/", nil)
		}, nil)
		// A short warm-up, as the other measurements have (theirs is 1 s):
		// the pool of open tasks is the limit here, and each run takes a
		// third of it, warm-up included.
		l := perf.Load{Concurrency: e.s.conc, Duration: e.s.dur, Max: int64(len(pool) / e.s.runs), Warmup: decisionWarmup}
		r := perf.Drive(ctx, l, func(i int64) (*http.Request, error) { return sc.next(i) }, check)
		rep.add(sc.name, r, c)
		t.Logf("%s: %v", sc.name, r)
	}
	attempted := pool[:min(int(used.Load()), len(pool))]
	rep.lost = ok.Load() - int64(verifyDecisions(t, d, attempted))
	rep.decided = ok.Load()
	if rep.lost > 0 {
		t.Errorf("%d decisions answered 200 but are not in the database", rep.lost)
	}
}
