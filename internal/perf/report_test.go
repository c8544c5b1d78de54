package perf_test

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"evalcred/internal/db"
	"evalcred/internal/perf"
)

// report collects the runs of one engine and prints medians.
type report struct {
	engine     string
	s          settings
	gen        string
	order      []string
	runs       map[string][]run
	ready, rss []float64 // ms, MiB
	decided    int64
	lost       int64
	primed     string  // the pass that filled the page cache
	loadedRSS  float64 // MiB, after the reads
}

type run struct {
	r     perf.Result
	ratio float64
}

func (p *report) add(name string, r, ceiling perf.Result) {
	if p.runs == nil {
		p.runs = map[string][]run{}
	}
	if _, ok := p.runs[name]; !ok {
		p.order = append(p.order, name)
	}
	ratio := 0.0
	if c := ceiling.RPS(); c > 0 {
		ratio = r.RPS() / c
	}
	p.runs[name] = append(p.runs[name], run{r, ratio})
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// write logs the table and appends it to EVALCRED_PERF_OUT when set.
func (p *report) write(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n### %s, %d institutions (%d in 430102), %d runs of %v at concurrency %d\n\n", p.engine, p.s.institutions,
		p.s.hot, p.s.runs, p.s.dur, p.s.conc)
	if p.s.versions > 0 {
		fmt.Fprintf(&b, "Filing versions: %d per institution on average (`-versions`).\n\n", p.s.versions)
	}
	if p.gen != "" {
		fmt.Fprintf(&b, "Data set: `evalcred gen` took %s.\n\n", p.gen)
	}
	fmt.Fprintf(&b, "| measurement | req/s | p50 ms | p99 ms | ratio to ceiling | errors |\n|---|---:|---:|---:|---:|---:|\n")
	for _, name := range p.order {
		var rps, p50, p99, ratio []float64
		var errs int64
		for _, r := range p.runs[name] {
			rps, p50, p99, ratio = append(rps, r.r.RPS()), append(p50, ms(r.r.P50)), append(p99, ms(r.r.P99)), append(ratio, r.ratio)
			errs += r.r.Errors
		}
		fmt.Fprintf(&b, "| %s | %.0f | %.2f | %.2f | %.0f%% | %d |\n", md(name), perf.Median(rps), perf.Median(p50),
			perf.Median(p99), 100*perf.Median(ratio), errs)
		for _, r := range p.runs[name] {
			if r.r.FirstErr != "" {
				t.Logf("%s: first error: %.300s", name, r.r.FirstErr)
				break
			}
		}
	}
	fmt.Fprintf(&b, "\nStart-up to ready (median of %d): %.0f ms; idle RSS after 3 s: %.1f MiB. Decisions answered 200: %d, not in the database: %d.\n",
		len(p.ready), perf.Median(p.ready), perf.Median(p.rss), p.decided, p.lost)
	fmt.Fprintf(&b, "Page cache filled before the rounds: %s. RSS after the reads: %.1f MiB.\n", p.primed, p.loadedRSS)
	t.Log(b.String())
	if out := os.Getenv("EVALCRED_PERF_OUT"); out != "" {
		f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			_, _ = f.WriteString(b.String())
			f.Close()
		}
	}
}

// generate runs `evalcred gen` into dsn and returns how long it took.
func (e *engineRun) generate(dsn string) string {
	s := e.s
	start := time.Now()
	cmd := exec.Command(e.bin, "gen", "-db", dsn, "-institutions", fmt.Sprint(s.institutions), "-hot-count", fmt.Sprint(s.hot),
		"-backlog", fmt.Sprint(s.backlog), "-seed", "1")
	if s.versions > 0 {
		cmd.Args = append(cmd.Args, "-versions", fmt.Sprint(s.versions))
	}
	cmd.Env = append(os.Environ(), e.serverEnv("127.0.0.1:0")...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		e.t.Fatalf("evalcred gen: %v\n%s", err, out)
	}
	e.t.Logf("%s", out)
	return time.Since(start).Round(100 * time.Millisecond).String()
}

// prepareSQLite generates the data set (or copies the cached one) into a
// temporary file and returns its path.
func prepareSQLite(t *testing.T, e *engineRun) string {
	e.dataDir = t.TempDir()
	path := filepath.Join(t.TempDir(), "perf.db")
	cache := os.Getenv("EVALCRED_PERF_CACHE")
	if cache == "" {
		e.genTook = e.generate(path)
		return path
	}
	name := fmt.Sprintf("perf-%d-%d-%d.db", e.s.institutions, e.s.hot, e.s.backlog)
	if e.s.versions > 0 {
		name = fmt.Sprintf("perf-%d-%d-%d-v%d.db", e.s.institutions, e.s.hot, e.s.backlog, e.s.versions)
	}
	cached := filepath.Join(cache, name)
	if _, err := os.Stat(cached); err != nil {
		e.genTook = e.generate(cached)
	}
	if err := copyFile(cached, path); err != nil {
		t.Fatal(err)
	}
	return path
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// preparePostgres creates a fresh database evalcred_perf on the server of
// base, generates into it, and returns its URL and what drops it.
func preparePostgres(t *testing.T, e *engineRun, base string) (string, func()) {
	ctx := context.Background()
	e.dataDir = t.TempDir()
	admin, err := db.Open(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	drop := func() {
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS evalcred_perf WITH (FORCE)"); err != nil {
			t.Logf("drop evalcred_perf: %v", err)
		}
	}
	drop()
	if _, err := admin.Exec(ctx, "CREATE DATABASE evalcred_perf"); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/evalcred_perf"
	dsn := u.String()
	e.genTook = e.generate(dsn)
	return dsn, func() { drop(); admin.Close() }
}
